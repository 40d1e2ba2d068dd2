"""The terminal report: grouped by target, wrapped to the width the command line chose (80 by
default), colour only when asked.

Only prose wraps (`auditor.render.wrap`): a path, a `file:line` and a command in backticks are
never broken across lines. `quiet` leaves out clean targets, the selection and missing-artifact
lines and the summary: what remains is each finding (under its target), what was suppressed and
what was not audited (notes).
"""

from __future__ import annotations

from auditor.findings import Finding, Severity
from auditor.render import WIDTH
from auditor.render.parts import expected_found, summary_line, suppressed, terminal_safe
from auditor.render.wrap import wrap
from auditor.report import Report, TargetReport

MIN_WIDTH = 40
"""Narrower requests are widened to this: below it the indented lines hold almost nothing."""
_COLORS = {Severity.ERROR: "31", Severity.WARNING: "33", Severity.INFO: "36"}
_INDENT = " " * 6


def _paint(text: str, code: str, color: bool) -> str:
    return f"\033[{code}m{text}\033[0m" if color else text


def _finding(finding: Finding, target: TargetReport, color: bool, width: int) -> list[str]:
    severity = _paint(f"{finding.severity.value:<7}", _COLORS[finding.severity], color)
    head = f"  {severity} {finding.rule} {finding.name}"
    if finding.package:
        head += f" [{terminal_safe(finding.package)}]"
    lines = [head]
    paths = tuple(terminal_safe(p) for p in (finding.file, target.path) if p)
    if finding.file:
        where = terminal_safe(finding.file) + (f":{finding.line}" if finding.line else "")
        lines.append(f"{_INDENT}at {where}")  # one atom, never wrapped
    # a value (`train -> tqdm -> colorama`) stays whole when it fits a line; a longer one is prose
    compared = (terminal_safe(v) for v in (finding.expected, finding.actual) if v)
    values = tuple(v for v in compared if len(v) <= width - 15)
    for label, text, protect in (
        ("", finding.message, paths),
        ("", expected_found(finding), values),  # `found train -> tqdm -> colorama` stays whole
        ("fix: ", finding.fix, paths),
    ):
        if text:
            first = _INDENT + label
            lines.extend(wrap(terminal_safe(text), width, first, " " * len(first), protect=protect))
    return lines


def _selection(target: TargetReport) -> str:
    items = [*(f"group {g}" for g in target.selection.groups), *(f"extra {e}" for e in target.selection.extras)]
    return f"selection: {', '.join(items) or 'core dependencies only'} ({target.selection.source})"


def _target(target: TargetReport, color: bool, width: int, quiet: bool) -> list[str]:
    lines = [_paint(terminal_safe(target.path), "1", color)]
    if not quiet:
        lines.extend(wrap(terminal_safe(_selection(target)), width, "  ", "    "))
        if target.missing:
            lines.extend(wrap("missing: " + ", ".join(target.missing), width, "  ", "    "))
        if not target.findings:
            lines.append("  " + _paint("no findings", "32", color))
    for finding in target.findings:
        lines.extend(_finding(finding, target, color, width))
    hidden = suppressed(target)
    if hidden:
        lines.extend(wrap(terminal_safe(f"suppressed: {hidden}"), width, "  ", "    "))
    return lines


def _note(note: str, width: int) -> list[str]:
    """`note: <path>: <reason>`; the path (before the first `: `) stays whole."""
    text = terminal_safe(note)
    subject = text.partition(": ")[0]
    return wrap(text, width, "note: ", _INDENT, protect=(subject,))


def render(report: Report, color: bool = False, width: int = WIDTH, quiet: bool = False) -> str:
    width = max(width, MIN_WIDTH)
    lines: list[str] = []
    for target in report.targets:
        if quiet and not target.findings and not target.suppressed:
            continue
        lines.extend(_target(target, color, width, quiet))
        lines.append("")
    for note in report.notes:
        lines.extend(_note(note, width))
    if not quiet:
        lines.extend(_paint(line, "1", color) for line in wrap(summary_line(report), width))
    while lines and lines[-1] == "":
        lines.pop()
    return "".join(line + "\n" for line in lines)
