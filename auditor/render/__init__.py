"""Renderers: pure `render(report, color) -> str` functions, one module per member of the Format
enum. The terminal formats (text, concise) also take `quiet`, and text the `width` to wrap to:
the command line decides both (`auditor.terminal`), the renderers only obey."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator
from enum import Enum
from types import ModuleType
from typing import cast

from auditor.report import Report

WIDTH = 80
"""The text report's width when nobody says otherwise (a pipe, a file, no COLUMNS)."""


class Format(str, Enum):
    TEXT = "text"
    CONCISE = "concise"
    JSON = "json"
    HTML = "html"
    SARIF = "sarif"
    GITHUB = "github"
    MARKDOWN = "markdown"

    @property
    def terminal(self) -> bool:
        """A format for people at a terminal: `quiet` applies, colour when asked."""
        return self in (Format.TEXT, Format.CONCISE)

    @property
    def has_statistics(self) -> bool:
        """`--statistics` can print in this format (text for the terminal ones, or JSON)."""
        return self.terminal or self is Format.JSON


EXTENSIONS = {
    ".txt": Format.TEXT,
    ".json": Format.JSON,
    ".html": Format.HTML,
    ".htm": Format.HTML,
    ".sarif": Format.SARIF,
    ".md": Format.MARKDOWN,
}
"""The format `-o FILE` means when it names none (`-o report.html`)."""


def _module(fmt: Format) -> ModuleType:
    """Only the format's own module is imported (the text report never pays for Jinja)."""
    return importlib.import_module(f"auditor.render.{fmt.value}")


def render(report: Report, fmt: Format, color: bool = False, *, width: int = WIDTH, quiet: bool = False) -> str:
    module = _module(fmt)
    if fmt is Format.TEXT:
        return cast("Callable[..., str]", module.render)(report, color, width=width, quiet=quiet)
    if fmt is Format.CONCISE:
        return cast("Callable[..., str]", module.render)(report, color, quiet=quiet)
    return cast("Callable[[Report, bool], str]", module.render)(report, color)


def chunks(
    report: Report, fmt: Format, color: bool = False, *, width: int = WIDTH, quiet: bool = False
) -> Iterator[str]:
    """The report in pieces, for writing: a format whose module has `stream(report, color)`
    (JSON) never holds the whole text of a many-thousand-model report in memory."""
    stream = getattr(_module(fmt), "stream", None)
    if stream is None:
        yield render(report, fmt, color, width=width, quiet=quiet)
    else:
        yield from cast("Callable[[Report, bool], Iterator[str]]", stream)(report, color)


def statistics(report: Report, fmt: Format, color: bool = False, *, quiet: bool = False) -> str:
    """`--statistics` in `fmt` (Format.has_statistics): a table for the terminal formats, JSON."""
    from auditor.render.stats import as_json, text

    if fmt is Format.JSON:
        return as_json(report)
    if not fmt.terminal:
        raise ValueError(f"--statistics has no {fmt.value} form")
    return text(report, color, quiet=quiet)
