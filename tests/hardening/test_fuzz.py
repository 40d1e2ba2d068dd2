"""The fuzz harness, short in-suite run (well under 60 s): hypothesis-driven mutations of the real
fixture and corpus files through discover -> load -> audit -> render in every format, a wrong
type in every TOML/YAML field, and CLI runs whose exit code must be 0 or 1. The long run is
fuzz/run_long.py (fuzz/README.md)."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from auditor.cli.group import main
from tests.hardening import harness as h

SMALL = h.small_seeds()
SETTINGS = settings(
    max_examples=150, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck), database=None
)


class DrawChooser:
    """Mutation decisions drawn from hypothesis (so a failure shrinks to a small mutation)."""

    def __init__(self, data: st.DataObject) -> None:
        self.data = data

    def integer(self, low: int, high: int) -> int:
        return self.data.draw(st.integers(low, high))

    def choice(self, items: Any) -> Any:
        return self.data.draw(st.sampled_from(list(items)))

    def raw(self, size: int) -> bytes:
        return self.data.draw(st.binary(min_size=size, max_size=size))


@SETTINGS
@given(data=st.data())
def test_mutated_artifacts_never_break_the_pipeline(data: st.DataObject) -> None:
    seed = data.draw(st.sampled_from(SMALL))
    files = h.mutate(seed, DrawChooser(data))
    with tempfile.TemporaryDirectory() as tmp:
        h.check_pipeline(files, Path(tmp) / "t")


@settings(max_examples=30, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck), database=None)
@given(data=st.data())
def test_mutated_artifacts_through_the_cli(data: st.DataObject) -> None:
    seed = data.draw(st.sampled_from(SMALL))
    files = h.mutate(seed, DrawChooser(data))
    fmt = data.draw(st.sampled_from(["text", "json", "html", "sarif", "github", "markdown"]))
    with tempfile.TemporaryDirectory() as tmp:
        h.write_set(files, Path(tmp) / "t")
        result = CliRunner().invoke(main, [str(Path(tmp) / "t"), "--format", fmt, "--no-progress"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    output = result.output
    assert "Traceback" not in output
    # exit 2 only for a bad [tool.uv-audit] or a mutation that left no target (SPEC §6: usage error)
    usage = "[tool.uv-audit]" in output or output.startswith("uv-audit: error: no artifact set")
    assert result.exit_code in (0, 1) or (result.exit_code == 2 and usage), output[-500:]


def _distinct_paths(data: Any) -> list[tuple[Any, ...]]:
    seen: dict[tuple[Any, ...], tuple[Any, ...]] = {}
    for path in h._paths(data, limit=100_000):
        seen.setdefault(h.shape(path), path)
    return list(seen.values())


WRONG = (None, 7, True, "", [1, [2]], {"x": {}}, h.HOSTILE[0], "9" * 2000)


@pytest.mark.parametrize("name", [*h.TOML_FILES, *h.YAML_FILES])
def test_a_wrong_type_in_every_field(tmp_path: Path, name: str) -> None:
    """Each field of the real file (one per distinct path shape: `package.*.wheels.*.url`) set to
    each wrong value in turn; all variants of one file are audited as sibling targets of one report."""
    import copy

    with_model = [s for s in SMALL if name in s and "MLmodel" in s]
    seed = with_model[0] if with_model else next(s for s in SMALL if name in s)
    base = h._load_tree(name, seed[name].decode())
    variants: list[h.FileSet] = []
    for path in _distinct_paths(base):
        for value in WRONG:
            tree = copy.deepcopy(base)
            h.set_path(tree, path, value)
            variants.append({**seed, name: h._dump_tree(name, tree).encode()})
        tree = copy.deepcopy(base)
        h.delete_path(tree, path)
        variants.append({**seed, name: h._dump_tree(name, tree).encode()})
    assert len(variants) > 20
    for start in range(0, len(variants), 100):
        h.check_pipeline(variants[start : start + 100], tmp_path / "t")


def test_the_mutators_round_trip_the_real_files() -> None:
    for seed in SMALL:
        for name in h.TOML_FILES:
            if name in seed:
                data = h._load_tree(name, seed[name].decode())
                assert h._load_tree(name, h._dump_tree(name, data)) == data


def test_the_oracle_catches_markup_and_control_characters() -> None:
    baseline = h.template_script_count()
    with pytest.raises(h.PipelineFailure):
        h.check_html("<html><script>x</script>" + "<img src=x onerror=alert(1)>", baseline)
    with pytest.raises(h.PipelineFailure):
        h.check_html('<a href="javascript:alert(1)">x</a>', 0)
    h.check_html("&lt;img src=x onerror=alert(1)&gt; " + h.CANARY, 0)


def test_the_atheris_target_runs_without_atheris() -> None:
    import importlib.util

    spec = importlib.util.spec_from_file_location("atheris_target", h.REPO / "fuzz" / "atheris_target.py")
    assert spec is not None and spec.loader is not None
    target = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(target)
    for data in (b"", b"\x00", b"\x01\x00version = 1\n", b"\x02" + bytes(range(256)), b"\x03\x04python: *a\n"):
        target.one_input(data)


MODELS = [s for s in SMALL if "MLmodel" in s and "uv.lock" in s]


@settings(max_examples=60, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck), database=None)
@given(data=st.data())
def test_fix_on_mutated_models_never_raises_never_writes_the_lock_and_is_idempotent(data: st.DataObject) -> None:
    from auditor.errors import UsageError
    from auditor.fix import apply, plan_paths, unified_diff
    from auditor.options import Options

    files = h.mutate(data.draw(st.sampled_from(MODELS)), DrawChooser(data))
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "m"
        h.write_set(files, root)
        kept = {p: p.read_bytes() for p in root.rglob("*") if p.name in ("uv.lock", "pyproject.toml")}
        try:
            plans = plan_paths([str(root)], Options(), {})
        except UsageError:
            return  # the mutation left no target
        unified_diff(c for p in plans for c in p.changes)
        for plan in plans:
            if plan.refused is None and plan.changes:
                apply(plan)
        again = [c.name for p in plan_paths([str(root)], Options(), {}) if p.refused is None for c in p.changes]
        assert again == []
        assert {p: p.read_bytes() for p in kept} == kept
