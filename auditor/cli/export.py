"""`uv-audit export [PATH] [uv export flags]`: print what `uv export --frozen` would print, or with
`--mlflow` the requirements.txt MLflow would log. The flags come from `auditor.export.FLAGS`;
the project is read by `auditor.load` like an audited target (size limit, symlink confinement).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, NoReturn

import click

from auditor import mlflow
from auditor.artifacts import LOCK, PYPROJECT
from auditor.export import FLAGS, MarkerError, SelectionError, export, project_context, render_uv
from auditor.export.flags import build
from auditor.load import load_directory
from auditor.target import Target


def _fail(message: str, code: int = 2) -> NoReturn:
    click.echo(f"error: {message}", err=True)
    sys.exit(code)


def _uv_flags(func: Callable[..., Any]) -> Callable[..., Any]:
    """Attach one click option per `uv export` flag of the table."""
    for flag in reversed(FLAGS):
        dest = "flag_" + flag.names[0].lstrip("-").replace("-", "_")
        if flag.kind == "flag":
            func = click.option(*flag.names, dest, is_flag=True, help=flag.help)(func)
        else:
            func = click.option(*flag.names, dest, multiple=flag.kind == "list", help=flag.help)(func)
    return func


def _values(options: dict[str, Any]) -> dict[str, object]:
    """The table's `dest -> value` for the flags that were given."""
    values: dict[str, object] = {}
    for flag in FLAGS:
        given = options.pop("flag_" + flag.names[0].lstrip("-").replace("-", "_"))
        if flag.kind == "flag" and given:
            values[flag.dest] = flag.value
        elif flag.kind == "list" and given:
            values[flag.dest] = tuple(given)
        elif flag.kind == "value" and given is not None:
            values[flag.dest] = given
    return values


def _load(path: Path) -> Target:
    directory = path.parent if path.is_file() else path
    if not directory.is_dir():
        _fail(f"{path} does not exist")
    target = load_directory(directory)
    if not target.present(LOCK):
        _fail(f"no uv.lock in {directory}")
    if not target.present(PYPROJECT):
        _fail(f"{directory / PYPROJECT}: no pyproject.toml")
    for problem in target.problems:
        _fail(f"{problem.file}{f':{problem.line}' if problem.line else ''}: {problem.message}")
    return target


@click.command("export", context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("path", type=click.Path(path_type=Path))
@_uv_flags
@click.option("--mlflow", "as_mlflow", is_flag=True, help="Print the requirements.txt MLflow would log.")
@click.option("--mlflow-version", help="mlflow version MLflow adds (default: what uv.lock pins).")
@click.option("--cloudpickle-version", help="cloudpickle version MLflow adds (default: what uv.lock pins).")
def command(
    path: Path, as_mlflow: bool, mlflow_version: str | None, cloudpickle_version: str | None, **options: Any
) -> None:
    """Print what `uv export --frozen` prints for the uv project at PATH, without running uv."""
    selection, render = build(_values(options))
    target = _load(path)
    lock = target.lock
    assert lock is not None
    if render.locked:
        _check_locked(target)
    if as_mlflow:
        selection = mlflow.with_export_flags(selection)
    try:
        result = export(lock, project_context(target.pyproject, lock, target.members), selection)
    except SelectionError as exc:
        _fail(str(exc))
    except (MarkerError, KeyError) as exc:
        _fail(f"{target.file(LOCK)}: {exc}")
    if as_mlflow:
        text = mlflow.render_mlflow(
            result,
            mlflow_version=mlflow_version or mlflow.locked_mlflow(lock),
            cloudpickle_version=cloudpickle_version or mlflow.locked_version(lock, "cloudpickle"),
            index_urls=mlflow.index_urls(lock),
        )
    else:
        header = _command_line() if render.header else None
        text = render_uv(
            result, header_command=header, hashes=render.hashes, annotate=render.annotate, editable=render.editable
        )
    if render.output is not None:
        try:
            Path(render.output).write_text(text, encoding="utf-8")
        except OSError as exc:
            _fail(f"cannot write {render.output}: {exc}")
    else:
        click.echo(text, nl=False)


def _command_line() -> str:
    """The header line: the uv command this run stands for (the same flags, PATH dropped)."""
    args = sys.argv[1:]
    if "export" in args:
        args = args[args.index("export") + 1 :]
    args = [a for a in args if not Path(a).exists() or a.startswith("-")]
    return " ".join(["uv", "export", *args])


def _check_locked(target: Target) -> None:
    """`--locked`: exit 1 naming the differences when uv.lock is stale (auditor.lockcheck)."""
    from auditor.lockcheck import check_lock

    assert target.lock is not None and target.pyproject is not None
    differences = check_lock(target.lock, target.pyproject, target.members)
    if differences:
        click.echo("error: The lockfile at `uv.lock` needs to be updated:", err=True)
        for d in differences:
            where = f" `{d.package}`" if d.package else ""
            click.echo(
                f"  {d.member}: {d.section}{where} {d.change} (pyproject: {d.pyproject}, lock: {d.lock})", err=True
            )
        sys.exit(1)
