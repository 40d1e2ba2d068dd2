from __future__ import annotations

from pathlib import Path

from auditor.lockfile import parse_lock
from tests.rules.common import project, run


def _hashes() -> tuple[str, ...]:
    return parse_lock(project()["uv.lock"]).by_name("six")[0].hashes


def test_locked_hashes_pass(tmp_path: Path) -> None:
    first, second = _hashes()
    assert run(tmp_path, "UVA206", requirements=f"six==1.16.0 \\\n    --hash={first} \\\n    --hash={second}\n") == []


def test_unknown_hash(tmp_path: Path) -> None:
    first, _ = _hashes()
    [finding] = run(tmp_path, "UVA206", requirements=f"six==1.16.0 --hash={first} --hash=sha256:{'0' * 64}\n")
    assert finding.package == "six" and finding.line == 1 and finding.actual == f"sha256:{'0' * 64}"


def test_hash_on_unlocked_version_is_uva201s(tmp_path: Path) -> None:
    assert run(tmp_path, "UVA206", requirements=f"six==1.15.0 --hash=sha256:{'0' * 64}\n") == []
