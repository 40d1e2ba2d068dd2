from __future__ import annotations

from pathlib import Path

from tests.rules.common import run


def test_known_selection(tmp_path: Path) -> None:
    assert run(tmp_path, "UVA303", groups=("train",), extras=("serve",)) == []


def test_unknown_group_and_extra(tmp_path: Path) -> None:
    found = run(tmp_path, "UVA303", groups=("trian",), extras=("gpu",))
    assert sorted((f.actual, f.expected) for f in found) == [("gpu", "serve"), ("trian", "train")]
    assert all("cli" in f.message for f in found)


def test_unknown_group_does_not_break_other_rules(tmp_path: Path) -> None:
    assert run(tmp_path, "UVA202", groups=("trian",)) == []
