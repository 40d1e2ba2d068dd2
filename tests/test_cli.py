"""The real CLI: CliRunner and the installed entry point in a subprocess."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections import Counter
from collections.abc import Mapping
from pathlib import Path

import pytest
from click.testing import CliRunner

from auditor import __version__
from auditor.cli import COMMANDS
from auditor.cli.group import main
from auditor.render.wrap import atoms
from tests.builder import uv_project, write_files
from tests.conftest import FIXTURES, validate_report

CLEAN = {**uv_project(), ".python-version": "3.11\n"}
PLAIN: dict[str, str | None] = {"COLUMNS": None, "NO_COLOR": None, "FORCE_COLOR": None}
"""Unset for a test that depends on width or colour (whatever the shell running the tests exports)."""


def invoke(*args: str, env: Mapping[str, str | None] | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), env=env)
    return result.exit_code, result.stdout, result.stderr


def test_version_and_help() -> None:
    code, out, _ = invoke("--version")
    assert code == 0 and out.strip() == f"uv-audit {__version__}"
    code, out, _ = invoke("--help")
    assert code == 0
    for option in (
        "--format",
        "--output",
        "--fail-on",
        "--select",
        "--ignore",
        "--group",
        "--only-group",
        "--extra",
        "--all-extras",
        "--python-platform",
        "--severity",
        "--jobs",
        "--max-file-size",
    ):
        assert option in out
    assert "export" in out and "explain" in out


def test_clean_project_exits_0_and_json_validates(tmp_path: Path) -> None:
    write_files(tmp_path / "proj", CLEAN)
    code, out, _ = invoke("--format", "json", str(tmp_path / "proj"))
    data = validate_report(out)
    assert code == 0, out
    assert data["summary"] == {"targets": 1, "findings": 0, "error": 0, "warning": 0, "info": 0, "suppressed": 0}


def test_findings_exit_1_and_paths_as_given(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_files(tmp_path / "run-dir" / "model", {"pyproject.toml": CLEAN["pyproject.toml"], "MLmodel": "flavors: {}\n"})
    monkeypatch.chdir(tmp_path)
    code, out, _ = invoke("--format", "json", "run-dir/")
    data = validate_report(out)
    assert code == 1
    target = data["targets"][0]  # type: ignore[index]
    assert target["path"] == "run-dir/model"
    assert {f["rule"]: f["file"] for f in target["findings"]}["UVA001"] == "run-dir/model/pyproject.toml"


def test_fail_on_and_output_file(tmp_path: Path) -> None:
    write_files(tmp_path / "proj", uv_project())  # only UVA401 (warning) when the python rules are present
    out_file = tmp_path / "report.json"
    code, out, _ = invoke(
        "--format", "json", "-o", str(out_file), "--fail-on", "error", "--ignore", "UVA4", str(tmp_path / "proj")
    )
    assert code == 0 and out == ""
    validate_report(out_file.read_text())


@pytest.mark.parametrize(
    "args",
    [
        ["does-not-exist"],
        ["--format", "yaml", "."],
        ["--fail-on", "fatal", "."],
        ["--select", "UVA999", "."],
        ["--severity", "UVA001", "."],
        ["--severity", "UVA001=loud", "."],
        ["--no-such-option", "."],
        ["explain", "UVA999"],
        ["--python-platform", "amiga-os", "."],
        ["--python-version", "three", "."],
    ],
)
def test_usage_errors_exit_2_with_one_line(args: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, err = invoke(*args)
    assert code == 2
    assert len(err.strip().splitlines()) == 1, err
    assert err.startswith("uv-audit: error:")
    assert "Traceback" not in out + err


def test_unknown_pyproject_key_is_that_targets_uva004(tmp_path: Path) -> None:
    files = uv_project(pyproject_extra='[tool.uv-audit]\nfial-on = "error"\n')
    write_files(tmp_path / "proj", files)
    code, out, err = invoke(str(tmp_path / "proj"), "--format", "json")
    assert code == 1 and err == ""
    [finding] = [f for t in json.loads(out)["targets"] for f in t["findings"] if f["rule"] == "UVA004"]
    lines = (tmp_path / "proj" / "pyproject.toml").read_text().splitlines()
    assert "fial-on" in finding["message"] and lines[finding["line"] - 1].startswith("fial-on")


def test_pyproject_config_is_applied(tmp_path: Path) -> None:
    files = uv_project(pyproject_extra='[tool.uv-audit]\nignore = ["missing-lock"]\n')
    write_files(tmp_path / "proj", {"pyproject.toml": files["pyproject.toml"]})
    assert invoke(str(tmp_path / "proj"))[0] == 0
    code, out, _ = invoke("--select", "UVA001", str(tmp_path / "proj"))
    assert code == 1 and "UVA001" in out


def test_severity_override_and_select_prefix(tmp_path: Path) -> None:
    write_files(tmp_path / "m", {"MLmodel": "flavors: {}\n", **uv_project()})  # UVA003 warning
    code, out, _ = invoke(
        "--format",
        "json",
        "--select",
        "UVA003",
        "--severity",
        "UVA003=info",
        "--fail-on",
        "warning",
        str(tmp_path / "m"),
    )
    data = validate_report(out)
    assert code == 0
    findings = data["targets"][0]["findings"]  # type: ignore[index]
    assert [(f["rule"], f["severity"]) for f in findings] == [("UVA003", "info")]


def test_text_report_fits_80_columns_when_piped(tmp_path: Path) -> None:
    write_files(tmp_path / "a-rather-long-directory-name" / "model", {"MLmodel": "flavors: {}\n", **uv_project()})
    write_files(tmp_path / "bad", {"uv.lock": "version = 9\n", "pyproject.toml": CLEAN["pyproject.toml"]})
    code, out, _ = invoke("--no-color", str(tmp_path), env=PLAIN)
    assert code == 1
    assert all(len(line) <= 80 or _one_atom(line) for line in out.splitlines()), out
    assert "UVA003 missing-requirements" in out and "UVA004 invalid-artifact" in out
    assert "\x1b[" not in out
    assert out.strip().splitlines()[-1].startswith("2 targets,")


def _one_atom(line: str) -> bool:
    """A line longer than the width holds a single unbreakable atom (a path, `file:line`, a command)."""
    return len(atoms(line.strip().removeprefix("at ").removeprefix("fix: "))) == 1


def _spans(text: str | None) -> list[str]:
    return re.findall(r"`[^`]*`", text or "")


@pytest.mark.skipif(not (FIXTURES / "MANIFEST.json").is_file(), reason="tests/fixtures is missing")
@pytest.mark.parametrize("columns", [60, 200])
def test_every_location_and_command_is_unbroken_at_any_width(columns: int) -> None:
    env = {**PLAIN, "COLUMNS": str(columns)}
    _, data, _ = invoke("--format", "json", "--no-progress", str(FIXTURES), env=env)
    code, out, _ = invoke("--no-progress", str(FIXTURES), env=env)
    assert code == 1
    lines = out.splitlines()
    findings = [(t["path"], f) for t in json.loads(data)["targets"] for f in t["findings"]]
    assert len(findings) > 50
    for path, f in findings:
        where = f"{f['file']}:{f['line']}" if f["line"] else f["file"]
        assert f"      at {where}" in lines, where
        for span in _spans(f["message"]) + _spans(f["fix"]):
            assert any(span in line for line in lines), span
        assert path in lines  # each target's title line
    assert all(len(line) <= columns or _one_atom(line) for line in lines)
    assert max(len(line) for line in lines) > (60 if columns == 60 else 100)


def test_usage_line_names_every_command() -> None:
    code, out, _ = invoke("--help")
    assert code == 0
    usage = out.splitlines()[0]
    assert usage == "Usage: uv-audit [OPTIONS] PATH... | export | fix | rules | explain | serve"
    assert {c for c in COMMANDS if c != "check"} <= set(usage.replace("|", " ").split())


@pytest.mark.skipif(not (FIXTURES / "MANIFEST.json").is_file(), reason="tests/fixtures is missing")
def test_concise_is_one_line_per_finding() -> None:
    _, data, _ = invoke("--format", "json", str(FIXTURES), env=PLAIN)
    code, out, _ = invoke("--format", "concise", str(FIXTURES), env=PLAIN)
    assert code == 1
    expected = []
    for target in json.loads(data)["targets"]:
        for f in target["findings"]:
            where = (f["file"] or target["path"]) + (f":{f['line']}" if f["line"] else "")
            package = f" [{f['package']}]" if f["package"] else ""
            expected.append(f"{where}: {f['rule']} {f['name']}{package} {f['message']}")
    lines = out.splitlines()
    assert lines[: len(expected)] == expected
    assert lines[-1].endswith("info") and len(lines) == len(expected) + 1
    assert invoke("--format", "concise", "-q", str(FIXTURES), env=PLAIN)[1].splitlines() == expected


@pytest.mark.skipif(not (FIXTURES / "MANIFEST.json").is_file(), reason="tests/fixtures is missing")
def test_statistics_count_findings_per_rule_like_ruff() -> None:
    _, data, _ = invoke("--format", "json", str(FIXTURES), env=PLAIN)
    tally = Counter((f["rule"], f["name"]) for t in json.loads(data)["targets"] for f in t["findings"])
    code, out, _ = invoke("--statistics", str(FIXTURES), env=PLAIN)
    assert code == 1
    *rows, summary = out.splitlines()
    parsed = [(int(n), code, name) for n, code, name in (row.split("\t") for row in rows)]
    by_count = sorted(tally.items(), key=lambda item: (-item[1], item[0]))
    assert [(c.strip(), n) for _, c, n in parsed] == [rule for rule, _ in by_count]
    assert {(c.strip(), n): k for k, c, n in parsed} == dict(tally)
    assert summary.startswith(f"{len(json.loads(data)['targets'])} targets, {sum(tally.values())} findings")
    code, out, _ = invoke("--statistics", "--format", "json", "--exit-zero", str(FIXTURES), env=PLAIN)
    assert code == 0
    assert {(r["code"], r["name"]): r["count"] for r in json.loads(out)} == dict(tally)
    assert invoke("--statistics", "-q", str(FIXTURES), env=PLAIN)[1].splitlines() == rows
    code, out, err = invoke("--statistics", "--format", "sarif", str(FIXTURES), env=PLAIN)
    assert code == 2 and out == "" and err.startswith("uv-audit: error: --statistics prints text, concise or json")


def test_exit_zero_forgives_findings_not_usage_errors(tmp_path: Path) -> None:
    write_files(tmp_path / "m", {"MLmodel": "flavors: {}\n", **uv_project()})
    code, out, _ = invoke("--format", "json", "--exit-zero", str(tmp_path / "m"))
    assert code == 0 and validate_report(out)["summary"]["findings"] > 0  # type: ignore[index]
    assert invoke("--exit-zero", str(tmp_path / "m"))[0] == 0
    assert invoke(str(tmp_path / "m"))[0] == 1
    assert invoke("--exit-zero", str(tmp_path / "nope"))[0] == 2
    assert invoke("--exit-zero", "--fail-on", "fatal", str(tmp_path / "m"))[0] == 2


def test_exit_zero_never_passes_a_model_that_could_not_be_fetched(tmp_path: Path) -> None:
    pytest.importorskip("mlflow")
    import socket

    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        dead = f"http://127.0.0.1:{sock.getsockname()[1]}"
    write_files(tmp_path / "proj", CLEAN)
    code, out, err = invoke("--exit-zero", "--tracking-uri", dead, "models:/m/1", str(tmp_path / "proj"))
    assert code == 1 and "cannot reach the MLflow tracking server" in err
    assert "no findings" in out


def test_quiet_prints_findings_only(tmp_path: Path) -> None:
    write_files(tmp_path / "clean", CLEAN)
    write_files(tmp_path / "m", {"MLmodel": "flavors: {}\n", **uv_project()})
    code, out, err = invoke("-q", str(tmp_path), env=PLAIN)
    assert code == 1 and err == ""
    assert "UVA003 missing-requirements" in out and str(tmp_path / "m") in out
    assert str(tmp_path / "clean") not in out and "targets," not in out and "selection:" not in out
    code, out, _ = invoke("--quiet", str(tmp_path / "clean"), env=PLAIN)
    assert code == 0 and out == ""


@pytest.mark.parametrize(
    ("env", "args", "coloured"),
    [
        ({}, [], False),  # a pipe
        ({"FORCE_COLOR": "1"}, [], True),  # through a pipe
        ({"FORCE_COLOR": ""}, [], False),  # empty means unset
        ({"FORCE_COLOR": "1"}, ["--no-color"], False),
        ({"NO_COLOR": "1"}, ["--color"], True),
        ({"NO_COLOR": "1", "FORCE_COLOR": "1"}, [], True),  # force-color.org: FORCE_COLOR is read last
    ],
)
def test_colour_environment(env: dict[str, str], args: list[str], coloured: bool, tmp_path: Path) -> None:
    write_files(tmp_path / "m", {"MLmodel": "flavors: {}\n", **uv_project()})
    _, out, _ = invoke(*args, str(tmp_path / "m"), env={**PLAIN, **env})
    assert ("\x1b[" in out) is coloured
    _, out, _ = invoke(*args, "--format", "concise", str(tmp_path / "m"), env={**PLAIN, **env})
    assert ("\x1b[" in out) is coloured
    _, out, _ = invoke(*args, "--format", "json", str(tmp_path / "m"), env={**PLAIN, **env})
    assert "\x1b[" not in out  # machine formats never


def _on_a_terminal(args: list[str], env: dict[str, str], columns: int) -> str:
    """The installed entry point with stdout on a real pseudo-terminal of `columns` columns."""
    pty = pytest.importorskip("pty")
    import fcntl
    import struct
    import termios

    exe = shutil.which("uv-audit", path=str(Path(sys.executable).parent))
    if exe is None:
        pytest.skip("uv-audit is not installed in this environment")
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 50, columns, 0, 0))
    base = {k: v for k, v in os.environ.items() if k not in PLAIN}
    with subprocess.Popen([exe, *args], stdout=follower, stderr=subprocess.DEVNULL, env={**base, **env}) as proc:
        os.close(follower)
        chunks = []
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # EIO: the child closed the terminal
                break
            if not chunk:
                break
            chunks.append(chunk)
        proc.wait(timeout=60)
    os.close(leader)
    return b"".join(chunks).decode().replace("\r\n", "\n")


def test_a_real_terminal_gets_colour_and_its_width(tmp_path: Path) -> None:
    long = "x" * 30
    write_files(tmp_path / long / "m", {"MLmodel": "flavors: {}\n", **uv_project()})
    narrow = _on_a_terminal([str(tmp_path)], {}, 60)
    assert "\x1b[31m" in narrow or "\x1b[33m" in narrow
    wide = _on_a_terminal([str(tmp_path)], {}, 200)
    assert len(wide.splitlines()) < len(narrow.splitlines())
    plain = re.sub(r"\x1b\[\d+m", "", narrow).splitlines()
    assert all(len(line) <= 60 or _one_atom(line) for line in plain)
    assert any(len(line) > 80 for line in re.sub(r"\x1b\[\d+m", "", wide).splitlines())
    no_color = _on_a_terminal([str(tmp_path)], {"NO_COLOR": "1"}, 60)
    assert "\x1b[" not in no_color and no_color.splitlines() == plain
    assert _on_a_terminal([str(tmp_path)], {"NO_COLOR": "1", "COLUMNS": "200"}, 60) == re.sub(r"\x1b\[\d+m", "", wide)


def test_rules_and_explain() -> None:
    code, out, _ = invoke("rules")
    assert code == 0 and "UVA001" in out and "missing-lock" in out
    code, out, _ = invoke("explain", "missing-lock")
    assert code == 0 and out.startswith("UVA001 missing-lock") and "Fix" in out


def test_installed_entry_point_subprocess(tmp_path: Path) -> None:
    exe = shutil.which("uv-audit", path=str(Path(sys.executable).parent))
    if exe is None:
        pytest.skip("uv-audit is not installed in this environment")
    write_files(tmp_path / "proj", CLEAN)
    done = subprocess.run([exe, "--format", "json", str(tmp_path / "proj")], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    validate_report(done.stdout)
    bad = subprocess.run([exe, str(tmp_path / "nope")], capture_output=True, text=True, timeout=60)
    assert bad.returncode == 2 and bad.stderr.count("\n") == 1 and "Traceback" not in bad.stderr
