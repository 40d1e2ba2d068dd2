"""Every failure the fuzzer found, as the smallest input that showed it (tests/hardening/harness.py
has the oracle: no exception, no internal error, inert HTML, clean text and annotations)."""

from __future__ import annotations

import time
from pathlib import Path

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
