"""`uv export`'s command-line flags, listed once: they build the `uv-audit export` command's
options (auditor.cli.export) and read a `uv export` argv (a requirements.txt header), the same
way (`ExportArgs` and the flattened argument groups in `crates/uv-cli/src/lib.rs` of uv 0.13.9).

Every flag `uv export --help` lists is here: implemented (it sets a `Selection` or
`RenderOptions` field), or accepted and ignored with the reason (`ignored`). uv's
`overrides_with` pairs (`--no-hashes`/`--hashes`, ...) are read last-wins; `conflicts_with`
pairs are in CONFLICTS (auditor.export.clap reports them in clap's words).
"""

from __future__ import annotations

from collections.abc import Mapping

from auditor.export.selection import Selection
from auditor.frozen import fields, frozen

FORMATS = ("requirements.txt", "pylock.toml", "cyclonedx1.5")
FROZEN = "uv-audit never locks or resolves: every export reads uv.lock as `--frozen` does"
NETWORK = "uv-audit uses no network, cache or credentials"
BUILD = "a `--frozen` export builds nothing"
PYTHON = "a `--frozen` export needs no interpreter"
OUTPUT = "uv-audit prints no progress, colour or logs"


@frozen
class RenderOptions:
    """The flags that change how an export is printed or where it goes, not what it selects."""

    hashes: bool = True
    annotate: bool = True
    header: bool = True
    editable: bool | None = None
    """True: `--editable`, False: `--no-editable`, None: as locked."""
    no_editable_packages: tuple[str, ...] = ()
    frozen: bool = False
    locked: bool = False
    output: str | None = None
    format: str | None = None
    """None: from the `-o` file name, else requirements.txt (uv's inference)."""
    quiet: int = 0
    emit_index_url: bool = False
    emit_find_links: bool = False
    project: str | None = None
    directory: str | None = None
    index: tuple[str, ...] = ()
    default_index: str | None = None
    index_url: str | None = None
    extra_index_url: tuple[str, ...] = ()
    find_links: tuple[str, ...] = ()
    no_index: bool = False
    script: str | None = None


@frozen
class Flag:
    """One `uv export` flag: `names` (the first is the option's name, the others aliases uv
    accepts, short names last), the `dest` field of `Selection` or `RenderOptions` it sets, and how."""

    names: tuple[str, ...]
    dest: str
    help: str
    kind: str = "flag"
    """`flag` (sets `value`), `list` (repeatable, collects values), `value` (one value) or `count`."""
    value: object = True
    metavar: str | None = None
    """clap's value name, as its messages show it (`--extra <EXTRA>`)."""
    delimiter: str | None = None
    """uv's `value_delimiter`: `--extra a,b` is two extras."""
    overrides: tuple[str, ...] = ()
    """Other flags' dests this one resets (uv's `overrides_with`: the last given wins)."""
    hidden: bool = False
    ignored: str | None = None
    """Why uv-audit accepts and ignores the flag (None: implemented)."""

    @property
    def display(self) -> str:
        """How clap names the argument in an error (`--extra <EXTRA>`, `--quiet...`)."""
        if self.kind == "count":
            return f"{self.names[0]}..."
        if self.kind in ("list", "value"):
            return f"{self.names[0]} <{self.metavar or self.dest.upper()}>"
        return self.names[0]


def _f(names: str, dest: str, help: str, kind: str = "flag", **extra: object) -> Flag:
    return Flag(tuple(names.split()), dest, help, kind, **extra)  # type: ignore[arg-type]


def _ignored(names: str, reason: str, kind: str = "flag", metavar: str | None = None, hidden: bool = False) -> Flag:
    dest = "ignored_" + names.split()[0].lstrip("-").replace("-", "_")
    help = f"Accepted and ignored: {reason}."
    return Flag(tuple(names.split()), dest, help, kind, True, metavar, hidden=hidden, ignored=reason)


# fmt: off
FLAGS: tuple[Flag, ...] = (
    _f("--format", "format", "The format: requirements.txt, pylock.toml or cyclonedx1.5.", "value"),
    _f("--all-packages", "all_packages", "Export every workspace member."),
    _f("--package", "packages", "Export a workspace member.", "list", metavar="PACKAGE"),
    _f("--prune", "prune", "Leave a package (and what only it brings in) out.", "list", metavar="PACKAGE"),
    _f("--extra", "extras", "Include an optional extra.", "list", metavar="EXTRA", delimiter=","),
    _f("--all-extras", "all_extras", "Include every extra."),
    _f("--no-all-extras", "all_extras", "Undo --all-extras.", value=False, hidden=True),
    _f("--no-extra", "no_extras", "Exclude an extra (with --all-extras).", "list", metavar="NO_EXTRA"),
    _f("--no-dev", "no_dev", "Exclude the dev group.", overrides=("dev",)),
    _f("--dev", "dev", "Include the dev group.", overrides=("no_dev",), hidden=True),
    _f("--only-dev", "only_dev", "Only include the dev group."),
    _f("--group", "groups", "Include a dependency group.", "list", metavar="GROUP"),
    _f("--no-group", "no_groups", "Exclude a dependency group.", "list", metavar="NO_GROUP", delimiter=" "),
    _f("--no-default-groups", "no_default_groups", "Ignore `tool.uv.default-groups`."),
    _f("--only-group", "only_groups", "Only include this dependency group.", "list", metavar="ONLY_GROUP"),
    _f("--all-groups", "all_groups", "Include every dependency group."),
    _f("--no-annotate", "annotate", "Omit `# via` comments.", value=False),
    _f("--annotate", "annotate", "Keep `# via` comments.", hidden=True),
    _f("--no-header", "header", "Omit the header.", value=False),
    _f("--header", "header", "Keep the header.", hidden=True),
    _f("--emit-index-url", "emit_index_url", "Write --index-url / --extra-index-url lines."),
    _f("--no-emit-index-url", "emit_index_url", "Undo --emit-index-url.", value=False, hidden=True),
    _f("--emit-find-links", "emit_find_links", "Write --find-links lines."),
    _f("--no-emit-find-links", "emit_find_links", "Undo --emit-find-links.", value=False, hidden=True),
    _f("--no-editable", "editable", "Write editable sources as plain paths.", value=False),
    _f("--editable", "editable", "Write local directories as editable.", hidden=True),
    _f("--no-editable-package", "no_editable_packages", "Write this editable package as a plain path.", "list",
       metavar="NO_EDITABLE_PACKAGE", delimiter=" "),
    _f("--no-hashes", "hashes", "Omit hashes.", value=False),
    _f("--hashes", "hashes", "Keep hashes.", hidden=True),
    _f("--output-file -o", "output", "Write to this file (parents made; a pylock name means pylock.toml).", "value",
       metavar="OUTPUT_FILE"),
    _f("--no-emit-project --no-install-project", "no_emit_project", "Omit the project itself."),
    _f("--only-emit-project --only-install-project", "only_emit_project", "Only the project.", hidden=True),
    _f("--no-emit-workspace --no-install-workspace", "no_emit_workspace", "Omit the project and workspace members."),
    _f("--only-emit-workspace --only-install-workspace", "only_emit_workspace", "Only workspace members.",
       hidden=True),
    _f("--no-emit-local --no-install-local", "no_emit_local", "Omit local path packages."),
    _f("--only-emit-local --only-install-local", "only_emit_local", "Only local path packages.", hidden=True),
    _f("--no-emit-package --no-install-package", "no_emit_packages", "Omit a package.", "list",
       metavar="NO_EMIT_PACKAGE"),
    _f("--only-emit-package --only-install-package", "only_emit_packages", "Only these packages.", "list",
       metavar="ONLY_EMIT_PACKAGE", hidden=True),
    _f("--locked", "locked", "Exit 1 when uv.lock is stale against pyproject.toml."),
    _f("--no-locked", "locked", "Undo --locked.", value=False, hidden=True),
    _f("--frozen", "frozen", f"Accepted: {FROZEN}."),
    _f("--no-frozen", "frozen", "Accepted (as --frozen).", value=False, hidden=True),
    _f("--script", "script", "Not supported: uv-audit reads projects, not PEP 723 scripts.", "value", metavar="SCRIPT"),
    _f("--index", "index", "An index (for --emit-index-url).", "list", metavar="INDEX", delimiter=" "),
    _f("--default-index", "default_index", "The default index (for --emit-index-url).", "value",
       metavar="DEFAULT_INDEX"),
    _f("--index-url -i", "index_url", "The default index, deprecated spelling.", "value", metavar="INDEX_URL"),
    _f("--extra-index-url", "extra_index_url", "An extra index, deprecated spelling.", "list",
       metavar="EXTRA_INDEX_URL", delimiter=" "),
    _f("--find-links -f", "find_links", "A find-links location (for --emit-find-links).", "list",
       metavar="FIND_LINKS", delimiter=","),
    _f("--no-index", "no_index", "No registry index (for --emit-index-url)."),
    _f("--quiet -q", "quiet", "With -o: print nothing to stdout.", "count"),
    _f("--project", "project", "The project directory (paths stay relative to the current directory).", "value",
       metavar="PROJECT"),
    _f("--directory", "directory", "Run as if started in this directory.", "value", metavar="DIRECTORY"),
    _ignored("--index-strategy", NETWORK, "value", "INDEX_STRATEGY"),
    _ignored("--keyring-provider", NETWORK, "value", "KEYRING_PROVIDER"),
    _ignored("--upgrade -U", FROZEN),
    _ignored("--upgrade-package -P", FROZEN, "list", "UPGRADE_PACKAGE"),
    _ignored("--upgrade-group", FROZEN, "list", "UPGRADE_GROUP"),
    _ignored("--resolution", FROZEN, "value", "RESOLUTION"),
    _ignored("--prerelease", FROZEN, "value", "PRERELEASE"),
    _ignored("--prerelease-package", FROZEN, "list", "PRERELEASE_PACKAGE"),
    _ignored("--fork-strategy", FROZEN, "value", "FORK_STRATEGY"),
    _ignored("--exclude-newer", FROZEN, "value", "EXCLUDE_NEWER"),
    _ignored("--exclude-newer-package", FROZEN, "list", "EXCLUDE_NEWER_PACKAGE"),
    _ignored("--no-sources", FROZEN),
    _ignored("--no-sources-package", FROZEN, "list", "NO_SOURCES_PACKAGE"),
    _ignored("--config-setting -C --config-settings", BUILD, "list", "CONFIG_SETTING"),
    _ignored("--config-settings-package", BUILD, "list", "CONFIG_SETTINGS_PACKAGE"),
    _ignored("--no-build-isolation", BUILD),
    _ignored("--no-build-isolation-package", BUILD, "list", "NO_BUILD_ISOLATION_PACKAGE"),
    _ignored("--no-build", BUILD),
    _ignored("--no-build-package", BUILD, "list", "NO_BUILD_PACKAGE"),
    _ignored("--no-binary", BUILD),
    _ignored("--no-binary-package", BUILD, "list", "NO_BINARY_PACKAGE"),
    _ignored("--require-build-hashes", BUILD),
    _ignored("--no-require-build-hashes", BUILD),
    _ignored("--link-mode", "an export installs nothing", "value", "LINK_MODE"),
    _ignored("--no-cache -n", NETWORK),
    _ignored("--cache-dir", NETWORK, "value", "CACHE_DIR"),
    _ignored("--refresh", NETWORK),
    _ignored("--refresh-package", NETWORK, "list", "REFRESH_PACKAGE"),
    _ignored("--python -p", PYTHON, "value", "PYTHON"),
    _ignored("--managed-python", PYTHON),
    _ignored("--no-managed-python", PYTHON),
    _ignored("--no-python-downloads", PYTHON),
    _ignored("--verbose -v", OUTPUT, "count"),
    _ignored("--color", OUTPUT, "value", "COLOR_CHOICE"),
    _ignored("--system-certs", NETWORK),
    _ignored("--offline", NETWORK),
    _ignored("--allow-insecure-host --trusted-host", NETWORK, "list", "ALLOW_INSECURE_HOST"),
    _ignored("--no-progress", OUTPUT),
    _ignored("--config-file", "uv-audit reads no uv.toml (only pyproject.toml and uv.lock)", "value", "CONFIG_FILE"),
    _ignored("--no-config", "uv-audit reads no uv.toml (only pyproject.toml and uv.lock)"),
    _ignored("--preview", "preview features do not change a `--frozen` export", hidden=True),
    _ignored("--preview-features", "preview features do not change a `--frozen` export", "list",
             "PREVIEW_FEATURES", hidden=True),
)
# fmt: on

# fmt: off
CONFLICTS: tuple[tuple[str, str], ...] = (
    ("--all-packages", "--package"), ("--prune", "--all-packages"), ("--extra", "--all-extras"),
    ("--extra", "--only-group"), ("--all-extras", "--only-group"), ("--only-dev", "--group"),
    ("--only-dev", "--all-groups"), ("--only-dev", "--no-dev"), ("--group", "--only-group"),
    ("--only-group", "--dev"), ("--only-group", "--all-groups"), ("--no-emit-project", "--only-emit-project"),
    ("--no-emit-workspace", "--only-emit-workspace"), ("--no-emit-local", "--only-emit-local"),
    ("--no-emit-package", "--only-emit-package"), ("--locked", "--frozen"), ("--locked", "--upgrade"),
    ("--frozen", "--upgrade"), ("--frozen", "--no-sources"), ("--script", "--all-packages"),
    ("--script", "--package"), ("--script", "--no-emit-project"), ("--script", "--no-emit-workspace"),
    ("--quiet", "--verbose"),
)
# fmt: on
"""uv's `conflicts_with` pairs among these flags (symmetric)."""

_SELECTION = frozenset(f.name for f in fields(Selection))
_RENDER = frozenset(f.name for f in fields(RenderOptions))
BY_NAME = {name: flag for flag in FLAGS for name in flag.names}


def build(values: Mapping[str, object]) -> tuple[Selection, RenderOptions]:
    """A Selection and RenderOptions from `dest -> value` for the flags that were given (a flag's
    `value`, a tuple of strings for a list, a string for a value); None or () keep defaults."""
    selection: dict[str, object] = {}
    render: dict[str, object] = {}
    for dest, value in values.items():
        if value is None or value == () or dest.startswith("ignored_"):
            continue
        (selection if dest in _SELECTION else render)[dest] = value
    unknown = set(selection) - _SELECTION | set(render) - _RENDER
    if unknown:
        raise ValueError(f"unknown destination {sorted(unknown)[0]!r}")
    return Selection(**selection), RenderOptions(**render)  # type: ignore[arg-type]


def parse(argv: list[str], skip: Mapping[str, bool] | None = None) -> tuple[dict[str, object], list[Flag]]:
    """Read `uv export` arguments in order: `dest -> value` (last given wins, lists collect) and
    the flags given, first occurrence first, less those a later flag overrode. `skip`: other
    options to step over (name -> takes a value); other words are positional and skipped.
    Raises ValueError on an option it does not know, or one missing its value."""
    values: dict[str, object] = {}
    given: list[Flag] = []
    args = list(argv)
    while args:
        arg = args.pop(0)
        inline: str | None = None
        if arg.startswith("--") and "=" in arg:
            arg, inline = arg.split("=", 1)
        elif len(arg) > 2 and arg[0] == "-" and arg[1] != "-" and f"-{arg[1]}" in BY_NAME:
            arg, inline = f"-{arg[1]}", arg[2:]
        if skip is not None and arg in skip:
            if skip[arg] and inline is None and args:
                args.pop(0)
            continue
        if not arg.startswith("-") or arg == "-":
            continue
        flag = BY_NAME.get(arg)
        if flag is None:
            raise ValueError(f"unexpected argument '{arg}'")
        for dest in flag.overrides:
            values.pop(dest, None)
            given = [g for g in given if g.dest != dest]
        if flag not in given:
            given = [g for g in given if g.dest != flag.dest or flag.kind in ("list", "count")] + [flag]
        if flag.kind == "flag":
            values[flag.dest] = flag.value
            continue
        if flag.kind == "count":
            count = values.get(flag.dest, 0)
            values[flag.dest] = (count if isinstance(count, int) else 0) + 1 + (len(inline) if inline else 0)
            continue
        value = inline if inline is not None else (args.pop(0) if args else None)
        if value is None:
            raise ValueError(f"{arg} needs a value")
        if flag.kind == "list":
            previous = values.get(flag.dest, ())
            assert isinstance(previous, tuple)
            parts = [p for p in value.split(flag.delimiter)] if flag.delimiter else [value]
            values[flag.dest] = (*previous, *parts)
        else:
            values[flag.dest] = value
    return values, given


def selection_from_argv(argv: list[str]) -> tuple[Selection, RenderOptions]:
    """Read `uv export` arguments (without `uv export`) into a Selection and render options.
    Raises ValueError on an argument it does not know."""
    return build(parse(argv)[0])
