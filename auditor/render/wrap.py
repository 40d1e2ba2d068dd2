"""Wrapping for the terminal: only prose is broken across lines.

A command in backticks (`` `uv export --no-dev ... > requirements.txt` ``), a path, a `file:line`
and any other string the caller protects stay whole: each is one *atom*, and a line breaks only
at whitespace between atoms. An atom wider than the line goes on a line of its own and overflows
it (a terminal wraps it visually; copying it still gives the whole command or path).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

_BACKTICKS = re.compile(r"`[^`]*`")


def _protected(text: str, protect: Iterable[str]) -> list[bool]:
    """Which characters of `text` lie inside a backtick span or a protected string."""
    covered = [False] * len(text)
    for match in _BACKTICKS.finditer(text):
        covered[match.start() : match.end()] = [True] * (match.end() - match.start())
    for phrase in sorted({p for p in protect if p and any(ch.isspace() for ch in p)}, key=len, reverse=True):
        start = text.find(phrase)
        while start != -1:
            end = start + len(phrase)
            covered[start:end] = [True] * len(phrase)
            start = text.find(phrase, end)
    return covered


def atoms(text: str, protect: Iterable[str] = ()) -> list[str]:
    """`text` split at whitespace outside backtick spans and protected strings (paths that
    hold spaces); punctuation stays attached to the atom it touches."""
    covered = _protected(text, protect)
    out: list[str] = []
    current: list[str] = []
    for ch, inside in zip(text, covered, strict=True):
        if ch.isspace() and not inside:
            if current:
                out.append("".join(current))
                current = []
        else:
            current.append(ch)
    if current:
        out.append("".join(current))
    return out


def fill(words: Sequence[str], width: int, first: str = "", rest: str = "") -> list[str]:
    """Greedy fill: lines start with `first` (then `rest`), atoms joined by one space, a new line
    whenever the next atom would pass `width`. The first atom always stays with `first` (a label
    such as `fix: ` is never alone on its line)."""
    lines: list[str] = []
    line, empty = first, True
    for word in words:
        if empty:
            line, empty = line + word, False
        elif len(line) + 1 + len(word) <= width:
            line += " " + word
        else:
            lines.append(line)
            line = rest + word
    lines.append(line.rstrip() if empty else line)
    return lines


def wrap(text: str, width: int, first: str = "", rest: str = "", protect: Iterable[str] = ()) -> list[str]:
    """`fill(atoms(text, protect), ...)`."""
    return fill(atoms(text, protect), width, first, rest)
