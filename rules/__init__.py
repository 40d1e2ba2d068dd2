"""The rule registry: every module that defines rules, listed explicitly; rules in code order."""

from __future__ import annotations

from types import ModuleType

from auditor.rule import Rule
from rules import (
    artifacts,
    conda,
    credentials,
    drift,
    leaks,
    lock,
    mlflow,
    pins,
    projectcode,
    provenance,
    python,
    restore,
    wheelcheck,
)

MODULES: tuple[ModuleType, ...] = (
    artifacts,  # UVA001-UVA004
    lock,  # UVA101-UVA103
    drift,  # UVA201-UVA203
    pins,  # UVA204-UVA206
    leaks,  # UVA301-UVA303
    python,  # UVA401-UVA404
    restore,  # UVA501, UVA502
    provenance,  # UVA503, UVA505
    wheelcheck,  # UVA504
    projectcode,  # UVA506
    mlflow,  # UVA601, UVA602
    conda,  # UVA603
    credentials,  # UVA701
)
"""Each module's `RULES` holds the rules it defines, and only those."""

ALL_RULES: tuple[Rule, ...] = tuple(sorted((r for m in MODULES for r in m.RULES), key=lambda r: r.code))

BY_CODE = {r.code: r for r in ALL_RULES}
BY_NAME = {r.name: r for r in ALL_RULES}


def lookup(code_or_name: str) -> Rule | None:
    return BY_CODE.get(code_or_name.upper()) or BY_NAME.get(code_or_name.lower())
