"""The figures of issue 20, paired: uv-audit against `uv export --frozen` on the same directory.

    .venv/bin/python benchmarks/bench_speed.py                # everything (~3 minutes on 2 cores)
    .venv/bin/python benchmarks/bench_speed.py --only single  # one model and the largest lock
    .venv/bin/python benchmarks/bench_speed.py --only store --repeat 5

Each row runs its commands interleaved (A B C, A B C, ...) after one warm-up each and prints the
median wall time and median CPU time (user + sys of the process tree, from `wait4`) with the ratio
of medians to `uv export --frozen` run in the same rounds, and the load average when the row
started (the machine is shared: ratios of paired runs hold where absolute times drift). "cold" is
`--no-cache`; "warm" is the second run of the same command with the cache on (a private cache
directory, primed once). "floor" is CPython itself reading the model's files, hashing them, parsing
uv.lock with rtoml and printing JSON.

- one model: `karpathy__nanochat` from the corpus (105 packages, 0.47 MB uv.lock) made a model
  directory as bench_store.py makes them (MLflow's requirements.txt, conda.yaml, MLmodel, python_env.yaml);
- the largest corpus lock: `docling-project__docling` (389 packages, 1.95 MB), the same way;
- a store of 1,000 models sharing 12 distinct locks (bench_store.build_store), `--jobs 2`, with the
  peak RSS summed over the process tree.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench_store

FLOOR = """
import json, sys, rtoml
from _blake2 import blake2b
from pathlib import Path
out = {}
for name in ("uv.lock", "pyproject.toml", "requirements.txt", ".python-version", "MLmodel", "python_env.yaml", "conda.yaml"):
    data = Path(name).read_bytes()
    out[name] = blake2b(data, digest_size=16).hexdigest()
out["packages"] = len(rtoml.loads(Path("uv.lock").read_text())["package"])
sys.stdout.write(json.dumps(out, indent=2))
"""


def run_once(argv: Sequence[str], cwd: Path, env: dict[str, str]) -> tuple[float, float, int]:
    """(wall s, CPU s of the tree, peak summed RSS KB) of one run. The wall time ends when
    `wait4` returns (exact), not at the next poll of a sampling loop (which rounded a 22 ms run
    up to the next 10 ms); the RSS is sampled in a thread meanwhile."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, bench_store._tree_rss_kb(proc.pid))
            done.wait(0.005)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    done.set()
    sampler.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    cpu = usage.ru_utime + usage.ru_stime
    if proc.returncode not in (0, 1):
        raise SystemExit(
            f"{' '.join(argv)} exited {proc.returncode}: {proc.stderr.read().decode() if proc.stderr else ''}"
        )
    return wall, cpu, peak


def paired(label: str, commands: dict[str, list[str]], cwd: Path, env: dict[str, str], repeat: int) -> None:
    for argv in commands.values():
        subprocess.run(argv, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    load = os.getloadavg()[0]
    runs: dict[str, list[tuple[float, float, int]]] = {name: [] for name in commands}
    for _ in range(repeat):
        for name, argv in commands.items():
            runs[name].append(run_once(argv, cwd, env))
    print(f"\n## {label}: median of {repeat} interleaved rounds, load average {load:.2f} at start")
    print(f"{'command':34} {'wall ms':>8} {'CPU ms':>8} {'peak RSS MB':>12} {'wall/uv':>8} {'CPU/uv':>7}")
    base = runs.get("uv export --frozen")
    base_wall = statistics.median(r[0] for r in base) if base else None
    base_cpu = statistics.median(r[1] for r in base) if base else None
    for name, values in runs.items():
        wall = statistics.median(r[0] for r in values)
        cpu = statistics.median(r[1] for r in values)
        peak = max(r[2] for r in values) / 1024
        ratios = f"{wall / base_wall:8.2f} {cpu / base_cpu:7.2f}" if base_wall and base_cpu else f"{'-':>8} {'-':>7}"
        print(f"{name:34} {wall * 1e3:8.1f} {cpu * 1e3:8.1f} {peak:12.1f} {ratios}", flush=True)


def model_commands(cli: str, uv: str | None, jobs: Sequence[str] = ()) -> dict[str, list[str]]:
    commands = {
        "uv-audit --format json (cold)": [cli, "--no-cache", *jobs, "--format", "json", "--no-progress", "."],
        "uv-audit --format json (warm)": [cli, *jobs, "--format", "json", "--no-progress", "."],
    }
    if uv:
        commands["uv export --frozen"] = [uv, "export", "--frozen", "--no-progress"]
    return commands


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cli", default=shutil.which("uv-audit") or str(Path(sys.executable).with_name("uv-audit")))
    parser.add_argument("--uv", default=shutil.which("uv") or str(Path(sys.executable).with_name("uv")))
    parser.add_argument("--repeat", type=int, default=15, help="rounds per single-model row [15]")
    parser.add_argument("--store-repeat", type=int, default=5, help="rounds for the store row [5]")
    parser.add_argument("--only", choices=["single", "store"])
    args = parser.parse_args(argv)
    uv = args.uv if os.access(args.uv, os.X_OK) else None
    env = bench_store._env()
    with tempfile.TemporaryDirectory(prefix="uv-audit-speed-") as tmp:
        scratch = Path(tmp)
        env["UV_AUDIT_CACHE_DIR"] = str(scratch / "cache")
        version = subprocess.run([args.cli, "--version"], capture_output=True, text=True, env=env).stdout.strip()
        print(f"# {version}; Python {sys.version.split()[0]}; {os.cpu_count()} CPUs")
        corpus = {p.name: p for p in bench_store._corpus_models(scratch / "single")}
        if args.only in (None, "single"):
            for name, label in (
                ("karpathy__nanochat", "One model (nanochat, 105 packages, 0.47 MB lock)"),
                ("docling-project__docling", "Largest corpus lock (docling, 389 packages, 1.95 MB)"),
            ):
                if name not in corpus:
                    print(f"\n{name}: not in the corpus; skipped")
                    continue
                commands = model_commands(args.cli, uv)
                commands["floor (CPython: read, hash, rtoml, JSON)"] = [sys.executable, "-c", FLOOR]
                paired(label, commands, corpus[name], env, args.repeat)
        if args.only in (None, "store"):
            store = bench_store.build_store(scratch, 1000, bench_store.sources(scratch, 12))
            time.sleep(2.5)  # older than the cache's racy window, as a store logged before the run is
            paired(
                "1,000 models, 12 locks, --jobs 2",
                model_commands(args.cli, None, ["--jobs", "2"]),
                store,
                env,
                args.store_repeat,
            )


if __name__ == "__main__":
    main()
