"""Several reports from one run fetch each remote model once (issue 19): the access log of a real
MLflow tracking server shows one download of each uv file, however many `-o` reports are written."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

pytest.importorskip("mlflow")

from auditor.cli.group import main
from tests.remote.conftest import Logged


def _downloads(logged: Logged, offset: int, name: str) -> list[str]:
    return [line for line in logged.server.requests_since(offset) if f"/{name} " in line]


def test_every_report_from_one_fetch(logged: Logged, tmp_path: Path) -> None:
    uris = [f"runs:/{logged.models['leak']['run_id']}/model", "models:/uv-audit-clean@champion"]
    reports = {fmt: tmp_path / f"report.{ext}" for fmt, ext in (("html", "html"), ("sarif", "sarif"), ("json", "json"))}
    specs = [arg for fmt, path in reports.items() for arg in ("-o", f"{path}:{fmt}")]
    offset = logged.server.log_offset()
    result = CliRunner().invoke(
        main, [*uris, *specs, "--tracking-uri", logged.uri, "--format", "concise"], catch_exceptions=False
    )
    assert result.exit_code == 1, result.stderr  # the leak
    assert len(_downloads(logged, offset, "uv.lock")) == len(uris)  # once per model, not once per report
    assert len(_downloads(logged, offset, "MLmodel")) == len(uris)
    data = json.loads(reports["json"].read_text(encoding="utf-8"))
    assert [t["path"] for t in data["targets"]] == uris
    sarif = json.loads(reports["sarif"].read_text(encoding="utf-8"))
    rules = sorted(f["rule"] for t in data["targets"] for f in t["findings"])
    assert sorted(r["ruleId"] for r in sarif["runs"][0]["results"]) == rules
    assert reports["html"].read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    *lines, _summary = result.stdout.splitlines()  # stdout: the concise report of the same audit
    assert sorted(line.split(": ", 1)[1].split()[0] for line in lines) == rules
