"""The static lock check against real `uv lock --check` (uv 0.13.9) on edits of a project locked
for real in this run: each edit of pyproject.toml after `uv lock` is fresh or stale for uv, and
UVA101/UVA103 say the same. Needs uv and the package registry; skips cleanly without them."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from auditor.api import audit_paths
from tests.realuv import uv_binary

BASE = """[project]
name = "demo"
version = "0.1.0"
requires-python = ">=3.10"
dependencies = ["six>=1.16", "idna", "attrs[tests]>=23; python_version >= '3.10'"]

[project.optional-dependencies]
web = ["certifi"]

[dependency-groups]
dev = ["packaging"]
lint = [{include-group = "dev"}, "tomli"]

[tool.uv]
package = false
"""
IDNA_WHEEL = (
    "https://files.pythonhosted.org/packages/76/c6/c88e154df9c4e1a2a66ccf0005a88dfb2650c1dffb6f5ce603dfbd452ce3/"
    "idna-3.10-py3-none-any.whl"
)


def _sub(old: str, new: str) -> Callable[[str], str]:
    def edit(text: str) -> str:
        assert old in text, old
        return text.replace(old, new, 1)

    return edit


EDITS: dict[str, Callable[[str], str] | None] = {
    "unchanged": None,
    "dep-extra-added": _sub('"idna"', '"idna[all]"'),
    "dep-extra-removed": _sub("attrs[tests]", "attrs"),
    "dep-marker-changed": _sub("python_version >= '3.10'", "python_version >= '3.11'"),
    "dep-specifier-added": _sub('"six>=1.16"', '"six>=1.16,<2"'),
    "dep-case-changed": _sub('"six>=1.16"', '"SIX>=1.16"'),
    "dep-respelled": _sub('"idna"', '"IDNA"'),
    "dep-duplicated": _sub('"idna",', '"idna", "idna",'),
    "dep-direct-url": _sub('"idna"', f'"idna @ {IDNA_WHEEL}"'),
    "extra-added": _sub('web = ["certifi"]', 'web = ["certifi"]\ncli = ["six"]'),
    "extra-removed": _sub('web = ["certifi"]\n', ""),
    "extra-dep-added": _sub('web = ["certifi"]', 'web = ["certifi", "idna"]'),
    "include-group-removed": _sub('lint = [{include-group = "dev"}, "tomli"]', 'lint = ["tomli"]'),
    "group-added": _sub("lint = [", 'docs = ["six"]\nlint = ['),
    "group-removed": _sub('lint = [{include-group = "dev"}, "tomli"]\n', ""),
    "group-dep-marker-added": _sub('dev = ["packaging"]', "dev = [\"packaging; sys_platform == 'linux'\"]"),
    "version-bumped": _sub('version = "0.1.0"', 'version = "0.2.0"'),
    "name-changed": _sub('name = "demo"', 'name = "demo2"'),
    "requires-python-narrowed": _sub('">=3.10"', '">=3.11"'),
    "requires-python-respelled": _sub('">=3.10"', '">= 3.10"'),
    "packaged": _sub("package = false", "package = true"),
    "legacy-dev-dependencies-added": _sub("package = false", 'package = false\ndev-dependencies = ["six"]'),
    "constraint-added": _sub("package = false", 'package = false\nconstraint-dependencies = ["six>=1.16"]'),
    "comment-added": _sub("[project]", "# a comment\n[project]"),
}


def _env(cache: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("UV_") and k != "VIRTUAL_ENV"}
    env.update(UV_CACHE_DIR=str(cache), UV_PYTHON_DOWNLOADS="never", NO_COLOR="1")
    return env


@pytest.fixture(scope="module")
def locked(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Path]:
    uv = uv_binary(network=True)
    base = tmp_path_factory.mktemp("live") / "base"
    base.mkdir()
    (base / "pyproject.toml").write_text(BASE)
    try:
        done = subprocess.run(
            [uv, "lock"], cwd=base, env=_env(base.parent / "cache"), capture_output=True, text=True, timeout=180
        )
    except subprocess.TimeoutExpired:
        pytest.skip("uv lock timed out (no registry?)")
    if done.returncode != 0:
        pytest.skip(f"uv lock failed (registry unavailable?): {done.stderr.strip()[-200:]}")
    return uv, base


@pytest.mark.parametrize("name", sorted(EDITS))
def test_the_static_check_agrees_with_uv_lock_check(name: str, locked: tuple[str, Path], tmp_path: Path) -> None:
    uv, base = locked
    project = tmp_path / "p"
    shutil.copytree(base, project)
    edit = EDITS[name]
    if edit is not None:
        (project / "pyproject.toml").write_text(edit(BASE))
    done = subprocess.run(
        [uv, "lock", "--check"], cwd=project, env=_env(base.parent / "cache"), capture_output=True, text=True
    )
    if done.returncode not in (0, 1) or (done.returncode == 1 and "needs to be updated" not in done.stderr):
        pytest.skip(f"uv could not decide: {done.stderr.strip()[-200:]}")
    uv_stale = done.returncode == 1
    report = audit_paths([str(project)], select=("UVA101", "UVA103", "UVA004"))
    rules = {f.rule for f in report.findings}
    assert "UVA004" not in rules
    assert bool(rules & {"UVA101", "UVA103"}) == uv_stale, (name, done.stderr[-300:], report.findings)
