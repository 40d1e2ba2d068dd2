"""Rule outcomes memoised across targets (auditor.memo) change no byte: every fixture and corpus
target, a store of copies that share contents under other paths (one of them a path that looks
like a credential), audited with the memo and without it (the rules on the real target), give equal
reports; and the copies are answered from the memo."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from auditor import memo
from auditor.api import audit_paths
from auditor.render import json as json_report
from tests.test_parallel import FIXTURES

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
TOKEN_DIR = "ghp_" + "a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8"


def _both(paths: list[str], monkeypatch: pytest.MonkeyPatch) -> tuple[str, str]:
    memo._memo.clear()
    with_memo = json_report.render(audit_paths(paths, jobs=1, progress=False))
    with monkeypatch.context() as patch:
        patch.setattr(memo, "neutral", lambda target: None)  # the rules run on each real target
        without = json_report.render(audit_paths(paths, jobs=1, progress=False))
    return with_memo, without


def test_fixtures_are_the_same_with_and_without_the_memo(monkeypatch: pytest.MonkeyPatch) -> None:
    with_memo, without = _both([str(FIXTURES)], monkeypatch)
    assert with_memo == without


def test_corpus_is_the_same_with_and_without_the_memo(monkeypatch: pytest.MonkeyPatch) -> None:
    if not (CORPUS / "manifest.json").is_file():
        pytest.skip("../shared/corpus is not present")
    with_memo, without = _both([str(CORPUS)], monkeypatch)
    assert with_memo == without


def _secretive(root: Path) -> Path:
    """stale-lock with a password in an index URL (UVA701, redacted), an inline ignore (a
    suppressed finding) and a [tool.uv-audit] table."""
    target = root / "secretive"
    shutil.copytree(FIXTURES / "stale-lock", target)
    requirements = target / "requirements.txt"
    text = requirements.read_text().replace("anyio==4.16.0\n", "anyio==4.15.0  # uv-audit: ignore[UVA201]\n")
    requirements.write_text("--extra-index-url https://alice:Sup3rS3cretPassw0rd@pypi.example.com/simple\n" + text)
    with open(target / "pyproject.toml", "a") as handle:
        handle.write('\n[tool.uv-audit]\nignore = ["UVA403"]\n')
    return target


def test_copies_under_other_paths_come_from_the_memo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    sources = [FIXTURES / "clean", FIXTURES / "stale-lock", FIXTURES / "uv-extras-serve", _secretive(tmp_path / "src")]
    names = [s.name for s in sources]
    for source in sources:
        for copy in ("a", "b/deeper", TOKEN_DIR):
            shutil.copytree(source, tmp_path / "store" / copy / source.name)
    tmp_path = tmp_path / "store"
    memo.COUNTS.update(hits=0, misses=0)
    with_memo, without = _both([str(tmp_path)], monkeypatch)
    assert with_memo == without
    assert memo.COUNTS["misses"] == len(names) and memo.COUNTS["hits"] == 2 * len(names)
    assert '"by": "inline"' in with_memo and "UVA701" in with_memo and "Sup3rS3cret" not in with_memo
    assert TOKEN_DIR not in with_memo and "ghp_***" in with_memo, "a path that holds a token is redacted"
    assert memo.TOKEN not in with_memo
