"""GitHub workflow commands: escaped exactly as @actions/core, and parsed back losslessly."""

from __future__ import annotations

import re

import pytest

from auditor.findings import Severity
from auditor.render import Format, render
from auditor.render.github import annotation, command, escape_data, escape_property
from auditor.report import Report, SelectionInfo, TargetReport
from tests.render.reports import ARTIFACTS_ALL, HOSTILE, finding, sample_report

LINE = re.compile(r"^::(?P<cmd>[a-z]+)(?: (?P<props>[^:]*))?::(?P<msg>.*)$")


def _unescape(value: str) -> str:
    # the runner's order: %0D, %0A, %3A, %2C, then %25 last
    for code, char in (("%0D", "\r"), ("%0A", "\n"), ("%3A", ":"), ("%2C", ","), ("%25", "%")):
        value = value.replace(code, char)
    return value


def parse(line: str) -> tuple[str, dict[str, str], str]:
    """A workflow command back into (command, properties, message), as the Actions runner reads it."""
    match = LINE.match(line)
    assert match, line
    props: dict[str, str] = {}
    for pair in (match.group("props") or "").split(","):
        if pair:
            key, _, value = pair.partition("=")
            props[key] = _unescape(value)
    return match.group("cmd"), props, _unescape(match.group("msg"))


def test_escaping_matches_actions_core() -> None:
    assert escape_data("50% a\r\nb: c, d") == "50%25 a%0D%0Ab: c, d"
    assert escape_property("50% a\r\nb: c, d") == "50%25 a%0D%0Ab%3A c%2C d"
    assert escape_data("%0A") == "%250A"  # an already-escaped-looking value survives
    assert command("error", {"file": "a,b:c", "line": "", "title": "t"}, "m") == "::error file=a%2Cb%3Ac,title=t::m"
    assert command("notice", {}, "m") == "::notice::m"


def test_one_line_per_finding_with_level_file_line_title() -> None:
    lines = render(sample_report(), Format.GITHUB).splitlines()
    assert len(lines) == 4
    parsed = [parse(line) for line in lines]
    assert [p[0] for p in parsed] == ["error", "error", "warning", "notice"]
    _, props, msg = parsed[1]
    assert props == {"file": "run-dir/model/requirements.txt", "line": "12", "title": "UVA301 group-leak (colorama)"}
    assert msg.startswith("colorama is reached only through group train: train -> tqdm -> colorama")
    assert msg.endswith("\nfix: log the model again without the train group")
    assert "line" not in parsed[2][1] and parsed[2][1]["file"] == "run-dir/model"


TRICKY = [
    "a,b:c",
    "100%25 literally % and %0A",
    "multi\nline\r\nmessage",
    "::error::injected",
    HOSTILE,
    "pkg:with,both\n::warning file=x::y",
]


@pytest.mark.parametrize("value", TRICKY)
def test_tricky_values_round_trip_and_stay_on_one_line(value: str) -> None:
    f = finding(
        package=value, file=f"models/{value}/requirements.txt", message=value, fix=value, expected=None, actual=None
    )
    report = Report(targets=(TargetReport("models", ARTIFACTS_ALL, SelectionInfo(), (f,)),))
    out = render(report, Format.GITHUB)
    assert out.count("\n") == 1 and "\r" not in out
    cmd, props, msg = parse(out.rstrip("\n"))
    assert cmd == "error"
    assert props["file"] == f"models/{value}/requirements.txt"
    assert props["title"] == f"UVA201 version-drift ({value})"
    assert msg == f"{value}\nfix: {value}"


def test_info_is_a_notice_and_lines_are_omitted_when_unknown() -> None:
    f = finding(severity=Severity.INFO, line=None)
    line = annotation(f, "run-dir/model")
    assert line.startswith("::notice file=run-dir/model/requirements.txt,title=")


def test_no_findings_no_output() -> None:
    assert render(Report(targets=()), Format.GITHUB) == ""
