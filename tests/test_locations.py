"""Every finding points at the truth (SPEC §5): its `file` exists, its `line` exists in that file,
and a package finding's line names the package. Walked over every fixture under several
selections, mutated copies of them (a requirement deleted, a version changed), and the corpus."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from packaging.utils import canonicalize_name

from auditor.cli.group import main

REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO / "tests" / "fixtures"
CORPUS = REPO.parent / "shared" / "corpus"
SELECTIONS = ([], ["--group", "train"], ["--extra", "serve"], ["--all-extras"], ["--only-group", "dev"])
_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")


def _findings(*args: str) -> Iterator[dict[str, object]]:
    result = CliRunner().invoke(main, [*args, "--format", "json", "--no-progress", "--jobs", "1"])
    assert result.exit_code in (0, 1), result.output
    for target in json.loads(result.output)["targets"]:
        yield from target["findings"]


def _names(line: str) -> set[str]:
    return {canonicalize_name(word.rstrip(".")) for word in _WORD.findall(line)}


def check(finding: dict[str, object]) -> None:
    file, line, package = finding["file"], finding["line"], finding["package"]
    where = f"{finding['rule']} {package} {file}:{line}"
    if file is None:
        assert line is None, where
        return
    path = Path(str(file))
    assert path.exists(), where
    if line is None:
        return
    assert isinstance(line, int) and path.is_file(), where
    lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    assert 1 <= line <= len(lines), f"{where}: the file has {len(lines)} lines"
    if package is not None:
        assert canonicalize_name(str(package)) in _names(lines[line - 1]), f"{where}: {lines[line - 1]!r}"


def _model_dirs() -> list[Path]:
    dirs = sorted({p.parent for p in FIXTURES.rglob("*") if p.name in ("uv.lock", "MLmodel", "pyproject.toml")})
    return [*dirs, REPO / "examples" / "demo-model"]


@pytest.mark.parametrize("selection", SELECTIONS, ids=lambda s: " ".join(s) or "default")
def test_fixture_findings_point_at_real_lines(selection: list[str]) -> None:
    count = 0
    for finding in _findings(str(FIXTURES), str(REPO / "examples"), *selection):
        check(finding)
        count += 1
    assert count > 20


def _mutations(directory: Path) -> Iterator[tuple[str, str]]:
    """(name, new requirements.txt) for a deleted line and a changed version."""
    text = (directory / "requirements.txt").read_text(encoding="utf-8")
    lines = text.split("\n")
    pinned = [i for i, line in enumerate(lines) if re.match(r"^[A-Za-z0-9._-]+==\d", line)]
    if len(pinned) >= 2:
        yield "deleted", "\n".join(lines[: pinned[1]] + lines[pinned[1] + 1 :])
        changed = list(lines)
        changed[pinned[0]] = re.sub(r"==([0-9.]+)", "==0.0.1", changed[pinned[0]], count=1)
        yield "version", "\n".join(changed)
        yield "unpinned", "\n".join(re.sub(r"==", ">=", line, count=1) for line in lines)


def test_mutated_copies_point_at_real_lines(tmp_path: Path) -> None:
    count = 0
    for index, directory in enumerate(_model_dirs()):
        if not (directory / "requirements.txt").is_file():
            continue
        for name, text in _mutations(directory):
            copy = tmp_path / f"{index}-{directory.name}-{name}"
            shutil.copytree(directory, copy, symlinks=True)
            (copy / "requirements.txt").write_text(text, encoding="utf-8")
            for finding in _findings(str(copy)):
                check(finding)
                count += 1
    assert count > 50


@pytest.mark.skipif(not (CORPUS / "manifest.json").is_file(), reason="../shared/corpus is not present")
def test_corpus_findings_point_at_real_lines(tmp_path: Path) -> None:
    count = 0
    for entry in json.loads((CORPUS / "manifest.json").read_text()):
        source = CORPUS / entry["name"] / entry["project_dir"]
        expected = source / ".expected" / "mlflow.txt"
        if not expected.is_file():
            expected = CORPUS / entry["name"] / ".expected" / "mlflow.txt"
        copy = tmp_path / entry["name"]
        shutil.copytree(CORPUS / entry["name"], copy, ignore=shutil.ignore_patterns(".expected"))
        project = copy / entry["project_dir"]
        if expected.is_file():
            (project / "requirements.txt").write_text(expected.read_text(encoding="utf-8"), encoding="utf-8")
        for finding in _findings(str(project)):
            check(finding)
            count += 1
    assert count > 0
