"""The audited files cannot switch the gate off unseen (SPEC §4, §5, §6): a model's own
`[tool.uv-audit]` and inline ignores are listed as suppressed (or ignored with --isolated), an
invalid one is that model's UVA004 and never stops a store, and an empty download is an error."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from auditor.cli.group import main
from tests.conftest import FIXTURES, validate_report


def _run(*args: str) -> tuple[int, dict[str, object], str]:
    result = CliRunner().invoke(main, [*args, "--format", "json", "--no-progress"])
    data = validate_report(result.stdout) if result.stdout.strip() else {}
    return result.exit_code, data, result.stderr


def _targets(data: dict[str, object]) -> dict[str, dict[str, object]]:
    targets = data["targets"]
    assert isinstance(targets, list)
    return {Path(str(t["path"])).name: t for t in targets}


def _store(tmp_path: Path) -> Path:
    store = tmp_path / "store"
    silenced = store / "silenced"
    shutil.copytree(FIXTURES / "train-leak-default-groups", silenced)
    with open(silenced / "pyproject.toml", "a", encoding="utf-8") as handle:
        handle.write('\n[tool.uv-audit]\nignore = ["UVA"]\n')
    invalid = store / "invalid"
    shutil.copytree(FIXTURES / "clean", invalid)
    with open(invalid / "pyproject.toml", "a", encoding="utf-8") as handle:
        handle.write("\n[tool.uv-audit]\nbogus = 1\n")
    shutil.copytree(FIXTURES / "packaged-project", store / "packaged")
    return store


def test_a_store_is_never_stopped_or_silenced_by_one_model(tmp_path: Path) -> None:
    store = _store(tmp_path)
    code, data, stderr = _run(str(store))
    assert code == 1 and stderr == ""
    targets = _targets(data)
    assert set(targets) == {"silenced", "invalid", "packaged"}

    silenced = targets["silenced"]
    assert silenced["findings"] == []
    suppressed = silenced["suppressed"]
    assert isinstance(suppressed, list)
    assert {"rule": "UVA301", "package": "tqdm", "by": "target-config"} in suppressed
    assert all(s["by"] == "target-config" for s in suppressed)

    [invalid] = [f for f in targets["invalid"]["findings"] if f["rule"] == "UVA004"]  # type: ignore[attr-defined]
    lines = (store / "invalid" / "pyproject.toml").read_text().splitlines()
    assert invalid["file"].endswith("invalid/pyproject.toml") and lines[invalid["line"] - 1] == "bogus = 1"
    assert "bogus" in invalid["message"]
    assert targets["packaged"]["findings"], "the other models are audited"
    summary = data["summary"]
    assert isinstance(summary, dict) and summary["suppressed"] == len(suppressed)

    text = CliRunner().invoke(main, [str(store), "--no-progress"]).stdout
    flat = text.replace("\n    ", " ")
    assert "  suppressed: " in flat and "UVA301 tqdm (target-config)" in flat


def test_isolated_reports_what_the_model_silenced(tmp_path: Path) -> None:
    store = _store(tmp_path)
    code, data, _ = _run(str(store), "--isolated")
    assert code == 1
    targets = _targets(data)
    rules = {f["rule"] for f in targets["silenced"]["findings"]}  # type: ignore[attr-defined]
    assert "UVA301" in rules and targets["silenced"]["suppressed"] == []
    assert not [f for f in targets["invalid"]["findings"] if f["rule"] == "UVA004"]  # type: ignore[attr-defined]


def test_inline_ignores_are_listed_and_isolated_ignores_them(tmp_path: Path) -> None:
    model = tmp_path / "model"
    shutil.copytree(FIXTURES / "train-leak-default-groups", model)
    requirements = model / "requirements.txt"
    lines = requirements.read_text().split("\n")
    lines = [line + "  # uv-audit: ignore[UVA301]" if line.startswith("tqdm==") else line for line in lines]
    requirements.write_text("\n".join(lines))
    _, data, _ = _run(str(model))
    [target] = _targets(data).values()
    assert "tqdm" not in {f["package"] for f in target["findings"]}  # type: ignore[attr-defined]
    assert {"rule": "UVA301", "package": "tqdm", "by": "inline"} in target["suppressed"]  # type: ignore[operator]
    _, data, _ = _run(str(model), "--isolated")
    [target] = _targets(data).values()
    assert "tqdm" in {f["package"] for f in target["findings"]}  # type: ignore[attr-defined]


def test_options_suppressions_are_listed(tmp_path: Path) -> None:
    _, data, _ = _run(str(FIXTURES / "no-python-version"), "--ignore", "UVA401")
    [target] = _targets(data).values()
    assert {"rule": "UVA401", "package": None, "by": "options"} in target["suppressed"]  # type: ignore[operator]
    assert "UVA401" not in {f["rule"] for f in target["findings"]}  # type: ignore[attr-defined]


def test_an_empty_download_is_a_usage_error(tmp_path: Path) -> None:
    empty = tmp_path / "run-dir"
    (empty / "nothing-here").mkdir(parents=True)
    result = CliRunner().invoke(main, [str(empty)])
    assert result.exit_code == 2 and result.stdout == ""
    [line] = result.stderr.strip().splitlines()
    assert "no artifact set" in line and "-a model" in line and "runs:/RUN_ID/model" in line


def test_github_and_sarif_paths_keep_models_apart(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for team in ("a", "b", "c"):
        shutil.copytree(FIXTURES / "train-leak-default-groups", tmp_path / "models" / team / "model")
    (tmp_path / "repo").mkdir()
    monkeypatch.chdir(tmp_path / "repo")
    models = str(tmp_path / "models")
    github = CliRunner().invoke(main, [models, "--format", "github"]).stdout
    files = set(re.findall(r"file=([^,]+),", github))
    assert {f.split("/")[2] for f in files} == {"a", "b", "c"} and all(f.startswith("../models/") for f in files)
    sarif = json.loads(CliRunner().invoke(main, [models, "--format", "sarif"]).stdout)
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in sarif["runs"][0]["results"]}
    assert {u.split("/")[2] for u in uris} == {"a", "b", "c"} and all(u.startswith("../models/") for u in uris)
    rooted = CliRunner().invoke(main, [models, "--format", "github", "--root", str(tmp_path / "models")]).stdout
    assert {f.split("/")[0] for f in re.findall(r"file=([^,]+),", rooted)} == {"a", "b", "c"}
