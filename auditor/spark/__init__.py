"""Audit a whole store or registry on Spark (SPEC §7; docs/spark.md).

    from auditor.spark import audit_paths

    findings = audit_paths(spark, ["/dbfs/mlruns"], groups=("serve",))
    findings, targets = audit_paths(spark, ["models:/fraud/3", "models:/churn/12"], targets=True)

`audit_paths(spark, paths_or_df, *, targets=False, partitions=None, environ=None, **options)`
audits every target that local paths, `file:` URIs and MLflow URIs (`runs:/`, `models:/`) name, with
the options of `auditor.api.audit_paths` (the command line's, by their Python names). It returns a
DataFrame with one row per finding: `target` and the JSON report's finding keys (`rule`, `name`,
`severity`, `package`, `file`, `line`, `message`, `expected`, `actual`, `fix`). With `targets=True`
it returns `(findings, targets)`: `targets` has one row per target (`path`, `artifacts`, `selection`,
`findings`, `suppressed`, `summary`, `fail_on`, `failed`, and `error` for a target that could not
be audited, e.g. a model that could not be fetched); it is persisted, so both frames come from one
pass over the registry (`targets.unpersist()` releases it).

`paths_or_df` is a list of paths and URIs, or a DataFrame with a string column `path`. A list's
local paths are discovered on the driver and split over `partitions` tasks (default: one per 64
targets, at least one per core); a DataFrame's rows keep their partitioning and each row's path is
discovered in its task (one row per model, as a registry listing gives, spreads the work).

This module imports pyspark only when called: `import auditor.spark` works without it.
"""

from __future__ import annotations

import importlib
import importlib.util
import logging
from collections.abc import Mapping, Sequence
from functools import partial
from typing import Any

from auditor.errors import UsageError
from auditor.options import Options
from auditor.spark.plan import driver_environ, make_plan, partition_count, plan_rows, resolve
from auditor.spark.schema import FINDING_KEYS, INPUT_DDL, TARGET_COLUMNS, TARGET_DDL
from auditor.spark.tasks import audit_batches

__all__ = ["INSTALL_HINT", "audit_paths"]

INSTALL_HINT = 'pip install "uv-mlflow-audit[spark]" (pyspark with pyarrow and pandas), and Java 17 or later'
_log = logging.getLogger("auditor.spark")


def _installed(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):  # a module set to None in sys.modules (blocked) or a broken one
        return False


def _require() -> tuple[Any, Any]:
    """pyspark's DataFrame class and functions module; ImportError naming what to install."""
    missing = [name for name in ("pyspark", "pyarrow", "pandas") if not _installed(name)]
    if missing:
        raise ImportError(f"auditor.spark needs {', '.join(missing)}: {INSTALL_HINT}")
    sql = importlib.import_module("pyspark.sql")
    return sql.DataFrame, importlib.import_module("pyspark.sql.functions")


def _parallelism(spark: Any) -> int:
    try:
        return int(spark.sparkContext.defaultParallelism)
    except Exception:  # Spark Connect has no SparkContext
        return int(spark.conf.get("spark.default.parallelism", "8"))


def _input(spark: Any, paths_or_df: Any, options: Options, partitions: int | None, frame: Any, functions: Any) -> Any:
    """The DataFrame of INPUT_DDL rows the tasks map over."""
    if isinstance(paths_or_df, frame):
        if options.selects_remote:
            raise UsageError(
                "experiments and registered_models are listed on the driver: pass a list (even []), not a DataFrame"
            )
        if "path" not in paths_or_df.columns:
            raise ValueError(f"the DataFrame needs a `path` column (it has {', '.join(paths_or_df.columns)})")
        empty = functions.lit(None).cast("string")
        rows = paths_or_df.select(
            empty.alias("kind"),
            functions.col("path").cast("string").alias("path"),
            empty.alias("display"),
            empty.alias("root"),
            functions.lit(None).cast("long").alias("order"),
        )
        return rows if partitions is None else rows.repartition(partitions)
    rows_, notes = plan_rows(list(_paths(paths_or_df)), options)
    for note in notes:
        _log.warning("uv-audit: note: %s", note)
    count = partition_count(len(rows_), _parallelism(spark), partitions)
    data = spark.createDataFrame([row.as_dict() for row in rows_], INPUT_DDL)
    # contiguous ranges of the schedule order: targets that share a lock land in one task
    return data.repartitionByRange(count, "order") if count > 1 else data.coalesce(1)


def _paths(paths: Any) -> Sequence[str]:
    if isinstance(paths, str) or not isinstance(paths, Sequence):
        raise TypeError("paths_or_df must be a list of paths or URIs, or a DataFrame with a `path` column")
    return [str(p) for p in paths]


def audit_paths(
    spark: Any,
    paths_or_df: Any,
    *,
    targets: bool = False,
    partitions: int | None = None,
    environ: Mapping[str, str] | None = None,
    **options: Any,
) -> Any:
    """Audit every target below `paths_or_df` on `spark`; see the module's documentation.

    Raises `auditor.errors.UsageError` on the driver, before any task, for what the command line
    refuses with exit 2 (a bad option, a path that does not exist, a directory with no target, a
    malformed URI); ImportError when pyspark, pyarrow or pandas is missing."""
    frame, functions = _require()
    settings = options.pop("options", None) or Options(**options)
    env = driver_environ(environ)
    resolved = resolve(settings, env)
    plan = make_plan(resolved, env)
    rows = _input(spark, paths_or_df, resolved, partitions, frame, functions)
    audited = rows.mapInArrow(partial(audit_batches, plan=plan), TARGET_DDL)
    if targets:
        audited = audited.select(*TARGET_COLUMNS).persist()
    findings = audited.select(
        functions.col("path").alias("target"), functions.explode("findings").alias("finding")
    ).select("target", *(f"finding.{key}" for key in FINDING_KEYS))
    return (findings, audited) if targets else findings
