from __future__ import annotations

from pathlib import Path

from auditor import config as cfg
from auditor.context import AuditContext
from auditor.discover import Candidate, discover
from auditor.load import load_target
from rules.mlflow import is_inferred
from tests.builder import Pkg, audit_files, rules_of, uv_project, write_files

PACKAGES = [Pkg(n, "1.0", deps=[f"{n}-dep"]) for n in ("alpha", "beta", "gamma")] + [
    Pkg(f"{n}-dep", "1.0") for n in ("alpha", "beta", "gamma")
]


def project(requirements: str) -> dict[str, str]:
    files = uv_project(dependencies=["alpha", "beta", "gamma"], packages=PACKAGES)
    files["requirements.txt"] = requirements
    return files


def test_fires_for_an_import_inferred_file(tmp_path: Path) -> None:
    findings = audit_files(tmp_path, project("mlflow==3.17.2\ncloudpickle==3.1.3\nalpha==1.0"))
    [finding] = rules_of(findings, "UVA602")
    assert finding.package is None and finding.actual == "1 of them" and finding.expected == "6 packages from uv.lock"
    assert "uv export" in (finding.fix or "")


def test_half_or_more_is_an_export_with_gaps_not_inference(tmp_path: Path) -> None:
    text = "alpha==1.0\nalpha-dep==1.0\nbeta==1.0"
    assert rules_of(audit_files(tmp_path, project(text)), "UVA602") == []


def test_mlflow_lines_do_not_count_as_export_packages(tmp_path: Path) -> None:
    files = uv_project(
        dependencies=["mlflow-skinny", "alpha"], packages=[Pkg("mlflow-skinny", "3.17.2"), Pkg("alpha", "1")]
    )
    files["requirements.txt"] = "mlflow-skinny==3.17.2\ncloudpickle==3.1.3"
    assert len(rules_of(audit_files(tmp_path, files), "UVA602")) == 1


def test_is_inferred_helper(tmp_path: Path) -> None:
    for name, text, expected in (
        ("a", "mlflow==3.17.2\nalpha==1.0", True),
        ("b", "\n".join(f"{n}==1.0" for n in ("alpha", "beta", "gamma", "alpha-dep", "beta-dep", "gamma-dep")), False),
    ):
        root = write_files(tmp_path / name, project(text))
        [candidate] = [c for c in discover([str(root)]) if isinstance(c, Candidate)]
        target = load_target(candidate, 1 << 20)
        assert is_inferred(target, AuditContext(cfg.Config(), target)) is expected
