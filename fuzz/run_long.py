"""Long-run fuzzing of the whole pipeline (discover -> load -> audit -> render in every format).

    .venv/bin/python fuzz/run_long.py --inputs 100000 --seed 1 --crashes /tmp/uv-audit-crashes

A seeded random mutator (the operators of tests/hardening/harness.py: truncation, bit flips, NUL
bytes, CRLF/CR/NEL line ends, BOMs, non-UTF-8 and UTF-16, duplicated/deleted lines and keys, a wrong
type in any TOML/YAML field, enormous values, deep nesting, hostile HTML/terminal/annotation
strings) over the real fixtures and corpus files. Inputs are audited `--batch` at a time as
sibling targets of one report (the renderers' per-report cost is shared); every `--cli-every`-th
batch also goes through the click CLI in a random format, whose exit code must be 0 or 1 (2 only
for a bad `[tool.uv-audit]` table, a configuration error by SPEC §4). A failing batch is re-run
one input at a time; each distinct failure is saved under `--crashes` (the file set and the
traceback) for a regression test. Prints a progress line every 60 s and a JSON summary at the end;
exits 1 if anything failed. One process: no parallelism, on purpose.
"""

from __future__ import annotations

import argparse
import collections
import json
import random
import re
import sys
import tempfile
import time
import traceback
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.hardening import harness as h


def _signature(exc: BaseException) -> str:
    frames = traceback.extract_tb(exc.__traceback__)
    where = next(
        (
            f"{Path(f.filename).name}:{f.lineno}"
            for f in reversed(frames)
            if "/auditor/" in f.filename or "/rules/" in f.filename
        ),
        "?",
    )
    message = re.sub(r"\d+", "N", str(exc))[:100]
    return f"{type(exc).__name__} at {where}: {message}"


def _save(crashes: Path, signature: str, files: h.FileSet, exc: BaseException) -> Path:
    folder = crashes / f"crash-{len(list(crashes.glob('crash-*'))):04d}"
    h.write_set(files, folder / "input")
    text = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    (folder / "traceback.txt").write_text(f"{signature}\n\n{text}")
    return folder


def _cli(directory: Path, fmt: str) -> tuple[int, str]:
    from click.testing import CliRunner

    from auditor.cli.group import main

    result = CliRunner().invoke(main, [str(directory), "--format", fmt, "--no-progress", "--max-depth", "8"])
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    output = result.output + (result.stderr if result.stderr_bytes is not None else "")
    if "Traceback" in output:
        raise h.PipelineFailure(f"CLI printed a traceback: {output[-300:]}")
    if result.exit_code == 2 and "[tool.uv-audit]" not in output:
        raise h.PipelineFailure(f"CLI exit 2 on artifacts without a [tool.uv-audit] error: {output[-300:]}")
    if result.exit_code not in (0, 1, 2):
        raise h.PipelineFailure(f"CLI exit code {result.exit_code}")
    return result.exit_code, output


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--inputs", type=int, default=100_000, help="mutated inputs to run [100000]")
    parser.add_argument("--seed", type=int, default=0, help="random seed [0]")
    parser.add_argument("--batch", type=int, default=16, help="inputs audited together as one report [16]")
    parser.add_argument("--cli-every", type=int, default=25, help="every Nth batch also through the CLI [25]")
    parser.add_argument("--large-share", type=float, default=0.05, help="share of inputs from large locks [0.05]")
    parser.add_argument("--max-seconds", type=float, default=0, help="stop after this long (0: no limit)")
    parser.add_argument("--crashes", type=Path, default=Path(tempfile.gettempdir()) / "uv-audit-crashes")
    parser.add_argument("--summary", type=Path, help="also write the JSON summary to this file")
    args = parser.parse_args(argv)

    small, large = h.small_seeds(), h.large_seeds()
    rng = random.Random(args.seed)
    chooser = h.RandomChooser(rng)
    args.crashes.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="uv-audit-fuzz-"))
    failures: dict[str, int] = {}
    exit_codes: collections.Counter[int] = collections.Counter()
    rules: collections.Counter[str] = collections.Counter()
    done = batches = cli_runs = config_errors = 0
    started = last = time.monotonic()
    print(f"seeds: {len(small)} small, {len(large)} large; work dir {work}", flush=True)
    while done < args.inputs:
        if args.max_seconds and time.monotonic() - started > args.max_seconds:
            break
        count = min(args.batch, args.inputs - done)
        sets = [
            h.mutate(rng.choice(large if large and rng.random() < args.large_share else small), chooser)
            for _ in range(count)
        ]
        try:
            outcome = h.check_pipeline(sets, work / "batch")
            config_errors += outcome.config_errors
            rules.update(outcome.rules)
        except Exception:
            for one in sets:  # isolate the input(s) that fail
                try:
                    h.check_pipeline(one, work / "single")
                except Exception as exc:
                    signature = _signature(exc)
                    if signature not in failures:
                        folder = _save(args.crashes, signature, one, exc)
                        print(f"FAIL #{len(failures) + 1} after {done} inputs: {signature} -> {folder}", flush=True)
                    failures[signature] = failures.get(signature, 0) + 1
        batches += 1
        if args.cli_every and batches % args.cli_every == 0:
            fmt = rng.choice(["text", "concise", "json", "html", "sarif", "github", "markdown"])
            try:
                code, _ = _cli(work / "batch", fmt)
                exit_codes[code] += 1
                cli_runs += 1
            except Exception as exc:
                signature = "CLI " + _signature(exc)
                if signature not in failures:
                    print(f"FAIL (CLI) after {done} inputs: {signature}", flush=True)
                failures[signature] = failures.get(signature, 0) + 1
        done += count
        now = time.monotonic()
        if now - last >= 60:
            last = now
            rate = done / (now - started)
            print(f"{done} inputs, {now - started:.0f} s, {rate:.1f}/s, {len(failures)} distinct failures", flush=True)
    duration = time.monotonic() - started
    summary = {
        "inputs": done,
        "duration_seconds": round(duration, 1),
        "inputs_per_second": round(done / duration, 1) if duration else None,
        "seed": args.seed,
        "batches": batches,
        "cli_runs": cli_runs,
        "cli_exit_codes": dict(sorted(exit_codes.items())),
        "config_errors": config_errors,
        "distinct_failures": len(failures),
        "failures": failures,
        "rules_seen": dict(sorted(rules.items())),
    }
    text = json.dumps(summary, indent=2)
    print(text, flush=True)
    if args.summary:
        args.summary.write_text(text + "\n")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
