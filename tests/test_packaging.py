"""The built wheel: exactly the `auditor` and `rules` packages, templates and schema inside, and it
works installed in a fresh virtual environment (templates found outside the checkout)."""

from __future__ import annotations

import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

from tests.conftest import REPO


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    done = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(REPO)],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    if done.returncode != 0:
        pytest.skip(f"could not build the wheel here: {done.stderr.strip().splitlines()[-1:]}")
    [built] = out.glob("uv_mlflow_audit-*.whl")
    return built


def test_wheel_contents(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    top = {n.split("/", 1)[0] for n in names if not n.split("/", 1)[0].endswith(".dist-info")}
    assert top == {"auditor", "rules"}
    assert "auditor/templates/report.html.j2" in names
    assert "auditor/schema/report-v1.schema.json" in names
    assert "auditor/py.typed" in names
    assert not any("/tests/" in n or n.startswith("tests/") for n in names)


def test_wheel_works_in_a_fresh_venv(wheel: Path, tmp_path: Path) -> None:
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    install = subprocess.run(
        [str(python), "-m", "pip", "install", "-q", str(wheel)],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    if install.returncode != 0:
        pytest.skip(f"dependencies could not be installed here: {install.stderr.strip().splitlines()[-1:]}")
    exe = env_dir / "bin" / "uv-audit"
    example = REPO / "examples" / "demo-model"
    for fmt in ("json", "html", "text"):
        done = subprocess.run(
            [str(exe), "--format", fmt, str(example)],
            capture_output=True,
            text=True,
            cwd=tmp_path,
            timeout=120,
            check=False,
        )
        assert done.returncode == 1, done.stderr
        assert "UVA301" in done.stdout
    imported = subprocess.run(
        [str(python), "-c", "import auditor, rules; print(auditor.__file__)"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=60,
        check=False,
    )
    assert str(env_dir) in imported.stdout
    _assert_compiled(Path(imported.stdout.strip()).parent.parent, python)


def _assert_compiled(site: Path, python: Path) -> None:
    """Every module of the installed packages has its bytecode (pip compiles on install; a cold
    start without it pays ~100 ms compiling the audit). `uv tool install` needs --compile-bytecode."""
    tag = subprocess.run(
        [str(python), "-c", "import sys; print(sys.implementation.cache_tag)"], capture_output=True, text=True
    ).stdout.strip()
    modules = [p for package in ("auditor", "rules") for p in (site / package).rglob("*.py")]
    assert len(modules) > 50
    missing = [m for m in modules if not (m.parent / "__pycache__" / f"{m.stem}.{tag}.pyc").is_file()]
    assert not missing, missing[:5]
