"""UVA401-UVA603 on the real MLflow 3.17.2 / uv 0.13.9 fixtures (tests/fixtures/MANIFEST.json)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from auditor import target as t
from auditor.findings import Finding, Severity
from rules import BY_CODE
from tests.builder import audit_dir, rules_of

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "fixtures"
OURS = ("UVA401", "UVA402", "UVA403", "UVA404", "UVA501", "UVA502", "UVA503", "UVA504", "UVA505", "UVA601", "UVA602",
        "UVA603")  # fmt: skip


def audit(name: str) -> tuple[Finding, ...]:
    path = FIXTURES / name
    if not path.is_dir():
        pytest.skip(f"fixture {name} is not present")
    return audit_dir(path)


def ours(findings: tuple[Finding, ...]) -> list[tuple[str, str | None]]:
    return sorted((f.rule, f.package) for f in findings if f.rule in OURS)


def test_clean_fixture_has_none_of_these_findings() -> None:
    assert ours(audit("clean")) == []


def test_no_python_version_gives_uva401_warning() -> None:
    findings = audit("no-python-version")
    assert ours(findings) == [("UVA401", None)]
    [finding] = rules_of(findings, "UVA401")
    assert finding.severity is Severity.WARNING
    assert "uv python pin 3.11.7" in (finding.fix or "")


def test_python_version_mismatch_gives_uva403() -> None:
    [finding] = rules_of(audit("python-version-mismatch"), "UVA403")
    assert (finding.expected, finding.actual) == ("3.12", "3.11.7")


def test_packaged_project_gives_uva502() -> None:
    [finding] = rules_of(audit("packaged-project"), "UVA502")
    assert finding.expected == "src/packaged_project/"
    assert ours(audit("packaged-package-false")) == []


def test_packaged_project_with_its_source_is_restorable(tmp_path: Path) -> None:
    if not (FIXTURES / "packaged-project").is_dir():
        pytest.skip("fixture packaged-project is not present")
    copy = shutil.copytree(FIXTURES / "packaged-project", tmp_path / "model")
    (copy / "src" / "packaged_project").mkdir(parents=True)
    (copy / "src" / "packaged_project" / "__init__.py").write_text("")
    assert rules_of(audit_dir(copy), "UVA502") == []


def test_path_dependency_outside_the_artifacts_gives_uva501() -> None:
    assert ours(audit("path-dependency")) == [("UVA501", "fixture-helper")]


def test_outside_interpreter_gives_uva601_for_mlflow_and_cloudpickle() -> None:
    findings = rules_of(audit("outside-interpreter"), "UVA601")
    assert sorted(f.package or "" for f in findings) == ["cloudpickle", "mlflow"]
    assert all(f.line is not None and f.file and f.file.endswith("requirements.txt") for f in findings)


def test_import_inference_gives_uva602() -> None:
    findings = audit("import-inference")
    [finding] = rules_of(findings, "UVA602")
    assert finding.severity is Severity.ERROR
    # cloudpickle is locked through mlflow-skinny there; mlflow itself is not.
    assert [f.package for f in rules_of(findings, "UVA601")] == ["mlflow"]


def test_sklearn_flavor_gives_uva001_and_nothing_that_needs_a_lock() -> None:
    findings = audit("sklearn-flavor")
    assert rules_of(findings, "UVA001")
    needing_lock = [f for f in findings if t.LOCK in BY_CODE[f.rule].needs]
    assert needing_lock == []
    assert ours(findings) == []


def test_demo_model() -> None:
    path = REPO / "examples" / "demo-model"
    if not path.is_dir():
        pytest.skip("examples/demo-model is not present")
    assert {code for code, _ in ours(audit_dir(path))} == {"UVA401", "UVA502"}


def test_every_finding_of_these_rules_on_every_fixture_has_a_fix() -> None:
    findings = [f for f in audit_dir(FIXTURES) if f.rule in OURS]
    assert findings
    assert all(f.fix and "internal error" not in f.message for f in findings)
