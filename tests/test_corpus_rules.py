"""Acceptance on ../shared/corpus: with a requirements.txt made from each project's real `mlflow`
export variant, the UVA1xx-UVA3xx rules find nothing but the staleness real `uv lock --check`
found online, and each stale copy gives UVA101 for exactly its mutated requirement."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from packaging.requirements import Requirement

from auditor.findings import Finding
from auditor.run import RunOptions
from tests.builder import audit_dir
from tests.conftest import CORPUS

FAMILY = ("UVA1", "UVA2", "UVA3")


def _manifest() -> list[dict[str, object]]:
    path = CORPUS / "manifest.json"
    return json.loads(path.read_text()) if path.is_file() else []


def _mlflow_rewrite(text: str) -> str:
    """MLflow's rewriting of `uv export` output (SPEC §1), local lines kept as they are."""
    lines = []
    for raw in text.splitlines():
        if not raw.strip() or raw.startswith(("#", "-e", ".")):
            lines.append(raw)
            continue
        lines.append(str(Requirement(raw)))
    return "\n".join(sorted(lines))


def _default_groups(target: Path) -> set[str]:
    from auditor.pyproject import parse_pyproject

    project = parse_pyproject((target / "pyproject.toml").read_text())
    defaults = project.tool_uv.default_groups
    if defaults == "all":
        return set(project.dependency_groups) - {"dev"}
    return set(defaults or ()) - {"dev"}


def _copy_project(entry: dict[str, object], tmp_path: Path, rewrite: bool) -> Path:
    source = CORPUS / str(entry["name"]) / str(entry["project_dir"])
    target = tmp_path / "model"
    target.mkdir()
    for name in ("uv.lock", "pyproject.toml", ".python-version"):
        if (source / name).is_file():
            shutil.copy(source / name, target / name)
    for member in entry.get("member_dirs") or []:  # type: ignore[attr-defined]
        member_src = CORPUS / str(entry["name"]) / str(member) / "pyproject.toml"
        relative = (CORPUS / str(entry["name"]) / str(member)).relative_to(CORPUS / str(entry["name"]))
        if member_src.is_file() and not str(member).startswith(".."):
            (target / relative).mkdir(parents=True, exist_ok=True)
            shutil.copy(member_src, target / relative / "pyproject.toml")
    export = (CORPUS / str(entry["name"]) / ".expected" / "mlflow.txt").read_text()
    (target / "requirements.txt").write_text(_mlflow_rewrite(export) if rewrite else export)
    return target


@pytest.mark.parametrize("rewrite", [False, True], ids=["uv-export", "mlflow-rewritten"])
@pytest.mark.parametrize("entry", _manifest(), ids=lambda e: str(e["name"]))
def test_corpus_rule_families(entry: dict[str, object], rewrite: bool, tmp_path: Path) -> None:
    if entry["project_dir"] != ".":
        pytest.skip("path sources point outside the entry; the project is audited from its checkout")
    if not (CORPUS / str(entry["name"]) / ".expected" / "mlflow.txt").is_file():
        pytest.skip("no mlflow variant for this entry")
    target = _copy_project(entry, tmp_path, rewrite)
    findings = [f for f in audit_dir(target) if f.rule.startswith(FAMILY)]
    defaults = _default_groups(target)
    if defaults:
        # MLflow's `--no-dev` export still holds these default groups: by default that IS the
        # leak UVA301 reports (and only through those groups); declared intended, nothing is left.
        leaks = [f for f in findings if f.rule in ("UVA301", "UVA302")]
        assert all(f.rule == "UVA301" and str(f.actual).split(" -> ")[0] in defaults for f in leaks), [
            (f.rule, f.actual) for f in leaks
        ]
        options = RunOptions(paths=(str(target),), groups=tuple(sorted(defaults)))
        findings = [f for f in audit_dir(target, options=options) if f.rule.startswith(FAMILY)]
    stale = [f for f in findings if f.rule in ("UVA101", "UVA103")]
    # a mutation that raises a lower bound past the locked version also leaves the lock unsatisfied
    unsatisfied = [
        f for f in findings if f.rule == "UVA102" and entry.get("stale_of") and str(f.package) in str(entry["mutation"])
    ]
    others = [f for f in findings if f not in stale and f not in unsatisfied]
    assert not others, [(f.rule, f.package, f.message) for f in others]
    assert not any("internal error" in f.message for f in findings)
    verdict = entry["lock_check_online"]
    if entry.get("stale_of"):
        mutation = str(entry["mutation"])
        if verdict == "undecided" and not stale:
            pytest.skip(f"uv itself could not decide: {mutation}")
        base_entry = next(e for e in _manifest() if e["name"] == entry["stale_of"])
        (tmp_path / "base").mkdir()
        base = {_key(f) for f in audit_dir(_copy_project(base_entry, tmp_path / "base", rewrite))}
        new = [f for f in stale if _key(f) not in base]
        assert len(new) == 1, [(f.package, f.message) for f in stale]
        assert Path(str(new[0].file)).name == Path(str(entry["mutated_file"])).name
        if new[0].package is not None:
            assert new[0].package in mutation.lower().replace("_", "-"), (new[0].package, mutation)
        else:
            assert "requires-python" in mutation or "version" in mutation, (new[0].message, mutation)
    elif verdict == "stale":
        assert stale, f"{entry['name']}: uv lock --check found the lock stale"
    elif verdict == "fresh":
        assert not stale, [(f.package, f.message) for f in stale]


def _key(finding: Finding) -> tuple[str, str | None, str | None, str | None, str | None]:
    return (finding.rule, finding.file and Path(finding.file).name, finding.package, finding.expected, finding.actual)
