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
        pattern = re.compile(r"^\s*\[\s*" + re.escape(header).replace(r"\.", r"\s*\.\s*") + r"\s*\]\s*(#.*)?$")
        for number, line in enumerate(self.lines, start=1):
            if pattern.match(line):
                return number
        return 1

    def key(self, key: str, start: int = 1) -> int | None:
        """The first line from `start` on that assigns `key` (only the lines that hold it are matched)."""
        start = max(start, 1)
        if not key or _BREAKS.search(key):
            return self._key_lines(key, start)
        pattern = re.compile(r"^\s*[\"']?" + re.escape(key) + r"[\"']?\s*=")
        at = self._joined.find(key, self._starts[start - 1]) if start <= len(self.lines) else -1
        while at >= 0:
            number = self._line_at(at)
            if pattern.match(self.lines[number - 1]):
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


_BREAKS = re.compile("[\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
"""What `str.splitlines` breaks lines at."""
