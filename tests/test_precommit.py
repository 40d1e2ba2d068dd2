"""The pre-commit hook runs for real: `pre-commit try-repo` installs this checkout into a hook
environment and runs `uv-audit` on a fixture repository. Skips when pre-commit is absent.

try-repo installs the repository at HEAD, so the working tree is copied into a temporary git
repository and committed first (uncommitted changes are what is tested). The files to copy come
from `git ls-files` in a git checkout, else from walking the tree (an unpacked sdist or tarball).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO / "tests" / "fixtures"
SKIP = ("tests/", "examples/", "scripts/")
"""Not needed to build and install the hook (the fixtures are large)."""
NEVER = frozenset({".git", ".venv", ".ci-venv", "__pycache__", ".mypy_cache", ".ruff_cache", ".pytest_cache", "build"})


def _checkout_files() -> list[str]:
    """The files of this checkout: git's list when it is one, else every file below it."""
    try:
        listed = subprocess.run(
            ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
            cwd=REPO,
            capture_output=True,
            check=True,
        ).stdout.decode()
        return [name for name in listed.split("\0") if name]
    except (OSError, subprocess.CalledProcessError):
        pass
    out = []
    for path in sorted(REPO.rglob("*")):
        relative = path.relative_to(REPO)
        if path.is_file() and not NEVER & set(relative.parts) and not relative.name.endswith(".egg-info"):
            out.append(relative.as_posix())
    return out


def _pre_commit() -> list[str]:
    exe = shutil.which("pre-commit", path=str(Path(sys.executable).parent)) or shutil.which("pre-commit")
    if exe is None:
        pytest.skip("pre-commit is not installed")
    return [exe]


def _git(cwd: Path, *args: str) -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.invalid"}
    env |= {"GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.invalid"}
    subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True)


def _commit_tree(path: Path) -> None:
    _git(path, "init", "-q", "-b", "main")
    _git(path, "add", "-A")
    _git(path, "-c", "commit.gpgsign=false", "commit", "-q", "-m", "snapshot")


def test_hook_definition() -> None:
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    (hook,) = hooks
    assert hook["id"] == "uv-audit" and hook["entry"] == "uv-audit" and hook["language"] == "python"
    assert hook["pass_filenames"] is True
    files = re.compile(hook["files"])
    for name in ("uv.lock", "pyproject.toml", "requirements.txt", "requirements-serve.txt", ".python-version"):
        assert files.search(name) and files.search(f"models/m/{name}"), name
    for name in ("README.md", "src/uv.lock.bak", "notrequirements.txt/x.py", "python-version"):
        assert not files.search(name), name


@pytest.mark.skipif(not (FIXTURES / "project-checkout").is_dir(), reason="tests/fixtures/project-checkout is missing")
def test_try_repo_passes_a_clean_project_and_fails_a_stale_lock(tmp_path: Path) -> None:
    pre_commit = _pre_commit()
    hook_repo = tmp_path / "uv-audit"
    hook_repo.mkdir()
    if shutil.which("git") is None:
        pytest.skip("git is needed to make the hook repository and the project repository")
    for name in _checkout_files():
        source = REPO / name
        if name.startswith(SKIP) or not source.is_file():
            continue
        (hook_repo / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, hook_repo / name)
    _commit_tree(hook_repo)

    project = tmp_path / "project"
    shutil.copytree(FIXTURES / "project-checkout", project)
    _commit_tree(project)
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "cache"), "NO_COLOR": "1"}
    env.pop("VIRTUAL_ENV", None)
    cmd = [*pre_commit, "try-repo", str(hook_repo), "uv-audit", "--all-files", "--color", "never"]

    clean = subprocess.run(cmd, cwd=project, env=env, capture_output=True, text=True, timeout=600)
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert re.search(r"uv-audit\.+Passed", clean.stdout), clean.stdout

    pyproject = project / "pyproject.toml"
    text = pyproject.read_text(encoding="utf-8")
    edited = re.sub(r"dependencies = \[", 'dependencies = [\n    "uv-audit-not-locked>=1",', text, count=1)
    assert edited != text
    pyproject.write_text(edited, encoding="utf-8")
    _git(project, "add", "-A")
    stale = subprocess.run(cmd, cwd=project, env=env, capture_output=True, text=True, timeout=600)
    assert stale.returncode == 1, stale.stdout + stale.stderr
    assert re.search(r"uv-audit\.+Failed", stale.stdout), stale.stdout
    assert "UVA101" in stale.stdout and "uv-audit-not-locked" in stale.stdout
    edited_line = edited.splitlines().index('    "uv-audit-not-locked>=1",') + 1
    assert f"pyproject.toml:{edited_line}" in stale.stdout, stale.stdout

    pyproject.write_text(text, encoding="utf-8")
    (project / ".python-version").unlink()
    _git(project, "add", "-A")
    unpinned = subprocess.run(cmd, cwd=project, env=env, capture_output=True, text=True, timeout=600)
    assert unpinned.returncode == 1 and "UVA401" in unpinned.stdout, unpinned.stdout
    assert "models logged from it" in " ".join(unpinned.stdout.split()), unpinned.stdout
    assert "MLmodel" not in unpinned.stdout and "log the model again" not in unpinned.stdout
