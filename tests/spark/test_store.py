"""`auditor.spark.audit_paths` on a real local Spark session over the benchmark's 300-model store
(benchmarks/bench_store.py: real fixture and corpus models sharing 10 distinct uv.lock files),
against the installed `uv-audit --format json` of the same store."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from auditor.errors import UsageError
from tests.spark.conftest import bench_store

MODELS, LOCKS = 300, 10
KEYS = ("rule", "name", "severity", "package", "file", "line", "message", "expected", "actual", "fix")


@dataclass(frozen=True)
class Store:
    path: Path
    cli: dict[str, Any]
    """The CLI's JSON report of the store."""

    def cli_findings(self, *keys: str) -> Counter[tuple[Any, ...]]:
        return Counter((t["path"], *(f[k] for k in keys)) for t in self.cli["targets"] for f in t["findings"])


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Store:
    root = tmp_path_factory.mktemp("spark-store")
    bench = bench_store()
    path = bench.build_store(root, MODELS, bench.sources(root / "scratch", LOCKS))
    script = Path(sys.executable).with_name("uv-audit")
    command = [str(script)] if script.exists() else [sys.executable, "-m", "auditor"]
    proc = subprocess.run([*command, "--format", "json", "--no-progress", str(path)], capture_output=True, text=True)
    assert proc.returncode == 1, proc.stderr  # the store's corpus models have findings
    return Store(path, json.loads(proc.stdout))


def spark_findings(rows: list[Any], *keys: str) -> Counter[tuple[Any, ...]]:
    return Counter((r["target"], *(r[k] for k in keys)) for r in rows)


def test_a_300_model_store_gives_exactly_the_clis_findings(spark: Any, store: Store) -> None:
    from auditor.spark import audit_paths

    findings, targets = audit_paths(spark, [str(store.path)], targets=True)
    assert findings.columns == ["target", *KEYS]
    assert targets.rdd.getNumPartitions() == 5  # 300 targets, 64 per task: split across tasks
    rows = [r.asDict() for r in findings.collect()]
    assert len(store.cli["targets"]) == MODELS and len(rows) == sum(len(t["findings"]) for t in store.cli["targets"])
    assert spark_findings(rows, "rule", "package", "severity") == store.cli_findings("rule", "package", "severity")
    assert spark_findings(rows, *KEYS) == store.cli_findings(*KEYS)  # every key, message and fix included

    by_path = {r["path"]: r.asDict(recursive=True) for r in targets.collect()}
    targets.unpersist()
    assert set(by_path) == {t["path"] for t in store.cli["targets"]}
    for expected in store.cli["targets"]:
        row = by_path[expected["path"]]
        assert row["artifacts"] == expected["artifacts"]
        assert row["selection"] == expected["selection"]
        assert row["suppressed"] == expected["suppressed"]
        severities = Counter(f["severity"] for f in expected["findings"])
        assert row["summary"] == {
            "findings": len(expected["findings"]),
            **{s: severities[s] for s in ("error", "warning", "info")},
            "suppressed": len(expected["suppressed"]),
        }
        assert row["failed"] is any(f["severity"] in ("error", "warning") for f in expected["findings"])
        assert row["error"] is None


def test_a_dataframe_of_model_directories_and_file_uris(spark: Any, store: Store) -> None:
    """One row per model (as a registry listing gives), some as file: URIs, and a path that does
    not exist: the same findings, named as given, and one error row that fails the gate."""
    from auditor.spark import audit_paths

    paths = [t["path"] for t in store.cli["targets"]][:40]
    given = {p: (p if i % 2 else Path(p).as_uri()) for i, p in enumerate(paths)}
    missing = str(store.path / "no-such-model")
    frame = spark.createDataFrame([(p, i) for i, p in enumerate([*given.values(), missing])], "path string, n int")
    findings, targets = audit_paths(spark, frame, targets=True, partitions=3)
    rows = [r.asDict() for r in findings.collect()]
    assert any(r["target"].startswith("file:///") for r in rows)
    want = Counter(
        (
            given[path],
            *(v.replace(path, given[path], 1) if k == "file" and v else v for k, v in zip(KEYS, rest, strict=True)),
        )
        for path, *rest in store.cli_findings(*KEYS).elements()
        if path in given
    )
    assert spark_findings(rows, *KEYS) == want
    errors = {r["path"]: r["error"] for r in targets.collect() if r["error"]}
    targets.unpersist()
    assert errors == {missing: f"path does not exist: {missing}"}


def test_usage_errors_are_raised_on_the_driver_before_any_task(spark: Any, store: Store) -> None:
    from auditor.spark import audit_paths

    with pytest.raises(UsageError, match="path does not exist"):
        audit_paths(spark, [str(store.path / "nope")])
    with pytest.raises(UsageError, match="unknown rule"):
        audit_paths(spark, [str(store.path)], select=("UVA999",))
    with pytest.raises(UsageError, match=r"s3:// is not supported"):
        audit_paths(spark, ["s3://bucket/mlruns"])
    with pytest.raises(UsageError, match="expected models:/<name>@<alias>"):
        audit_paths(spark, ["models:/fraud@"])
    frame = spark.createDataFrame([("models:/fraud/1",)], "path string")
    with pytest.raises(UsageError, match="pass a list"):
        audit_paths(spark, frame, registered_models=True, tracking_uri="http://127.0.0.1:9")
    with pytest.raises(ValueError, match="needs a `path` column"):
        audit_paths(spark, frame.withColumnRenamed("path", "uri"))


def test_rows_carry_no_secret_from_the_audited_files(spark: Any, tmp_path: Path) -> None:
    """A credential in requirements.txt and conda.yaml: UVA701 in the rows, and no column of any
    row (findings or targets) repeats it (the audit redacts before the rows are built)."""
    from auditor.spark import audit_paths
    from tests.conftest import FIXTURES

    secret = "pw-" + "".join(chr(97 + (i * 7) % 26) for i in range(18))
    model = tmp_path / "model"
    shutil.copytree(FIXTURES / "clean", model)
    line = f"--extra-index-url https://ci:{secret}@pypi.example.com/simple\n"
    (model / "requirements.txt").write_text(line + (model / "requirements.txt").read_text())
    conda = (model / "conda.yaml").read_text().replace("- pip:\n", f"- pip:\n  - {line}", 1)
    (model / "conda.yaml").write_text(conda)
    findings, targets = audit_paths(spark, [str(model)], targets=True)
    rows = [r.asDict(recursive=True) for r in findings.collect()]
    text = json.dumps(rows) + json.dumps([r.asDict(recursive=True) for r in targets.collect()])
    targets.unpersist()
    assert {r["file"] for r in rows if r["rule"] == "UVA701"} == {f"{model}/requirements.txt", f"{model}/conda.yaml"}
    assert secret not in text and "***" in text
