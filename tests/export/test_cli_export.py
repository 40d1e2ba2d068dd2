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
    out = tmp_path / "req.txt"
    result = CliRunner().invoke(export_command, [str(FLASK), "--no-dev", "--no-header", "-o", str(out)])
    assert result.exit_code == 0 and result.output == ""
    assert out.read_text().startswith("-e .\n")


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
