"""Phrases several renderers share, so the formats say the same thing."""

from __future__ import annotations

from auditor.findings import Finding
from auditor.report import Report, TargetReport


def expected_found(finding: Finding) -> str | None:
    """`expected A, found B`, or the half that is known; None when neither is."""
    parts = []
    if finding.expected is not None:
        parts.append(f"expected {finding.expected}")
    if finding.actual is not None:
        parts.append(f"found {finding.actual}")
    return ", ".join(parts) or None


def details(finding: Finding, *, capital: bool = False) -> str:
    """The message, then `expected ..., found ...` and `fix: ...` on lines of their own
    (`Expected ...` and `Fix: ...` with `capital`, as SARIF writes sentences)."""
    text = finding.message
    compared = expected_found(finding)
    if compared:
        text += f"\n{compared[0].upper()}{compared[1:]}." if capital else f"\n{compared}"
    if finding.fix:
        text += f"\n{'Fix' if capital else 'fix'}: {finding.fix}"
    return text


def suppressed(target: TargetReport) -> str | None:
    """`UVA204 torch (inline), UVA401 (target-config)`: every finding kept out of the verdict."""
    if not target.suppressed:
        return None
    items = []
    for s in target.suppressed:
        package = f" {s.finding.package}" if s.finding.package else ""
        items.append(f"{s.finding.rule}{package} ({s.by.value})")
    return ", ".join(items)


def terminal_safe(text: str) -> str:
    """Control characters from audited files are shown escaped (`\\n`, `\\x1b`), never emitted:
    a value can neither move the cursor nor start a new line of a terminal report."""
    return "".join(ch if ch.isprintable() or ch == " " else repr(ch)[1:-1] for ch in text)


def location(finding: Finding, target_path: str) -> str:
    """`file:line`, or the file (else the target's directory) when there is no line."""
    where = finding.file or target_path
    return f"{where}:{finding.line}" if finding.line else where


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" + ("" if number == 1 else "s")


def summary_line(report: Report) -> str:
    """`2 targets, 4 findings: 2 errors, 1 warning, 1 info (1 suppressed)`."""
    if not report.targets:
        return "no artifact set found (uv.lock, pyproject.toml or MLmodel)"
    s = report.summary()
    line = (
        f"{_count(s['targets'], 'target')}, {_count(s['findings'], 'finding')}: "
        f"{_count(s['error'], 'error')}, {_count(s['warning'], 'warning')}, {s['info']} info"
    )
    return line + (f" ({s['suppressed']} suppressed)" if s["suppressed"] else "")
