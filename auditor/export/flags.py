"""`uv export`'s command-line flags, listed once: they build the `uv-audit export` command's
options (auditor.cli.export) and read a `uv export` argv (a requirements.txt header), the same
way (`crates/uv-cli/src/lib.rs`, `ExportArgs`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields

from auditor.export.selection import Selection


@dataclass(frozen=True)
class RenderOptions:
    """The flags that change how an export is printed, not what it selects."""

    hashes: bool = True
    annotate: bool = True
    header: bool = True
    editable: bool = True
    frozen: bool = False
    locked: bool = False
    output: str | None = None


@dataclass(frozen=True)
class Flag:
    """One `uv export` flag: `names` (the first is the option's name, the others aliases uv
    accepts), the `dest` field of `Selection` or `RenderOptions` it sets, and how."""

    names: tuple[str, ...]
    dest: str
    help: str
    kind: str = "flag"
    """`flag` (sets `value`), `list` (repeatable, collects values) or `value` (one value)."""
    value: object = True


FLAGS: tuple[Flag, ...] = (
    Flag(("--group",), "groups", "Include a dependency group.", "list"),
    Flag(("--only-group",), "only_groups", "Only include this dependency group.", "list"),
    Flag(("--no-group",), "no_groups", "Exclude a dependency group.", "list"),
    Flag(("--all-groups",), "all_groups", "Include every dependency group."),
    Flag(("--dev",), "dev", "Include the dev group."),
    Flag(("--no-dev",), "no_dev", "Exclude the dev group."),
    Flag(("--only-dev",), "only_dev", "Only include the dev group."),
    Flag(("--no-default-groups",), "no_default_groups", "Ignore `tool.uv.default-groups`."),
    Flag(("--extra",), "extras", "Include an optional extra.", "list"),
    Flag(("--all-extras",), "all_extras", "Include every extra."),
    Flag(("--no-extra",), "no_extras", "Exclude an extra (with --all-extras).", "list"),
    Flag(("--package",), "packages", "Export a workspace member.", "list"),
    Flag(("--all-packages",), "all_packages", "Export every workspace member."),
    Flag(("--no-emit-project", "--no-install-project"), "no_emit_project", "Omit the project itself."),
    Flag(
        ("--no-emit-workspace", "--no-install-workspace"),
        "no_emit_workspace",
        "Omit the project and workspace members.",
    ),
    Flag(("--no-emit-package", "--no-install-package"), "no_emit_packages", "Omit a package.", "list"),
    Flag(("--no-hashes",), "hashes", "Omit --hash lines.", value=False),
    Flag(("--no-annotate",), "annotate", "Omit `# via` comments.", value=False),
    Flag(("--no-header",), "header", "Omit the header.", value=False),
    Flag(("--no-editable",), "editable", "Write editable sources as plain paths.", value=False),
    Flag(("--frozen",), "frozen", "Accepted for compatibility (uv-audit never locks)."),
    Flag(("--locked",), "locked", "Exit 1 when uv.lock is stale against pyproject.toml."),
    Flag(("-o", "--output-file"), "output", "Write to this file.", "value"),
)

_SELECTION = frozenset(f.name for f in fields(Selection))
_RENDER = frozenset(f.name for f in fields(RenderOptions))
_BY_NAME = {name: flag for flag in FLAGS for name in flag.names}


def build(values: Mapping[str, object]) -> tuple[Selection, RenderOptions]:
    """A Selection and RenderOptions from `dest -> value` for the flags that were given (a flag's
    `value`, a tuple of strings for a list, a string for a value); None or () keep defaults."""
    selection: dict[str, object] = {}
    render: dict[str, object] = {}
    for dest, value in values.items():
        if value is None or value == ():
            continue
        (selection if dest in _SELECTION else render)[dest] = value
    unknown = set(selection) - _SELECTION | set(render) - _RENDER
    if unknown:
        raise ValueError(f"unknown destination {sorted(unknown)[0]!r}")
    return Selection(**selection), RenderOptions(**render)  # type: ignore[arg-type]


def selection_from_argv(argv: list[str]) -> tuple[Selection, RenderOptions]:
    """Read `uv export` arguments (without `uv export`) into a Selection and render options.
    Raises ValueError on an argument it does not know."""
    values: dict[str, object] = {}
    args = list(argv)
    while args:
        arg = args.pop(0)
        given: str | None = None
        if "=" in arg and arg.startswith("--"):
            arg, given = arg.split("=", 1)
        flag = _BY_NAME.get(arg)
        if flag is None:
            raise ValueError(f"unexpected argument '{arg}'")
        if flag.kind == "flag":
            values[flag.dest] = flag.value
            continue
        if given is None:
            if not args:
                raise ValueError(f"{arg} needs a value")
            given = args.pop(0)
        if flag.kind == "list":
            previous = values.get(flag.dest, ())
            assert isinstance(previous, tuple)
            values[flag.dest] = (*previous, given)
        else:
            values[flag.dest] = given
    return build(values)
