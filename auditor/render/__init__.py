"""Renderers: pure `render(report) -> str` functions, one per member of the Format enum."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator
from enum import Enum
from typing import cast

from auditor.report import Report


class Format(str, Enum):
    TEXT = "text"
    JSON = "json"
    HTML = "html"
    SARIF = "sarif"
    GITHUB = "github"
    MARKDOWN = "markdown"

    def renderer(self) -> Callable[[Report, bool], str]:
        """This format's `render(report, color)`; only its own module is imported (the text
        report never pays for Jinja)."""
        module = importlib.import_module(f"auditor.render.{_MODULES[self]}")
        return cast("Callable[[Report, bool], str]", module.render)


_MODULES = {
    Format.TEXT: "text",
    Format.JSON: "json",
    Format.HTML: "html",
    Format.SARIF: "sarif",
    Format.GITHUB: "github",
    Format.MARKDOWN: "markdown",
}


def render(report: Report, fmt: Format, color: bool = False) -> str:
    return fmt.renderer()(report, color)


def chunks(report: Report, fmt: Format, color: bool = False) -> Iterator[str]:
    """The report in pieces, for writing: a format whose module has `stream(report, color)`
    (JSON) never holds the whole text of a many-thousand-model report in memory."""
    module = importlib.import_module(f"auditor.render.{_MODULES[fmt]}")
    stream = getattr(module, "stream", None)
    if stream is None:
        yield fmt.renderer()(report, color)
    else:
        yield from cast("Callable[[Report, bool], Iterator[str]]", stream)(report, color)
