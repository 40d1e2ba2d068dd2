"""Configuration precedence, validation and rule selection."""

from __future__ import annotations

import pytest

from auditor import config as cfg
from auditor.audit import CATALOG
from auditor.errors import UsageError
from auditor.findings import Severity


def test_precedence_default_pyproject_environment_cli() -> None:
    pyproject = {"groups": ["train"], "fail-on": "error", "severity": {"UVA003": "info"}}
    env = cfg.from_environment({"MLFLOW_UV_GROUPS": "serve, extra-tools", "MLFLOW_UV_EXTRAS": ""})
    resolved = cfg.resolve(pyproject, env, cfg.Overrides(), CATALOG)
    assert resolved.groups == ("serve", "extra-tools") and resolved.selection_source == "environment"
    assert resolved.fail_on is Severity.ERROR and resolved.severity == {"UVA003": Severity.INFO}
    resolved = cfg.resolve(pyproject, env, cfg.Overrides(extras=("gpu",), fail_on="info"), CATALOG)
    assert resolved.groups == () and resolved.extras == ("gpu",) and resolved.selection_source == "cli"
    assert resolved.fail_on is Severity.INFO
    assert cfg.resolve(None, cfg.from_environment({}), cfg.Overrides(), CATALOG).selection_source == "default"
    assert cfg.resolve(pyproject, cfg.from_environment({}), cfg.Overrides(), CATALOG).selection_source == "pyproject"


@pytest.mark.parametrize(
    "table",
    [
        {"unknown": 1},
        {"select": ["UVA999"]},
        {"ignore": ["not-a-rule"]},
        {"fail-on": "fatal"},
        {"severity": {"UVA001": "loud"}},
        {"severity": {"UVA999": "error"}},
        {"groups": [1]},
        {"fail-on": 3},
    ],
)
def test_bad_pyproject_values_are_usage_errors(table: dict[str, object]) -> None:
    with pytest.raises(UsageError):
        cfg.resolve(table, cfg.Overrides(), cfg.Overrides(), CATALOG)


def test_select_ignore_most_specific_wins() -> None:
    config = cfg.resolve({"select": ["UVA0"], "ignore": ["UVA003"]}, cfg.Overrides(), cfg.Overrides(), CATALOG)
    assert cfg.enabled(config, "UVA001", "missing-lock")
    assert not cfg.enabled(config, "UVA003", "missing-requirements")
    config = cfg.resolve({"ignore": ["UVA00"]}, cfg.Overrides(), cfg.Overrides(select=("missing-lock",)), CATALOG)
    assert cfg.enabled(config, "UVA001", "missing-lock") and not cfg.enabled(config, "UVA002", "missing-pyproject")
    # the command line's exact select beats pyproject's exact ignore
    config = cfg.resolve({"ignore": ["UVA001"]}, cfg.Overrides(), cfg.Overrides(select=("UVA001",)), CATALOG)
    assert cfg.enabled(config, "UVA001", "missing-lock")
    assert cfg.enabled(cfg.Config(), "UVA001", "missing-lock")
