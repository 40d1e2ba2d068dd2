"""Hostile inputs by design: a YAML alias bomb, hostile names in every HTML-rendered field, limits."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from auditor.cli.group import main
from auditor.errors import ArtifactError
from auditor.mlmodel import load_yaml, parse_conda, parse_mlmodel, parse_python_env
from auditor.render import Format
from tests.hardening.harness import check_html, check_pipeline, fixture_seeds, template_script_count, write_set

LAUGHS = "\n".join(
    ["a: &a ['lol','lol','lol','lol','lol','lol','lol','lol','lol']"]
    + [f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]" for i in range(8)]
    + ["python: *i"]
)


@pytest.mark.parametrize("parser", [parse_mlmodel, parse_python_env, parse_conda])
def test_billion_laughs_is_uva004_quickly(parser: object) -> None:
    started = time.monotonic()
    with pytest.raises(ArtifactError, match="alias"):
        parser(LAUGHS)  # type: ignore[operator]
    assert time.monotonic() - started < 5


def test_billion_laughs_through_the_pipeline(tmp_path: Path) -> None:
    files = {"MLmodel": LAUGHS.encode(), "python_env.yaml": LAUGHS.encode(), "conda.yaml": LAUGHS.encode()}
    started = time.monotonic()
    outcome = check_pipeline(files, tmp_path / "t")
    assert time.monotonic() - started < 5
    assert outcome.rules == {"UVA004"}


def test_yaml_is_loaded_safely() -> None:
    for tag in ("!!python/object/apply:os.system ['echo pwned']", "!!python/name:os.system", "!!python/object:x.y {}"):
        with pytest.raises(ArtifactError):
            load_yaml(f"python: {tag}\n")


def test_a_few_aliases_still_load() -> None:
    assert load_yaml("a: &x 3.11\nb: *x\n") == {"a": 3.11, "b": 3.11}


XSS = "<img src=x onerror=alert('uvacanary')>"
CLOSE = "</script><script>alert('uvacanary')</script>"
JS = "javascript:alert('uvacanary')"


def _hostile_model() -> dict[str, bytes]:
    seed = dict(next(s for s in fixture_seeds() if len(s.get("uv.lock", b"")) < 10_000 and "MLmodel" in s))
    seed["requirements.txt"] = (
        f"{seed['requirements.txt'].decode()}\n"
        f"evil @ {JS}\n"
        f"evil2 @ https://example.com/{CLOSE}.whl\n"
        f"-e ./{XSS}\n"
        f"--index-url {JS}\n"
        f"bad line {XSS}\n"
    ).encode()
    lock = seed["uv.lock"].decode()
    lock += (
        f'\n[[package]]\nname = "evilpkg"\nversion = "1.0"\nsource = {{ path = "{XSS}" }}\n'
        f'\n[[package]]\nname = "evilurl"\nversion = "1.0"\nsource = {{ url = "{JS}" }}\n'
        f'sdist = {{ url = "{JS}", hash = "sha256:{CLOSE}" }}\n'
        f'\n[[package]]\nname = "evilidx"\nversion = "1.0"\nsource = {{ registry = "https://x/{CLOSE}" }}\n'
    )
    seed["uv.lock"] = lock.encode()
    seed["conda.yaml"] = seed["conda.yaml"].replace(b"python=", f"python={XSS}".encode(), 1)
    seed["MLmodel"] = seed["MLmodel"] + f"\nrun_id: '{CLOSE}'\n".encode()
    return seed


def test_hostile_names_render_inert_html(tmp_path: Path) -> None:
    root = tmp_path / f"run-{XSS}"
    write_set(_hostile_model(), root / "model")
    other = {"requirements.txt": f"x @ {JS}\n".encode(), "pyproject.toml": b"[project]\nname = 'x'\n"}
    write_set(other, root / CLOSE.replace("/", "_"))
    out = tmp_path / "report.html"
    result = CliRunner().invoke(main, [str(root), "--format", "html", "-o", str(out)])
    assert result.exit_code == 1, result.output
    html = out.read_text()
    assert "uvacanary" in html  # the hostile values are in the report, escaped
    check_html(html, template_script_count())
    assert "<img" not in html
    assert html.count("</script>") == html.lower().count("<script") == template_script_count()
    assert not re.search(r"""href\s*=\s*["']?\s*javascript:""", html, re.I)
    assert "&lt;img src=x onerror=alert(&#39;uvacanary&#39;)&gt;" in html


def test_hostile_names_in_every_format(tmp_path: Path) -> None:
    outcome = check_pipeline(_hostile_model(), tmp_path / "t")  # every Format, the oracle's checks
    assert outcome.findings > 0
    assert {f.value for f in Format} >= {"html", "github", "text"}


def test_limits_are_documented_with_safe_defaults() -> None:
    text = CliRunner().invoke(main, ["check", "--help"], terminal_width=200).output
    size = re.search(r"--max-file-size.*?\[default: (\d+)", text, re.S)
    depth = re.search(r"--max-depth.*?\[default: (\d+)", text, re.S)
    assert size is not None and depth is not None, text
    assert 1024 * 1024 <= int(size.group(1)) <= 16 * 1024 * 1024
    assert 8 <= int(depth.group(1)) <= 64


def test_max_file_size_and_max_depth_apply(tmp_path: Path) -> None:
    write_set({"uv.lock": b"version = 1\n" + b"#" * 5000, "pyproject.toml": b"[project]\nname='a'\n"}, tmp_path / "a")
    result = CliRunner().invoke(main, [str(tmp_path), "--format", "json", "--max-file-size", "1000"])
    assert result.exit_code == 1 and "over the 1000-byte limit" in result.output
    write_set({"uv.lock": b"version = 1\n"}, tmp_path / "a" / "b" / "c" / "d")
    result = CliRunner().invoke(main, [str(tmp_path / "a" / "b"), "--format", "text", "--max-depth", "1"])
    assert "--max-depth 1" in result.output
