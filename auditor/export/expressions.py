"""Single marker expressions: building ADD leaves (uv's `InternerGuard::expression`) and printing.

An `Expr` is `(kind, cls, key, op, value)`: `kind` is uv's `MarkerExpressionKind` order (used to
sort the printed DNF), `cls` one of "version", "string", "extra", "list", `value` a release tuple
(version) or a string.
"""

from __future__ import annotations

from typing import Any

from auditor.export import algebra as A
from auditor.export import ranges as R

Expr = tuple[int, str, str, str, Any]

_STRING_KIND = {key: 10 + i for i, key in enumerate(sorted(A.STRING_KEYS))}


def trim(release: tuple[int, ...]) -> tuple[int, ...]:
    out = list(release)
    while len(out) > 1 and out[-1] == 0:
        out.pop()
    return tuple(out)


def vstr(release: tuple[int, ...]) -> str:
    return ".".join(str(p) for p in release)


def version_expr(key: str, op: str, version: tuple[int, ...]) -> Expr:
    return (A.VERSION_KEYS.index(key), "version", key, op, version)


def string_expr(key: str, op: str, value: str) -> Expr:
    return (_STRING_KIND[key], "string", key, op, value)


def extra_expr(op: str, name: str) -> Expr:
    return (40, "extra", "extra", op, name)


def list_expr(key: str, op: str, value: str) -> Expr:
    return (30 + A.LIST_KEYS.index(key), "list", key, op, value)


def display(e: Expr) -> str:
    _, cls, key, op, value = e
    if cls == "version":
        if op in ("==*", "!=*"):
            return f"{key} {op[:-1]} '{vstr(value)}.*'"
        return f"{key} {op} '{vstr(value)}'"
    if cls == "string":
        if op == "contains":
            return f"'{value}' in {key}"
        if op == "not contains":
            return f"'{value}' not in {key}"
        return f"{key} {op} '{value}'"
    if cls == "list":
        return f"'{value}' {op} {key}"
    return f"extra {op} '{value}'"


def version_range(op: str, release: tuple[int, ...]) -> tuple[R.Interval, ...]:
    """uv's `release_specifier_to_range(specifier, trim=true)`."""
    v = trim(release)
    if op in ("==", "==="):
        return R.singleton(v)
    if op == "!=":
        return R.complement(R.singleton(v))
    if op == "<":
        return ((None, (v, False)),)
    if op == "<=":
        return ((None, (v, True)),)
    if op == ">":
        return (((v, False), None),)
    if op == ">=":
        return (((v, True), None),)
    if op == "~=":
        upper = trim((*release[:-2], release[-2] + 1))
        return (((v, True), (upper, False)),)
    high = trim((*release[:-1], release[-1] + 1))
    star = (((v, True), (high, False)),)
    return star if op == "==*" else R.complement(star)


def python_version_to_full(op: str, release: tuple[int, ...]) -> tuple[str, tuple[int, ...]] | int:
    """uv's `python_version_to_full_version`: a (op, release) for `python_full_version`, or a node."""
    if op in ("==*", "!=*"):
        if len(release) == 1:
            return op, release
        if all(x == 0 for x in release[2:]):
            return op, release[:2]
        return A.FALSE
    if op == "~=":
        if len(release) == 2:
            return op, release
        if len(release) > 2 and all(x == 0 for x in release[2:]):
            return "==*", release[:2]
        return A.FALSE
    t = trim(release)
    if len(t) <= 2:
        major, minor = t[0], (t[1] if len(t) == 2 else 0)
        mm = (major, minor)
        table = {"==": ("==*", mm), "===": ("==*", mm), "!=": ("!=*", mm), ">": (">=", (major, minor + 1)),
                 "<": ("<", release), ">=": (">=", release), "<=": ("<", (major, minor + 1))}  # fmt: skip
        return table[op]
    major, minor = release[0], release[1]
    if op in ("==", "==="):
        return A.FALSE
    if op == "!=":
        return A.TRUE
    if op in ("<", "<="):
        return "<", (major, minor + 1)
    return ">=", (major, minor + 1)


def build(e: Expr) -> int:
    """The ADD node of one expression."""
    interner = A.INTERNER
    _, cls, key, op, value = e
    if cls == "version":
        return interner.leaf_ranges((A.VERSION, A.VERSION_KEYS.index(key)), version_range(op, value))
    if cls == "string":
        idx = A.STRING_KEYS.index(key)
        if op in ("in", "not in"):
            return interner.leaf_bool((A.IN, idx, value), op == "in")
        if op in ("contains", "not contains"):
            return interner.leaf_bool((A.CONTAINS, idx, value), op == "contains")
        return interner.leaf_string(key, op, value)
    if cls == "extra":
        return interner.leaf_bool((A.EXTRA, value), op == "==")
    return interner.leaf_bool((A.LIST, A.LIST_KEYS.index(key), value), op == "in")


def build_python_version(op: str, release: tuple[int, ...]) -> int:
    converted = python_version_to_full(op, release)
    if isinstance(converted, int):
        return converted
    return build(version_expr("python_full_version", *converted))
