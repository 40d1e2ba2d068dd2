"""Helpers for the fix tests: copies of the real fixtures, the real CLI, file hashes."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path

from click.testing import CliRunner, Result

from auditor.cli.group import main
from tests.conftest import FIXTURES

FIX = FIXTURES / "fix"
PAIR = FIX / "pair"
MANIFEST = json.loads((FIXTURES / "MANIFEST.json").read_text())
FIX_MANIFEST = json.loads((FIX / "MANIFEST.json").read_text())
PAIRS = ("none", "train", "serve", "train-serve")
"""tests/fixtures/fix/pair/<name>: one lock logged by MLflow with these selections."""
NEVER_WRITTEN = ("uv.lock", "pyproject.toml", "MLmodel", "python_model.pkl")


def copy(source: Path, dest: Path) -> Path:
    shutil.copytree(source, dest, symlinks=True)
    return dest


def hashes(root: Path) -> dict[str, str]:
    """sha256 of every file below `root` (symlinks by their target text), by relative path."""
    out: dict[str, str] = {}
    for dirpath, _, files in os.walk(root):
        for name in files:
            path = Path(dirpath) / name
            data = os.readlink(path).encode() if path.is_symlink() else path.read_bytes()
            out[str(path.relative_to(root))] = hashlib.sha256(data).hexdigest()
    return out


def fix(*args: str, env: dict[str, str] | None = None) -> Result:
    """`uv-audit fix ARGS` through click's runner, without the caller's MLFLOW_UV_* variables."""
    clean = {k: None for k in os.environ if k.startswith("MLFLOW_UV_")}
    return CliRunner().invoke(main, ["fix", *args], env={**clean, **(env or {})})


def audit_json(path: Path, *args: str) -> dict[str, object]:
    result = CliRunner().invoke(main, ["--format", "json", str(path), *args])
    data = json.loads(result.stdout)
    assert isinstance(data, dict)
    return data


def rules_found(path: Path, *args: str) -> set[str]:
    data = audit_json(path, *args)
    return {f["rule"] for target in data["targets"] for f in target["findings"]}  # type: ignore[index,union-attr]


def selection_args(name: str) -> list[str]:
    """The `fix` options for the selection the pair model `name` was logged with (MANIFEST)."""
    entry = FIX_MANIFEST["fixtures"][f"pair/{name}"]
    return [*(f"--group={g}" for g in entry["uv_groups"]), *(f"--extra={e}" for e in entry["uv_extras"])]
