"""Every failure the fuzzer found, as the smallest input that showed it (tests/hardening/harness.py
has the oracle: no exception, no internal error, inert HTML, clean text and annotations)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from auditor.render import Format
from tests.hardening.harness import check_pipeline


def _timed(files: dict[str, bytes], directory: Path) -> float:
    started = time.monotonic()
    check_pipeline(files, directory)
    return time.monotonic() - started


def test_long_word_in_a_message_renders_html_in_linear_time(tmp_path: Path) -> None:
    # Found by fuzz/run_long.py: `.python-version` holding `3aaaa...` (59 KB, one word) is a UVA004
    # whose message quotes it; the HTML renderer's chain regex (`train -> tqdm -> colorama`)
    # rescanned the word from each character: 6 s at 59 KB, minutes at 200 KB.
    files = {"uv.lock": b'version = 1\nrequires-python = ">=3.11"\n', ".python-version": b"3" + b"a" * 200_000}
    assert _timed(files, tmp_path / "t") < 10
    from auditor.render.html import chain

    started = time.monotonic()
    assert chain("b" * 300_000) == ()
    assert chain(f"{'c' * 100_000} via train -> tqdm -> colorama") == ("train", "tqdm", "colorama")
    assert time.monotonic() - started < 1


def test_every_format_is_checked() -> None:
    assert {f.value for f in Format} == {"text", "json", "html", "sarif", "github", "markdown"}


def test_toml_integer_over_the_int_digit_limit_is_uva004(tmp_path: Path) -> None:
    # Found by probing the fuzzer's "enormous values": tomli raises a bare ValueError (Python's
    # 4,300-digit int limit) for `x = 999...` (5,000 digits), which escaped load_target as a traceback.
    from auditor.errors import ArtifactError
    from auditor.tomlparse import _tomli

    with pytest.raises(ArtifactError, match="invalid TOML"):
        _tomli("x = " + "9" * 5000)
    # rtoml (and tomli for hex) do parse them: `version = 0xfff...` then crashed the UVA004 message.
    hexa = b"0x" + b"f" * 5000
    for lock in (b"version = " + b"9" * 5000, b"version = " + hexa, b"version = 1\nrevision = " + hexa):
        check_pipeline({"uv.lock": lock + b"\n", "pyproject.toml": b"[project]\nname = 'a'\n"}, tmp_path / "t")
