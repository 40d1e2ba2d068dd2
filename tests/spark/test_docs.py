"""docs/spark.md's worked example, run as written against the remote tests' real `mlflow server`
(every registered model version), and its SQL query over the table it writes."""

from __future__ import annotations

import json
import re
from collections import Counter
from typing import Any

import pytest
from click.testing import CliRunner

pytest.importorskip("mlflow")

from tests.remote.conftest import REPO, Logged

DOC = REPO / "docs" / "spark.md"


def _blocks(language: str, after: str) -> list[str]:
    text = DOC.read_text(encoding="utf-8")
    section = text[text.index(after) :]
    return re.findall(rf"```{language}\n(.*?)```", section, flags=re.S)


def test_the_worked_example_writes_the_clis_findings_to_a_table(
    spark: Any, logged: Logged, monkeypatch: pytest.MonkeyPatch
) -> None:
    from auditor.cli.group import main

    monkeypatch.setenv("MLFLOW_TRACKING_URI", logged.uri)
    code, query = _blocks("python", "## A registry, step by step")[0], _blocks("sql", "## A registry, step by step")[0]
    namespace: dict[str, Any] = {"spark": spark}
    exec(compile(code, str(DOC), "exec"), namespace)

    uris = sorted(namespace["uris"])
    assert uris == ["models:/uv-audit-clean/1", "models:/uv-audit-clean/2", "models:/uv-audit-leak/1"]
    cli = CliRunner().invoke(main, ["check", *uris, "--format", "json"])
    report = json.loads(cli.stdout)
    keys = ("rule", "name", "severity", "package", "file", "line", "message", "expected", "actual", "fix")
    want = Counter((t["path"], *(f[k] for k in keys)) for t in report["targets"] for f in t["findings"])
    table = spark.table("uv_audit_findings").collect()
    assert Counter((r["target"], *(r[k] for k in keys)) for r in table) == want and want

    failing = [r.asDict() for r in namespace["failing"].collect()]
    gated = [t["path"] for t in report["targets"] if any(f["severity"] in ("error", "warning") for f in t["findings"])]
    assert [r["path"] for r in failing] == sorted(gated) and gated
    assert all(r["error"] is None for r in failing)
    counts = {r["rule"]: r["versions"] for r in spark.sql(query).collect()}
    assert counts == dict(Counter(rule for _, rule in {(k[0], k[1]) for k in want}))
