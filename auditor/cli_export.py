"""`uv-audit export PATH [uv export flags]`: print what `uv export --frozen` would print, or with
`--mlflow` the requirements.txt MLflow would log. Registered by the main CLI as `export`.
"""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

import click

from auditor.errors import ArtifactError
from auditor.export import (
    MarkerError,
    Selection,
    SelectionError,
    export,
    load_context,
    render_mlflow,
    render_uv,
)
from auditor.lockfile import Lock, parse_lock


def _fail(message: str, code: int = 2) -> None:
    click.echo(f"error: {message}", err=True)
    sys.exit(code)


def _pinned(lock: object, name: str) -> str | None:
    for pkg in getattr(lock, "packages", ()):
        if pkg.name == name and pkg.version:
            return str(pkg.version)
    return None


def _index_urls(lock: Lock) -> tuple[str, ...]:
    """The registries in uv.lock, as MLflow's `extract_index_urls_from_uv_lock` finds them."""
    return tuple(sorted({p.source.value for p in lock.packages if p.source.kind == "registry"}))


@click.command("export", context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--group", "groups", multiple=True, help="Include a dependency group.")
@click.option("--only-group", "only_groups", multiple=True, help="Only include this dependency group.")
@click.option("--no-group", "no_groups", multiple=True, help="Exclude a dependency group.")
@click.option("--all-groups", is_flag=True, help="Include every dependency group.")
@click.option("--dev", is_flag=True, help="Include the dev group.")
@click.option("--no-dev", is_flag=True, help="Exclude the dev group.")
@click.option("--only-dev", is_flag=True, help="Only include the dev group.")
@click.option("--no-default-groups", is_flag=True, help="Ignore `tool.uv.default-groups`.")
@click.option("--extra", "extras", multiple=True, help="Include an optional extra.")
@click.option("--all-extras", is_flag=True, help="Include every extra.")
@click.option("--no-extra", "no_extras", multiple=True, help="Exclude an extra (with --all-extras).")
@click.option("--package", "packages", multiple=True, help="Export a workspace member.")
@click.option("--all-packages", is_flag=True, help="Export every workspace member.")
@click.option("--no-emit-project", is_flag=True, help="Omit the project itself.")
@click.option("--no-emit-workspace", is_flag=True, help="Omit the project and workspace members.")
@click.option("--no-emit-package", "no_emit_packages", multiple=True, help="Omit a package.")
@click.option("--no-hashes", is_flag=True, help="Omit --hash lines.")
@click.option("--no-annotate", is_flag=True, help="Omit `# via` comments.")
@click.option("--no-header", is_flag=True, help="Omit the header.")
@click.option("--no-editable", is_flag=True, help="Write editable sources as plain paths.")
@click.option("--frozen", is_flag=True, help="Accepted for compatibility (uv-audit never locks).")
@click.option("--locked", is_flag=True, help="Exit 1 when uv.lock is stale against pyproject.toml.")
@click.option("-o", "--output-file", type=click.Path(path_type=Path), help="Write to this file.")
@click.option("--mlflow", is_flag=True, help="Print the requirements.txt MLflow would log.")
@click.option("--mlflow-version", help="mlflow version MLflow adds (default: what uv.lock pins).")
@click.option("--cloudpickle-version", help="cloudpickle version MLflow adds (default: what uv.lock pins).")
def export_command(
    path: Path,
    no_hashes: bool,
    no_annotate: bool,
    no_header: bool,
    no_editable: bool,
    frozen: bool,
    locked: bool,
    output_file: Path | None,
    mlflow: bool,
    mlflow_version: str | None,
    cloudpickle_version: str | None,
    **flags: object,
) -> None:
    """Print what `uv export --frozen` prints for the uv project at PATH, without running uv."""
    directory = path.parent if path.is_file() else path
    if not directory.is_dir():
        _fail(f"{path} does not exist")
    try:
        lock = parse_lock((directory / "uv.lock").read_text(encoding="utf-8"))
        context = load_context(directory, lock)
    except FileNotFoundError:
        _fail(f"no uv.lock in {directory}")
    except (ArtifactError, OSError, UnicodeDecodeError) as exc:
        _fail(f"{directory}: {exc}")
    if locked:
        _check_locked(directory, lock)
    selection = Selection(**{k: v for k, v in flags.items()})  # type: ignore[arg-type]
    if mlflow:
        selection = replace(selection, no_dev=True, no_emit_project=True)
    try:
        result = export(lock, context, selection)
    except SelectionError as exc:
        _fail(str(exc))
    except (MarkerError, KeyError) as exc:
        _fail(f"{directory}/uv.lock: {exc}")
    if mlflow:
        text = render_mlflow(
            result,
            mlflow_version=mlflow_version or _pinned(lock, "mlflow") or _pinned(lock, "mlflow-skinny"),
            cloudpickle_version=cloudpickle_version or _pinned(lock, "cloudpickle"),
            index_urls=_index_urls(lock),
        )
    else:
        header = None if no_header else _command_line()
        text = render_uv(
            result, header_command=header, hashes=not no_hashes, annotate=not no_annotate, editable=not no_editable
        )
    if output_file is not None:
        try:
            output_file.write_text(text, encoding="utf-8")
        except OSError as exc:
            _fail(f"cannot write {output_file}: {exc}")
    else:
        click.echo(text, nl=False)


def _command_line() -> str:
    """The header line: the uv command this run stands for (the same flags, PATH dropped)."""
    args = sys.argv[1:]
    if "export" in args:
        args = args[args.index("export") + 1 :]
    args = [a for a in args if not Path(a).exists() or a.startswith("-")]
    return " ".join(["uv", "export", *args])


def _check_locked(directory: Path, lock: Lock) -> None:
    """`--locked`: exit 1 naming the differences when uv.lock is stale (auditor.lockcheck)."""
    from auditor.lockcheck import check_lock
    from auditor.pyproject import Pyproject, parse_pyproject

    try:
        root = parse_pyproject((directory / "pyproject.toml").read_text(encoding="utf-8"))
        members: dict[str, Pyproject] = {}
        for pkg in lock.packages:
            if pkg.source.is_local and pkg.source.value not in ("", "."):
                member = directory / pkg.source.value / "pyproject.toml"
                if member.is_file():
                    members[pkg.source.value] = parse_pyproject(member.read_text(encoding="utf-8"))
    except (ArtifactError, OSError, UnicodeDecodeError) as exc:
        _fail(f"{directory}: {exc}")
    differences = check_lock(lock, root, members)
    if differences:
        click.echo("error: The lockfile at `uv.lock` needs to be updated:", err=True)
        for d in differences:
            where = f" `{d.package}`" if d.package else ""
            click.echo(
                f"  {d.member}: {d.section}{where} {d.change} (pyproject: {d.pyproject}, lock: {d.lock})", err=True
            )
        sys.exit(1)
