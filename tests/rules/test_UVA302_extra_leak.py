from __future__ import annotations

from pathlib import Path

from tests.rules.common import REQUIREMENTS, run

LEAKED = REQUIREMENTS + "pygments==2.18.0\nrich==13.9.4\n"


def test_no_leak(tmp_path: Path) -> None:
    assert run(tmp_path, "UVA302") == []


def test_extra_leak_with_chain(tmp_path: Path) -> None:
    found = run(tmp_path, "UVA302", requirements=LEAKED)
    assert {f.package: f.actual for f in found} == {"pygments": "serve -> rich -> pygments", "rich": "serve -> rich"}
    assert run(tmp_path, "UVA301", requirements=LEAKED) == []


def test_intended_extra(tmp_path: Path) -> None:
    assert run(tmp_path, "UVA302", requirements=LEAKED, extras=("serve",)) == []
    assert run(tmp_path / "all", "UVA302", requirements=LEAKED, all_extras=True) == []
