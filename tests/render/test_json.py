from __future__ import annotations

from auditor.render import Format, render
from tests.conftest import validate_report
from tests.render.reports import HOSTILE, hostile_report, sample_report


def test_json_matches_the_schema_and_the_findings() -> None:
    data = validate_report(render(sample_report(), Format.JSON))
    assert data["summary"] == {"targets": 2, "findings": 4, "error": 2, "warning": 1, "info": 1, "suppressed": 0}
    targets = data["targets"]
    assert isinstance(targets, list)
    assert [f["rule"] for f in targets[0]["findings"]] == ["UVA201", "UVA301", "UVA401", "UVA505"]


def test_json_round_trips_hostile_values() -> None:
    data = validate_report(render(hostile_report(), Format.JSON))
    targets = data["targets"]
    assert isinstance(targets, list)
    assert targets[0]["findings"][0]["package"] == HOSTILE
