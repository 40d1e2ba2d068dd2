"""Several reports from one run (`-o FILE[:FORMAT]`, repeatable), written atomically, and the
single `-o FILE` that replaces stdout as it always did."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner

from auditor.cli.group import main
from auditor.errors import UsageError
from auditor.outputs import Output, plan, split
from auditor.render import Format
from tests.conftest import FIXTURES, validate_report

LEAK = FIXTURES / "train-leak-default-groups"
needs_fixtures = pytest.mark.skipif(not (LEAK / "uv.lock").is_file(), reason="tests/fixtures is missing")


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), env={"COLUMNS": None, "NO_COLOR": None, "FORCE_COLOR": None})
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        ("report.html:html", ("report.html", Format.HTML)),
        ("out/r.sarif:sarif", ("out/r.sarif", Format.SARIF)),
        ("x.txt:concise", ("x.txt", Format.CONCISE)),
        ("report.html", ("report.html", None)),
        (r"C:\out\r.sarif", (r"C:\out\r.sarif", None)),  # a drive letter is not a format
        (r"C:\out\r.json:json", (r"C:\out\r.json", Format.JSON)),
        ("notes:yaml", ("notes:yaml", None)),
    ],
)
def test_split(spec: str, expected: tuple[str, Format | None]) -> None:
    assert split(spec) == expected


def test_plan_single_bare_output_replaces_stdout_as_before() -> None:
    assert plan(["r.json"], Format.JSON) == ((Output("r.json", Format.JSON),), False)
    assert plan(["out.txt"], Format.SARIF) == ((Output("out.txt", Format.SARIF),), False)  # --format wins
    assert plan(["r.html"], None) == ((Output("r.html", Format.HTML),), False)  # else the extension
    assert plan(["report"], None) == ((Output("report", Format.TEXT),), False)
    assert plan([], None) == ((), True)


def test_plan_several_outputs_keep_stdout() -> None:
    assert plan(["r.html:html"], None) == ((Output("r.html", Format.HTML),), True)
    files, stdout = plan(["a.html", "b.sarif:sarif", "c", "d.md"], Format.GITHUB)
    assert stdout and files == (
        Output("a.html", Format.HTML),
        Output("b.sarif", Format.SARIF),
        Output("c", Format.GITHUB),
        Output("d.md", Format.MARKDOWN),
    )
    with pytest.raises(UsageError, match="given twice"):
        plan(["a.html", "./a.html:json"], None)
    with pytest.raises(UsageError, match="empty name"):
        plan([":json", "b.html"], None)


@needs_fixtures
def test_one_run_writes_every_report_and_stdout(tmp_path: Path) -> None:
    html, sarif, data, md = (tmp_path / n for n in ("r.html", "r.sarif", "r.json", "summary.md"))
    code, out, err = invoke(
        "-o", f"{html}:html", "-o", str(sarif), "-o", str(data), "-o", f"{md}:markdown", "--no-progress", str(LEAK)
    )
    assert code == 1 and err == ""
    assert out.startswith(f"{LEAK}\n") and "UVA301 group-leak [colorama]" in out  # text on stdout
    report = validate_report(data.read_text(encoding="utf-8"))
    rules = sorted(f["rule"] for t in report["targets"] for f in t["findings"])  # type: ignore[attr-defined]
    log = json.loads(sarif.read_text(encoding="utf-8"))
    assert sorted(r["ruleId"] for r in log["runs"][0]["results"]) == rules
    assert html.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert md.read_text(encoding="utf-8").startswith("## uv-audit:")
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".uv-audit-")]  # no temporary file left
    assert "\x1b[" not in out + md.read_text(encoding="utf-8")


@needs_fixtures
def test_format_with_single_output_still_replaces_stdout(tmp_path: Path) -> None:
    target = tmp_path / "report.txt"
    code, out, _ = invoke("--format", "json", "-o", str(target), str(LEAK))
    assert code == 1 and out == ""
    validate_report(target.read_text(encoding="utf-8"))  # --format decides, not the extension


@needs_fixtures
def test_unwritable_output_is_one_line_and_exit_2_before_auditing(tmp_path: Path) -> None:
    existing = tmp_path / "keep.json"
    existing.write_text("old", encoding="utf-8")
    cases = [
        (str(tmp_path / "no-such-dir" / "r.html"), "No such file or directory"),
        (str(tmp_path), "it is a directory"),
    ]
    if os.geteuid() != 0:  # root writes anywhere
        locked = tmp_path / "locked"
        locked.mkdir()
        locked.chmod(stat.S_IRUSR | stat.S_IXUSR)
        cases.append((str(locked / "r.html"), "Permission denied"))
    for bad, reason in cases:
        # the path to audit does not exist either: the output is refused first, before any audit
        code, out, err = invoke("-o", str(existing), "-o", f"{bad}:html", str(tmp_path / "missing-model"))
        assert code == 2 and out == ""
        assert err.splitlines() == [f"uv-audit: error: cannot write {bad}: {reason}"], err
        assert existing.read_text(encoding="utf-8") == "old"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".uv-audit-")) == []


@needs_fixtures
def test_a_failed_audit_leaves_the_old_report(tmp_path: Path) -> None:
    old = tmp_path / "r.json"
    old.write_text("previous report", encoding="utf-8")
    old.chmod(0o640)
    code, _, err = invoke("-o", f"{old}:json", "-o", f"{tmp_path / 'x.html'}", str(tmp_path / "nope"))
    assert code == 2 and "does not exist" in err
    assert old.read_text(encoding="utf-8") == "previous report" and not (tmp_path / "x.html").exists()
    code, _, _ = invoke("-o", f"{old}:json", "-o", f"{tmp_path / 'x.html'}", str(LEAK))
    assert code == 1
    validate_report(old.read_text(encoding="utf-8"))
    assert stat.S_IMODE(old.stat().st_mode) == 0o640  # replaced, with the permissions it had
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".uv-audit-")]


@needs_fixtures
def test_output_through_a_symlink_writes_its_target(tmp_path: Path) -> None:
    real = tmp_path / "real.json"
    real.write_text("", encoding="utf-8")
    link = tmp_path / "link.json"
    link.symlink_to(real)
    invoke("--format", "json", "-o", str(link), str(LEAK))
    assert link.is_symlink()
    validate_report(real.read_text(encoding="utf-8"))
