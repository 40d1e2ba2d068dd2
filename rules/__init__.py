"""The rule registry: every rule, listed explicitly, in code order."""

from __future__ import annotations

from auditor.rule import Rule
from rules import artifacts, leaks, lock, mlflow, pins, python, requirements, restore

ALL_RULES: tuple[Rule, ...] = (
    *artifacts.RULES,
    *lock.RULES,
    *requirements.RULES,
    *pins.RULES,
    *leaks.RULES,
    *python.RULES,
    *restore.RULES,
    *mlflow.RULES,
)

BY_CODE = {r.code: r for r in ALL_RULES}
BY_NAME = {r.name: r for r in ALL_RULES}


def lookup(code_or_name: str) -> Rule | None:
    return BY_CODE.get(code_or_name.upper()) or BY_NAME.get(code_or_name.lower())
