"""GitHub Actions workflow commands: one annotation per finding.

    ::error file=model/requirements.txt,line=7,title=UVA301 group-leak::tqdm is only reachable ...

Escaping is exactly `@actions/core`'s (`toCommandValue` / `escapeData` / `escapeProperty`):
data escapes `%`, CR and LF; property values also escape `:` and `,`.
"""

from __future__ import annotations

from auditor.findings import Finding, Severity
from auditor.render.location import repo_relative
from auditor.render.parts import details
from auditor.report import Report

COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def command(name: str, properties: dict[str, str], message: str) -> str:
    """`::name key=value,...::message`, escaped; properties with empty values are left out."""
    props = ",".join(f"{key}={escape_property(value)}" for key, value in properties.items() if value)
    return f"::{name}{' ' + props if props else ''}::{escape_data(message)}"


def annotation(finding: Finding, target_path: str, base: str | None = None) -> str:
    properties = {"file": repo_relative(finding.file or target_path, base)}
    if finding.line is not None and finding.line >= 1:
        properties["line"] = str(finding.line)
    title = f"{finding.rule} {finding.name}"
    if finding.package:
        title += f" ({finding.package})"
    properties["title"] = title
    return command(COMMANDS[finding.severity], properties, details(finding))


def render(report: Report, color: bool = False) -> str:
    lines = [annotation(f, t.path, report.root) for t in report.targets for f in t.findings]
    return "".join(line + "\n" for line in lines)
