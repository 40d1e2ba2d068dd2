"""The columns of the Spark results: one row per target (the JSON report's target object, plus its
summary, verdict and fetch error) and one row per finding (the JSON finding keys plus `target`).

Spark's DDL strings and the Arrow schema the tasks build are written from one list, so they cannot
disagree. Nothing here imports pyspark; pyarrow is imported only by `arrow_schema()`.
"""

from __future__ import annotations

import importlib
from typing import Any

from auditor.findings import Severity
from auditor.report import TargetReport

TARGET, PATH, URI, ERROR = "target", "path", "uri", "error"
"""Input row kinds: a target the driver discovered, a path the task discovers, an MLflow URI, and a
selector the driver could not resolve (`path` names it, `display` says why)."""
FINDING_KEYS = ("rule", "name", "severity", "package", "file", "line", "message", "expected", "actual", "fix")
"""SPEC §5's finding keys, in the JSON report's order."""
SUMMARY_KEYS = ("findings", "error", "warning", "info", "suppressed")

INPUT_DDL = "kind string, path string, display string, root string, order long"

_FINDING = ", ".join(f"{key}:{'int' if key == 'line' else 'string'}" for key in FINDING_KEYS)
_TARGET_COLUMNS: tuple[tuple[str, str], ...] = (
    ("path", "string"),
    ("artifacts", "map<string,boolean>"),
    ("selection", "struct<groups:array<string>,extras:array<string>,source:string>"),
    ("findings", f"array<struct<{_FINDING}>>"),
    ("suppressed", "array<struct<rule:string,package:string,by:string>>"),
    ("summary", f"struct<{','.join(f'{k}:int' for k in SUMMARY_KEYS)}>"),
    ("fail_on", "string"),
    ("failed", "boolean"),
    ("error", "string"),
)
TARGET_DDL = ", ".join(f"{name} {kind}" for name, kind in _TARGET_COLUMNS)
TARGET_COLUMNS = tuple(name for name, _ in _TARGET_COLUMNS)


def arrow_schema() -> Any:
    """TARGET_DDL as a pyarrow schema (what mapInArrow's batches must carry)."""
    pa: Any = importlib.import_module("pyarrow")
    text = pa.string()
    finding = pa.struct([(key, pa.int32() if key == "line" else text) for key in FINDING_KEYS])
    return pa.schema(
        [
            ("path", text),
            ("artifacts", pa.map_(text, pa.bool_())),
            ("selection", pa.struct([("groups", pa.list_(text)), ("extras", pa.list_(text)), ("source", text)])),
            ("findings", pa.list_(finding)),
            ("suppressed", pa.list_(pa.struct([("rule", text), ("package", text), ("by", text)]))),
            ("summary", pa.struct([(key, pa.int32()) for key in SUMMARY_KEYS])),
            ("fail_on", text),
            ("failed", pa.bool_()),
            ("error", text),
        ]
    )


def target_row(report: TargetReport) -> dict[str, object]:
    """One audited target as a row of TARGET_DDL (values as the JSON report has them)."""
    counts = {s.value: sum(1 for f in report.findings if f.severity is s) for s in Severity}
    return {
        "path": report.path,
        "artifacts": list(report.artifacts.items()),
        "selection": {
            "groups": list(report.selection.groups),
            "extras": list(report.selection.extras),
            "source": report.selection.source,
        },
        "findings": [f.as_dict() for f in report.findings],
        "suppressed": [s.as_dict() for s in report.suppressed],
        "summary": {"findings": len(report.findings), **counts, "suppressed": len(report.suppressed)},
        "fail_on": report.fail_on.value,
        "failed": report.failed,
        "error": None,
    }


def error_row(path: str, message: str) -> dict[str, object]:
    """A target (or a path or URI) that could not be audited: it fails a gate, as on the command line."""
    return {
        "path": path,
        "artifacts": None,
        "selection": None,
        "findings": [],
        "suppressed": [],
        "summary": None,
        "fail_on": None,
        "failed": True,
        "error": message,
    }
