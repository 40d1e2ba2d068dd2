"""The JSON report (SPEC §5, schema_version 1) through templates/report.json.j2."""

from __future__ import annotations

from collections.abc import Iterator

from auditor.render.templates import environment
from auditor.report import Report


def render(report: Report, color: bool = False) -> str:
    return "".join(stream(report, color))


def stream(report: Report, color: bool = False) -> Iterator[str]:
    """The same text in pieces, as the template produces them."""
    template = environment().get_template("report.json.j2")
    return template.generate(report=report, summary=report.summary())
