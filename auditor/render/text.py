"""The terminal report: grouped by target, wrapped at 80 columns, colour only when asked."""

from __future__ import annotations

import textwrap

from auditor.findings import Finding, Severity
from auditor.render.parts import expected_found, suppressed
from auditor.report import Report, TargetReport

WIDTH = 80
_COLORS = {Severity.ERROR: "31", Severity.WARNING: "33", Severity.INFO: "36"}


def _paint(text: str, code: str, color: bool) -> str:
    return f"\033[{code}m{text}\033[0m" if color else text


def _clean(text: str) -> str:
    """Terminal-safe: control characters from audited files are shown escaped, never emitted."""
    return "".join(ch if ch.isprintable() or ch == " " else repr(ch)[1:-1] for ch in text)


def _wrap(label: str, text: str) -> list[str]:
    indent = " " * 6
    first = f"{indent}{label}" if label else indent
    return textwrap.wrap(
        _clean(text),
        WIDTH,
        initial_indent=first,
        subsequent_indent=indent + " " * len(label),
        break_long_words=True,
        break_on_hyphens=False,
    ) or [first]


def _finding(finding: Finding, color: bool) -> list[str]:
    where = finding.file or ""
    if finding.line:
        where += f":{finding.line}"
    severity = _paint(f"{finding.severity.value:<7}", _COLORS[finding.severity], color)
    head = f"  {severity} {finding.rule} {finding.name}"
    if finding.package:
        head += f" [{_clean(finding.package)}]"
    lines = [head]
    if where:
        lines.extend(_wrap("at ", where))
    lines.extend(_wrap("", finding.message))
    compared = expected_found(finding)
    if compared:
        lines.extend(_wrap("", compared))
    if finding.fix:
        lines.extend(_wrap("fix: ", finding.fix))
    return lines


def _target(target: TargetReport, color: bool) -> list[str]:
    missing = target.missing
    title = _paint(_clean(target.path), "1", color)
    lines = [title]
    detail = (
        "selection: "
        + (
            ", ".join(
                [*(f"group {g}" for g in target.selection.groups), *(f"extra {e}" for e in target.selection.extras)]
            )
            or "core dependencies only"
        )
        + f" ({target.selection.source})"
    )
    lines.append(f"  {detail}")
    if missing:
        lines.extend(
            textwrap.wrap("missing: " + ", ".join(missing), WIDTH, initial_indent="  ", subsequent_indent="    ")
        )
    if not target.findings:
        lines.append("  " + _paint("no findings", "32", color))
    for finding in target.findings:
        lines.extend(_finding(finding, color))
    hidden = suppressed(target)
    if hidden:
        lines.extend(
            textwrap.wrap(_clean(f"suppressed: {hidden}"), WIDTH, initial_indent="  ", subsequent_indent="    ")
        )
    return lines


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" + ("" if number == 1 else "s")


def render(report: Report, color: bool = False) -> str:
    lines: list[str] = []
    for target in report.targets:
        lines.extend(_target(target, color))
        lines.append("")
    for note in report.notes:
        lines.extend(textwrap.wrap(_clean(f"note: {note}"), WIDTH, subsequent_indent="      "))
    s = report.summary()
    noun = "target" if s["targets"] == 1 else "targets"
    summary = (
        f"{s['targets']} {noun}, {_count(s['findings'], 'finding')}: "
        f"{_count(s['error'], 'error')}, {_count(s['warning'], 'warning')}, {s['info']} info"
    )
    if s["suppressed"]:
        summary += f" ({s['suppressed']} suppressed)"
    if not report.targets:
        summary = "no artifact set found (uv.lock, pyproject.toml or MLmodel)"
    lines.append(_paint(summary, "1", color))
    return "\n".join(lines) + "\n"
