"""`auditor.textlines.Lines` finds the same lines as a line-by-line search (the implementation it
replaced), on any text, key, value and start line."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from auditor.textlines import Lines


def _string_by_line(lines: list[str], value: str, start: int) -> int | None:
    for needle in (f'"{value}"', f"'{value}'", value):
        for number in range(max(start, 1), len(lines) + 1):
            if needle in lines[number - 1]:
                return number
    return None


def _key_by_line(lines: list[str], key: str, start: int) -> int | None:
    pattern = re.compile(r"^\s*[\"']?" + re.escape(key) + r"[\"']?\s*=")
    for number in range(start, len(lines) + 1):
        if pattern.match(lines[number - 1]):
            return number
    return None


_PIECES = ['name = "a"', "'b'", '"a"', "a", " = ", "\n", "\r\n", "\r", "\x0c", "\u2028", "[x]", '"', "'", " ", "k"]
_TEXT = st.lists(st.sampled_from(_PIECES) | st.text(max_size=6), max_size=30).map("".join)
_NEEDLE = st.sampled_from(["a", "b", "k", "name", "", '"a"', "a\nb", "x]", " "]) | st.text(max_size=4)


@settings(max_examples=600, deadline=None)
@given(text=_TEXT, value=_NEEDLE, start=st.integers(1, 12))
def test_string_and_key_find_what_a_line_by_line_search_finds(text: str, value: str, start: int) -> None:
    lines = Lines(text)
    assert lines.string(value, start) == _string_by_line(text.splitlines(), value, start)
    assert lines.key(value, start) == _key_by_line(text.splitlines(), value, start)


def test_a_start_before_the_first_line_is_the_first_line() -> None:
    assert Lines("a = 1\n").key("a", 0) == Lines("a = 1\n").key("a", 1) == 1
    assert Lines("").key("a", 0) is None and Lines("").string("a", 0) is None


def test_lines_of_a_pyproject() -> None:
    text = '[project]\nname = "demo"\ndependencies = [\n  "numpy>=2",\n  \'pandas\',\n]\n'
    lines = Lines(text)
    assert (lines.section("project"), lines.key("name"), lines.key("dependencies", 2)) == (1, 2, 3)
    assert (lines.string("numpy>=2", 3), lines.string("pandas", 1), lines.string("absent", 1)) == (4, 5, None)


_LOCKISH = st.lists(
    st.sampled_from(["[[package]]", "  [[package]]  ", 'name = "a"', "  name = 'b'", "name=", "x = 1", "\n", "\n", " "])
    | st.sampled_from(["\r\n", "\r", "\x0c", "\u2028", "[[package]]x", "names "])
    | st.text(max_size=5),
    max_size=40,
).map("".join)


@settings(max_examples=800, deadline=None)
@given(text=_LOCKISH)
def test_header_lines_number_what_a_line_by_line_search_numbers(text: str) -> None:
    from auditor.textlines import _header_lines_by_line, header_lines

    assert header_lines(text, "[[package]]", "name ") == _header_lines_by_line(
        text.splitlines(), "[[package]]", "name "
    )


def test_header_lines_of_a_lock() -> None:
    from auditor.textlines import header_lines

    text = 'version = 1\n\n[[package]]\nname = "a"\n\n[[package]]\nversion = "1"\nname = "b"\n[[package]]\n'
    assert header_lines(text, "[[package]]", "name ") == [4, 8, 9]


@given(text=st.text(max_size=20) | st.sampled_from(["a\rb", "\u2028", "x\x85", "\n\n", "a\x1db", "\x0c"]))
def test_other_breaks_is_what_splitlines_breaks_at_besides_a_line_feed(text: str) -> None:
    from auditor.textlines import other_breaks

    assert other_breaks(text) == any(len(f"a{c}b".splitlines()) > 1 for c in text if c != "\n")


_HEADER_LINES = st.lists(
    st.sampled_from(["[", "]", "tool", ".", "uv", " ", "\t", "\x1c", "#", "x", "'", '"', "=", "a b", "\u3000"]),
    max_size=12,
).map("".join)
_HEADERS = st.sampled_from(["tool", "tool.uv", "tool.uv-audit", "a b.c", " tool", "tool.", "x]", "a.b.c", "#"])


@settings(max_examples=800, deadline=None)
@given(lines=st.lists(_HEADER_LINES, max_size=6), header=_HEADERS, key=_HEADERS | st.sampled_from(["uv", "x", "a b"]))
def test_section_and_key_match_what_their_regexes_match(lines: list[str], header: str, key: str) -> None:
    text = "\n".join(lines)
    pattern = re.compile(r"^\s*\[\s*" + re.escape(header).replace(r"\.", r"\s*\.\s*") + r"\s*\]\s*(#.*)?$")
    expected = next((n for n, line in enumerate(text.splitlines(), start=1) if pattern.match(line)), 1)
    assert Lines(text).section(header) == expected
    assert Lines(text).key(key, 1) == _key_by_line(text.splitlines(), key, 1)
