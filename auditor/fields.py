"""Typed access to parsed TOML/YAML values: a wrong type is an ArtifactError, never a crash."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from auditor.errors import ArtifactError


def table(data: Mapping[str, Any], key: str, where: str, line: int | None = None) -> dict[str, Any]:
    value = data.get(key)
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise ArtifactError(f"{where}.{key} must be a table, not {type(value).__name__}", line)
    return value


def array(data: Mapping[str, Any], key: str, where: str, line: int | None = None) -> list[Any]:
    value = data.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        raise ArtifactError(f"{where}.{key} must be an array, not {type(value).__name__}", line)
    return value


def string(data: Mapping[str, Any], key: str, where: str, line: int | None = None) -> str | None:
    value = data.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise ArtifactError(f"{where}.{key} must be a string, not {type(value).__name__}", line)
    return value


def required_string(data: Mapping[str, Any], key: str, where: str, line: int | None = None) -> str:
    value = string(data, key, where, line)
    if value is None:
        raise ArtifactError(f"{where} has no {key}", line)
    return value


def strings(data: Mapping[str, Any], key: str, where: str, line: int | None = None) -> tuple[str, ...]:
    items = array(data, key, where, line)
    for item in items:
        if not isinstance(item, str):
            raise ArtifactError(f"{where}.{key} must hold strings, not {type(item).__name__}", line)
    return tuple(items)


def integer(data: Mapping[str, Any], key: str, where: str, line: int | None = None) -> int | None:
    value = data.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise ArtifactError(f"{where}.{key} must be an integer, not {type(value).__name__}", line)
    if not -(2**63) <= value < 2**63:  # TOML integers are 64-bit; a 5,000-digit one could not even be printed
        raise ArtifactError(f"{where}.{key} is out of the 64-bit integer range", line)
    return value


def tables(data: Mapping[str, Any], key: str, where: str, line: int | None = None) -> list[dict[str, Any]]:
    items = array(data, key, where, line)
    for item in items:
        if not isinstance(item, dict):
            raise ArtifactError(f"{where}.{key} must hold tables, not {type(item).__name__}", line)
    return items
