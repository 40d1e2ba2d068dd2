"""Wall times of `auditor.spark.audit_paths` on a local Spark session against the installed CLI, on
the benchmark's synthetic store (the figures in docs/spark.md):

    .venv/bin/python -m tests.spark.measure                       # 300 models, 10 locks, local[2]
    .venv/bin/python -m tests.spark.measure --models 1000 --locks 50 --master 'local[2]' --repeat 3

Each Spark run collects the findings (one action); "cold" is the first call of the session (Python
workers start and import the auditor), "warm" the best of the next `--repeat`.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from tests.spark.conftest import bench_store


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--models", type=int, default=300)
    parser.add_argument("--locks", type=int, default=10)
    parser.add_argument("--master", default="local[2]")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--partitions", type=int)
    args = parser.parse_args(argv)
    print(f"# {args.models} models, {args.locks} locks, {args.master}; load average {os.getloadavg()[0]:.2f}")
    with tempfile.TemporaryDirectory(prefix="uv-audit-spark-") as tmp:
        bench = bench_store()
        store = bench.build_store(Path(tmp), args.models, bench.sources(Path(tmp) / "scratch", args.locks))
        cli = Path(sys.executable).with_name("uv-audit")
        start = time.perf_counter()
        proc = subprocess.run([str(cli), "--format", "json", "--no-progress", str(store)], capture_output=True)
        cli_wall = time.perf_counter() - start
        cli_findings = sum(len(t["findings"]) for t in json.loads(proc.stdout)["targets"])
        print(f"CLI (uv-audit --format json STORE): {cli_wall:.2f} s, {cli_findings} findings")

        from pyspark.sql import SparkSession

        from auditor.spark import audit_paths

        os.environ["PYSPARK_PYTHON"] = sys.executable
        start = time.perf_counter()
        spark = (
            SparkSession.builder.master(args.master)
            .config("spark.ui.enabled", "false")
            .config("spark.ui.showConsoleProgress", "false")
            .getOrCreate()
        )
        spark.sparkContext.setLogLevel("ERROR")
        print(f"Spark session start: {time.perf_counter() - start:.2f} s")
        walls = []
        for _ in range(1 + args.repeat):
            start = time.perf_counter()
            findings = audit_paths(spark, [str(store)], partitions=args.partitions)
            rows = findings.collect()
            walls.append(time.perf_counter() - start)
        partitions = findings.rdd.getNumPartitions()
        print(
            f"Spark audit_paths + collect: cold {walls[0]:.2f} s, warm best {min(walls[1:]):.2f} s "
            f"(runs {', '.join(f'{w:.2f}' for w in walls[1:])}); {len(rows)} rows, {partitions} partitions"
        )
        spark.stop()
    print(f"# load average {os.getloadavg()[0]:.2f} at the end")


if __name__ == "__main__":
    main()
