"""`uv-audit export [PATH] [uv export flags]`: print what `uv export --frozen` would print, or with
`--mlflow` the requirements.txt MLflow would log. The flags come from `auditor.export.FLAGS`
(every flag of uv 0.13.9's `uv export --help`; conflicting ones exit 2 in clap's words); the
project is read by `auditor.load` like an audited target (size limit, symlink confinement).

PATH (default: the current directory) is where uv would run: stdout's relative paths are from
there. `--directory` and `--project` move it as uv does; `-o` is relative to the current (or
`--directory`) directory, its parents are made, and a `pylock.toml` / `pylock.<name>.toml` name
means `--format pylock.toml`. With `-o`, the export is also printed unless `-q`.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any, NoReturn

import click

from auditor import mlflow
from auditor.artifacts import LOCK, PYPROJECT
from auditor.cli import export_output as out
from auditor.export import FLAGS, MarkerError, SelectionError, export, project_context
from auditor.export.clap import conflict_error, format_error
from auditor.export.flags import build, parse
from auditor.load import load_directory
from auditor.names import canonicalize_name
from auditor.secrets import redact
from auditor.target import Target

OWN_OPTIONS = {"--mlflow": False, "--mlflow-version": True, "--cloudpickle-version": True}
"""uv-audit's options that are not uv's (name -> takes a value)."""


def _fail(message: str, code: int = 2) -> NoReturn:
    click.echo(f"error: {redact(message)}", err=True)
    sys.exit(code)


class _KeepArgs(click.Command):
    """Keeps the arguments as given: uv reads its flags in order (last wins, conflicts)."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        ctx.meta["uv_args"] = list(args)
        return super().parse_args(ctx, args)


def _uv_flags(func: Any) -> Any:
    """Attach one click option per `uv export` flag of the table (for --help and validation)."""
    for flag in reversed(FLAGS):
        dest = "flag_" + flag.names[0].lstrip("-").replace("-", "_")
        kinds: dict[str, dict[str, Any]] = {
            "flag": {"is_flag": True},
            "count": {"count": True},
            "list": {"multiple": True},
            "value": {},
        }
        func = click.option(*flag.names, dest, help=flag.help, hidden=flag.hidden, **kinds[flag.kind])(func)
    return func


def _load(directory: Path) -> Target:
    if not directory.is_dir():
        _fail(f"{directory} does not exist")
    target = load_directory(directory)
    if not target.present(LOCK):
        _fail(f"no uv.lock in {directory}")
    if not target.present(PYPROJECT):
        _fail(f"{directory / PYPROJECT}: no pyproject.toml")
    for problem in target.problems:
        _fail(f"{problem.file}{f':{problem.line}' if problem.line else ''}: {problem.message}")
    return target


@click.command("export", cls=_KeepArgs, context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("path", type=click.Path(path_type=Path), required=False)
@_uv_flags
@click.option("--mlflow", "as_mlflow", is_flag=True, help="Print the requirements.txt MLflow would log.")
@click.option("--mlflow-version", help="mlflow version MLflow adds (default: what uv.lock pins).")
@click.option("--cloudpickle-version", help="cloudpickle version MLflow adds (default: what uv.lock pins).")
@click.pass_context
def command(
    ctx: click.Context,
    /,
    path: Path | None,
    as_mlflow: bool,
    mlflow_version: str | None,
    cloudpickle_version: str | None,
    **_: Any,
) -> None:
    """Print what `uv export --frozen` prints for the uv project at PATH, without running uv."""
    raw: list[str] = ctx.meta["uv_args"]
    values, given = parse(raw, skip=OWN_OPTIONS)
    conflict = conflict_error(given)
    if conflict is not None:
        click.echo(conflict, err=True, nl=False)
        sys.exit(2)
    selection, render = build(values)
    invalid = format_error(render.format) if render.format is not None else None
    if invalid is not None:
        click.echo(invalid, err=True, nl=False)
        sys.exit(2)
    if render.script is not None:
        _fail("`--script` is not supported: uv-audit exports uv.lock projects, not PEP 723 scripts")
    cwd = Path(render.directory) if render.directory else Path()
    directory = cwd / (render.project or "") if path is None else cwd / path
    directory = directory.parent if directory.is_file() else directory
    output = cwd / render.output if render.output is not None else None
    target = _load(directory)
    lock = target.lock
    assert lock is not None
    members = {
        *lock.manifest.members,
        *((target.pyproject.name,) if target.pyproject and target.pyproject.name else ()),
    }
    for package in selection.packages:
        if canonicalize_name(package) not in {canonicalize_name(m) for m in members}:
            _fail(f"The workspace does not have a member {canonicalize_name(package)}: {directory.resolve()}")
    if render.locked:
        _check_locked(target)
    if as_mlflow:
        selection = mlflow.with_export_flags(selection)
    fmt = render.format or out.infer_format(output)
    context = project_context(target.pyproject, lock, target.members)
    try:
        result = export(lock, context, selection, check_conflicts=fmt != "cyclonedx1.5")
    except SelectionError as exc:
        _fail(str(exc))
    except (MarkerError, KeyError) as exc:
        _fail(f"{target.file(LOCK)}: {exc}")
    problem = out.output_problem(output, fmt)
    if problem is not None:
        _fail(problem)
    if as_mlflow:
        text = mlflow.requirements_txt(
            result,
            lock,
            mlflow_version=mlflow_version or mlflow.locked_mlflow(lock),
            cloudpickle_version=cloudpickle_version or mlflow.locked_version(lock, "cloudpickle"),
        )
    else:
        where = cwd if path is None else directory
        header = out.header(raw, OWN_OPTIONS) if render.header else None
        try:
            text, warning = out.render(fmt, result, lock, context, selection, render, target, header, where, output)
        except ValueError as exc:
            _fail(str(exc))
        if warning:
            click.echo(warning, err=True, nl=False)
    error = out.write(text, output, quiet=render.quiet > 0)
    if error is not None:
        _fail(error)


def _check_locked(target: Target) -> None:
    """`--locked`: exit 1 naming the differences when uv.lock is stale (auditor.lockcheck)."""
    from auditor.lockcheck import check_lock

    assert target.lock is not None and target.pyproject is not None
    differences = check_lock(target.lock, target.pyproject, target.members)
    if differences:
        click.echo("error: The lockfile at `uv.lock` needs to be updated:", err=True)
        for d in differences:
            where = f" `{d.package}`" if d.package else ""
            line = f"  {d.member}: {d.section}{where} {d.change} (pyproject: {d.pyproject}, lock: {d.lock})"
            click.echo(redact(line), err=True)
        sys.exit(1)
