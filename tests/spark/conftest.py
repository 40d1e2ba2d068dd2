"""A real local Spark session (`local[2]`, pyspark from the registry) for the Spark tests.

One session for the whole test run (starting the JVM costs ~10-25 s); the tests that need it skip
cleanly when pyspark (the `spark` extra) or Java is absent. The session is created with the test
process's environment less every MLFLOW_* variable, so what a task knows of MLflow comes from the
plan the driver ships, never from the executors' own environment.

The tracking-server fixtures are the remote tests' own (tests/remote/conftest.py): a real `mlflow
server` with real logged models.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser.store import bench_store
from tests.remote.conftest import logged, mlflow_server

__all__ = ["REPO", "bench_store", "logged", "mlflow_server", "spark"]

REPO = Path(__file__).resolve().parents[2]


def java_missing() -> str | None:
    """Why Spark cannot start here (None: it can)."""
    java = Path(os.environ["JAVA_HOME"]) / "bin" / "java" if os.environ.get("JAVA_HOME") else shutil.which("java")
    if java is None or not Path(java).exists():
        return "no Java (apt-get install openjdk-17-jre-headless)"
    probe = subprocess.run([str(java), "-version"], capture_output=True, text=True, timeout=60, check=False)
    return None if probe.returncode == 0 else f"java -version failed: {probe.stderr.strip()[:200]}"


@pytest.fixture(scope="session")
def spark(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    pytest.importorskip("pyspark", reason="needs the spark extra (pyspark)")
    pytest.importorskip("pyarrow", reason="needs pyarrow (the spark extra)")
    why = java_missing()
    if why:
        pytest.skip(why)
    from pyspark.sql import SparkSession

    saved = {k: os.environ.pop(k) for k in list(os.environ) if k.startswith(("MLFLOW_", "PYSPARK_"))}
    os.environ["PYSPARK_PYTHON"] = os.environ["PYSPARK_DRIVER_PYTHON"] = sys.executable  # the workers: this venv
    try:
        session = (
            SparkSession.builder.master("local[2]")
            .appName("uv-audit-tests")
            .config("spark.ui.enabled", "false")
            .config("spark.ui.showConsoleProgress", "false")
            .config("spark.sql.shuffle.partitions", "4")
            .config("spark.driver.bindAddress", "127.0.0.1")
            .config("spark.driver.host", "127.0.0.1")
            .config("spark.sql.warehouse.dir", str(tmp_path_factory.mktemp("spark-warehouse")))
            .getOrCreate()
        )
    finally:
        for key in ("PYSPARK_PYTHON", "PYSPARK_DRIVER_PYTHON"):
            os.environ.pop(key, None)
        os.environ.update(saved)
    session.sparkContext.setLogLevel("ERROR")
    try:
        yield session
    finally:
        session.stop()
