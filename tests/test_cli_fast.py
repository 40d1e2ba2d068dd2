"""The click-free parse of an ordinary audit (auditor.cli.fast) reads every argument list it
accepts exactly as click reads it, and leaves everything else to click."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import click
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from auditor.cli import fast, spec
from auditor.cli.check import command as check_command
from auditor.cli.group import main
from tests.test_perf_invariants import _imported_after

FIXTURES = Path(__file__).resolve().parent / "fixtures"

ORDINARY = [
    [],
    ["."],
    ["check", "."],
    ["--format", "json", "--no-progress", "."],
    ["--format=sarif", "-o", "r.html", "-o", "r.json:json", "a", "b"],
    ["-q", "--statistics", "--exit-zero", "--fail-on", "error", "--isolated", "--no-cache", "x"],
    ["--select", "UVA1,UVA2", "--select", "UVA3", "--ignore", "UVA701", "--severity", "UVA401=error"],
    ["--group", "serve", "--group", "a,b", "--extra", "x", "--python-platform", "linux", "--python-version", "3.11"],
    ["--only-group", "serve", "--serving-mlflow", "3.18.0", "--all-extras"],
    ["-j", "2", "--jobs=3", "--max-file-size", "10", "--max-depth", "0", "--root", "/nonexistent-dir"],
    ["--color", "--no-color", "--progress", "--tracking-uri", "http://h", "--experiment", "e", "--experiment", "2"],
    ["--max-results", "5", "--registered-models", "--alias", "champion"],
    [".", "--", "--format", "-x"],
    ["-"],
    ["--root", ""],
]
LEFT_TO_CLICK = [
    ["--help"],
    ["-h"],
    ["check", "--help"],
    ["--version"],
    ["rules"],
    ["explain", "UVA101"],
    ["export", "."],
    ["--bogus"],
    ["--form", "json"],  # click has no abbreviations: its error
    ["--format", "nope"],
    ["--format"],
    ["-j", "0"],
    ["-j2"],
    ["-qj", "2"],
    ["--jobs", "two"],
    ["--jobs", "-1"],
    ["--quiet=yes"],
    ["--select", "-x"],
    ["--extra", "a", "--all-extras"],
    ["--group", "a", "--only-group", "b"],
    ["--root", str(FIXTURES / "clean" / "uv.lock")],
]


def _click_params(args: list[str]) -> dict[str, Any]:
    """What click passes the check command for `args` (its real parser, no run)."""
    with check_command.make_context("check", list(args)) as ctx:
        return dict(ctx.params)


def _fast_params(args: list[str]) -> dict[str, Any] | None:
    parsed = fast.parse(args)
    if parsed is None:
        return None
    return {"paths": parsed.paths, **parsed.values}


@pytest.mark.parametrize("args", ORDINARY)
def test_ordinary_audits_are_read_as_click_reads_them(args: list[str]) -> None:
    ours = _fast_params(args)
    assert ours is not None, "an ordinary audit takes the fast path"
    theirs = _click_params(args[1:] if args[:1] == ["check"] else args)
    assert ours == theirs


@pytest.mark.parametrize("args", LEFT_TO_CLICK)
def test_help_errors_and_other_commands_are_left_to_click(args: list[str]) -> None:
    assert fast.parse(args) is None


_FLAGS = [flag for item in spec.CHECK for flag in item.flags]
_VALUES = st.sampled_from(["json", "text", "0", "1", "12", "-1", "x", "", "a,b", "UVA1=error", "-", "--", "-q"])
_TOKENS = st.one_of(st.sampled_from(_FLAGS), _VALUES, st.sampled_from(_FLAGS).map(lambda f: f + "=2"))


@settings(max_examples=400, deadline=None)
@given(st.lists(_TOKENS, max_size=8))
def test_whatever_the_fast_path_accepts_click_reads_the_same(args: list[str]) -> None:
    ours = _fast_params(args)
    if ours is None:
        return
    try:
        theirs = _click_params(args)
    except click.UsageError as exc:  # also conflicts.Command's refusals
        raise AssertionError(f"fast path accepted what click refuses: {args!r}: {exc}") from exc
    assert ours == theirs


def test_an_ordinary_audit_does_not_import_click() -> None:
    modules = _imported_after(["--no-cache", "--format", "json", "."], FIXTURES / "clean")
    assert "auditor.engine" in modules, "the audit ran"
    assert "click" not in modules
    assert "click" in _imported_after(["--bogus"], FIXTURES / "clean"), "an error goes through click"


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["--severity", "X", "."], 2, "uv-audit: error: --severity expects CODE=LEVEL, got 'X'"),
        (["--no-cache", "/nonexistent/x"], 2, "uv-audit: error: path does not exist: /nonexistent/x"),
        (["--statistics", "--format", "html", "."], 2, "uv-audit: error: --statistics prints text"),
    ],
)
def test_fast_path_errors_are_one_line_and_exit_2(args: list[str], code: int, message: str) -> None:
    assert fast.parse(args) is not None
    result = CliRunner().invoke(main, args)
    assert result.exit_code == code
    assert result.stderr.startswith(message) and result.stderr.count("\n") == 1


def test_fast_and_click_paths_give_the_same_report() -> None:
    args = ["--no-cache", "--format", "json", "--no-progress", str(FIXTURES / "stale-lock")]
    ours = CliRunner().invoke(main, args)
    theirs = CliRunner().invoke(check_command, args)
    assert ours.exit_code == theirs.exit_code == 1
    assert ours.stdout == theirs.stdout and ours.stderr == theirs.stderr
    assert os.path.basename(args[-1]) in ours.stdout


def test_the_console_script_collects_garbage_as_rarely_as_mypy() -> None:
    import subprocess
    import sys

    from auditor.cli import GC_THRESHOLDS

    code = (
        "import gc, io, contextlib\nfrom auditor.cli import entry\n"
        "try:\n    with contextlib.redirect_stdout(io.StringIO()):\n"
        "        entry(['--no-cache', '--format', 'json', '.'])\n"
        "except SystemExit:\n    pass\nprint(gc.get_threshold())\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=FIXTURES / "clean", capture_output=True, text=True, timeout=120
    )
    assert done.stdout.strip() == str(GC_THRESHOLDS)
