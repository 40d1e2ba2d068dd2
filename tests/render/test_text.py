from __future__ import annotations

from auditor.render import Format, render
from tests.render.reports import sample_report


def test_text_lists_each_finding_under_its_target() -> None:
    out = render(sample_report(), Format.TEXT)
    assert out.index("run-dir/model") < out.index("UVA201 version-drift [requests]") < out.index("project\n")
    assert "no findings" in out
    assert "2 targets, 4 findings: 2 errors, 1 warning, 1 info" in out
    assert "\033[" not in out


def test_text_colour_only_when_asked() -> None:
    assert "\033[31m" in render(sample_report(), Format.TEXT, True)
