"""Every member of the Format enum has a renderer that returns a string, and a test module here
(STYLE.md pattern 6)."""

from __future__ import annotations

from pathlib import Path

import pytest

from auditor.render import Format, render
from auditor.report import Report
from tests.render.reports import sample_report

HERE = Path(__file__).resolve().parent


@pytest.mark.parametrize("fmt", list(Format))
def test_every_format_has_a_renderer(fmt: Format) -> None:
    for report in (sample_report(), Report(targets=())):
        out = render(report, fmt)
        assert isinstance(out, str)
        assert out == render(report, fmt), "renderers are pure: same report, same output"


@pytest.mark.parametrize("fmt", list(Format))
def test_every_format_has_a_test_module(fmt: Format) -> None:
    module = HERE / f"test_{fmt.value}.py"
    assert module.is_file(), f"{fmt} has no tests/render/{module.name}"
    assert "def test_" in module.read_text(encoding="utf-8")


def test_format_values_are_the_cli_choices() -> None:
    assert [f.value for f in Format] == ["text", "concise", "json", "html", "sarif", "github", "markdown"]  # SPEC §5
