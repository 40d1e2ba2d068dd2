"""`auditor.frozen.frozen` behaves as `dataclasses.dataclass(frozen=True)` on every shape the code
base uses: defaults, default factories, repr=False fields, inheritance, explicit methods."""

from __future__ import annotations

import copy
import dataclasses
import pickle
from dataclasses import FrozenInstanceError, field
from typing import Any

import pytest

from auditor.frozen import frozen


def _shapes(decorate: Any) -> dict[str, type]:
    @decorate
    class Empty:
        pass

    @decorate
    class Point:
        """A point."""

        x: int
        y: int = 0
        tags: dict[str, int] = field(default_factory=dict)
        hidden: str = field(default="h", repr=False)

    @decorate
    class Child(Point):
        z: tuple[int, ...] = ()

    @decorate
    class Pair:
        a: int
        b: tuple[int, ...] = ()

    @decorate
    class Custom:
        a: int

        def __repr__(self) -> str:
            return "custom"

        def __eq__(self, other: object) -> bool:
            return isinstance(other, Custom)

    return {"Empty": Empty, "Point": Point, "Child": Child, "Custom": Custom, "Pair": Pair}


REAL = _shapes(dataclasses.dataclass(frozen=True))
OURS = _shapes(frozen)


def _make(classes: dict[str, type]) -> list[Any]:
    return [
        classes["Empty"](),
        classes["Point"](1),
        classes["Point"](1, 2, {"a": 1}, "shown?"),
        classes["Point"](x=3, tags={"b": 2}),
        classes["Child"](1, 2, z=(3,)),
        classes["Custom"](5),
    ]


def _strip(text: str) -> str:
    return text.replace("_shapes.<locals>.", "")


def test_repr_eq_and_hash_match_dataclasses() -> None:
    real, ours = _make(REAL), _make(OURS)
    for r, o in zip(real, ours, strict=True):
        assert _strip(repr(o)) == _strip(repr(r))
        assert (o == copy.copy(o)) == (r == copy.copy(r))
        if type(r).__hash__ is not None and not any(isinstance(v, dict) for v in vars(r).values()):
            assert hash(o) == hash(copy.copy(o))
    assert ours[1] != ours[2] and ours[1] == OURS["Point"](1)
    assert OURS["Point"](1) != OURS["Child"](1)  # different classes never compare equal
    assert (OURS["Point"](1).__eq__(REAL["Point"](1))) is NotImplemented
    pair = OURS["Pair"]
    assert hash(pair(1, (2,))) == hash(pair(1, (2,))) == hash(REAL["Pair"](1, (2,)))
    assert len({pair(1), pair(1), pair(2), pair(1, (1,))}) == 3
    with pytest.raises(TypeError):
        hash(OURS["Point"](1))  # a dict field: unhashable, as with dataclasses


def test_frozen_fields_factories_and_replace() -> None:
    point = OURS["Point"](1)
    with pytest.raises(FrozenInstanceError):
        point.x = 2
    with pytest.raises(FrozenInstanceError):
        del point.x
    with pytest.raises(FrozenInstanceError):
        point.other = 1
    assert OURS["Point"](1).tags is not OURS["Point"](1).tags  # a fresh dict each time
    moved = dataclasses.replace(point, y=5)
    assert (moved.x, moved.y, moved.hidden) == (1, 5, "h")
    assert [f.name for f in dataclasses.fields(OURS["Child"])] == ["x", "y", "tags", "hidden", "z"]
    assert dataclasses.is_dataclass(point) and dataclasses.asdict(point) == dataclasses.asdict(REAL["Point"](1))
    with pytest.raises(TypeError):
        OURS["Point"]()  # x is required
    with pytest.raises(TypeError):
        OURS["Point"](1, 2, {}, "h", "extra")


def test_explicit_methods_are_kept_and_docs_made() -> None:
    assert repr(OURS["Custom"](1)) == "custom" and OURS["Custom"](1) == OURS["Custom"](2)
    assert hash(OURS["Custom"](1)) == hash(REAL["Custom"](1))
    assert OURS["Point"].__doc__ == "A point."
    assert _strip(OURS["Child"].__doc__ or "") == _strip(REAL["Child"].__doc__ or "")


def test_pickles_as_a_module_level_class() -> None:
    from auditor.lockmodel import Dependency

    fields = {f.name: f for f in dataclasses.fields(Dependency)}
    missing = dataclasses.MISSING
    required = {n: "x" for n, f in fields.items() if f.default is missing and f.default_factory is missing}
    dep = Dependency(**required)
    assert pickle.loads(pickle.dumps(dep)) == dep


def test_refuses_a_class_that_sets_attributes_itself() -> None:
    with pytest.raises(TypeError):

        @frozen
        class Bad:
            def __setattr__(self, name: str, value: object) -> None:
                object.__setattr__(self, name, value)
