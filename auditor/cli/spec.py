"""The audit command's options, declared once and without click: `auditor.cli.check` builds its
click command from this table (help, errors, `CliRunner`), and `auditor.cli.fast` parses an
ordinary invocation from it without importing click at all (a cold run pays neither click's
import nor the building of its command)."""

from __future__ import annotations

from auditor.frozen import frozen
from auditor.options import DEFAULT_MAX_DEPTH, DEFAULT_MAX_FILE_SIZE
from auditor.render import Format

FLAG, VALUE, DIRECTORY, MULTIPLE, CHOICE, COUNT, SWITCH = (
    "flag",
    "value",
    "directory",
    "multiple",
    "choice",
    "count",
    "switch",
)
"""Kinds of option: a flag (True when given); one value (the last given wins); a directory (a
value that must not name an existing file); a repeatable value (a tuple, in order); one of
`choices`; a whole number of at least `minimum`; an on/off pair (`--x/--no-x`, None when neither
is given)."""


@frozen
class Spec:
    name: str
    """The keyword the command receives (an `auditor.options` field, mostly)."""
    flags: tuple[str, ...]
    """Its spellings; for a SWITCH the first is on and the second off."""
    kind: str
    help: str
    metavar: str | None = None
    choices: tuple[str, ...] = ()
    minimum: int = 0
    default: int | None = None
    """A COUNT's value when it is not given (shown in the help)."""


SELECTION = (
    Spec("groups", ("--group",), MULTIPLE, "A dependency group the inference environment should contain (repeatable)."),
    Spec("only_groups", ("--only-group",), MULTIPLE, "Only this dependency group, no core dependencies (repeatable)."),
    Spec("extras", ("--extra",), MULTIPLE, "An optional extra the inference environment should contain (repeatable)."),
    Spec("all_extras", ("--all-extras",), FLAG, "The inference environment should contain every extra."),
)
"""The inference selection, shared with `uv-audit fix`."""
SELECTION_LISTS = ("groups", "only_groups", "extras")
"""The selection's repeatable options, which also take comma-separated values."""
SELECTION_CONFLICTS = (
    ("--all-extras", "--extra <EXTRA>"),
    ("--only-group <ONLY_GROUP>", "--group <GROUP>"),
)
"""What uv 0.13.9's `uv export` refuses among the selection options `uv-audit` shares with it."""
SERVING_MLFLOW = Spec(
    "serving_mlflow",
    ("--serving-mlflow",),
    VALUE,
    "The MLflow release that restores the model [default: MLmodel's mlflow_version, else the locked one].",
    metavar="VERSION",
)

CHECK = (
    Spec(
        "fmt",
        ("--format",),
        CHOICE,
        "Report format on stdout [default: text].",
        choices=tuple(f.value for f in Format),
    ),
    Spec(
        "outputs",
        ("-o", "--output"),
        MULTIPLE,
        "Also write a report to FILE, in FORMAT or the one its extension names (.html .json .sarif .md .txt); "
        "repeatable. A single -o FILE without FORMAT replaces stdout.",
        metavar="FILE[:FORMAT]",
    ),
    Spec("quiet", ("-q", "--quiet"), FLAG, "Only findings, suppressions and notes (no clean targets, no summary)."),
    Spec("statistics", ("--statistics",), FLAG, "Print how many findings each rule produced instead of the report."),
    Spec("exit_zero", ("--exit-zero",), FLAG, "Exit 0 even with findings (not when a model could not be fetched)."),
    Spec(
        "fail_on",
        ("--fail-on",),
        CHOICE,
        "Exit 1 when a finding is at or above this severity [default: warning].",
        choices=("error", "warning", "info"),
    ),
    Spec(
        "select",
        ("--select",),
        MULTIPLE,
        "Only run these rules (codes, names or prefixes such as UVA3; repeat or comma-separate).",
    ),
    Spec("ignore", ("--ignore",), MULTIPLE, "Skip these rules (codes, names or prefixes; repeat or comma-separate)."),
    Spec("severity", ("--severity",), MULTIPLE, "Change a rule's severity, e.g. UVA401=error.", metavar="CODE=LEVEL"),
    *SELECTION,
    Spec(
        "python_platform",
        ("--python-platform",),
        VALUE,
        "Target platform for wheel checks (uv's names, e.g. x86_64-unknown-linux-gnu, aarch64-apple-darwin, windows).",
    ),
    Spec(
        "python_version",
        ("--python-version",),
        VALUE,
        "Target Python version for wheel checks (default: the logged or pinned one).",
    ),
    SERVING_MLFLOW,
    Spec(
        "isolated",
        ("--isolated",),
        FLAG,
        "Ignore [tool.uv-audit] and `# uv-audit: ignore` in the audited files: a gate they cannot switch off.",
    ),
    Spec(
        "no_cache",
        ("--no-cache",),
        FLAG,
        "Neither answer from nor write the result cache ($UV_AUDIT_CACHE_DIR, else the user cache directory).",
    ),
    Spec("jobs", ("--jobs", "-j"), COUNT, "Parallel worker processes for many targets [default: CPUs].", minimum=1),
    Spec(
        "max_file_size",
        ("--max-file-size",),
        COUNT,
        "Files larger than this many bytes are not read (UVA004).",
        minimum=1,
        default=DEFAULT_MAX_FILE_SIZE,
    ),
    Spec("max_depth", ("--max-depth",), COUNT, "How deep to search below each PATH.", default=DEFAULT_MAX_DEPTH),
    Spec(
        "root",
        ("--root",),
        DIRECTORY,
        "Paths in SARIF and GitHub output are relative to this directory [default: $GITHUB_WORKSPACE, else .].",
    ),
    Spec(
        "color",
        ("--color", "--no-color"),
        SWITCH,
        "Colour the text report [default: FORCE_COLOR on, else NO_COLOR off, else when stdout is a terminal].",
    ),
    Spec(
        "progress",
        ("--progress", "--no-progress"),
        SWITCH,
        "Progress bar on stderr [default: on a terminal, for many targets].",
    ),
    # MLflow tracking server (auditor.remote; needs the `mlflow` extra). PATH may also be
    # runs:/<run_id>/<path>, models:/<name>/<version>, models:/<name>@<alias> or models:/<model_id>.
    Spec(
        "tracking_uri",
        ("--tracking-uri",),
        VALUE,
        "MLflow tracking server for runs:/ and models:/ [default: $MLFLOW_TRACKING_URI].",
    ),
    Spec("experiments", ("--experiment",), MULTIPLE, "Audit every model logged in this experiment.", metavar="NAME|ID"),
    Spec(
        "max_results",
        ("--max-results",),
        COUNT,
        "At most this many models (and runs) per --experiment, and registered models [100].",
        minimum=1,
    ),
    Spec("registered_models", ("--registered-models",), FLAG, "Audit the latest version of every registered model."),
    Spec(
        "alias",
        ("--alias",),
        VALUE,
        "With --registered-models: audit the version with this alias instead of the latest.",
    ),
)
"""`uv-audit [check] PATH...`'s options, in the order of its help."""
