"""MLflow URIs audited inside Spark tasks against the remote tests' real `mlflow server`: the same
findings as the command line, only the small files fetched (the weights never requested, checked
in the server's access log), and the tracking URI reaching the executors from the driver."""

from __future__ import annotations

import json
import os
from collections import Counter
from typing import Any

import pytest
from click.testing import CliRunner

pytest.importorskip("mlflow")

from tests.remote.conftest import Logged
from tests.remote.test_remote import FORMS, WEIGHT_NAMES

KEYS = ("rule", "name", "severity", "package", "file", "line", "message", "expected", "actual", "fix")
SMALL_FILES = (
    "uv.lock",
    "pyproject.toml",
    "requirements.txt",
    ".python-version",
    "MLmodel",
    "python_env.yaml",
    "conda.yaml",
)


def _executor_environment(spark: Any) -> list[str | None]:
    import pyarrow as pa

    def probe(batches: Any) -> Any:
        for batch in batches:
            value = os.environ.get("MLFLOW_TRACKING_URI")
            yield pa.RecordBatch.from_pylist([{"uri": value}] * batch.num_rows)

    frame = spark.createDataFrame([(i,) for i in range(4)], "i int").repartition(2)
    return [r.uri for r in frame.mapInArrow(probe, "uri string").collect()]


def test_tasks_fetch_only_the_small_files(spark: Any, logged: Logged, monkeypatch: pytest.MonkeyPatch) -> None:
    from auditor.cli.group import main
    from auditor.spark import audit_paths

    uris = [form(logged) for form in FORMS.values()]
    missing = "models:/no-such-model/1"
    assert _executor_environment(spark) == [None] * 4  # executors do not know the server by themselves
    monkeypatch.setenv("MLFLOW_TRACKING_URI", logged.uri)  # the driver's environment only
    offset = logged.server.log_offset()
    findings, targets = audit_paths(spark, [*uris, missing], targets=True, partitions=2)
    rows = [r.asDict() for r in findings.collect()]
    by_path = {r["path"]: r.asDict(recursive=True) for r in targets.collect()}
    targets.unpersist()
    requests = logged.server.requests_since(offset)

    cli = CliRunner().invoke(main, ["check", *uris, "--format", "json", "--tracking-uri", logged.uri])
    report = json.loads(cli.stdout)
    want = Counter((t["path"], *(f[k] for k in KEYS)) for t in report["targets"] for f in t["findings"])
    assert Counter((r["target"], *(r[k] for k in KEYS)) for r in rows) == want
    assert {r["rule"] for r in rows} >= {"UVA101", "UVA301"}  # what the fixtures promise (stale lock, leak)
    assert set(by_path) == {*uris, missing}
    assert by_path[missing]["failed"] and by_path[missing]["error"].startswith("not found: ")
    for target in report["targets"]:
        assert by_path[target["path"]]["artifacts"] == target["artifacts"]

    downloads = [line for line in requests if "/mlflow-artifacts/artifacts/" in line and "?" not in line.split('"')[1]]
    fetched = Counter(line.split('"')[1].split()[1].rsplit("/", 1)[-1] for line in downloads)
    assert fetched["uv.lock"] >= len(uris), requests[-20:]
    assert set(fetched) <= set(SMALL_FILES), fetched
    # I/O: each small file a target holds downloaded once, nothing else (URIs naming one model twice count twice)
    assert sum(fetched.values()) == sum(sum(t["artifacts"].values()) for t in by_path.values() if t["artifacts"])
    assert not [line for line in requests if any(name in line for name in WEIGHT_NAMES)]  # weights fetched 0 times
    stored = {p.name for p in logged.server.artifacts.rglob("*") if p.is_file()}
    assert {"python_model.pkl", "weights.bin"} <= stored  # they exist; they were never asked for


def test_without_a_tracking_server_each_uri_is_an_error_row(spark: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from auditor.spark import audit_paths

    monkeypatch.delenv("MLFLOW_TRACKING_URI", raising=False)
    frame = spark.createDataFrame([("models:/fraud/1",), ("runs:/abc/model",)], "path string")
    findings, targets = audit_paths(spark, frame, targets=True)
    rows = {r["path"]: (r["failed"], r["error"]) for r in targets.collect()}
    targets.unpersist()
    assert findings.count() == 0
    line = "no MLflow tracking server: pass --tracking-uri URI or set MLFLOW_TRACKING_URI"
    assert rows == {"models:/fraud/1": (True, line), "runs:/abc/model": (True, line)}


def test_the_command_lines_selectors_are_expanded_on_the_driver(spark: Any, logged: Logged) -> None:
    from auditor.cli.group import main
    from auditor.spark import audit_paths

    options = {"tracking_uri": logged.uri, "experiments": ("uv-audit-remote-a", "no-such-experiment")}
    findings, targets = audit_paths(spark, [], targets=True, registered_models=True, alias="champion", **options)
    rows = [r.asDict() for r in findings.collect()]
    by_path = {r["path"]: (r["failed"], r["error"]) for r in targets.collect()}
    targets.unpersist()
    selectors = ["--experiment", "uv-audit-remote-a", "--experiment", "no-such-experiment"]
    selectors += ["--registered-models", "--alias", "champion"]
    cli = CliRunner().invoke(main, ["check", "--format", "json", "--tracking-uri", logged.uri, *selectors])
    report = json.loads(cli.stdout)
    assert "uv-audit: experiment no-such-experiment: no such experiment (neither a name nor an id)" in cli.stderr
    paths = [t["path"] for t in report["targets"]]
    assert "models:/uv-audit-clean@champion" in paths and len(paths) == 3
    assert set(by_path) == {*paths, "experiment no-such-experiment"}
    assert by_path["experiment no-such-experiment"] == (True, "no such experiment (neither a name nor an id)")
    want = Counter((t["path"], *(f[k] for k in KEYS)) for t in report["targets"] for f in t["findings"])
    assert Counter((r["target"], *(r[k] for k in KEYS)) for r in rows) == want


def test_an_oversized_file_is_not_downloaded_and_reported_as_on_the_command_line(spark: Any, logged: Logged) -> None:
    from auditor.cli.group import main
    from auditor.spark import audit_paths

    uri = "models:/uv-audit-clean/1"
    offset = logged.server.log_offset()
    findings = audit_paths(spark, [uri], tracking_uri=logged.uri, max_file_size=20000)
    rows = [r.asDict() for r in findings.collect()]
    assert not [line for line in logged.server.requests_since(offset) if "/uv.lock " in line]
    cli = CliRunner().invoke(
        main, ["check", uri, "--format", "json", "--tracking-uri", logged.uri, "--max-file-size", "20000"]
    )
    [target] = json.loads(cli.stdout)["targets"]
    assert [r["rule"] for r in rows if r["file"] == f"{uri}/uv.lock"] == ["UVA004"]
    assert Counter(tuple(r[k] for k in KEYS) for r in rows) == Counter(
        tuple(f[k] for k in KEYS) for f in target["findings"]
    )
