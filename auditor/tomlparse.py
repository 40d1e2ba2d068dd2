"""TOML parsing behind one interface, with error line numbers for UVA004."""

from __future__ import annotations

import re
from typing import Any

import tomli

from auditor.errors import ArtifactError

_AT_LINE = re.compile(r"\(at line (\d+), column (\d+)\)")


def loads(text: str) -> dict[str, Any]:
    """Parse TOML text; raise ArtifactError with the line of the syntax error."""
    try:
        return tomli.loads(text)
    except tomli.TOMLDecodeError as exc:
        msg = str(exc)
        match = _AT_LINE.search(msg)
        line = int(match.group(1)) if match else None
        raise ArtifactError(f"invalid TOML: {msg}", line) from None
    except RecursionError:
        raise ArtifactError("invalid TOML: nesting too deep", None) from None


def line_index(text: str, pattern: str) -> list[int]:
    """1-based line numbers of the lines whose stripped text equals `pattern`."""
    out: list[int] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip() == pattern:
            out.append(number)
    return out
