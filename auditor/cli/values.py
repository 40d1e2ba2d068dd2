"""What the audit command makes of its parsed options, with or without click: one RunOptions."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from auditor.cli.spec import SELECTION_LISTS
from auditor.errors import UsageError

if TYPE_CHECKING:
    from auditor.run import RunOptions

LISTS = ("select", "ignore", *SELECTION_LISTS)
"""Repeatable options that also take comma-separated values."""


def split(values: Sequence[str]) -> tuple[str, ...] | None:
    """Repeated and comma-separated values as one tuple; None when there are none."""
    items = tuple(v.strip() for value in values for v in value.split(",") if v.strip())
    return items or None


def _severities(items: Sequence[str]) -> dict[str, str] | None:
    severity: dict[str, str] = {}
    for item in items:
        code, sep, level = item.partition("=")
        if not sep:
            raise UsageError(f"--severity expects CODE=LEVEL, got {item!r}")
        severity[code.strip()] = level.strip()
    return severity or None


def run_options(paths: Sequence[str], fmt: str | None, outputs: Sequence[str], values: dict[str, Any]) -> RunOptions:
    """The audit `uv-audit [check]` runs for these parsed options (`values`: the other options
    by name, as `auditor.cli.spec.CHECK` declares them; consumed)."""
    from auditor.frozen import replace
    from auditor.outputs import plan
    from auditor.render import Format
    from auditor.run import RunOptions

    values.pop("no_cache")  # read by the console script (auditor.entry) before this runs
    for key in LISTS:
        values[key] = split(values[key])
    values["severity"] = _severities(values["severity"])
    values["experiments"] = tuple(values["experiments"])
    if values["max_results"] is None:
        del values["max_results"]
    if values["quiet"] and values["progress"] is None:
        values["progress"] = False
    files, stdout = plan(outputs, Format(fmt) if fmt else None)
    options = RunOptions(fmt=Format(fmt or "text"), outputs=files, stdout=stdout, **values)
    default = () if options.selects_remote else (".",)
    return replace(options, paths=tuple(paths) or default)
