"""Renderers: pure `render(report) -> str` functions, one per member of the Format enum."""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum

from auditor.report import Report


class Format(str, Enum):
    TEXT = "text"
    JSON = "json"
    HTML = "html"
    SARIF = "sarif"
    GITHUB = "github"
    MARKDOWN = "markdown"

    def renderer(self) -> Callable[[Report, bool], str]:
        return _renderers()[self]


def _renderers() -> dict[Format, Callable[[Report, bool], str]]:
    from auditor.render import github, html, markdown, sarif, text
    from auditor.render import json as json_render

    return {
        Format.TEXT: text.render,
        Format.JSON: json_render.render,
        Format.HTML: html.render,
        Format.SARIF: sarif.render,
        Format.GITHUB: github.render,
        Format.MARKDOWN: markdown.render,
    }


def render(report: Report, fmt: Format, color: bool = False) -> str:
    return fmt.renderer()(report, color)
