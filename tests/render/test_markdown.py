"""Markdown for $GITHUB_STEP_SUMMARY: tables that no value can break or turn into markup."""

from __future__ import annotations

import re

from auditor.render import Format, render
from auditor.render.markdown import MAX_FINDINGS, cell
from auditor.report import Report, SelectionInfo, TargetReport
from tests.render.reports import ARTIFACTS_ALL, finding, hostile_report, sample_report


def _table_rows(text: str, header: str) -> list[list[str]]:
    lines = text.splitlines()
    start = lines.index(header)
    rows = []
    for line in lines[start + 2 :]:
        if not line.startswith("|"):
            break
        cells = re.split(r"(?<!\\)\|", line.strip())[1:-1]
        rows.append([c.strip() for c in cells])
    return rows


def test_summary_and_findings_tables() -> None:
    out = render(sample_report(), Format.MARKDOWN)
    assert out.startswith("## uv-audit: 4 findings\n")
    assert _table_rows(out, "| Targets | Findings | Errors | Warnings | Info |") == [["2", "4", "2", "1", "1"]]
    targets = _table_rows(out, "| Target | Findings | Missing artifacts | Selection |")
    assert targets[0] == ["<code>run-dir/model</code>", "4", ".python-version", "group serve (environment)"]
    findings = _table_rows(out, "| Severity | Rule | Package | Location | Details |")
    assert len(findings) == 4 and all(len(row) == 5 for row in findings)
    assert findings[0][3] == "<code>run-dir/model/requirements.txt:7</code>"
    assert "expected <code>2.32.3</code>, found <code>2.31.0</code>" in findings[0][4]


def test_cell_escapes_markdown_and_html() -> None:
    assert cell("a|b") == "a\\|b"
    assert cell("`x`") == "\\`x\\`"
    assert cell("<script>") == "&lt;script&gt;"
    assert cell("*bold* _it_ [l](u) ~s~") == "\\*bold\\* \\_it\\_ \\[l\\]\\(u\\) \\~s\\~"
    assert cell("line1\nline2") == "line1<br>line2"
    assert cell("@octocat") == "&#64;octocat"
    assert cell("a & b") == "a &amp; b"
    assert cell(None) == ""


def test_hostile_values_cannot_break_the_table_or_inject_html() -> None:
    out = render(hostile_report(), Format.MARKDOWN)
    assert "<script" not in out and "<img" not in out and "</td>" not in out
    findings = _table_rows(out, "| Severity | Rule | Package | Location | Details |")
    assert len(findings) == 1 and len(findings[0]) == 5
    targets = _table_rows(out, "| Target | Findings | Missing artifacts | Selection |")
    assert len(targets[0]) == 4
    pipe = finding(package="a|b", message="x | y\n| z |", file="p|q/requirements.txt")
    pipe_out = render(Report(targets=(TargetReport("p|q", ARTIFACTS_ALL, SelectionInfo(), (pipe,)),)), Format.MARKDOWN)
    assert all(len(r) == 5 for r in _table_rows(pipe_out, "| Severity | Rule | Package | Location | Details |"))


def test_clean_report_and_truncation() -> None:
    assert render(Report(targets=()), Format.MARKDOWN).startswith("## uv-audit: ✅ no findings")
    many = tuple(finding(package=f"p{i}") for i in range(MAX_FINDINGS + 3))
    out = render(Report(targets=(TargetReport("m", ARTIFACTS_ALL, SelectionInfo(), many),)), Format.MARKDOWN)
    assert len(_table_rows(out, "| Severity | Rule | Package | Location | Details |")) == MAX_FINDINGS
    assert "and 3 more findings" in out
