"""The JSON report (SPEC §5, schema_version 1) through templates/report.json.j2."""

from __future__ import annotations

from auditor.render.templates import environment
from auditor.report import Report


def render(report: Report, color: bool = False) -> str:
    template = environment().get_template("report.json.j2")
    return template.render(report=report, summary=report.summary())
