"""The YAML that MLflow writes, read without PyYAML; anything else is left to PyYAML.

MLflow writes MLmodel, conda.yaml and python_env.yaml with `yaml.safe_dump(...,
default_flow_style=False)`: block mappings and sequences, plain and quoted scalars (long ones
folded over several lines), `{}` and `[]`. `load` reads exactly that subset and returns what
`yaml.safe_load` returns for it, or `FALLBACK` for anything outside it (comments, blank lines,
tabs, anchors, tags, flow collections, block scalars, escapes, floats, timestamps, non-ASCII,
duplicate keys, uneven indentation, ...), which the caller then gives to PyYAML. So a model's
YAML costs no PyYAML import, and an odd file still gets PyYAML's result or PyYAML's error.

Plain scalars resolve with PyYAML's own implicit resolvers (YAML 1.1, `yaml/resolver.py`):
null and bool words and decimal integers are read here; one that would be another int form, a
float, a timestamp, a merge key or `=` makes the whole document fall back.
"""

from __future__ import annotations

import re
from typing import Any

FALLBACK: Any = object()
"""`load`'s answer for a document outside the subset."""


class _Fallback(Exception):
    pass


_BOOL = {
    **dict.fromkeys(("yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"), True),
    **dict.fromkeys(("no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"), False),
}
_NULL = ("~", "null", "Null", "NULL")
_DECIMAL = re.compile(r"[-+]?(?:0|[1-9][0-9]*)\Z")
_OTHER = re.compile(  # PyYAML's float, int, timestamp, merge and value resolvers, in one
    r"""^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?
    |\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?
    |[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*
    |[-+]?\.(?:inf|Inf|INF)
    |\.(?:nan|NaN|NAN)
    |[-+]?0b[0-1_]+
    |[-+]?0[0-7_]+
    |[-+]?(?:0|[1-9][0-9_]*)
    |[-+]?0x[0-9a-fA-F_]+
    |[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+
    |[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]
    |[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?(?:[Tt]|[\ \t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9](?:\.[0-9]*)?
      (?:[\ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?
    |<<|=)$""",
    re.X,
)
_KEY = re.compile(r"([A-Za-z0-9_][A-Za-z0-9_.-]*):(?: +(.*))?\Z")
_TEXT = re.compile(r"[ -~\n]*\Z")
"""Printable ASCII and line feeds: the only characters the subset allows."""
_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@`")
_NUMERIC_START = frozenset("-+0123456789.<=")


def _resolve(text: str) -> Any:
    """What PyYAML makes of the plain scalar `text`."""
    if text in _BOOL:
        return _BOOL[text]
    if text in _NULL:
        return None
    if text[0] in _NUMERIC_START:  # the only first characters of PyYAML's other resolvers
        if _DECIMAL.match(text):
            return int(text)
        if _OTHER.match(text):
            raise _Fallback
    return text


def _plain_part(text: str) -> str:
    """A line's part of a plain scalar, checked against what would end or change it."""
    if ": " in text or " #" in text or text.endswith(":") or text.startswith("#"):
        raise _Fallback
    return text.strip()


class _Reader:
    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        self.indents = [len(line) - len(line.lstrip(" ")) for line in lines]

    def indent(self, index: int) -> int:
        return self.indents[index]

    def continuation(self, index: int, parent: int) -> int:
        """The index after the lines that continue a scalar (indented deeper than `parent`)."""
        indents, count = self.indents, len(self.indents)
        while index < count and indents[index] > parent:
            index += 1
        return index

    def scalar(self, index: int, text: str, parent: int) -> tuple[Any, int]:
        """The scalar starting with `text` on line `index`, and the index after it."""
        end = self.continuation(index + 1, parent)
        rest = [line.strip() for line in self.lines[index + 1 : end]]
        if text[0] == "'":
            return self.quoted(text, rest), end
        if text[0] == '"':
            if rest or "\\" in text or len(text) < 2 or not text.endswith('"') or '"' in text[1:-1]:
                raise _Fallback
            return text[1:-1], end
        if text in ("{}", "[]"):
            if rest:
                raise _Fallback
            return ({} if text == "{}" else []), end
        if text[0] in _INDICATORS and (text[0] not in "-?:" or len(text) == 1 or text[1] == " "):
            raise _Fallback
        return _resolve(" ".join([_plain_part(text), *(_plain_part(part) for part in rest)])), end

    @staticmethod
    def quoted(text: str, rest: list[str]) -> str:
        """A single-quoted scalar over one or more lines (each break folds into a space)."""
        joined = " ".join([text[1:].rstrip(" "), *rest]) if rest else text[1:]
        out: list[str] = []
        position = 0
        while True:
            quote = joined.find("'", position)
            if quote < 0:
                raise _Fallback  # unterminated
            out.append(joined[position:quote])
            if joined.startswith("''", quote):
                out.append("'")
                position = quote + 2
                continue
            if joined[quote + 1 :].strip(" "):
                raise _Fallback  # something after the closing quote
            return "".join(out)

    def node(self, index: int, indent: int) -> tuple[Any, int]:
        content = self.lines[index][indent:]
        if content.startswith("- ") or content == "-":
            return self.sequence(index, indent)
        return self.mapping(index, indent)

    def mapping(self, index: int, indent: int, first: str | None = None) -> tuple[dict[str, Any], int]:
        out: dict[str, Any] = {}
        lines = self.lines
        while index < len(lines):
            if first is None:
                here = self.indent(index)
                if here < indent:
                    break
                content = lines[index][indent:]
                if here > indent or content.startswith("-"):
                    raise _Fallback
            else:
                content, first = first, None
            match = _KEY.match(content)
            if match is None:
                raise _Fallback
            key = _resolve(match.group(1))
            if not isinstance(key, str) or key in out:
                raise _Fallback
            value = (match.group(2) or "").rstrip(" ")
            if value:
                out[key], index = self.scalar(index, value, indent)
                continue
            index += 1
            if index < len(lines) and self.indent(index) > indent:
                out[key], index = self.node(index, self.indent(index))
            elif index < len(lines) and self.indent(index) == indent and lines[index][indent:].startswith("- "):
                out[key], index = self.sequence(index, indent)
            else:
                out[key] = None
        return out, index

    def sequence(self, index: int, indent: int) -> tuple[list[Any], int]:
        out: list[Any] = []
        lines = self.lines
        while index < len(lines) and self.indent(index) >= indent:
            content = lines[index][indent:]
            if self.indent(index) > indent or not content.startswith("- "):
                if self.indent(index) == indent and not content.startswith("-"):
                    break  # the next key of the mapping this indentless sequence belongs to
                raise _Fallback
            item = content[2:]
            if not item.strip() or item.startswith(" "):
                raise _Fallback
            if _KEY.match(item):
                value, index = self.mapping(index, indent + 2, first=item)
            else:
                value, index = self.scalar(index, item, indent)
            out.append(value)
        return out, index


def load(text: str) -> Any:
    """`yaml.safe_load(text)` for a document in the subset (a mapping or a sequence at the top),
    else FALLBACK."""
    if not text or _TEXT.match(text) is None:
        return FALLBACK
    lines = text.split("\n")
    if lines[-1] == "":
        lines.pop()
    for line in lines:
        stripped = line.strip(" ")
        if not stripped or stripped[0] == "#" or line.startswith(("---", "...", "%")):
            return FALLBACK
    if not lines or lines[0].startswith(" "):
        return FALLBACK
    try:
        value, index = _Reader(lines).node(0, 0)
    except (_Fallback, RecursionError):
        return FALLBACK
    return value if index == len(lines) else FALLBACK
