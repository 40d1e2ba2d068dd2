"""What `uv-audit fix` must never do: write with --diff, touch uv.lock or pyproject.toml, follow a
symlink, lose a file's mode, leave PATH, or rewrite what it cannot fix honestly."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from rules import BY_CODE
from tests.conftest import FIXTURES
from tests.fix.util import NEVER_WRITTEN, PAIR, copy, fix, hashes, rules_found


def _tree(tmp_path: Path) -> Path:
    """A copy of every real fixture (models, stores, run dirs, projects)."""
    return copy(FIXTURES, tmp_path / "fixtures")


def test_diff_writes_nothing_and_applies_to_what_fix_writes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if shutil.which("git") is None:
        pytest.skip("git is needed to apply the diff")
    first, second = _tree(tmp_path / "a"), _tree(tmp_path / "b")
    before = hashes(first)
    monkeypatch.chdir(first.parent)
    diffed = fix("fixtures", "--diff")
    assert diffed.exit_code == 1  # files would change and some targets are refused
    assert hashes(first) == before
    assert diffed.stdout.startswith("--- a/fixtures/") and "+++ b/fixtures/" in diffed.stdout
    assert "--- /dev/null\n+++ b/fixtures/no-python-version/.python-version\n" in diffed.stdout
    monkeypatch.chdir(second.parent)
    assert fix("fixtures").exit_code == 1
    (tmp_path / "patch").write_text(diffed.stdout)
    subprocess.run(["git", "apply", "--unsafe-paths", str(tmp_path / "patch")], cwd=first.parent, check=True)
    fixed = hashes(second)
    assert hashes(first) == fixed != before
    changed = {k for k in before if fixed.get(k) != before[k]} | (set(fixed) - set(before))
    assert changed and all(Path(k).name in ("requirements.txt", "conda.yaml", ".python-version") for k in changed)
    assert not any(Path(k).name in NEVER_WRITTEN for k in changed)


def test_a_fixed_tree_has_nothing_left_to_fix(tmp_path: Path) -> None:
    tree = _tree(tmp_path)
    fix(str(tree))
    again = fix(str(tree), "--diff")
    assert again.stdout == ""
    assert "would rewrite" not in again.stderr


def test_uv_lock_and_pyproject_are_never_written(tmp_path: Path) -> None:
    model = copy(PAIR / "train", tmp_path / "model")
    for name in ("uv.lock", "pyproject.toml"):
        os.chmod(model / name, 0o444)
    before = {n: (model / n).stat() for n in ("uv.lock", "pyproject.toml")}
    fix(str(model))
    for name, stat in before.items():
        now = (model / name).stat()
        assert (now.st_ino, now.st_mtime_ns, now.st_mode) == (stat.st_ino, stat.st_mtime_ns, stat.st_mode)


def test_modes_are_kept_and_writes_are_atomic_renames(tmp_path: Path) -> None:
    model = copy(PAIR / "train", tmp_path / "model")
    os.chmod(model / "requirements.txt", 0o640)
    os.chmod(model / "conda.yaml", 0o600)
    inode = (model / "requirements.txt").stat().st_ino
    assert fix(str(model)).exit_code == 1  # UVA601 remains (the lock has no MLflow)
    assert (model / "requirements.txt").read_bytes() == (PAIR / "none" / "requirements.txt").read_bytes()
    assert (model / "requirements.txt").stat().st_mode & 0o777 == 0o640
    assert (model / "conda.yaml").stat().st_mode & 0o777 == 0o600
    assert (model / "requirements.txt").stat().st_ino != inode  # replaced, not rewritten in place
    assert not [p for p in model.iterdir() if p.name.endswith(".uv-audit-fix")]


@pytest.mark.parametrize("name", ["requirements.txt", "conda.yaml"])
def test_a_symlinked_file_refuses_its_target(tmp_path: Path, name: str) -> None:
    model = copy(PAIR / "train", tmp_path / "model")
    outside = tmp_path / f"outside-{name}"
    outside.write_bytes((model / name).read_bytes())
    (model / name).unlink()
    (model / name).symlink_to(outside)
    before = outside.read_bytes()
    result = fix(str(model))
    assert f"{model}: not fixed: {name} is a symlink" in result.stderr
    assert outside.read_bytes() == before and (model / name).is_symlink()
    assert (model / "requirements.txt").read_bytes() == (PAIR / "train" / "requirements.txt").read_bytes()


def test_a_symlinked_model_directory_is_not_entered(tmp_path: Path) -> None:
    outside = copy(PAIR / "train", tmp_path / "outside")
    store = tmp_path / "store"
    copy(PAIR / "none", store / "kept")
    (store / "linked").symlink_to(outside, target_is_directory=True)
    before = hashes(outside)
    result = fix(str(store))
    assert str(store / "linked") not in result.stderr
    assert hashes(outside) == before


@pytest.mark.parametrize("uri", ["runs:/0123abcd/model", "models:/fraud/3", "models:/fraud@champion"])
def test_uris_are_refused_with_one_line(uri: str) -> None:
    result = fix(uri)
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "download" in result.stderr and uri in result.stderr


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    assert fix(str(tmp_path / "missing")).exit_code == 2
    empty = tmp_path / "empty"
    empty.mkdir()
    assert fix(str(empty)).exit_code == 2
    both = fix(str(PAIR / "none"), "--all-extras", "--extra", "serve")
    assert both.exit_code == 2 and "cannot be used with" in both.stderr


@pytest.mark.parametrize(
    ("fixture", "words"),
    [
        ("stale-lock", ("UVA101", "run `uv lock` in the project and log the model again")),
        ("packaged-project", ("UVA502", "log the model again")),
        ("path-dependency", ("UVA501", "[fixture-helper]")),
        ("project-checkout", ("not a logged model",)),
        ("sklearn-flavor", ("no uv.lock",)),
    ],
)
def test_what_cannot_be_fixed_honestly_is_refused_untouched(tmp_path: Path, fixture: str, words: tuple[str]) -> None:
    model = copy(FIXTURES / fixture, tmp_path / fixture)
    (model / "requirements.txt").write_text("tqdm\n")  # damage that a fix would otherwise repair
    before = hashes(model)
    result = fix(str(model))
    lines = [line for line in result.stderr.splitlines() if line.startswith("uv-audit fix:")]
    assert len(lines) == 1 and lines[0].startswith(f"uv-audit fix: {model}: not fixed: ")
    assert all(w in lines[0] for w in words), lines[0]
    assert hashes(model) == before
    assert result.exit_code == 1  # the report on the unchanged target


@pytest.mark.parametrize("serving", ["3.17.2", "3.18.0"])
def test_the_serving_mlflow_decides_what_is_restorable(tmp_path: Path, serving: str) -> None:
    """A packaged project without its source is refused exactly when the audit for that serving
    MLflow reports UVA502 (MLflow 3.18 does not install the project)."""
    model = copy(FIXTURES / "packaged-project", tmp_path / "packaged-project")
    (model / "requirements.txt").write_text("mlflow==3.17.2\ncloudpickle==3.1.3")
    unrestorable = "UVA502" in rules_found(model, "--serving-mlflow", serving)
    result = fix(str(model), "--serving-mlflow", serving)
    if unrestorable:
        assert "not fixed" in result.stderr and "UVA502" in result.stderr
        assert (model / "requirements.txt").read_text() == "mlflow==3.17.2\ncloudpickle==3.1.3"
    else:
        assert f"{model}: rewrote requirements.txt" in result.stderr
        real = FIXTURES / "packaged-project" / "requirements.txt"
        assert (model / "requirements.txt").read_bytes() == real.read_bytes()


def test_an_undefined_group_is_refused(tmp_path: Path) -> None:
    model = copy(PAIR / "train", tmp_path / "model")
    before = hashes(model)
    result = fix(str(model), "--group", "gpu")
    assert "not fixed" in result.stderr and "UVA303" in result.stderr
    assert hashes(model) == before


def test_the_selection_comes_from_the_environment_and_the_target(tmp_path: Path) -> None:
    model = copy(PAIR / "none", tmp_path / "model")
    assert fix(str(model), env={"MLFLOW_UV_GROUPS": "train"}).exit_code == 1
    assert (model / "requirements.txt").read_bytes() == (PAIR / "train" / "requirements.txt").read_bytes()
    other = copy(PAIR / "none", tmp_path / "configured")
    pyproject = other / "pyproject.toml"
    os.chmod(pyproject, 0o644)
    pyproject.write_text(pyproject.read_text() + '\n[tool.uv-audit]\nextras = ["serve"]\n')
    fix(str(other))
    assert (other / "requirements.txt").read_bytes() == (PAIR / "serve" / "requirements.txt").read_bytes()


@pytest.mark.parametrize("name", ["requirements.txt", "conda.yaml"])
def test_a_secret_is_refused_and_never_printed(tmp_path: Path, name: str) -> None:
    model = copy(PAIR / "train", tmp_path / "model")
    secret = "s3cr3t-t0ken-value"
    url = f"--extra-index-url https://ci:{secret}@pypi.example.com/simple"
    path = model / name
    path.write_text(
        path.read_text().replace("cloudpickle==3.1.3", f"{url}\n  - cloudpickle==3.1.3", 1)
        if name == "conda.yaml"
        else f"{url}\n{path.read_text()}"
    )
    before = hashes(model)
    for args in ((), ("--diff",)):
        result = fix(str(model), *args)
        assert f"{model}: not fixed: " in result.stderr and "rotate it" in result.stderr
        assert secret not in result.stderr and (args == () or result.stdout == "")
        assert hashes(model) == before
    if "UVA701" in BY_CODE:  # the report-wide redaction
        assert secret not in fix(str(model)).stdout


def test_the_installed_entry_point(tmp_path: Path) -> None:
    exe = Path(sys.executable).parent / "uv-audit"
    if not exe.exists():
        pytest.skip("the uv-audit entry point is not installed in this environment")
    model = copy(PAIR / "serve", tmp_path / "model")
    env = {k: v for k, v in os.environ.items() if not k.startswith("MLFLOW_UV_")}
    proc = subprocess.run([exe, "fix", str(model), "--diff"], capture_output=True, text=True, env=env)
    assert proc.returncode == 1 and proc.stdout.startswith(f"--- a/{str(model).lstrip('/')}/requirements.txt")
    assert "-rich==15.0.0" in proc.stdout
    proc = subprocess.run([exe, "fix", str(model), "--format", "json"], capture_output=True, text=True, env=env)
    assert '"schema_version": 1' in proc.stdout and "rewrote requirements.txt, conda.yaml" in proc.stderr
    assert (model / "conda.yaml").read_bytes() == (PAIR / "none" / "conda.yaml").read_bytes()
