"""The JSON report is written without Jinja, byte for byte as the template it replaced
(`tests/render/report.json.j2`, the last one the renderer used) renders it: on hand-built
reports with hostile and non-ASCII values, suppressed findings and no target at all, and on the
reports of every fixture and corpus target."""

from __future__ import annotations

from pathlib import Path

import jinja2
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from auditor.api import audit_paths
from auditor.findings import Suppressed, Suppressor
from auditor.render import json as json_report
from auditor.report import Report, SelectionInfo, TargetReport
from tests.render.reports import ARTIFACTS_ALL, HOSTILE, finding, sample_report

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
CORPUS = REPO.parent / "shared" / "corpus"


def _template(report: Report) -> str:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(HERE)),
        autoescape=jinja2.select_autoescape(enabled_extensions=("html", "htm", "xml", "j2"), default=True),
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )
    return "".join(env.get_template("report.json.j2").generate(report=report, summary=report.summary()))


def _odd_report() -> Report:
    odd = finding(package=HOSTILE, message="é & ' \" \\ \u2028 \x00 <b>", expected="a'b", actual=None, fix="x>y")
    hidden = Suppressed(finding("UVA401", package=None, line=None, file=None), Suppressor.INLINE)
    target = TargetReport(
        path="dir/'quoted' <path>",
        artifacts=ARTIFACTS_ALL,
        selection=SelectionInfo(groups=("a", "b&c"), extras=("x",), source="cli"),
        findings=(odd,),
        suppressed=(hidden, Suppressed(finding(), Suppressor.TARGET_CONFIG)),
    )
    clean = TargetReport(path="clean", artifacts={}, selection=SelectionInfo(), findings=())
    return Report(targets=(target, clean), version="1.0<'&>")


@pytest.mark.parametrize(
    "report", [sample_report(), _odd_report(), Report(targets=())], ids=["sample", "odd", "empty"]
)
def test_json_is_the_templates_text(report: Report) -> None:
    assert json_report.render(report) == _template(report)
    assert "".join(json_report.stream(report)) == _template(report)


@pytest.mark.parametrize("path", [REPO / "tests" / "fixtures", CORPUS], ids=["fixtures", "corpus"])
def test_json_of_real_audits_is_the_templates_text(path: Path) -> None:
    if not path.is_dir():
        pytest.skip(f"{path} is absent")
    report = audit_paths([str(path)], jobs=1, progress=False)
    assert len(report.targets) > 10 and any(t.findings for t in report.targets)
    assert json_report.render(report) == _template(report)


@settings(max_examples=500, deadline=None)
@given(value=st.text(alphabet="<>&'\"\\ aé\u2028\n\x00") | st.none() | st.booleans() | st.integers())
def test_each_value_is_encoded_as_jinjas_tojson_encodes_it(value: object) -> None:
    assert json_report._js(value) == str(jinja2.Environment().from_string("{{ v|tojson }}").render(v=value))
