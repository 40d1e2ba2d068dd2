"""Rule outcomes memoised across the targets of one process, re-anchored to each target.

In a store, thousands of models share a few projects: the same uv.lock, pyproject.toml,
requirements.txt and environment files, and MLmodel files that differ only in their ids and
creation time. The rules' outcome is a function of the target's contents, its configuration and
the rules; the target's own path enters it only as the prefix of its files' display paths. So the
rules run on a *neutral* copy of the target, whose display path is a token no file can hold and
whose MLmodel keeps only what rules read (flavors, versions, line numbers, and the pyfunc code and
pickles derived from the rest); the outcome is memoised on the digests of every file read but
MLmodel, that MLmodel summary, the listing, problems, credentials (relative paths) and the
configuration; and every target, the first one too, gets it back with the token replaced by its
own path, re-sorted as the engine sorts. Redaction then runs on the target's real report, so the
secrets and suppressed entries are the target's own: the bytes equal an unmemoised run's
(tests/test_memo.py audits every fixture both ways).
"""

from __future__ import annotations

import os
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from auditor import target as t
from auditor.findings import Finding, Suppressed
from auditor.frozen import replace

TOKEN = f"\x00target-{os.urandom(6).hex()}\x00"
"""Stands for the target's path while the rules run (a NUL and a random part: no file holds it)."""
SIZE = 512
_memo: OrderedDict[tuple[Any, ...], Any] = OrderedDict()
COUNTS = {"hits": 0, "misses": 0}


def _relative(display: str, path: str) -> str | None:
    if path == display:
        return ""
    prefix = os.path.join(display, "")
    return path[len(prefix) :] if path.startswith(prefix) else None


def _anchored(relative: str) -> str:
    return os.path.join(TOKEN, relative) if relative else TOKEN


def neutral(target: t.Target) -> tuple[tuple[Any, ...], t.Target] | None:
    """(memo key, the target with its path replaced by TOKEN), or None when it cannot be."""
    display = target.path
    if not display or display != display.rstrip("/" + os.sep) or TOKEN in display:
        return None
    files = {k: _relative(display, v) for k, v in target.files.items()}
    problems = [(_relative(display, p.file), p) for p in target.problems]
    secrets = [(_relative(display, s.file), s) for s in target.secrets]
    if None in files.values() or any(r is None for r, _ in problems) or any(r is None for r, _ in secrets):
        return None
    ml = target.mlmodel
    summary = None if ml is None else (ml.flavors, ml.python_version, ml.python_version_line, ml.mlflow_version)
    key = (
        tuple(sorted((k, v) for k, v in target.digests.items() if k != files.get(t.MLMODEL))),
        tuple(sorted(files.items())),
        summary,
        None if ml is None else tuple(sorted(ml.lines.items())),
        target.invalid,
        tuple((r, p.line, p.message) for r, p in problems),
        tuple((r, s.line, s.kind, s.shown, s.value) for r, s in secrets),
        target.entries,
        repr(target.pyfunc),
        repr(target.pickles),
        tuple(sorted(target.members)),
    )
    copy = replace(
        target,
        path=TOKEN,
        files={k: _anchored(v) for k, v in files.items() if v is not None},
        problems=tuple(replace(p, file=_anchored(r or "")) for r, p in problems),
        secrets=tuple(replace(s, file=_anchored(r or "")) for r, s in secrets),
        mlmodel=None if ml is None else replace(ml, run_id=None, model_id=None, document={}),
    )
    return key, copy


def _text(value: str | None, display: str) -> str | None:
    return value.replace(TOKEN, display) if value is not None and TOKEN in value else value


def _finding(f: Finding, display: str) -> Finding:
    return Finding(
        f.rule,
        f.name,
        f.severity,
        _text(f.package, display),
        _text(f.file, display),
        f.line,
        _text(f.message, display) or "",
        _text(f.expected, display),
        _text(f.actual, display),
        _text(f.fix, display),
    )


def outcome(
    target: t.Target, extra: tuple[Any, ...], compute: Callable[[t.Target], tuple[list[Finding], list[Suppressed]]]
) -> tuple[tuple[Finding, ...], tuple[Suppressed, ...]]:
    """`compute(target)`'s findings and suppressed findings (unsorted lists), through the memo
    when the target can be made neutral; sorted as the engine sorts, on the target's own path."""
    made = neutral(target)
    if made is None:
        kept, suppressed = compute(target)
    else:
        key, copy = made
        key = (*extra, *key)
        cached = _memo.get(key)
        if cached is None:
            COUNTS["misses"] += 1
            cached = _memo[key] = compute(copy)
            if len(_memo) > SIZE:
                _memo.popitem(last=False)
        else:
            COUNTS["hits"] += 1
            _memo.move_to_end(key)
        display = target.path
        kept = [_finding(f, display) for f in cached[0]]
        suppressed = [Suppressed(_finding(s.finding, display), s.by) for s in cached[1]]
    return (
        tuple(sorted(kept, key=Finding.sort_key)),
        tuple(sorted(suppressed, key=lambda s: s.finding.sort_key())),
    )
