"""Phrases several renderers share, so the formats say the same thing."""

from __future__ import annotations

from auditor.findings import Finding
from auditor.report import TargetReport


def expected_found(finding: Finding) -> str | None:
    """`expected A, found B`, or the half that is known; None when neither is."""
    parts = []
    if finding.expected is not None:
        parts.append(f"expected {finding.expected}")
    if finding.actual is not None:
        parts.append(f"found {finding.actual}")
    return ", ".join(parts) or None


def suppressed(target: TargetReport) -> str | None:
    """`UVA204 torch (inline), UVA401 (target-config)`: every finding kept out of the verdict."""
    if not target.suppressed:
        return None
    items = []
    for s in target.suppressed:
        package = f" {s.finding.package}" if s.finding.package else ""
        items.append(f"{s.finding.rule}{package} ({s.by.value})")
    return ", ".join(items)
