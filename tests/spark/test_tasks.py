"""The driver's plan and the tasks' function, run in this process without Spark (no pyspark or
Java needed), and `import auditor.spark` without pyspark."""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from auditor import assemble
from auditor.discover import Candidate, discover
from auditor.errors import UsageError
from auditor.options import Options
from auditor.spark.plan import make_plan, partition_count, plan_rows, resolve
from auditor.spark.schema import TARGET, URI
from auditor.spark.tasks import audit_rows
from tests.spark.conftest import REPO, bench_store

MODELS, LOCKS = 120, 10
HAS_MLFLOW = importlib.util.find_spec("mlflow") is not None
NO_CLIENT = 'needs the MLflow client: pip install "uv-mlflow-audit[mlflow]"'
needs_mlflow = pytest.mark.skipif(
    not HAS_MLFLOW, reason="MLflow URIs are checked by the MLflow client (the mlflow extra)"
)


@pytest.fixture(scope="module")
def fresh_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """120 models interleaving 10 uv.lock contents that no other test has parsed in this process."""
    root = tmp_path_factory.mktemp("fresh-store")
    bench = bench_store()
    sources = []
    for n, source in enumerate(bench.sources(root / "scratch", LOCKS)):
        copy = root / "sources" / f"{n}-{source.name}"
        shutil.copytree(source, copy)
        with open(copy / "uv.lock", "a", encoding="utf-8") as handle:
            handle.write(f"# {uuid.uuid4().hex}\n")
        sources.append(copy)
    store: Path = bench.build_store(root, MODELS, sources)
    return store


def test_targets_sharing_a_lock_parse_it_once_per_partition(fresh_store: Path) -> None:
    rows, notes = plan_rows([str(fresh_store)], Options())
    assert notes == [] and len(rows) == MODELS and {r.kind for r in rows} == {TARGET}
    # discovery order interleaves the locks (model i takes lock i mod 10); the plan groups them
    sizes = [os.path.getsize(Path(r.path) / "uv.lock") for r in rows]
    assert sizes == sorted(sizes) and len(set(sizes)) == LOCKS
    before = assemble.PARSE_COUNT["uv.lock"]
    shuffled = [r.as_dict() for r in rows[::2] + rows[1::2]]  # a partition in any order
    out = list(audit_rows(shuffled, make_plan(Options(), {})))
    assert len(out) == MODELS and all(r["error"] is None for r in out)
    assert assemble.PARSE_COUNT["uv.lock"] - before == LOCKS  # each distinct lock parsed once, not 120 times


@needs_mlflow
def test_rows_are_the_command_lines_targets_in_schedule_order(fresh_store: Path) -> None:
    rows, _ = plan_rows([str(fresh_store), str(fresh_store / "mlruns"), "models:/a/1", "models:/a/1/"], Options())
    cli = [c for c in discover([str(fresh_store)]) if isinstance(c, Candidate)]
    assert sorted(r.display for r in rows if r.kind == TARGET) == sorted(c.display for c in cli)
    assert [(r.kind, r.path) for r in rows if r.kind == URI] == [(URI, "models:/a/1")]  # each target once
    assert [r.order for r in rows] == list(range(len(rows)))
    as_uri = plan_rows([fresh_store.as_uri()], Options())[0]
    assert sorted(r.display for r in as_uri) == sorted(
        c.display.replace(str(fresh_store), fresh_store.as_uri()) for c in cli
    )


@pytest.mark.parametrize(
    ("paths", "message"),
    [
        ([], "no paths to audit"),
        ("mlruns", "not a string"),
        (["/no/such/dir"], "path does not exist: /no/such/dir"),
        (["s3://bucket/mlruns"], "s3:// is not supported"),
        (["file://otherhost/mlruns"], "on another host"),
        pytest.param(["runs:/"], "expected runs:/<run_id>/<artifact_path>", marks=needs_mlflow),
        pytest.param(
            ["models:/m/1"],
            re.escape(f"models:/m/1 {NO_CLIENT}"),
            marks=pytest.mark.skipif(HAS_MLFLOW, reason="MLflow is installed here"),
        ),
    ],
)
def test_plan_refuses_what_the_command_line_refuses(paths: list[str], message: str) -> None:
    with pytest.raises(UsageError, match=message):
        plan_rows(paths, Options())


def test_options_are_checked_and_fixed_on_the_driver() -> None:
    with pytest.raises(UsageError, match="unknown rule"):
        resolve(Options(ignore=("UVA999",)), {})
    with pytest.raises(UsageError, match="--alias needs --registered-models"):
        resolve(Options(alias="champion"), {})
    with pytest.raises(UsageError, match="no MLflow tracking server" if HAS_MLFLOW else "needs the MLflow client"):
        plan_rows([], resolve(Options(registered_models=True), {}))
    environ = {"MLFLOW_TRACKING_URI": "http://127.0.0.1:5000", "MLFLOW_UV_GROUPS": "serve", "HOME": "/x"}
    resolved = resolve(Options(registered_models=True, alias="champion"), environ)
    assert resolved.tracking_uri == "http://127.0.0.1:5000"
    plan = make_plan(resolved, environ)
    assert dict(plan.environ) == {"MLFLOW_UV_GROUPS": "serve"}
    # the driver expands the selectors; a task never lists the registry again
    assert not plan.options.selects_remote and plan.options.alias is None
    assert plan.options.tracking_uri == "http://127.0.0.1:5000"
    assert resolve(Options(tracking_uri="http://h"), {"MLFLOW_TRACKING_URI": "http://other"}).tracking_uri == "http://h"


def test_partition_counts() -> None:
    assert partition_count(300, 2, None) == 5
    assert partition_count(10, 8, None) == 8
    assert partition_count(3, 8, None) == 3
    assert partition_count(300, 2, 7) == 7
    assert partition_count(0, 2, None) == 1
    with pytest.raises(UsageError):
        partition_count(300, 2, 0)


def test_a_dataframe_row_that_cannot_be_audited_is_an_error_row(tmp_path: Path) -> None:
    rows = [{"path": str(tmp_path / "missing")}, {"path": "gs://b/m"}, {"path": str(tmp_path)}, {"path": "runs:/"}]
    out = {r["path"]: r["error"] for r in audit_rows(rows, make_plan(Options(), {}))}
    assert out[str(tmp_path / "missing")] == f"path does not exist: {tmp_path / 'missing'}"
    assert "gs:// is not supported" in str(out["gs://b/m"])
    assert str(out[str(tmp_path)]).startswith(f"no artifact set (uv.lock, pyproject.toml or MLmodel) under {tmp_path}")
    assert str(out["runs:/"]).startswith("runs:/: expected runs:/<run_id>" if HAS_MLFLOW else f"runs:/ {NO_CLIENT}")


def _python(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, timeout=120)


def test_importing_auditor_spark_loads_no_spark() -> None:
    proc = _python(
        "import sys, auditor.spark; print(sorted(m for m in ('pyspark', 'pyarrow', 'pandas') if m in sys.modules))"
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "[]"


def test_without_pyspark_the_call_says_what_to_install() -> None:
    proc = _python(
        "import sys; sys.modules['pyspark'] = None\n"
        "from auditor.spark import audit_paths\n"
        "try:\n    audit_paths(None, ['.'])\nexcept ImportError as exc:\n    print(exc)\n"
    )
    assert proc.returncode == 0, proc.stderr
    missing = ", ".join(["pyspark"] + [m for m in ("pyarrow", "pandas") if importlib.util.find_spec(m) is None])
    assert proc.stdout.strip() == (
        f'auditor.spark needs {missing}: pip install "uv-mlflow-audit[spark]" (pyspark with pyarrow and pandas), '
        "and Java 17 or later"
    )
