"""Renderers: pure `render(report) -> str` functions, one per member of the Format enum."""

from __future__ import annotations

import importlib
from collections.abc import Callable
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
