"""Performance invariants (no timings here: those live in benchmarks/bench_store.py).

- each distinct uv.lock content is parsed once per process, even when more distinct locks than the
  lock cache holds are interleaved in discovery order (the scheduler groups them);
- export results are computed once per lock and reused by every target that shares it;
- the parse caches stay bounded (a store never holds every parsed lock at once);
- a text or JSON run on a project without YAML files imports neither jinja2 nor yaml;
- the fast TOML parser and tomli agree, and an invalid file reports tomli's message either way.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from auditor import assemble as load
from auditor import tomlparse
from auditor.errors import ArtifactError
from auditor.render import Format
from auditor.run import RunOptions, run
from tests.test_parallel import FIXTURES, replicate

REPO = Path(__file__).resolve().parents[1]
SOURCES = ["clean", "stale-lock", "uv-extras-serve", "project-checkout", "outside-interpreter", "path-dependency"]


def _interleaved_store(root: Path, copies: int) -> Path:
    """`copies` copies of six fixtures whose uv.lock contents differ (more than the lock cache
    holds), interleaved in discovery order."""
    store = root / "interleaved"
    for n in range(copies):
        for name in SOURCES:
            replicate(store / f"m{n:02d}-{name}", 1, FIXTURES / name)
    return store


def _distinct_locks() -> int:
    return len({(FIXTURES / name / "uv.lock").read_bytes() for name in SOURCES})


def _audit(path: Path, out: Path, jobs: int = 1) -> dict[str, object]:
    run(RunOptions(paths=(str(path),), fmt=Format.JSON, output=str(out), jobs=jobs, progress=False), {})
    data = json.loads(out.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def test_each_distinct_lock_is_parsed_once(tmp_path: Path) -> None:
    distinct = _distinct_locks()
    assert distinct > load._CACHE_SIZES["uv.lock"], "the store interleaves more locks than the cache holds"
    load._caches["uv.lock"].clear()
    before = load.PARSE_COUNT["uv.lock"]
    data = _audit(_interleaved_store(tmp_path, 8), tmp_path / "report.json")
    assert data["summary"]["targets"] == 8 * len(SOURCES)  # type: ignore[index]
    assert load.PARSE_COUNT["uv.lock"] - before == distinct
    assert len(load._caches["uv.lock"]) <= load._CACHE_SIZES["uv.lock"], "the lock cache stays bounded"
    assert all(len(cache) <= load._CACHE_SIZES.get(kind, load._CACHE_SIZE) for kind, cache in load._caches.items())


def test_export_results_are_reused_across_targets(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from auditor import context, memo

    monkeypatch.setattr(memo, "_memo", type(memo._memo)())  # the rules run (not answered from other tests' memo)

    calls: list[int] = []
    for name in ("export", "export_all"):
        real = getattr(context, name)

        def counting(*args: object, _real: object = real, **kwargs: object) -> object:
            calls.append(1)
            return _real(*args, **kwargs)  # type: ignore[operator]

        monkeypatch.setattr(context, name, counting)
    context._memo.clear()
    _audit(_interleaved_store(tmp_path / "few", 1), tmp_path / "few.json")
    per_source = len(calls)
    assert per_source > 0
    calls.clear()
    context._memo.clear()
    memo._memo.clear()
    _audit(_interleaved_store(tmp_path / "many", 10), tmp_path / "many.json")
    assert len(calls) == per_source, "ten times the targets, the same exports"


def _imported_after(args: list[str], cwd: Path) -> set[str]:
    code = (
        "import sys, io, contextlib\n"
        "from auditor.cli import entry\n"
        "out = io.StringIO()\n"
        "try:\n"
        "    with contextlib.redirect_stdout(out):\n"
        f"        entry({args!r})\n"
        "except SystemExit:\n"
        "    pass\n"
        "print(' '.join(sorted(sys.modules)), file=sys.stderr)\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env["PYTHONPATH"] = str(REPO)
    done = subprocess.run([sys.executable, "-c", code], cwd=cwd, capture_output=True, text=True, env=env, timeout=120)
    return set(done.stderr.split())


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_run_without_yaml_imports_neither_jinja2_nor_yaml(fmt: str) -> None:
    project = FIXTURES / "project-checkout"
    assert not any(p.suffix == ".yaml" or p.name == "MLmodel" for p in project.iterdir())
    modules = _imported_after(["--format", fmt, "."], project)
    assert "auditor.engine" in modules, "the audit ran"
    assert not {m for m in modules if m.split(".")[0] in ("jinja2", "yaml")}
    assert "jinja2" in _imported_after(["--format", "html", "."], project), "HTML goes through Jinja"


def test_toml_backends_agree_and_errors_are_tomlis(monkeypatch: pytest.MonkeyPatch) -> None:
    documents = sorted(FIXTURES.rglob("uv.lock"))[:5] + sorted(FIXTURES.rglob("pyproject.toml"))[:5]
    fast = [tomlparse.loads(p.read_text(encoding="utf-8")) for p in documents]
    broken = 'a = 1\n[[package]]\nname = "x"\nversion = \n'
    with pytest.raises(ArtifactError) as fast_error:
        tomlparse.loads(broken)
    monkeypatch.setattr(tomlparse, "_FAST", None)
    assert [tomlparse.loads(p.read_text(encoding="utf-8")) for p in documents] == fast
    with pytest.raises(ArtifactError) as reference:
        tomlparse.loads(broken)
    assert (fast_error.value.message, fast_error.value.line) == (reference.value.message, reference.value.line)
    assert reference.value.line == 4


def _lines_reference(text: str, pattern: str) -> list[int]:
    return [n for n, line in enumerate(text.splitlines(), start=1) if line.strip() == pattern]


@settings(max_examples=500, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "[[package]]",
                " [[package]] ",
                "x [[package]]",
                "[[package]]x",
                "",
                "a = 1",
                "\t",
                "\r",
                "\x85",
                "\u2028",
                "\xa0[[package]]",
            ]
        ),
        max_size=12,
    ),
    st.sampled_from(["\n", "\r\n", "\n\n"]),
    st.sampled_from(["[[package]]", "[[packages]]", ""]),
)
def test_line_index_finds_the_lines_splitlines_would(parts: list[str], joiner: str, pattern: str) -> None:
    text = joiner.join(parts)
    assert tomlparse.line_index(text, pattern) == _lines_reference(text, pattern)


def test_line_index_on_every_fixture_lock() -> None:
    for path in sorted(FIXTURES.rglob("uv.lock"))[:20]:
        text = path.read_text(encoding="utf-8")
        assert tomlparse.line_index(text, "[[package]]") == _lines_reference(text, "[[package]]")
