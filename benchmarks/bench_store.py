"""Benchmark the installed `uv-audit` CLI on synthetic MLflow stores and single models.

Builds, in a temporary directory, MLflow-3-style file stores (`mlruns/<exp>/models/m-<id>/artifacts/`)
of 1, 100, 1,000 and 5,000 models sharing 1, 10 or 50 distinct uv.lock files taken from the real
fixtures (`tests/fixtures`, written by real MLflow and uv) and the corpus (`../shared/corpus`, real
projects' locks with the requirements.txt MLflow's `uv export` command really printed). Big files are
hard-linked, so a 5,000-model store costs little disk. Then it runs the installed CLI
(`uv-audit --format json STORE`) in a subprocess and prints wall time, peak RSS and targets/s; and,
for single models, the same against `uv export --frozen` and `uv lock --check --offline` run on the
same project in the same run (interleaved, best of N), when uv is installed.

    .venv/bin/python benchmarks/bench_store.py                 # the full table (a few minutes)
    .venv/bin/python benchmarks/bench_store.py --quick         # 1 / 100 / 1,000 models only
    .venv/bin/python benchmarks/bench_store.py --models 5000 --locks 50 --jobs 2

Peak RSS is the largest single process (`wait4` rusage: the CLI or its biggest worker); on Linux the
sum over the process tree, sampled every 20 ms, is printed too.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from pathlib import Path

from auditor.target import ARTIFACTS

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
CORPUS = Path(os.environ.get("UV_AUDIT_CORPUS", ROOT.parent / "shared" / "corpus"))
MODEL_FILES = ARTIFACTS
UV_ENV = {"UV_OFFLINE": "1", "UV_NO_SYNC": "1", "UV_PYTHON_DOWNLOADS": "never", "NO_COLOR": "1"}


# --- sources: real model directories ------------------------------------------------------------


def _fixture_models() -> list[Path]:
    """Fixture model directories with a uv.lock, one per distinct lock content, `clean` first."""
    seen: set[bytes] = set()
    out: list[Path] = []
    locks = sorted(FIXTURES.rglob("uv.lock"), key=lambda p: (p.parent.name != "clean", str(p)))
    for lock in locks:
        data = lock.read_bytes()
        if data not in seen and (lock.parent / "pyproject.toml").is_file():
            seen.add(data)
            out.append(lock.parent)
    return out


def _mlflow_requirements(uv_export: str) -> list[str]:
    """What MLflow writes to requirements.txt from `uv export` output: plus mlflow (when no mlflow,
    mlflow-skinny or mlflow-tracing line is there) and cloudpickle, sorted as plain strings."""
    lines = [line for line in uv_export.splitlines() if line.strip()]
    names = {line.split("==")[0].split(";")[0].strip().lower() for line in lines}
    if not names & {"mlflow", "mlflow-skinny", "mlflow-tracing"}:
        lines.append("mlflow==3.17.2")
    if "cloudpickle" not in names:
        lines.append("cloudpickle==3.1.3")
    return sorted(lines)


def _corpus_models(scratch: Path) -> list[Path]:
    """Corpus projects turned into model directories as MLflow would log them: the project's
    metadata files, requirements.txt from the output of MLflow's exact `uv export` command (kept in
    the corpus), conda.yaml with the same pip list, and the clean fixture's python_env.yaml and
    MLmodel."""
    manifest = CORPUS / "manifest.json"
    if not manifest.is_file():
        return []
    conda_head = (FIXTURES / "clean" / "conda.yaml").read_text().split("- pip:\n")[0]
    seen: set[bytes] = set()
    out: list[Path] = []
    for entry in sorted(json.loads(manifest.read_text()), key=lambda e: e["name"]):
        source = CORPUS / entry["name"]
        expected = source / ".expected" / "mlflow.txt"
        if entry["project_dir"] != "." or not expected.is_file():
            continue
        data = (source / "uv.lock").read_bytes()
        if data in seen:
            continue
        seen.add(data)
        model = scratch / "corpus" / entry["name"]
        shutil.copytree(source, model, ignore=shutil.ignore_patterns(".expected", ".meta.json"))
        requirements = _mlflow_requirements(expected.read_text())
        (model / "requirements.txt").write_text("\n".join(requirements))
        pip = "".join(f"  - {line}\n" for line in requirements)
        (model / "conda.yaml").write_text(f"{conda_head}- pip:\n{pip}name: mlflow-env\n")
        for name in ("MLmodel", "python_env.yaml"):
            shutil.copy(FIXTURES / "clean" / name, model / name)
        out.append(model)
    return out


def sources(scratch: Path, distinct: int) -> list[Path]:
    """`distinct` model directories with pairwise different uv.lock contents: fixtures and corpus
    projects alternately (MLflow-sized locks and real projects' 9-522-package locks); past the
    real ones, copies whose lock ends with a distinguishing comment."""
    fixtures, corpus = _fixture_models(), _corpus_models(scratch)
    mixed: list[Path] = []
    for i in range(max(len(fixtures), len(corpus))):
        mixed.extend(x[i] for x in (fixtures, corpus) if i < len(x))
    n = 0
    while len(mixed) < distinct:
        base = mixed[n % (len(fixtures) + len(corpus))]
        copy = scratch / "padded" / f"{base.name}-{n}"
        shutil.copytree(base, copy)
        with open(copy / "uv.lock", "a", encoding="utf-8") as handle:
            handle.write(f"# synthetic variant {n}\n")
        mixed.append(copy)
        n += 1
    return mixed[:distinct]


def _mlmodel(template: str, i: int) -> str:
    """The source's MLmodel with this model's own ids and time, as every logged model has."""
    model_id, run_id = f"m-{i:032x}", f"{i:032x}"
    out = []
    for line in template.splitlines():
        key = line.split(":", 1)[0]
        if key in ("model_id", "model_uuid"):
            line = f"{key}: {model_id}"
        elif key == "run_id":
            line = f"run_id: {run_id}"
        elif key == "utc_time_created":
            line = f"utc_time_created: '2026-11-{1 + i % 28:02d} 00:00:{i % 60:02d}.{i:06d}'"
        elif key == "artifact_path":
            line = f"artifact_path: file:///mlruns/{100 + i // 100}/models/{model_id}/artifacts"
        out.append(line)
    return "\n".join(out) + "\n"


def build_store(root: Path, models: int, distinct: Sequence[Path]) -> Path:
    """An MLflow file store: `mlruns/<experiment>/models/m-<id>/artifacts/` per model, 100 models
    per experiment, model i taking source i mod len(distinct) (so locks interleave, as in a store
    where many teams log models from a few projects). Every model gets its own MLmodel (ids, time);
    the other files are hard links to the source's."""
    store = root / f"store-{models}-{len(distinct)}"
    templates = {src: (src / "MLmodel").read_text() for src in distinct if (src / "MLmodel").is_file()}
    for i in range(models):
        src = distinct[i % len(distinct)]
        artifacts = store / "mlruns" / str(100 + i // 100) / "models" / f"m-{i:032x}" / "artifacts"
        artifacts.mkdir(parents=True)
        for path in src.iterdir():
            target = artifacts / path.name
            if path.name == "MLmodel" and src in templates:
                target.write_text(_mlmodel(templates[src], i))
            elif path.is_dir():
                shutil.copytree(path, target)
            else:
                try:
                    os.link(path, target)
                except OSError:
                    shutil.copy(path, target)
    return store


# --- measuring ----------------------------------------------------------------------------------


def _tree_rss_kb(pid: int) -> int:
    """Summed RSS of `pid` and its descendants (Linux /proc; 0 elsewhere)."""
    total, stack = 0, [pid]
    while stack:
        current = stack.pop()
        try:
            with open(f"/proc/{current}/status") as handle:
                for line in handle:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
            with open(f"/proc/{current}/task/{current}/children") as handle:
                stack.extend(int(c) for c in handle.read().split())
        except OSError:
            continue
    return total


def _gnu_time() -> str | None:
    path = shutil.which("time", path="/usr/bin:/bin")
    if path is None:
        return None
    probe = subprocess.run([path, "-f", "%M", "true"], capture_output=True, text=True, check=False)
    return path if probe.returncode == 0 and probe.stderr.strip().isdigit() else None


GNU_TIME = _gnu_time()


def measure(argv: Sequence[str], cwd: Path | None = None, env: dict[str, str] | None = None) -> tuple[float, int, int]:
    """Run once: (wall seconds, peak RSS of the largest process in KB, peak summed RSS in KB).

    The largest-process figure comes from GNU time's %M when it is installed (Linux): a child's
    ru_maxrss starts at its spawner's RSS, so rusage taken here would include this script's. Else it is
    wait4's ru_maxrss, an upper bound.
    """
    with tempfile.NamedTemporaryFile() as report:
        wrapped = [GNU_TIME, "-q", "-f", "%M", "-o", report.name, *argv] if GNU_TIME else list(argv)
        start = time.perf_counter()
        proc = subprocess.Popen(wrapped, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        peak_sum = 0
        done = threading.Event()

        def sample() -> None:
            nonlocal peak_sum
            while not done.is_set():
                peak_sum = max(peak_sum, _tree_rss_kb(proc.pid))
                done.wait(0.02)

        sampler = threading.Thread(target=sample, daemon=True)
        if sys.platform.startswith("linux"):
            sampler.start()
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        done.set()
        proc.returncode = os.waitstatus_to_exitcode(status)
        stderr = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
        if proc.returncode not in (0, 1):
            raise SystemExit(f"{' '.join(argv)} exited {proc.returncode}:\n{stderr}")
        text = Path(report.name).read_text().strip().splitlines()
    if GNU_TIME and text and text[-1].isdigit():
        maxrss = int(text[-1])
    else:
        maxrss = usage.ru_maxrss // (1024 if sys.platform == "darwin" else 1)
    return wall, maxrss, peak_sum


def best_of(argv: Sequence[str], repeat: int, **kwargs: object) -> tuple[float, int, int]:
    runs = [measure(argv, **kwargs) for _ in range(repeat)]  # type: ignore[arg-type]
    return min(r[0] for r in runs), max(r[1] for r in runs), max(r[2] for r in runs)


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env.update(UV_ENV)
    return env


def single_model(cli: Sequence[str], uv: str | None, model: Path, repeat: int, label: str) -> None:
    """uv-audit on one model directory vs uv on the same project: interleaved runs, best of N."""
    env = _env()
    commands = {
        "uv-audit --format json .": [*cli, "--format", "json", "."],
        "uv-audit --format text .": [*cli, "--format", "text", "."],
    }
    if uv:
        commands["uv export --frozen"] = [uv, "export", "--frozen", "--no-progress"]
        commands["uv lock --check --offline"] = [uv, "lock", "--check", "--offline", "--no-progress"]
    for argv in commands.values():  # warm the page cache and write bytecode once
        subprocess.run(argv, cwd=model, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    walls: dict[str, list[float]] = {name: [] for name in commands}
    rss: dict[str, int] = {}
    for _ in range(repeat):
        for name, argv in commands.items():
            wall, maxrss, _ = measure(argv, cwd=model, env=env)
            walls[name].append(wall)
            rss[name] = max(rss.get(name, 0), maxrss)
    lock = (model / "uv.lock").read_text()
    print(
        f"\n## One model: {label} ({lock.count('[[package]]')} packages, {len(lock) / 1e6:.2f} MB lock), "
        f"best / median of {repeat}, interleaved"
    )
    print(f"{'command':28} {'best ms':>8} {'median ms':>10} {'peak RSS MB':>12} {'vs uv export':>13}")
    base = min(walls["uv export --frozen"]) if uv else None
    for name, values in walls.items():
        values.sort()
        ratio = f"{min(values) / base:.2f}x" if base else "-"
        print(
            f"{name:28} {values[0] * 1e3:8.1f} {values[len(values) // 2] * 1e3:10.1f} "
            f"{rss[name] / 1024:12.1f} {ratio:>13}"
        )


def store_row(
    cli: Sequence[str], scratch: Path, models: int, distinct: Sequence[Path], jobs: int | None, repeat: int
) -> None:
    store = build_store(scratch, models, distinct)
    argv = [*cli, "--format", "json", "--no-progress", *(["--jobs", str(jobs)] if jobs else []), str(store)]
    wall, maxrss, tree = best_of(argv, repeat, env=_env())
    print(
        f"{models:>7} {len(distinct):>7} {jobs or 'auto':>5} {wall:9.2f} {maxrss / 1024:12.1f} "
        f"{tree / 1024:13.1f} {models / wall:10.0f}",
        flush=True,
    )
    shutil.rmtree(store)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--cli",
        default=shutil.which("uv-audit") or str(Path(sys.executable).with_name("uv-audit")),
        help="the installed uv-audit executable [default: on PATH, else next to this Python]",
    )
    parser.add_argument("--uv", default=shutil.which("uv") or str(Path(sys.executable).with_name("uv")))
    parser.add_argument("--models", type=int, action="append", help="store sizes [1, 100, 1000, 5000]")
    parser.add_argument("--locks", type=int, action="append", help="distinct locks [1, 10, 50]")
    parser.add_argument("--jobs", type=int, help="pass --jobs to uv-audit [default: its own default]")
    parser.add_argument("--repeat", type=int, default=15, help="runs per single-model command [15]")
    parser.add_argument("--store-repeat", type=int, default=1, help="runs per store row (best of) [1]")
    parser.add_argument("--quick", action="store_true", help="stores of 1, 100 and 1,000 models only")
    parser.add_argument("--no-single", action="store_true", help="skip the single-model comparison")
    args = parser.parse_args(argv)
    cli = [args.cli]
    uv = args.uv if args.uv and os.access(args.uv, os.X_OK) else None
    sizes = args.models or ([1, 100, 1000] if args.quick else [1, 100, 1000, 5000])
    distinct_counts = args.locks or [1, 10, 50]
    version = subprocess.run([*cli, "--version"], capture_output=True, text=True, check=True).stdout.strip()
    uv_version = subprocess.run([uv, "--version"], capture_output=True, text=True).stdout.strip() if uv else "absent"
    print(
        f"# {version}; {uv_version}; Python {sys.version.split()[0]}; {os.cpu_count()} CPUs; "
        f"load average {os.getloadavg()[0]:.2f} at start"
    )
    with tempfile.TemporaryDirectory(prefix="uv-audit-bench-") as tmp:
        scratch = Path(tmp)
        pool = sources(scratch, max(distinct_counts))
        if not args.no_single:
            single_model(cli, uv, FIXTURES / "clean", args.repeat, "tests/fixtures/clean")
            hundred = next((p for p in pool if p.parent.name == "corpus" and p.name == "karpathy__nanochat"), None)
            if hundred is not None:
                single_model(cli, uv, hundred, args.repeat, f"corpus {hundred.name} + MLflow files")
        print("\n## Stores (uv-audit --format json STORE)")
        print(
            f"{'models':>7} {'locks':>7} {'jobs':>5} {'wall s':>9} {'peak RSS MB':>12} {'tree RSS MB':>13} "
            f"{'targets/s':>10}"
        )
        for models in sizes:
            for count in distinct_counts:
                if count > models:
                    continue
                store_row(cli, scratch, models, pool[:count], args.jobs, args.store_repeat)


if __name__ == "__main__":
    main()
