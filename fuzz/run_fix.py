"""Fuzz `uv-audit fix`: mutated real models (tests/hardening/harness.py's seeds and mutations) are
planned, diffed, applied and planned again. Reports any exception that is not a refusal, a second
fix that still changes something, and any write to uv.lock or pyproject.toml.

    .venv/bin/python fuzz/run_fix.py --seed 1 --seconds 150     # ~9,000 inputs on one core
"""

from __future__ import annotations

import argparse
import collections
import random
import sys
import tempfile
import time
import traceback
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from auditor.errors import UsageError
from auditor.fix import apply, plan_paths, unified_diff
from auditor.options import Options
from tests.hardening import harness as h

KEPT = ("uv.lock", "pyproject.toml")


def one(files: h.FileSet, root: Path) -> str | None:
    """What went wrong fixing `files` (None: nothing)."""
    h.write_set(files, root)
    before = {p: p.read_bytes() for p in root.rglob("*") if p.is_file() and p.name in KEPT}
    try:
        plans = plan_paths([str(root)], Options(), {})
        unified_diff(c for p in plans for c in p.changes)
        for plan in plans:
            if plan.refused is None and plan.changes:
                apply(plan)
        again = [c.name for p in plan_paths([str(root)], Options(), {}) if p.refused is None for c in p.changes]
    except UsageError:
        return None  # the mutation left no target
    except Exception:
        return traceback.format_exc()
    if again:
        return f"not idempotent: a second fix rewrites {', '.join(again)}"
    if {p: p.read_bytes() for p in before} != before:
        return "uv.lock or pyproject.toml was written"
    return None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--seconds", type=float, default=60)
    args = parser.parse_args()
    seeds = [s for s in h.fixture_seeds() if "MLmodel" in s and "uv.lock" in s and len(s["uv.lock"]) < 200_000]
    rng = random.Random(args.seed)
    failures: collections.Counter[str] = collections.Counter()
    examples: dict[str, str] = {}
    started, count = time.monotonic(), 0
    with tempfile.TemporaryDirectory() as tmp:
        while time.monotonic() - started < args.seconds:
            problem = one(h.mutate(rng.choice(seeds), h.RandomChooser(rng)), Path(tmp) / "m")
            count += 1
            if problem is not None:
                key = problem.strip().splitlines()[-1][:120]
                failures[key] += 1
                examples.setdefault(key, problem)
    print(f"{count} inputs from {len(seeds)} seeds, {len(failures)} distinct failures")
    for key, n in failures.most_common():
        print(f"{n:6} {key}\n{examples[key][-1500:]}")
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
