"""The benchmark's synthetic MLflow store (benchmarks/bench_store.py), audited by the real CLI.

Shared by the store report tests and `python -m tests.browser.screenshot --store`: 1,000 models
sharing 10 distinct uv.lock files (fixtures and, when present, corpus projects), as in the
benchmark's `--models 1000 --locks 10` row.
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

REPO = Path(__file__).resolve().parents[2]
MODELS = 1000
LOCKS = 10


def bench_store() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_store", REPO / "benchmarks" / "bench_store.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def audit(store: Path, fmt: str, out: Path) -> None:
    """`uv-audit --format FMT -o OUT STORE`, the installed CLI in a subprocess (exit 1: findings)."""
    argv = [sys.executable, "-m", "auditor", "--format", fmt, "--no-progress", "-o", str(out), str(store)]
    done = subprocess.run(argv, capture_output=True, text=True, check=False)
    if done.returncode not in (0, 1) or not out.is_file():
        raise RuntimeError(f"{' '.join(argv)} exited {done.returncode}: {done.stderr}")


@dataclass(frozen=True)
class StoreReports:
    store: Path
    html: Path
    data: dict[str, Any]
    """The JSON report of the same store."""


def build(root: Path, models: int = MODELS, locks: int = LOCKS) -> StoreReports:
    bench = bench_store()
    store = bench.build_store(root, models, bench.sources(root / "scratch", locks))
    audit(store, "json", root / "report.json")
    audit(store, "html", root / "report.html")
    data = json.loads((root / "report.json").read_text(encoding="utf-8"))
    return StoreReports(store, root / "report.html", data)
