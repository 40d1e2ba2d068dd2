from __future__ import annotations

import re
from dataclasses import replace

from hypothesis import given
from hypothesis import strategies as st

from auditor.findings import Severity, Suppressed, Suppressor
from auditor.render import Format, render
from auditor.render.text import MIN_WIDTH
from auditor.render.wrap import atoms, wrap
from auditor.report import Report, TargetReport
from tests.render.reports import ARTIFACTS_ALL, finding, sample_report

COMMAND = "`uv export --no-dev --no-hashes --frozen --no-header --no-emit-project --no-annotate > requirements.txt`"
SPACED = "runs/my experiment/model one"


def test_text_lists_each_finding_under_its_target() -> None:
    out = render(sample_report(), Format.TEXT)
    assert out.index("run-dir/model") < out.index("UVA201 version-drift [requests]") < out.index("project\n")
    assert "no findings" in out
    assert "2 targets, 4 findings: 2 errors, 1 warning, 1 info" in out
    assert "\033[" not in out


def test_text_colour_only_when_asked() -> None:
    assert "\033[31m" in render(sample_report(), Format.TEXT, True)


def _long_report() -> Report:
    leak = finding(
        "UVA301",
        "group-leak",
        package="colorama",
        file=f"{SPACED}/requirements.txt",
        line=12,
        message=f"colorama reaches {SPACED}/requirements.txt only through group `train` (train -> tqdm -> colorama), "
        "which the inference selection (core dependencies only) excludes",
        expected="absent (core dependencies only)",
        actual="train -> tqdm -> colorama",
        fix=f"Remove `train` from `[tool.uv] default-groups`, then regenerate requirements.txt: {COMMAND}.",
    )
    target = TargetReport(SPACED, ARTIFACTS_ALL, sample_report().targets[0].selection, (leak,))
    return Report(targets=(target,))


def _unbreakable(line: str) -> bool:
    """The line holds one atom after its indent and label (`at `, `fix: `): nothing to break."""
    return len(atoms(line.strip().removeprefix("at ").removeprefix("fix: "), protect=(SPACED,))) == 1


def test_width_is_obeyed_and_paths_commands_and_locations_stay_whole() -> None:
    report = _long_report()
    leak = report.targets[0].findings[0]
    for width in (40, 60, 80, 120, 200):
        out = render(report, Format.TEXT, width=width)
        lines = out.splitlines()
        assert all(len(line) <= width or _unbreakable(line) for line in lines), (width, out)
        assert any(f"{leak.file}:{leak.line}" in line for line in lines)
        assert any(COMMAND in line for line in lines)
        assert any("`[tool.uv] default-groups`" in line for line in lines)
        assert sum(line.count(SPACED) for line in lines) == 3  # title, at, message: never split
        assert any("train -> tqdm -> colorama" in line for line in lines)  # a value, kept whole
    narrow = render(report, Format.TEXT, width=60).splitlines()
    assert max(len(line) for line in narrow) > 60  # the command overflows on a line of its own
    assert [line.strip() for line in narrow if COMMAND in line] == [COMMAND + "."]
    wide = render(report, Format.TEXT, width=200)
    assert f"fix: Remove `train` from `[tool.uv] default-groups`, then regenerate requirements.txt: {COMMAND}." in wide


def test_wider_terminals_use_fewer_lines() -> None:
    report = sample_report()
    heights = [len(render(report, Format.TEXT, width=w).splitlines()) for w in (MIN_WIDTH, 60, 80, 200)]
    assert heights == sorted(heights, reverse=True) and heights[0] > heights[-1]
    assert render(report, Format.TEXT, width=5) == render(report, Format.TEXT, width=MIN_WIDTH)


def test_quiet_shows_findings_suppressions_and_notes_only() -> None:
    report = sample_report()
    hidden = Suppressed(finding("UVA204", "unpinned-requirement", Severity.WARNING, package="torch"), Suppressor.INLINE)
    clean = replace(report.targets[1], path="quietly-suppressed", suppressed=(hidden,))
    report = replace(report, targets=(*report.targets, clean))
    out = render(report, Format.TEXT, quiet=True)
    assert "UVA201 version-drift [requests]" in out and "note: mlruns/.trash" in out
    assert "suppressed: UVA204 torch (inline)" in out and "quietly-suppressed" in out
    for gone in ("selection:", "missing:", "no findings", "project\n", "2 targets"):
        assert gone not in out, gone
    assert render(Report(targets=(report.targets[1],)), Format.TEXT, quiet=True) == ""


def test_control_characters_never_reach_the_terminal() -> None:
    evil = finding(package="pkg\x1b[2J", message="a\nb\rc\x07", fix="`rm -rf \x1b[0m`")
    target = TargetReport("m\x1b]0;title\x07", ARTIFACTS_ALL, sample_report().targets[0].selection, (evil,))
    out = render(Report(targets=(target,)), Format.TEXT, width=60)
    assert "\x1b" not in out and "\x07" not in out and "\r" not in out
    assert "pkg\\x1b[2J" in out and "a\\nb\\rc\\x07" in out


prose = st.lists(
    st.one_of(
        st.text("abcdefgh-./:", min_size=1, max_size=30),
        st.text("abc -=>./", min_size=1, max_size=60).map(lambda s: f"`{s}`"),
    ),
    min_size=1,
    max_size=30,
)


@given(prose, st.integers(min_value=10, max_value=120))
def test_wrap_only_breaks_between_atoms(words: list[str], width: int) -> None:
    text = " ".join(words)
    lines = wrap(text, width, "    fix: ", " " * 9)
    assert " ".join(line.strip().removeprefix("fix: ") for line in lines) == " ".join(atoms(text))
    spans = re.findall(r"`[^`]*`", text)
    joined = "\n".join(lines)
    assert all(span in joined for span in spans)  # never split across a line break
    for line in lines:
        assert len(line) <= width or len(atoms(line.strip().removeprefix("fix: "))) == 1
