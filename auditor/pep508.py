"""PEP 508 requirements as packaging reads them, mostly without importing packaging's parser.

`packaging.requirements` costs a cold start ~23 ms to import (its tokenizer pulls in dataclasses
and inspect, its markers packaging.tags with logging, subprocess and platform). The strings uv,
MLflow and people write nearly all have one plain shape: a name, extras, `op version` specifiers
(bare or in parentheses, as Poetry writes them) and a marker that auditor.quickmarker reads.
`parse_requirement` reads that shape itself and hands anything else (a URL, `===`, an `extra`
marker, a version or marker written another way, an error) to packaging, whose values and
messages it then keeps. Either way the result holds what `packaging.requirements.Requirement`
holds: the name and extras as written, a `SpecifierSet`, the URL, and the marker as
`str(Marker)` prints it. Tests compare both paths on every requirement of the fixtures and the
corpus and on generated ones.
"""

from __future__ import annotations

import re

from packaging.specifiers import InvalidSpecifier, SpecifierSet

from auditor.names import canonicalize_name
from auditor.quickmarker import tree

__all__ = ["InvalidRequirement", "Requirement", "parse_requirement", "plain", "requirement_or_none"]

_NAME = r"[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?"
_RELEASE = r"[0-9]+(?:\.[0-9]+)*"
_TAIL = r"(?:(?:a|b|rc)[0-9]+)?(?:\.post[0-9]+)?(?:\.dev[0-9]+)?"
_SPEC = (
    rf"(?:(?:==|!=)[ \t]*{_RELEASE}(?:\.\*|{_TAIL}(?:\+[a-z0-9]+(?:\.[a-z0-9]+)*)?)"
    rf"|(?:<=|>=|<|>)[ \t]*{_RELEASE}{_TAIL}"
    rf"|~=[ \t]*[0-9]+(?:\.[0-9]+)+{_TAIL})"
)
_ONE_SPEC = re.compile(_SPEC)
_PLAIN = re.compile(
    rf"[ \t]*(?P<name>{_NAME})[ \t]*"
    rf"(?:\[[ \t]*(?P<extras>{_NAME}(?:[ \t]*,[ \t]*{_NAME})*)?[ \t]*\][ \t]*)?"
    r"(?P<open>\()?[ \t]*(?P<specs>[<>=!~][^;()]*?)?[ \t]*(?P<close>\))?[ \t]*"
    r"(?:;[ \t]*(?P<marker>[^ \t](?:.*[^ \t])?)[ \t]*)?"
)
"""The plain shape; the specifier list is split at its commas and each one read by _ONE_SPEC (one
regex with the specifier grammar four times over takes 3 ms to compile)."""
_COMMA = re.compile(r"[ \t]*,[ \t]*")


class InvalidRequirement(ValueError):
    """Not a PEP 508 requirement; the message is packaging's."""


class Requirement:
    """What `packaging.requirements.Requirement` holds, with `marker` as its `str(Marker)`."""

    __slots__ = ("extras", "marker", "name", "specifier", "url")

    def __init__(
        self, name: str, url: str | None, extras: set[str], specifier: SpecifierSet, marker: str | None
    ) -> None:
        self.name = name
        self.url = url
        self.extras = extras
        self.specifier = specifier
        self.marker = marker

    def render(self, name: str) -> str:
        """`str(requirement)` as packaging prints it, with `name` for the name."""
        if self.url:  # packaging's versions print URLs differently: its own printer says it
            from packaging.requirements import Requirement as Packaging

            return "".join(Packaging._iter_parts(self, name))  # type: ignore[arg-type]
        parts = [name]
        if self.extras:
            parts.append(f"[{','.join(sorted(self.extras))}]")
        if self.specifier:
            parts.append(str(self.specifier))
        if self.marker:
            parts.append(f"; {self.marker}")
        return "".join(parts)

    def __str__(self) -> str:
        return self.render(self.name)

    def __repr__(self) -> str:
        return f"<Requirement({str(self)!r})>"

    def _key(self) -> tuple[object, ...]:
        extras = frozenset(canonicalize_name(e) for e in self.extras)
        return (canonicalize_name(self.name), extras, self.specifier, self.url, self.marker)

    def __eq__(self, other: object) -> bool:
        return self._key() == other._key() if isinstance(other, Requirement) else NotImplemented

    def __hash__(self) -> int:
        return hash(self._key())


def parse_requirement(text: str) -> Requirement:
    """The requirement `text` holds. Raises InvalidRequirement (packaging's message)."""
    return plain(text) or _packaging(text)


def requirement_or_none(text: str) -> Requirement | None:
    """The requirement, or None when `text` is none (`-e ./member` is known at its first
    character, without packaging's parser)."""
    head = text.lstrip(" \t")[:1]
    if not (head.isascii() and head.isalnum()):
        return None
    try:
        return parse_requirement(text)
    except InvalidRequirement:
        return None


def plain(text: str) -> Requirement | None:
    """The requirement when `text` has the plain shape this module reads itself, else None."""
    match = _PLAIN.fullmatch(text)
    if match is None:
        return None
    marker = match["marker"]
    printed = None if marker is None else _printed_marker(marker)
    if marker is not None and printed is None:
        return None
    if (match["open"] is None) != (match["close"] is None):
        return None
    specs = match["specs"] or ""
    if specs and not all(_ONE_SPEC.fullmatch(item.strip(" \t")) for item in specs.split(",")):
        return None
    try:
        specifier = SpecifierSet(specs)
    except InvalidSpecifier:
        return None  # packaging words the error
    extras = match["extras"]
    return Requirement(match["name"], None, set(_COMMA.split(extras)) if extras else set(), specifier, printed)


def _packaging(text: str) -> Requirement:
    from packaging.requirements import InvalidRequirement as Invalid
    from packaging.requirements import Requirement as Packaging

    try:
        parsed = Packaging(text)
    except Invalid as exc:
        raise InvalidRequirement(str(exc)) from None
    marker = None if parsed.marker is None else str(parsed.marker)
    return Requirement(parsed.name, parsed.url, parsed.extras, parsed.specifier, marker)


def _printed_marker(text: str) -> str | None:
    """`str(Marker(text))` for a marker in uv's shape that every packaging version prints alike:
    no `extra` (normalised differently by version), no value holding `"`, no `((...))`."""
    if "extra" in text:
        return None
    items = tree(text)
    return None if items is None else _print(items, True)


def _print(items: list[object], first: bool) -> str | None:
    if len(items) == 1 and isinstance(items[0], list):
        return _print(items[0], True) if first else None  # packaging < 26 drops these parentheses
    out = []
    for item in items:
        if isinstance(item, list):
            inner = _print(item, False)
            if inner is None:
                return None
            out.append(inner)
        elif isinstance(item, tuple):
            variable, op, value = item
            if '"' in value.value:
                return None
            out.append(f'{variable.value} {op.value} "{value.value}"')
        else:
            out.append(str(item))
    joined = " ".join(out)
    return joined if first or (len(items) == 1 and isinstance(items[0], tuple)) else f"({joined})"
