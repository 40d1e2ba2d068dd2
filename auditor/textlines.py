"""The lines of a TOML file's text where its keys and strings are written (for findings).

Each lookup searches the whole text once with `str.find` from the line it starts at, and maps the
offset back to a line; the result is the line a line-by-line search finds (tests compare them).
"""

from __future__ import annotations

import re
from bisect import bisect_right


class Lines:
    """Finds the line of a quoted string in the file text, searching forward from a section."""

    def __init__(self, text: str) -> None:
        self.lines = text.splitlines()
        self._joined = "\n".join(self.lines)  # one search over the text instead of one per line
        self._starts = [0]
        for line in self.lines:
            self._starts.append(self._starts[-1] + len(line) + 1)

    def _line_at(self, offset: int) -> int:
        return bisect_right(self._starts, offset)

    def section(self, header: str) -> int:
        """The line of the `[header]` table (1 when there is none)."""
        parts = header.split(".")
        if any(not p or p != p.strip() for p in parts):  # what only the regex reads exactly
            pattern = re.compile(r"^\s*\[\s*" + re.escape(header).replace(r"\.", r"\s*\.\s*") + r"\s*\]\s*(#.*)?$")
            return next((n for n, line in enumerate(self.lines, start=1) if pattern.match(line)), 1)
        return next((n for n, line in enumerate(self.lines, start=1) if "[" in line and _heads(line, parts)), 1)

    def key(self, key: str, start: int = 1) -> int | None:
        """The first line from `start` on that assigns `key` (only the lines that hold it are matched)."""
        start = max(start, 1)
        if not key or _BREAKS.search(key):
            return self._key_lines(key, start)
        if key != key.strip() or key[0] in "\"'" or key[-1] in "\"'":
            return self._key_lines(key, start)
        at = self._joined.find(key, self._starts[start - 1]) if start <= len(self.lines) else -1
        while at >= 0:
            number = self._line_at(at)
            if _assigns(self.lines[number - 1], key):
                return number
            at = self._joined.find(key, self._starts[number]) if number < len(self.lines) else -1
        return None

    def _key_lines(self, key: str, start: int) -> int | None:
        pattern = re.compile(r"^\s*[\"']?" + re.escape(key) + r"[\"']?\s*=")
        for number in range(start, len(self.lines) + 1):
            if pattern.match(self.lines[number - 1]):
                return number
        return None

    def string(self, value: str, start: int) -> int | None:
        """The first line from `start` on that holds `value` quoted, else unquoted."""
        first = max(start, 1)
        if first > len(self.lines):
            return None
        for needle in (f'"{value}"', f"'{value}'", value):
            if _BREAKS.search(needle):
                continue  # no line holds a line break
            at = self._joined.find(needle, self._starts[first - 1])
            if at >= 0:
                return self._line_at(at)
        return None


def _skip_space(line: str, at: int) -> int:
    while at < len(line) and line[at].isspace():  # what `\\s` matches
        at += 1
    return at


def _assigns(line: str, key: str) -> bool:
    """`re.match(r"\\s*["']?KEY["']?\\s*=", line)` for a key that neither starts nor ends with a
    space or a quote (then the regex has one way to match; tests compare the two)."""
    at = _skip_space(line, 0)
    if at < len(line) and line[at] in "\"'":
        at += 1
    if not line.startswith(key, at):
        return False
    at += len(key)
    if at < len(line) and line[at] in "\"'":
        at += 1
    at = _skip_space(line, at)
    return at < len(line) and line[at] == "="


def _heads(line: str, parts: list[str]) -> bool:
    """`[part.part...]` alone on the line (spaces around, a comment after), as the regex of
    `section` reads it for parts that neither start nor end with a space."""
    at = _skip_space(line, 0)
    if not line.startswith("[", at):
        return False
    for index, part in enumerate(parts):
        at = _skip_space(line, at + 1)
        if not line.startswith(part, at):
            return False
        at = _skip_space(line, at + len(part))
        if line[at : at + 1] != ("." if index + 1 < len(parts) else "]"):
            return False
    at = _skip_space(line, at + 1)
    return at == len(line) or line[at] == "#"


_BREAKS = re.compile("[\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
"""What `str.splitlines` breaks lines at."""


def other_breaks(text: str) -> bool:
    """Whether `text` holds a line break `str.splitlines` sees besides a line feed (one memchr
    per character: a regex's character class takes 6 ms on a 2 MB lock, this 0.1 ms)."""
    if any(c in text for c in "\r\x0b\x0c\x1c\x1d\x1e"):
        return True
    return not text.isascii() and any(c in text for c in "\x85\u2028\u2029")


def stripped_lines(text: str, pattern: str) -> list[int]:
    """1-based line numbers (as `str.splitlines` numbers lines) of the lines whose stripped text
    equals `pattern`."""
    if not pattern or pattern != pattern.strip() or other_breaks(text) or _BREAKS.search(pattern):
        return [n for n, line in enumerate(text.splitlines(), start=1) if line.strip() == pattern]
    return [number for number, _ in _stripped_lines(text, pattern)]


def _stripped_lines(text: str, pattern: str) -> list[tuple[int, int]]:
    """(line, offset of its end) of each line whose stripped text is `pattern`, for a text whose
    only line break is \\n and a pattern without spaces around it, found with `str.find`."""
    out: list[tuple[int, int]] = []
    line, counted = 1, 0  # the line number at offset `counted`
    found = text.find(pattern)
    while found >= 0:
        start = text.rfind("\n", 0, found) + 1
        end = text.find("\n", found)
        end = len(text) if end < 0 else end
        if text[start:end].strip() == pattern:
            line += text.count("\n", counted, start)
            counted = start
            out.append((line, end))
        found = text.find(pattern, end)
    return out


def header_lines(text: str, header: str, prefix: str) -> list[int]:
    """For each line whose stripped text is `header` (`[[package]]`), the line of the first line
    after it, before the next such header, that starts with `prefix` once left-stripped (`name `),
    else the header's own line: what a finding about that table points at. Numbered as
    `str.splitlines` numbers lines; found with `str.find` (a 2 MB uv.lock has 10,000 lines)."""
    if other_breaks(text) or _BREAKS.search(header) or not header or header != header.strip():
        return _header_lines_by_line(text.splitlines(), header, prefix)
    total = text.count("\n") + (0 if text.endswith("\n") or not text else 1)
    heads = _stripped_lines(text, header)
    out = []
    for i, (number, end) in enumerate(heads):
        last = heads[i + 1][0] - 1 if i + 1 < len(heads) else total
        at, n, hit = end, number, number
        while n < last and at < len(text):
            stop = text.find("\n", at + 1)
            stop = len(text) if stop < 0 else stop
            n += 1
            if text[at + 1 : stop].lstrip().startswith(prefix):
                hit = n
                break
            at = stop
        out.append(hit)
    return out


def package_lines(text: str) -> list[int]:
    """For each `[[package]]` of a uv.lock, the line of its `name = ...` key (what a finding about
    the package points at), or the header itself when the name is not on a line of its own."""
    return header_lines(text, "[[package]]", "name ")


def _header_lines_by_line(lines: list[str], header: str, prefix: str) -> list[int]:
    heads = [n for n, line in enumerate(lines, 1) if line.strip() == header]
    out = []
    for i, head in enumerate(heads):
        end = heads[i + 1] - 1 if i + 1 < len(heads) else len(lines)
        out.append(next((n for n in range(head + 1, end + 1) if lines[n - 1].lstrip().startswith(prefix)), head))
    return out
