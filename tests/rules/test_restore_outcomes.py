"""The restore rules against real restores: for every fixture in tests/fixtures/restore and every
procedure that scripts/gen_restore_fixtures.py ran for real (uv 0.13.9, each MLflow version's
flags, then `mlflow.pyfunc.load_model` in the restored environment), an error-severity UVA501,
UVA502 or UVA506 fires exactly when that restore failed or the model failed to load. The outcomes
are committed, so this runs everywhere; regenerating them needs uv, MLflow and the registry."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from auditor.cli.group import main

REPO = Path(__file__).resolve().parents[2]
RESTORE = REPO / "tests" / "fixtures" / "restore"
OUTCOMES: dict[str, Any] = json.loads((RESTORE / "outcomes.json").read_text()) if RESTORE.is_dir() else {}
SERVING = {"uv-sync": "3.17.2", "uv-sync-no-install-project": "3.18.0", "uv-pip-requirements": None}
"""A release of each procedure's range (outcomes.json `procedures`)."""
CASES = [
    (name, procedure) for name, fixture in OUTCOMES.get("fixtures", {}).items() for procedure in fixture["outcomes"]
]


def _restore_findings(directory: Path, *args: str) -> list[dict[str, Any]]:
    result = CliRunner().invoke(main, [str(directory), "--format", "json", "--select", "UVA5", *args])
    assert result.exit_code in (0, 1), result.output
    findings = [f for t in json.loads(result.stdout)["targets"] for f in t["findings"]]
    return [f for f in findings if f["rule"] in ("UVA501", "UVA502", "UVA506") and f["severity"] == "error"]


@pytest.mark.skipif(not CASES, reason="tests/fixtures/restore is missing")
@pytest.mark.parametrize(("name", "procedure"), CASES, ids=[f"{n}:{p}" for n, p in CASES])
def test_findings_agree_with_the_real_restore(name: str, procedure: str) -> None:
    outcome = OUTCOMES["fixtures"][name]["outcomes"][procedure]
    version = SERVING[procedure]
    assert version is None or OUTCOMES["procedures"][procedure]["mlflow_versions"].startswith(">=")
    findings = _restore_findings(RESTORE / name, *(("--serving-mlflow", version) if version else ()))
    broken = not outcome["restored"] or not outcome["loaded"]
    assert bool(findings) == broken, (outcome["error"], (outcome.get("load") or {}).get("error"), findings)
    if not outcome["restored"]:
        assert {f["rule"] for f in findings} <= {"UVA501", "UVA502"}
    elif not outcome["loaded"]:
        missing = outcome["load"]["missing_module"]
        assert [f["rule"] for f in findings] == ["UVA506"] and f"No module named '{missing}'" in findings[0]["message"]


@pytest.mark.skipif(not CASES, reason="tests/fixtures/restore is missing")
def test_the_serving_mlflow_decides_and_defaults_to_the_logged_one() -> None:
    packaged = RESTORE / "packaged-no-source"
    assert [f["rule"] for f in _restore_findings(packaged, "--serving-mlflow", "3.17.2")] == ["UVA502"]
    assert _restore_findings(packaged, "--serving-mlflow", "3.18.0") == []
    [default] = _restore_findings(packaged)  # MLmodel says 3.17.2
    assert (
        "restored as MLflow 3.17.2 does: uv sync --frozen --no-dev, from MLmodel's mlflow_version" in default["message"]
    )
    imports = RESTORE / "model-in-package"
    [finding] = _restore_findings(imports, "--serving-mlflow", "3.18.0")
    assert finding["rule"] == "UVA506" and "from --serving-mlflow" in finding["message"]
    [newer] = _restore_findings(imports, "--serving-mlflow", "3.21.0")
    assert "assumed to behave like 3.18.0, the newest known" in newer["message"]
