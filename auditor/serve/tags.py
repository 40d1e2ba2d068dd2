"""The text of the tags the gate sets on a model version, redacted and within MLflow's limits.

MLflow 3.17.2 accepts model version tag values up to 100,000 characters
(`MAX_MODEL_REGISTRY_TAG_VALUE_LENGTH` in `mlflow/utils/validation.py`); MLflow 2.x and older
servers, 5,000. The summary stays within the smaller limit so it fits every server and stays
readable in the UI. Every value passes `_redact` before the length cut, so a cut never leaves half
a credential behind.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from auditor.findings import Finding, Severity
from auditor.secrets import redact

STATUS_TAG = "uv-audit.status"
SUMMARY_TAG = "uv-audit.summary"
VERSION_TAG = "uv-audit.version"
ALIAS_REMOVED_TAG = "uv-audit.alias-removed"
STATUSES = ("pass", "fail", "error")
TAG_VALUE_LIMIT = 5000
TOP_FINDINGS = 10
LINE_LIMIT = 400
_USERINFO = re.compile(r"(?<![A-Za-z0-9+.\-])([A-Za-z][A-Za-z0-9+.\-]*://)[^/\s?#@]*(?:@[^/\s?#@]*)*@")
"""A scheme starts only where no scheme character precedes it, so the scan is linear."""


def _redact(text: str) -> str:
    """The report-wide redaction (auditor.secrets: passwords and token shapes), and for a tag shown
    in MLflow's UI also the username: `scheme://user:pass@host` -> `scheme://***@host`."""
    return _USERINFO.sub(r"\1***@", redact(text))


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 or word == "info" else f"{n} {word}s"


def counts_line(status: str, counts: dict[str, int], fail_on: Severity) -> str:
    parts = ", ".join(_plural(counts.get(s.value, 0), s.value) for s in Severity)
    return f"{status} (fail-on {fail_on.value}): {parts}"


def _finding_line(finding: Finding, prefix: str) -> str:
    where = finding.file or ""
    where = where[len(prefix) :] if prefix and where.startswith(prefix) else where
    where += f":{finding.line}" if where and finding.line else ""
    package = f" [{finding.package}]" if finding.package else ""
    text = f"{finding.severity.value} {finding.rule} {finding.name}{package}"
    text += f" {where}: {finding.message}" if where else f": {finding.message}"
    return _cut(_redact(" ".join(text.split())), LINE_LIMIT)


def summary(
    status: str, counts: dict[str, int], fail_on: Severity, findings: Iterable[Finding], prefix: str, uri: str
) -> str:
    """Counts, then the top findings (most severe first), then how to see the rest."""
    ranked = sorted(findings, key=lambda f: (-f.severity.rank, *f.sort_key()))
    lines = [counts_line(status, counts, fail_on)]
    size = len(lines[0])
    reserve = 120  # room for the closing line
    shown = 0
    for finding in ranked[:TOP_FINDINGS]:
        line = _finding_line(finding, prefix)
        if size + 1 + len(line) > TAG_VALUE_LIMIT - reserve:
            break
        lines.append(line)
        size += 1 + len(line)
        shown += 1
    if shown < len(ranked):
        lines.append(f"(+{len(ranked) - shown} more: `uv-audit {uri}` shows every finding)")
    return _cut(_redact("\n".join(lines)), TAG_VALUE_LIMIT)


def error_summary(uri: str, reason: str) -> str:
    text = f"error: {uri} could not be audited: {' '.join(reason.split())}"
    return _cut(_redact(text), TAG_VALUE_LIMIT)


def alias_removed(alias: str, status: str, when: str) -> str:
    return _cut(_redact(f"@{alias} removed {when}: this version's uv-audit.status is {status}"), TAG_VALUE_LIMIT)
