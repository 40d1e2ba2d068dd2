"""Differential test: lock a few small generated projects with real uv==0.13.9 and compare our
export with `uv export --frozen`. Skips cleanly when uv (0.13.9) or the package registry is not
available."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from auditor.export import export as run_export
from auditor.export import markers_equivalent, project_context, render_uv, selection_from_argv
from auditor.load import load_directory
from tests.export.corpus_util import requirement_set
from tests.realuv import uv_binary

PROJECTS = {
    "groups-extras": """
[project]
name = "demo"
version = "0.1.0"
requires-python = ">=3.10"
dependencies = ["six", "colorama ; sys_platform == 'win32'"]

[project.optional-dependencies]
cli = ["click>=8"]
fancy = ["demo[cli]", "idna ; python_version < '3.12'"]

[dependency-groups]
dev = ["iniconfig"]
train = ["tomli ; python_version < '3.11'", {include-group = "dev"}]

[tool.uv]
default-groups = ["dev", "train"]
""",
    "default-all": """
[project]
name = "demo2"
version = "0.1.0"
requires-python = ">=3.9"
dependencies = ["packaging", "typing-extensions ; python_full_version < '3.11' and platform_system != 'Windows'"]

[dependency-groups]
lint = ["pyflakes"]
docs = ["markupsafe ; implementation_name == 'cpython'"]

[tool.uv]
default-groups = "all"
package = false
""",
}
VARIANTS = [
    ["--frozen"],
    ["--frozen", "--no-dev", "--no-hashes"],
    ["--no-dev", "--no-hashes", "--frozen", "--no-header", "--no-emit-project", "--no-annotate"],
    ["--frozen", "--all-groups", "--all-extras"],
    ["--frozen", "--no-default-groups", "--extra", "fancy"],
    ["--frozen", "--only-group", "train"],
]


@pytest.mark.parametrize("name", sorted(PROJECTS))
def test_against_real_uv(name: str, tmp_path: Path) -> None:
    uv = uv_binary()
    (tmp_path / "pyproject.toml").write_text(PROJECTS[name])
    env = {**os.environ, "UV_CACHE_DIR": str(tmp_path / ".cache"), "UV_PYTHON_DOWNLOADS": "never"}
    try:
        locked = subprocess.run(
            [uv, "lock"], cwd=tmp_path, capture_output=True, text=True, env=env, timeout=120, check=False
        )
    except subprocess.TimeoutExpired:
        pytest.skip("uv lock timed out (no registry?)")
    if locked.returncode != 0:
        pytest.skip(f"uv lock failed (registry unavailable?): {locked.stderr.strip()[-200:]}")
    target = load_directory(tmp_path)
    lock = target.lock
    assert lock is not None
    context = project_context(target.pyproject, lock, target.members)
    for argv in VARIANTS:
        real = subprocess.run([uv, "export", *argv], cwd=tmp_path, capture_output=True, text=True, env=env, check=False)
        selection, options = selection_from_argv(argv)
        try:
            result = run_export(lock, context, selection)
        except Exception as exc:  # a selection uv rejects must be rejected by us too
            assert real.returncode != 0, (argv, exc)
            continue
        assert real.returncode == 0, (argv, real.stderr)
        ours = render_uv(
            result,
            header_command="uv export " + " ".join(argv) if options.header else None,
            hashes=options.hashes,
            annotate=options.annotate,
        )
        a, b = requirement_set(ours), requirement_set(real.stdout)
        assert sorted(r for r, _ in a) == sorted(r for r, _ in b), argv
        for (ra, ma), (rb, mb) in zip(sorted(a, key=str), sorted(b, key=str), strict=True):
            assert ra == rb and markers_equivalent(ma, mb, lock.requires_python), (argv, ra, ma, mb)
