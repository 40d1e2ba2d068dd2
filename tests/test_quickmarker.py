"""auditor.quickmarker reads uv's markers into exactly what packaging's parser gives, and
hands everything else to packaging."""

from __future__ import annotations

import re
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from packaging.markers import InvalidMarker, Marker
from packaging.utils import canonicalize_name

from auditor.export import markers as M
from auditor.quickmarker import tree
from tests.conftest import CORPUS, REPO


def _shape(items: Any) -> Any:
    """Node kinds and texts, nested as parsed (packaging's nodes and ours compare by this), extra
    names canonical (packaging's versions normalise different ones)."""
    if isinstance(items, list):
        return [_shape(i) for i in items]
    if isinstance(items, tuple):
        kinds = tuple((type(n).__name__, str(n.value)) for n in items)
        if kinds[0] == ("Variable", "extra") and kinds[2][0] == "Value":
            kinds = (*kinds[:2], ("Value", canonicalize_name(kinds[2][1])))
        return kinds
    return items


def _same_as_packaging(text: str) -> bool:
    """True when the quick reader took `text` (and then it must agree with packaging)."""
    quick = tree(text)
    try:
        expected = Marker(text)._markers
    except InvalidMarker:
        assert quick is None, text
        return False
    if quick is None:
        return False
    assert _shape(quick) == _shape(expected), text
    assert M._fold(quick) == M._fold(expected), text
    return True


def _lock_markers() -> set[str]:
    found: set[str] = set()
    locks = [*REPO.glob("tests/fixtures/*/uv.lock"), *REPO.glob("examples/*/uv.lock")]
    if CORPUS.is_dir():
        locks += CORPUS.glob("*/uv.lock")
    for lock in locks:
        found.update(re.findall(r"""marker = "([^"]*)\"""", lock.read_text(encoding="utf-8")))
        found.update(re.findall(r"""^\s+"([^"]*(?:==|!=|>=|<=)[^"]*)",?$""", lock.read_text(encoding="utf-8"), re.M))
    return found


def test_every_marker_of_the_fixtures_and_the_corpus() -> None:
    markers = _lock_markers()
    taken = [m for m in markers if _same_as_packaging(m)]
    assert len(taken) > len(markers) * 0.9  # uv's shape: nearly every marker skips packaging's parser
    for text in markers:
        node = M.parse(text)
        M.parse.cache_clear()
        assert node == M.parse(text)


_ATOMS = st.tuples(
    st.sampled_from(
        [
            "python_version",
            "python_full_version",
            "sys_platform",
            "extra",
            "os.name",
            "platform_machine",
            "implementation_name",
            "dependency_groups",
            "bogus",
            "'x'",
        ]
    ),
    st.sampled_from(["==", "!=", "<=", ">=", "<", ">", "~=", "===", "in", "not in", "=", "=>"]),
    st.sampled_from(
        [
            *("'3.11'", "'linux'", "'extra-7-pkg-cpu'", "'Foo_Bar'", "''", "'a (b)'", "python_version"),
            *('"3.10"', '"linux"', '""', '"a (b)"', "'it\"s'", '"it\'s"', '"Foo_Bar"'),
        ]
    ),
    st.sampled_from([" ", "  ", ""]),
).map(lambda a: f"{a[0]}{a[3]}{a[1]}{a[3]}{a[2]}")


@st.composite
def _markers(draw: st.DrawFn, depth: int = 0) -> str:
    parts = [draw(_ATOMS) if depth > 2 or draw(st.booleans()) else f"({draw(_markers(depth + 1))})"]
    for _ in range(draw(st.integers(0, 3))):
        parts += [draw(st.sampled_from([" and ", " or ", " and", " AND ", "or "])), draw(_ATOMS)]
    return "".join(parts) + draw(st.sampled_from(["", "", " ", ")", "("]))


@settings(max_examples=1500, deadline=None)
@given(text=_markers())
def test_generated_markers_agree_with_packaging(text: str) -> None:
    _same_as_packaging(text)


@pytest.mark.parametrize(
    "text",
    [
        "()",
        "(python_version == '3')",
        "((sys_platform == 'linux') or (extra == 'a'))",
        "a",
        "",
        " and ",
        "python_version == '3' and",
        "(" * 40 + "python_version == '3'" + ")" * 40,
    ],
)
def test_edge_shapes(text: str) -> None:
    _same_as_packaging(text)
    assert tree("(" * 40 + "python_version == '3'" + ")" * 40) is None  # deep groups: packaging's parser
