from __future__ import annotations

from pathlib import Path

from tests.rules.common import run


def test_pins_pass(tmp_path: Path) -> None:
    assert run(tmp_path, "UVA204", requirements="six===1.16.0\ntqdm==4.67.1\n-e ./member\n./libs/x\n") == []


def test_ranges_wildcards_and_bare_names(tmp_path: Path) -> None:
    found = run(tmp_path, "UVA204", requirements="six>=1.16\ntqdm==4.*\ncolorama\n")
    assert [(f.package, f.line) for f in found] == [("six", 1), ("tqdm", 2), ("colorama", 3)]
    assert found[0].expected == "six==1.16.0"


def test_url_without_hash(tmp_path: Path) -> None:
    found = run(tmp_path, "UVA204", requirements="six @ https://example.org/six-1.16.0.tar.gz\n")
    assert [f.package for f in found] == ["six"]
    ok = "six @ https://example.org/six-1.16.0.tar.gz#sha256=abc\ntqdm @ https://example.org/t.whl --hash=sha256:1\n"
    assert run(tmp_path / "b", "UVA204", requirements=ok) == []


def test_inline_ignore(tmp_path: Path) -> None:
    assert run(tmp_path, "UVA204", requirements="six>=1.16  # uv-audit: ignore[UVA204]\n") == []
    assert run(tmp_path / "b", "UVA204", requirements="six>=1.16  # uv-audit: ignore[unpinned-requirement]\n") == []
    assert run(tmp_path / "c", "UVA204", requirements="six>=1.16  # uv-audit: ignore[UVA201]\n")
