"""`--format concise`: `file:line: CODE name [package] message`, one line per finding (SPEC §5)."""

from __future__ import annotations

import re
from dataclasses import replace

from auditor.findings import Severity, Suppressed, Suppressor
from auditor.render import Format, render
from auditor.report import Report
from tests.render.reports import finding, sample_report

LINE = re.compile(
    r"^(?P<where>[^:]+(?::\d+)?): (?P<code>UVA\d{3}) (?P<name>[a-z-]+)(?: \[(?P<package>[^\]]+)\])? (?P<message>.+)$"
)


def test_one_line_per_finding_in_the_spec_shape() -> None:
    report = sample_report()
    lines = render(report, Format.CONCISE).splitlines()
    findings = [(t, f) for t in report.targets for f in t.findings]
    assert len(lines) == len(findings) + 2  # a note, the summary
    for line, (target, f) in zip(lines, findings, strict=False):
        match = LINE.match(line)
        assert match, line
        where = (f.file or target.path) + (f":{f.line}" if f.line else "")
        assert match["where"] == where
        assert match.group("code", "name", "package", "message") == (f.rule, f.name, f.package, f.message)
    assert lines[-2] == "note: mlruns/.trash: permission denied"
    assert lines[-1] == "2 targets, 4 findings: 2 errors, 1 warning, 1 info"


def test_a_finding_without_file_names_its_target_and_newlines_stay_escaped() -> None:
    report = sample_report()
    model = report.targets[0]
    odd = finding(file=None, line=None, package=None, message="first\nsecond \x1b[31mred")
    report = replace(report, targets=(replace(model, findings=(odd,)),))
    [line, *_] = render(report, Format.CONCISE).splitlines()
    assert line == "run-dir/model: UVA201 version-drift first\\nsecond \\x1b[31mred"


def test_quiet_drops_the_summary_but_never_what_was_suppressed() -> None:
    report = sample_report()
    model = report.targets[0]
    hidden = Suppressed(finding("UVA204", "unpinned-requirement", Severity.WARNING, package="torch"), Suppressor.INLINE)
    report = replace(report, targets=(replace(model, suppressed=(hidden,)), *report.targets[1:]))
    out = render(report, Format.CONCISE, quiet=True)
    assert "run-dir/model: suppressed: UVA204 torch (inline)" in out.splitlines()
    assert "targets," not in out
    assert render(Report(targets=()), Format.CONCISE, quiet=True) == ""


def test_colour_marks_the_code_only_when_asked() -> None:
    plain = render(sample_report(), Format.CONCISE)
    coloured = render(sample_report(), Format.CONCISE, True)
    assert "\033[" not in plain and "\033[31mUVA201\033[0m" in coloured
    assert re.sub(r"\033\[\d+m", "", coloured) == plain
