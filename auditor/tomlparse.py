"""TOML parsing behind one interface, with error line numbers for UVA004.

rtoml (a compiled TOML 1.0 parser) is used when it is installed: on a 0.24 MB uv.lock it parses in
1.7 ms where tomli 2.5's compiled wheel takes 7 ms and stdlib tomllib 22 ms, and it returns the same
values on every lock and pyproject.toml of the fixtures and the corpus. tomli stays the reference:
it parses whenever rtoml is absent, and it re-parses every document that rtoml rejects, so the
verdict and the message of an invalid file (and the "nested too deep" limit) are tomli's
whichever parser is installed. `UV_AUDIT_TOML=tomli` forces tomli.
"""

from __future__ import annotations

import os

from auditor.errors import ArtifactError

TYPE_CHECKING = False  # light to import: the prefetching child (auditor.prefetch) uses it first
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any


def _fast_parser() -> tuple[Callable[[str], dict[str, Any]], type[BaseException]] | None:
    if os.environ.get("UV_AUDIT_TOML", "").lower() == "tomli":
        return None
    try:
        import rtoml  # type: ignore[import-not-found, unused-ignore]
    except ImportError:
        return None
    return rtoml.loads, rtoml.TomlParsingError


_FAST = _fast_parser()
BACKEND = "rtoml" if _FAST is not None else "tomli"
"""The parser that reads valid documents ("rtoml" or "tomli")."""


def _tomli(text: str) -> dict[str, Any]:
    import tomli  # imported when needed: with rtoml installed, a run over valid files never is

    try:
        return tomli.loads(text)
    except tomli.TOMLDecodeError as exc:
        import re

        msg = str(exc)
        match = re.search(r"\(at line (\d+), column (\d+)\)", msg)
        line = int(match.group(1)) if match else None
        raise ArtifactError(f"invalid TOML: {msg}", line) from None
    except RecursionError:
        raise ArtifactError("invalid TOML: nesting too deep", None) from None
    except ValueError as exc:  # an integer over Python's int digit limit: `x = 0xfff...` (5,000 digits)
        raise ArtifactError(f"invalid TOML: {exc}", None) from None


def loads(text: str) -> dict[str, Any]:
    """Parse TOML text; raise ArtifactError with the line of the syntax error."""
    if _FAST is None or text.startswith("\ufeff"):  # tomli rejects a BOM; rtoml would skip it
        return _tomli(text)
    parse, error = _FAST
    try:
        return parse(text)
    except (error, ValueError, OverflowError):
        pass
    except BaseException as exc:  # a Rust panic surfaces as pyo3's PanicException (a BaseException)
        if isinstance(exc, (KeyboardInterrupt, SystemExit, MemoryError)):
            raise
    return _tomli(text)


def line_index(text: str, pattern: str) -> list[int]:
    """1-based line numbers of the lines whose stripped text equals `pattern`."""
    from auditor.textlines import stripped_lines

    return stripped_lines(text, pattern)
