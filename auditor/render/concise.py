"""One line per finding (SPEC §5), for grep, editors' quickfix lists and a quick look:

    run-dir/model/requirements.txt:12: UVA301 group-leak [colorama] colorama reaches ...

A finding without a line names its file alone; one without a file names its target. After the
findings of a target come what its configuration suppressed (one line, never hidden), then notes
and the summary line; `quiet` drops the summary. Never wrapped: a line is as long as its message.
"""

from __future__ import annotations

from auditor.findings import Finding, Severity
from auditor.render.parts import location, summary_line, suppressed, terminal_safe
from auditor.report import Report

_COLORS = {Severity.ERROR: "31", Severity.WARNING: "33", Severity.INFO: "36"}


def line(finding: Finding, target_path: str, color: bool = False) -> str:
    """`file:line: CODE name [package] message`."""
    code = f"\033[{_COLORS[finding.severity]}m{finding.rule}\033[0m" if color else finding.rule
    package = f" [{terminal_safe(finding.package)}]" if finding.package else ""
    where = terminal_safe(location(finding, target_path))
    return f"{where}: {code} {finding.name}{package} {terminal_safe(finding.message)}"


def render(report: Report, color: bool = False, quiet: bool = False) -> str:
    lines: list[str] = []
    for target in report.targets:
        lines.extend(line(f, target.path, color) for f in target.findings)
        hidden = suppressed(target)
        if hidden:
            lines.append(terminal_safe(f"{target.path}: suppressed: {hidden}"))
    lines.extend(terminal_safe(f"note: {note}") for note in report.notes)
    if not quiet:
        lines.append(summary_line(report))
    return "".join(item + "\n" for item in lines)
