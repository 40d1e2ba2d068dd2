"""`uv-audit export` through click's CliRunner on corpus projects and broken inputs."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from auditor.cli.export import command as export_command
from tests.export.corpus_util import CORPUS

FLASK = CORPUS / "pallets__flask"
needs_corpus = pytest.mark.skipif(not FLASK.is_dir(), reason="corpus not available")


@needs_corpus
def test_matches_uv_mlflow_command() -> None:
    args = ["--no-dev", "--no-hashes", "--frozen", "--no-header", "--no-emit-project", "--no-annotate"]
    result = CliRunner().invoke(export_command, [str(FLASK), *args])
    assert result.exit_code == 0, result.output
    assert result.output == (FLASK / ".expected" / "mlflow.txt").read_text()


@needs_corpus
def test_mlflow_requirements() -> None:
    result = CliRunner().invoke(
        export_command, ["--mlflow", str(FLASK), "--mlflow-version", "3.11.0", "--cloudpickle-version", "3.1.1"]
    )
    assert result.exit_code == 0, result.output
    lines = result.output.split("\n")
    assert lines[0] == "mlflow==3.11.0" and lines[1:] == sorted(lines[1:]) and "cloudpickle==3.1.1" in lines
    assert any(line.startswith("werkzeug==") for line in lines)
    assert not any(line.startswith(("ruff==", "-e")) for line in lines)


@needs_corpus
def test_unknown_group_exits_2_with_uv_wording() -> None:
    result = CliRunner().invoke(export_command, [str(FLASK), "--group", "nope"])
    assert result.exit_code == 2
    assert "Group `nope` is not defined in the project's `dependency-groups` table" in result.output


@needs_corpus
def test_unknown_extra_exits_2() -> None:
    result = CliRunner().invoke(export_command, [str(FLASK), "--extra", "nope"])
    assert result.exit_code == 2
    assert "Extra `nope` is not defined in the `optional-dependencies` table for `flask`" in result.output


@needs_corpus
def test_output_file(tmp_path: Path) -> None:
    """As uv: `-o` writes the file (parents made) and prints the export too, unless `-q`."""
    out = tmp_path / "new" / "req.txt"
    result = CliRunner().invoke(export_command, [str(FLASK), "--no-dev", "--no-header", "-o", str(out)])
    assert result.exit_code == 0 and result.output == out.read_text()
    assert out.read_text().startswith("-e .\n")
    quiet = CliRunner().invoke(export_command, [str(FLASK), "--no-dev", "--no-header", "-q", "-o", str(out)])
    assert quiet.exit_code == 0 and quiet.output == ""


def test_missing_path_is_one_line_exit_2(tmp_path: Path) -> None:
    result = CliRunner().invoke(export_command, [str(tmp_path / "absent")])
    assert result.exit_code == 2
    assert "Traceback" not in result.output and len(result.output.strip().splitlines()) == 1


def test_broken_lock_is_one_line_exit_2(tmp_path: Path) -> None:
    (tmp_path / "uv.lock").write_text("version = [")
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'x'\n")
    result = CliRunner().invoke(export_command, [str(tmp_path)])
    assert result.exit_code == 2
    assert "Traceback" not in result.output and len(result.output.strip().splitlines()) == 1


def test_missing_lock_exit_2(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'x'\n")
    result = CliRunner().invoke(export_command, [str(tmp_path)])
    assert result.exit_code == 2 and "no uv.lock" in result.output


def _audit_message(directory: Path) -> str:
    """What the audit says about the same uv.lock (its UVA004 message)."""
    from auditor.cli.group import main

    result = CliRunner().invoke(main, [str(directory), "--format", "json"])
    import json

    [finding] = [f for t in json.loads(result.output)["targets"] for f in t["findings"] if f["rule"] == "UVA004"]
    return str(finding["message"])


def test_symlinked_lock_outside_the_project_is_refused_like_the_audit(tmp_path: Path) -> None:
    project = tmp_path / "project"
    project.mkdir()
    (project / "pyproject.toml").write_text("[project]\nname = 'x'\nversion = '1'\n")
    (tmp_path / "secret.lock").write_text('version = 1\nrequires-python = ">=3.10"\n')
    (project / "uv.lock").symlink_to(tmp_path / "secret.lock")
    result = CliRunner().invoke(export_command, [str(project)])
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert "symlink pointing outside the audited path" in result.output
    assert _audit_message(project) in result.output


def test_oversized_lock_is_refused_like_the_audit(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'x'\nversion = '1'\n")
    with open(tmp_path / "uv.lock", "wb") as handle:
        handle.truncate(17 * 1024 * 1024)  # sparse: over the 16 MiB default, never read
    result = CliRunner().invoke(export_command, [str(tmp_path)])
    assert result.exit_code == 2 and "--max-file-size" in result.output
    assert _audit_message(tmp_path) in result.output
