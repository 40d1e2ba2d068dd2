"""Every failure the fuzzer found, as the smallest input that showed it (tests/hardening/harness.py
has the oracle: no exception, no internal error, inert HTML, clean text and annotations)."""

from __future__ import annotations

import os
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
    assert {f.value for f in Format} == {"text", "concise", "json", "html", "sarif", "github", "markdown"}


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


def _small_model() -> dict[str, bytes]:
    from tests.hardening.harness import fixture_seeds

    return dict(next(s for s in fixture_seeds() if len(s.get("uv.lock", b"")) < 10_000 and "MLmodel" in s))


def _rules(files: dict[str, bytes], directory: Path) -> set[str]:
    return check_pipeline(files, directory).rules


def test_invalid_marker_in_uv_lock_is_uva004(tmp_path: Path) -> None:
    # Found by fuzz/run_long.py: `marker = "<script>alert('uvacanary')</script>"` on a lock
    # dependency reached the export engine's marker parser: "internal error" in UVA202 and UVA501.
    files = _small_model()
    lock = files["uv.lock"].decode()
    assert "[[package]]" in lock
    files["uv.lock"] = lock.replace(
        "[[package]]",
        '[[package]]\nname = "zz"\nversion = "1"\nsource = { registry = "x" }\n'
        'dependencies = [{ name = "colorama", marker = "<script>alert(\'uvacanary\')</script>" }]\n\n[[package]]',
        1,
    ).encode()
    assert "UVA004" in _rules(files, tmp_path / "t")
    files["uv.lock"] = ('resolution-markers = ["python_version >"]\n' + lock).encode()
    assert "UVA004" in _rules(files, tmp_path / "t")


@pytest.mark.parametrize(
    "name",
    [".python-version", "python_env.yaml", "conda.yaml", "MLmodel", "requirements.txt", "pyproject.toml", "uv.lock"],
)
def test_version_over_the_int_digit_limit_is_uva004(tmp_path: Path, name: str) -> None:
    # Found by fuzz/run_long.py: `.python-version` of `3.999...` (13,210 digits) raised a bare
    # ValueError in packaging's Version() (Python's 4,300-digit int limit), a traceback from the
    # loader; the same number in python_env.yaml, conda.yaml, uv.lock, pyproject.toml or
    # requirements.txt was an "internal error" in UVA102/UVA201/UVA205/UVA403/UVA404.
    files = _small_model()
    files.setdefault(".python-version", b"3.11\n")
    big = b"9" * 5000
    text = files[name]
    for old in (b"3.11.7", b"3.11", b"4.70.1", b"0.1.0"):
        if old in text:
            files[name] = text.replace(old, b"3." + big, 1)
            break
    assert files[name] != text
    assert "UVA004" in _rules(files, tmp_path / "t")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_fifo_named_uv_lock_is_uva004_not_ignored(tmp_path: Path) -> None:
    # Found writing the confinement test: discovery listed only regular files and symlinks, so a
    # FIFO named uv.lock vanished (the target looked lock-less: UVA001). It must be reported, and
    # never opened (an open would block forever).
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'a'\nversion = '1'\n")
    os.mkfifo(tmp_path / "uv.lock")
    from auditor.discover import Candidate, discover
    from auditor.load import load_target

    candidate = next(iter(discover([str(tmp_path)])))
    assert isinstance(candidate, Candidate) and "uv.lock" in candidate.names
    target = load_target(candidate)
    assert [p.message for p in target.problems] == ["uv.lock: is not a regular file (FIFO, socket or device); not read"]


_GROUP_LOCK = b"""version = 1
revision = 5
requires-python = ">=3.10"

[manifest]
default-groups = ["lint"]

[manifest.dependency-groups]
lint = [{ name = "six", marker = "python_full_version >= '3.11'", specifier = "==1.17.0" }]

[manifest.group-requires-python]
lint = ">=3.11"

[[package]]
name = "six"
version = "1.17.0"
source = { registry = "https://pypi.org/simple" }
"""


@pytest.mark.parametrize("value", ['"not a specifier"', '">=3.11<<<"', '"{\'lint\': 1}"'])
def test_unparsable_group_requires_python_is_a_stale_lock_not_an_internal_error(tmp_path: Path, value: str) -> None:
    # Found by fuzz/run_long.py (11 of 40,000 inputs): SpecifierSet's `==` parses a string
    # operand, so comparing a virtual root's recorded group requires-python with the pyproject's
    # unparsable text raised InvalidSpecifier inside UVA101.
    pyproject = (
        '[dependency-groups]\nlint = ["six==1.17.0"]\n\n'
        f'[tool.uv]\ndefault-groups = ["lint"]\ndependency-groups = {{ lint = {{ requires-python = {value} }} }}\n'
    ).encode()
    files = {"uv.lock": _GROUP_LOCK, "pyproject.toml": pyproject}
    check_pipeline(files, tmp_path / "t")
    assert "UVA101" in _rules(files, tmp_path / "r")


def test_a_scoped_override_whose_version_is_a_table_is_undecided_not_an_internal_error(tmp_path: Path) -> None:
    # Found by fuzz/run_long.py: `version = {}` in a scoped override's `package` reached a set
    # as a dict (TypeError: unhashable type) inside UVA101.
    pyproject = (
        b'[project]\nname = "app"\nversion = "0.1.0"\nrequires-python = ">=3.10"\ndependencies = ["six"]\n\n'
        b"[tool.uv]\noverride-dependencies = [\n"
        b'  { package = { name = "six", version = {} }, dependencies = ["idna"] },\n]\n'
    )
    lock = (
        b'version = 1\nrevision = 5\nrequires-python = ">=3.10"\n\n'
        b'[[package]]\nname = "app"\nversion = "0.1.0"\nsource = { virtual = "." }\n'
        b'dependencies = [{ name = "six" }]\n\n[package.metadata]\nrequires-dist = [{ name = "six" }]\n\n'
        b'[[package]]\nname = "six"\nversion = "1.17.0"\nsource = { registry = "https://pypi.org/simple" }\n'
    )
    check_pipeline({"uv.lock": lock, "pyproject.toml": pyproject}, tmp_path / "t")


@pytest.mark.parametrize("wheels", ["1", "true", '"abc"', "{ url = 'x' }"])
def test_pylock_wheels_that_are_not_an_array_are_uva004(tmp_path: Path, wheels: str) -> None:
    # Found by fuzzing pylock.toml input: `wheels = 1` reached `*(...)` unpacking as an int
    # (TypeError, a traceback out of the loader).
    from tests.hardening.harness import pylock_seeds

    files = dict(pylock_seeds()[0])
    lines = files["pylock.toml"].decode().splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("wheels = ["))
    lines[at] = f"wheels = {wheels}"
    files["pylock.toml"] = ("\n".join(lines) + "\n").encode()
    check_pipeline(files, tmp_path / "t")
    assert "UVA004" in _rules(files, tmp_path / "r")


@pytest.mark.parametrize("url", ["http://127.[0.0.1:47651/simple", "https://[::1/simple", "git+https://[x/repo.git"])
def test_an_index_or_source_url_urlsplit_refuses_is_no_internal_error(tmp_path: Path, url: str) -> None:
    # Found by fuzz/run_long.py (seed 31): an unbalanced `[` in a `requires-dist` entry's `index`
    # made urllib's urlsplit raise "Invalid IPv6 URL" inside UVA101 (an internal error).
    project = Path(__file__).resolve().parents[1] / "fixtures" / "export-conformance" / "index"
    lock = (project / "uv.lock").read_text(encoding="utf-8")
    assert 'index = "http://127.0.0.1:47651/simple"' in lock
    files = {
        "uv.lock": lock.replace('index = "http://127.0.0.1:47651/simple"', f'index = "{url}"', 1).encode(),
        "pyproject.toml": (project / "pyproject.toml").read_bytes(),
    }
    check_pipeline(files, tmp_path / "t")
