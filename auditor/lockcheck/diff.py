"""Set difference of requirement lists, as uv's `BTreeSet` comparison, reported per requirement.

uv compares sets: duplicates collapse and order does not count. What is left unmatched on either
side is paired by package name: a pyproject.toml requirement with no exact counterpart but a lock
entry of the same name is `changed` (its lowered forms and all the lock's leftovers of that name
count once), one with none is `added`, and lock entries left alone are `removed`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Literal

from auditor.frozen import frozen
from auditor.lockcheck.normalized import NormReq, render, same
from auditor.pyproject import ReqEntry

Change = Literal["added", "removed", "changed"]


@frozen
class Expected:
    """One lowered requirement and the pyproject.toml entry and section it came from."""

    req: NormReq
    entry: ReqEntry
    section: str


@frozen
class Difference:
    section: str
    package: str | None
    change: Change
    pyproject: str | None
    lock: str | None
    line: int | None


def _by_name(items: Sequence[NormReq]) -> dict[str, list[NormReq]]:
    """The items of each name, in order: `same` holds only between requirements of one name."""
    out: dict[str, list[NormReq]] = {}
    for item in items:
        out.setdefault(item.name, []).append(item)
    return out


def _unique(items: Sequence[NormReq], requires_python: str | None) -> list[NormReq]:
    out: list[NormReq] = []
    seen: dict[str, list[NormReq]] = {}
    for item in items:
        kept = seen.setdefault(item.name, [])
        if not any(same(item, k, requires_python) for k in kept):
            out.append(item)
            kept.append(item)
    return out


def diff(
    expected: Sequence[Expected],
    actual: Sequence[NormReq],
    lock_section: Callable[[NormReq], str],
    requires_python: str | None,
) -> list[Difference]:
    """Differences between the lowered pyproject.toml requirements and the lock's recorded ones."""
    left = list(_unique(actual, requires_python))
    named = _by_name(actual)
    unmatched: list[Expected] = []
    for item in expected:
        req = item.req
        if any(same(req, a, requires_python) for a in named.get(req.name, ())):
            left = [a for a in left if a.name != req.name or not same(req, a, requires_python)]
        else:
            unmatched.append(item)
    out: list[Difference] = []
    by_entry: dict[int, list[Expected]] = {}
    for item in unmatched:
        by_entry.setdefault(id(item.entry), []).append(item)
    for group in by_entry.values():
        first = group[0]
        name = first.req.name
        counterpart = [a for a in left if a.name == name and lock_section(a) == first.section]
        if counterpart:
            left = [a for a in left if not any(a is c for c in counterpart)]
            lock_text = " | ".join(render(c) for c in counterpart)
            out.append(Difference(first.section, name, "changed", first.entry.raw, lock_text, first.entry.line))
        else:
            out.append(Difference(first.section, name, "added", first.entry.raw, None, first.entry.line))
    removed: dict[tuple[str, str], list[NormReq]] = {}
    for a in left:
        removed.setdefault((lock_section(a), a.name), []).append(a)
    for (section, name), gone in removed.items():
        out.append(Difference(section, name, "removed", None, " | ".join(render(i) for i in gone), None))
    return out
