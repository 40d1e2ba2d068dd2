"""The progress bar: stderr only, throttled, erased when done, silent when disabled."""

from __future__ import annotations

import io
import os
import shutil

import pytest

from auditor.parallel import _Progress


def test_disabled_writes_nothing() -> None:
    stream = io.StringIO()
    progress = _Progress(5, enabled=False, stream=stream)
    for _ in range(5):
        progress.advance()
    assert stream.getvalue() == ""


def test_draws_throttled_and_erases_itself() -> None:
    stream = io.StringIO()
    progress = _Progress(1000, enabled=True, stream=stream)
    for _ in range(1000):
        progress.advance()
    out = stream.getvalue()
    frames = out.split("\r")
    assert len(frames) < 100, "redraws are throttled"
    assert "1000/1000 targets 100%" in out
    assert out.endswith("\r") and frames[-2].strip() == "" and "\n" not in out


def test_line_fits_the_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shutil, "get_terminal_size", lambda fallback=(80, 24): os.terminal_size((40, 10)))
    progress = _Progress(10, enabled=True, stream=io.StringIO())
    progress.done = 5
    assert len(progress.line()) <= 39 and "5/10" in progress.line()


def test_nothing_for_zero_targets() -> None:
    stream = io.StringIO()
    _Progress(0, enabled=True, stream=stream).advance(0)
    assert stream.getvalue() == ""
