"""Every string of a target's report redacted (auditor.secrets.redact): its paths, findings'
messages, expected, actual, fix, file, package, and whatever else it carries, with the target's
own secrets (found in its files) replaced wherever they appear."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from auditor.frozen import fields, is_dataclass, replace
from auditor.secrets import redact

if TYPE_CHECKING:
    from auditor.report import TargetReport


def _redact_value(value: Any, known: tuple[str, ...]) -> Any:
    """Every string in `value` (a string, tuple, list, mapping or dataclass, recursively) redacted;
    what holds none is returned as it is."""
    if type(value) is str:
        out = _redact_memo(value, known)  # an equal string, maybe not this one: keep this one
        return value if out == value else out
    if type(value) in _LEAVES:  # None, numbers, enums: a report holds thousands
        return value
    if isinstance(value, (tuple, list)):
        items = [_redact_value(v, known) for v in value]
        return value if all(a is b for a, b in zip(items, value, strict=True)) else type(value)(items)
    if isinstance(value, Mapping):
        pairs = {_redact_value(k, known): _redact_value(v, known) for k, v in value.items()}
        return value if list(pairs.items()) == list(value.items()) else pairs
    if not is_dataclass(value) or isinstance(value, type):
        if not isinstance(value, type):
            _LEAVES.add(type(value))
        return value
    names = _FIELDS.get(type(value)) or _FIELDS.setdefault(type(value), tuple(f.name for f in fields(value) if f.init))
    changed = {n: v for n in names if (v := _redact_value(old := getattr(value, n), known)) is not old}
    return replace(value, **changed) if changed else value


_FIELDS: dict[type, tuple[str, ...]] = {}
_LEAVES: set[type] = set()
_redact_memo = lru_cache(maxsize=16384)(redact)  # a store's targets share most of their messages


def redact_target_report(report: TargetReport, known: Iterable[str]) -> TargetReport:
    """`report` with every string of it (path, findings' messages, expected, actual, fix, file,
    package, and whatever else it carries) redacted, the target's own secrets (`known`) included."""
    redacted: TargetReport = _redact_value(report, tuple(known))
    return redacted
