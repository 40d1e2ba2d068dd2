"""SARIF 2.1.0: valid against the official schema, every rule in the driver, repo-relative
locations with real lines, fingerprints stable across runs."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from click.testing import CliRunner

from auditor.cli.group import main
from auditor.render import Format, render
from auditor.render.location import repo_relative
from auditor.render.sarif import FINGERPRINT_KEY, sarif_log
from auditor.report import Report, TargetReport
from rules import ALL_RULES
from tests.render.reports import hostile_report, sample_report

REPO = Path(__file__).resolve().parents[2]
SCHEMA = json.loads((REPO / "tests" / "data" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
FIXTURES = REPO / "tests" / "fixtures"
TARGET_DIRS = sorted(p for p in FIXTURES.iterdir() if p.is_dir()) if FIXTURES.is_dir() else []


def validate(text: str) -> dict[str, Any]:
    data = json.loads(text)
    jsonschema.Draft4Validator.check_schema(SCHEMA)
    errors = sorted(jsonschema.Draft4Validator(SCHEMA).iter_errors(data), key=str)
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors[:5])
    assert isinstance(data, dict)
    return data


def test_schema_is_the_official_draft4_one() -> None:
    assert SCHEMA["$schema"] == "http://json-schema.org/draft-04/schema#"
    assert SCHEMA["id"].endswith("/sarif-schema-2.1.0.json")


@pytest.mark.parametrize("report", [sample_report(), hostile_report(), Report(targets=())])
def test_hand_built_reports_validate(report: Report) -> None:
    validate(render(report, Format.SARIF))


def test_driver_lists_every_rule_with_docs_and_level() -> None:
    run = validate(render(sample_report(), Format.SARIF))["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules[: len(ALL_RULES)]] == [r.code for r in ALL_RULES]
    for descriptor, rule in zip(rules, ALL_RULES, strict=False):
        assert descriptor["name"] == rule.name
        assert descriptor["shortDescription"]["text"] == rule.summary
        assert descriptor["fullDescription"]["text"]
        assert "Fix" in descriptor["help"]["text"] and descriptor["help"]["markdown"].startswith(f"## {rule.code}")
        assert (
            descriptor["defaultConfiguration"]["level"]
            == {"error": "error", "warning": "warning", "info": "note"}[rule.severity.value]
        )
    for result in run["results"]:  # ruleIndex points at the right descriptor, registered or not
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]


def test_results_levels_locations_and_messages() -> None:
    results = validate(render(sample_report(), Format.SARIF))["runs"][0]["results"]
    assert [(r["ruleId"], r["level"]) for r in results] == [
        ("UVA201", "error"),
        ("UVA301", "error"),
        ("UVA401", "warning"),
        ("UVA505", "note"),
    ]
    first = results[0]
    location = first["locations"][0]["physicalLocation"]
    assert location == {"artifactLocation": {"uri": "run-dir/model/requirements.txt"}, "region": {"startLine": 7}}
    assert (
        "Expected 2.32.3, found 2.31.0." in first["message"]["text"] and "Fix: uv export" in first["message"]["text"]
    )
    no_line = results[2]["locations"][0]["physicalLocation"]
    assert no_line == {"artifactLocation": {"uri": "run-dir/model"}}
    assert first["properties"]["package"] == "requests"


def test_fingerprints_are_stable_and_ignore_line_moves() -> None:
    report = sample_report()
    once = validate(render(report, Format.SARIF))["runs"][0]["results"]
    again = validate(render(report, Format.SARIF))["runs"][0]["results"]
    prints = [r["partialFingerprints"][FINGERPRINT_KEY] for r in once]
    assert prints == [r["partialFingerprints"][FINGERPRINT_KEY] for r in again]
    assert len(set(prints)) == len(prints)
    moved_target = replace(
        report.targets[0],
        findings=tuple(
            replace(f, line=(f.line or 0) + 5, message=f.message.replace("line 7", "line 12"))
            for f in report.targets[0].findings
        ),
    )
    moved = validate(render(replace(report, targets=(moved_target,)), Format.SARIF))["runs"][0]["results"]
    assert [r["partialFingerprints"][FINGERPRINT_KEY] for r in moved] == prints
    other = replace(moved_target, findings=(replace(moved_target.findings[0], package="urllib3"),))
    changed = sarif_log(Report(targets=(other,)))["runs"][0]["results"][0]["partialFingerprints"]
    assert changed[FINGERPRINT_KEY] != prints[0]


def test_uri_is_relative_to_the_working_directory(tmp_path: Path) -> None:
    inside = tmp_path / "repo" / "models" / "m" / "requirements.txt"
    assert repo_relative(str(inside), str(tmp_path / "repo")) == "models/m/requirements.txt"
    assert repo_relative("models\\m/uv.lock".replace("\\", "/"), str(tmp_path)) == "models/m/uv.lock"
    outside = repo_relative(str(tmp_path / "elsewhere" / "model" / "uv.lock"), str(tmp_path / "repo"))
    assert outside == "../elsewhere/model/uv.lock" and str(tmp_path) not in outside
    assert repo_relative("../x/model/uv.lock", str(tmp_path / "repo")) == "../x/model/uv.lock"
    assert repo_relative("models:/fraud@champion/uv.lock", str(tmp_path)) == "models:/fraud@champion/uv.lock"


def test_notes_become_tool_notifications() -> None:
    run = validate(render(sample_report(), Format.SARIF))["runs"][0]
    notes = run["invocations"][0]["toolExecutionNotifications"]
    assert notes == [{"level": "warning", "message": {"text": "mlruns/.trash: permission denied"}}]


@pytest.mark.skipif(not TARGET_DIRS, reason="tests/fixtures has no fixtures yet")
@pytest.mark.parametrize("fixture", TARGET_DIRS, ids=lambda p: p.name)
def test_every_fixture_validates_through_the_cli(fixture: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    rel = fixture.relative_to(REPO).as_posix()
    result = CliRunner().invoke(main, ["--format", "sarif", rel])
    assert result.exit_code in (0, 1), result.output
    data = validate(result.stdout)
    report = json.loads(CliRunner().invoke(main, ["--format", "json", rel]).stdout)
    findings = [f for t in report["targets"] for f in t["findings"]]
    results = data["runs"][0]["results"]
    assert len(results) == len(findings)
    for result_, finding in zip(results, findings, strict=True):
        location = result_["locations"][0]["physicalLocation"]
        uri = location["artifactLocation"]["uri"]
        assert uri.startswith(rel) and not uri.startswith("/") and "\\" not in uri
        assert (REPO / uri).exists()
        if finding["line"] is not None:
            assert location["region"]["startLine"] == finding["line"]


def test_absolute_temp_paths_never_leak(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    model = tmp_path / "download" / "model"
    model.mkdir(parents=True)
    (model / "pyproject.toml").write_text('[project]\nname = "demo"\nversion = "0.1.0"\n', encoding="utf-8")
    work = tmp_path / "checkout"
    work.mkdir()
    monkeypatch.chdir(work)
    result = CliRunner().invoke(main, ["--format", "sarif", str(model)])
    data = validate(result.stdout)
    uris = [r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in data["runs"][0]["results"]]
    assert uris and all(str(tmp_path) not in u for u in uris)
    assert "../download/model/pyproject.toml" in uris


def test_target_report_without_findings_has_no_results() -> None:
    empty = Report(targets=(TargetReport("m", {}, sample_report().targets[1].selection, ()),))
    assert validate(render(empty, Format.SARIF))["runs"][0]["results"] == []
