"""Discovery finds exactly the artifact sets, in a stable order, confined to the given PATH."""

from __future__ import annotations

from pathlib import Path

import pytest

from auditor.discover import Candidate, Skipped, discover
from auditor.errors import UsageError
from tests.builder import uv_project, write_files

MODEL = {"MLmodel": "flavors: {}\n", "requirements.txt": "six==1.16.0\n", **uv_project()}


def _targets(*paths: str, **kwargs: int) -> list[str]:
    return [c.display for c in discover(list(paths), **kwargs) if isinstance(c, Candidate)]


def test_store_layouts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = tmp_path / "mlruns"
    write_files(store / "1" / "abc" / "artifacts" / "model", MODEL)
    write_files(store / "1" / "models" / "m-123" / "artifacts", MODEL)
    write_files(store / "1" / "abc", {"meta.yaml": "x: 1\n"})
    write_files(store / "2" / "def" / "artifacts" / "sk", {"MLmodel": "flavors: {}\n", "requirements.txt": "x==1\n"})
    write_files(store / "2" / "notes", {"requirements.txt": "x==1\n"})  # requirements alone: not a target
    monkeypatch.chdir(tmp_path)
    assert _targets("mlruns") == [
        "mlruns/1/abc/artifacts/model",
        "mlruns/1/models/m-123/artifacts",
        "mlruns/2/def/artifacts/sk",
    ]
    assert _targets("mlruns/") == _targets("mlruns")


def test_model_dir_and_file_inside_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_files(tmp_path / "run-dir" / "model", MODEL)
    monkeypatch.chdir(tmp_path)
    assert _targets("run-dir") == ["run-dir/model"]
    assert _targets("run-dir/model") == ["run-dir/model"]
    assert _targets("run-dir/model/uv.lock") == ["run-dir/model"]
    monkeypatch.chdir(tmp_path / "run-dir" / "model")
    assert _targets(".") == ["."]
    assert _targets("uv.lock") == ["."]


def test_workspace_members_are_not_targets_and_skip_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_files(tmp_path / "proj", uv_project())
    write_files(tmp_path / "proj" / "packages" / "member", {"pyproject.toml": '[project]\nname = "m"\n'})
    write_files(tmp_path / "proj" / ".venv" / "lib", uv_project())
    write_files(tmp_path / "proj" / "node_modules" / "x", uv_project())
    write_files(tmp_path / "proj" / "mlruns" / "0" / "r" / "artifacts" / "model", MODEL)
    monkeypatch.chdir(tmp_path)
    assert _targets("proj") == ["proj", "proj/mlruns/0/r/artifacts/model"]


def test_symlinked_directories_are_not_followed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    outside = tmp_path / "outside"
    write_files(outside, MODEL)
    inside = tmp_path / "inside"
    write_files(inside / "model", MODEL)
    (inside / "link").symlink_to(outside, target_is_directory=True)
    (inside / "loop").symlink_to(inside, target_is_directory=True)
    monkeypatch.chdir(tmp_path)
    assert _targets("inside") == ["inside/model"]


def test_depth_limit_and_missing_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    deep = tmp_path / "a" / "b" / "c" / "d"
    write_files(deep, MODEL)
    monkeypatch.chdir(tmp_path)
    with pytest.raises(UsageError, match="within --max-depth 2"):
        _targets("a", max_depth=2)
    notes = []
    with pytest.raises(UsageError):
        notes.extend(s for s in discover(["a"], max_depth=2) if isinstance(s, Skipped))
    assert notes and "max-depth" in notes[0].reason
    assert _targets("a") == ["a/b/c/d"]
    with pytest.raises(UsageError):
        list(discover(["does-not-exist"]))


def test_deterministic_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ["b", "a", "c", "a2", "B"]:
        write_files(tmp_path / name, MODEL)
    monkeypatch.chdir(tmp_path)
    first = _targets(".")
    assert first == sorted(first) and len(first) == 5
    assert first == _targets(".")


def test_files_of_one_target_audit_it_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_files(tmp_path / "d", MODEL)
    monkeypatch.chdir(tmp_path)
    assert _targets("d/pyproject.toml", "d/uv.lock", "d", "d/requirements.txt") == ["d"]


def test_project_checkout_with_one_requirements_variant(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from auditor.load import load_target

    files = {**uv_project(), "requirements-serve.txt": "six==1.16.0\n"}
    write_files(tmp_path / "proj", files)
    monkeypatch.chdir(tmp_path)
    [candidate] = [c for c in discover(["proj/requirements-serve.txt"]) if isinstance(c, Candidate)]
    target = load_target(candidate)
    assert target.file("requirements.txt") == "proj/requirements-serve.txt"
    assert target.requirements is not None and target.requirements.lines[0].name == "six"
    write_files(tmp_path / "proj", {"requirements-dev.txt": "pytest==8\n"})  # two variants: ambiguous, none used
    [candidate] = [c for c in discover(["proj"]) if isinstance(c, Candidate)]
    assert load_target(candidate).requirements is None
