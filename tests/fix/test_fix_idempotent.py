"""A fix is idempotent: on every real fixture model, with any selection among the groups and
extras it defines, a second fix changes nothing (and --diff after it is empty)."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import FIXTURES, REPO
from tests.fix.util import copy, fix, hashes

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

MODELS = sorted({p.parent for p in FIXTURES.rglob("MLmodel")} | {REPO / "examples" / "demo-model"})


def _defined(model: Path) -> tuple[list[str], list[str]]:
    if not (model / "pyproject.toml").is_file():
        return [], []
    project = tomllib.loads((model / "pyproject.toml").read_text())
    return sorted(project.get("dependency-groups", {})), sorted(project["project"].get("optional-dependencies", {}))


def _selections(groups: list[str], extras: list[str]) -> st.SearchStrategy[list[str]]:
    """Command-line selections uv accepts: groups or one only-group, extras or all of them."""
    some_groups = st.lists(st.sampled_from(groups), unique=True).map(lambda gs: [f"--group={g}" for g in gs])
    only = st.sampled_from(groups).map(lambda g: [f"--only-group={g}"])
    group_part = st.one_of(some_groups, only) if groups else st.just([])
    extra_part = (
        st.one_of(st.lists(st.sampled_from(extras), unique=True).map(lambda es: [f"--extra={e}" for e in es]))
        if extras
        else st.just([])
    )
    return st.tuples(group_part, st.one_of(extra_part, st.just(["--all-extras"]))).map(lambda p: [*p[0], *p[1]])


def test_every_fixture_model_is_covered() -> None:
    names = {m.name for m in MODELS}
    assert {"uv-groups-train", "import-inference", "no-python-version", "train", "private-index"} <= names
    assert len(MODELS) >= 20


@pytest.mark.parametrize("source", MODELS, ids=lambda p: str(p.relative_to(REPO)))
def test_a_second_fix_changes_nothing(source: Path) -> None:
    groups, extras = _defined(source)

    @settings(max_examples=4, deadline=None, database=None)
    @given(_selections(groups, extras))
    def check(args: list[str]) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            model = copy(source, Path(tmp) / source.name)
            first = fix(str(model), *args)
            assert first.exit_code in (0, 1), first.output
            fixed = hashes(model)
            second = fix(str(model), *args)
            assert hashes(model) == fixed
            assert "rewrote" not in second.stderr, second.stderr
            assert fix(str(model), *args, "--diff").stdout == ""

    check()
