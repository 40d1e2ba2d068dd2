"""auditor.miniyaml reads MLflow's YAML exactly as `yaml.safe_load` does, and hands everything it
does not read to PyYAML: checked on every YAML file of the fixtures, on whatever `yaml.safe_dump`
writes for random data, and on random edits of real files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from auditor import miniyaml
from auditor.mlmodel import load_yaml

FIXTURES = Path(__file__).resolve().parent / "fixtures"
MLFLOW_YAML = sorted(
    p
    for p in FIXTURES.rglob("*")
    if p.is_file() and (p.name == "MLmodel" or p.name in ("conda.yaml", "python_env.yaml"))
)


def same(a: Any, b: Any) -> bool:
    """Equal, with the same types all the way down (True is not 1, 1 is not 1.0)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    return bool(a == b)


def agrees(text: str) -> bool:
    """miniyaml's answer is PyYAML's, or it fell back; True when it did not fall back."""
    ours = miniyaml.load(text)
    if ours is miniyaml.FALLBACK:
        return False
    theirs = yaml.safe_load(text)
    assert same(ours, theirs), f"{text!r}: {ours!r} != {theirs!r}"
    return True


def test_every_yaml_file_mlflow_wrote_is_read_without_pyyaml() -> None:
    assert len(MLFLOW_YAML) > 30
    handled = [p for p in MLFLOW_YAML if agrees(p.read_text(encoding="utf-8"))]
    assert handled == MLFLOW_YAML  # MLflow's own files never fall back


def test_signature_and_long_markers_fold_as_pyyaml_folds_them() -> None:
    data = {
        "signature": {"inputs": '[{"type": "tensor", "tensor-spec": {"dtype": "float64", "shape": [-1, 4]}}]' * 3},
        "dependencies": [
            "python=3.11.7",
            {"pip": ["nvidia-cublas-cu12==12.8.4.1 ; platform_machine == 'x86_64' and sys_platform == 'linux'" * 2]},
        ],
        "quote": "it's 'quoted'",
        "empty": {},
        "none": [],
        "n": None,
        "flag": False,
        "size": 148,
        "version": "3.17.2",
        "run_id": "10ab1ddf9e2c4d85b45b69344303cc2a",
        "dash": "-r requirements.txt",
    }
    for width in (20, 40, 80, 200):
        assert agrees(yaml.safe_dump(data, default_flow_style=False, width=width))


@pytest.mark.parametrize(
    "text",
    [
        "a: 1.5\n",  # a float
        "a: 2024-01-01\n",  # a timestamp
        "a: 010\n",  # YAML 1.1 octal
        "a: 1_000\n",
        "a: b # comment\n",
        "a: &x 1\nb: *x\n",
        "a: !!str 1\n",
        "a: |\n  text\n",
        "a: [1, 2]\n",
        "a: {b: 1}\n",
        'a: "esc\\n"\n',
        "a: 1\na: 2\n",  # duplicate key
        "on: 1\n",  # a bool key
        "a:\n\n  b: 1\n",  # a blank line
        "a:\tb\n",
        "a: caf\u00e9\n",
        "---\na: 1\n",
        "a: 1\n b: 2\n",  # uneven indentation
        "just a scalar\n",
        "",
        "a: 'unterminated\n",
        "a: b: c\n",
        "- a\nb: 1\n",
    ],
)
def test_what_the_subset_does_not_hold_falls_back(text: str) -> None:
    assert miniyaml.load(text) is miniyaml.FALLBACK


_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=False),
    st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=126), max_size=60),
    st.sampled_from(
        [
            "yes",
            "No",
            "on",
            "~",
            "null",
            "1.0",
            "3.11",
            "3.11.7",
            "0x1f",
            "010",
            "08",
            "-r x",
            "a: b",
            "#x",
            "'q'",
            '"d"',
            "2024-01-01",
            "<<",
            "=",
        ]
    ),
)
_KEYS = st.one_of(
    st.text(alphabet="abcdefghijklmnopqrstuvwxyz_ABC0123456789.-", min_size=1, max_size=12),
    st.sampled_from(["on", "null", "1", "y", "-a"]),
)
_DATA = st.recursive(
    _SCALARS,
    lambda children: st.one_of(st.lists(children, max_size=4), st.dictionaries(_KEYS, children, max_size=4)),
    max_leaves=12,
)
_WORDS = st.text(alphabet=st.sampled_from(list("abcxyz019.-_=<>;'\"/ ,[]{}()!@%&*+")), min_size=1, max_size=12)
_MLFLOW_LIKE = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.lists(_WORDS, max_size=12).map(" ".join), _WORDS),
    lambda children: st.one_of(st.lists(children, max_size=4), st.dictionaries(_KEYS, children, max_size=4)),
    max_leaves=16,
)


@settings(max_examples=600, deadline=None)
@given(
    st.dictionaries(_KEYS, st.one_of(_DATA, _MLFLOW_LIKE), min_size=1, max_size=6),
    st.sampled_from([20, 40, 80, 120]),
    st.booleans(),
)
def test_whatever_safe_dump_writes_is_read_as_safe_load_reads_it(data: dict[str, Any], width: int, sort: bool) -> None:
    agrees(yaml.safe_dump(data, default_flow_style=False, width=width, sort_keys=sort))


_EDITS = st.lists(
    st.tuples(
        st.integers(min_value=0, max_value=10_000),
        st.sampled_from(["", " ", "\n", "-", ":", "'", '"', "#", "a", "1", ".", "  ", "- ", ": "]),
    ),
    min_size=1,
    max_size=4,
)


@settings(max_examples=600, deadline=None)
@given(st.sampled_from(MLFLOW_YAML), _EDITS, st.booleans())
def test_random_edits_of_real_files_agree_or_fall_back(path: Path, edits: list[tuple[int, str]], replace: bool) -> None:
    text = path.read_text(encoding="utf-8")
    for position, piece in edits:
        position %= len(text) + 1
        text = text[:position] + piece + text[position + (1 if replace else 0) :]
    ours = miniyaml.load(text)
    if ours is miniyaml.FALLBACK:
        return
    try:
        theirs = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise AssertionError(f"read what PyYAML refuses: {text!r}: {exc}") from exc
    assert same(ours, theirs), f"{text!r}: {ours!r} != {theirs!r}"


def test_the_loader_takes_the_subset_first_and_pyyaml_for_the_rest() -> None:
    assert load_yaml("a: 1\nb:\n- x\n") == {"a": 1, "b": ["x"]}
    assert load_yaml("a: 1.5 # c\n") == {"a": 1.5}
