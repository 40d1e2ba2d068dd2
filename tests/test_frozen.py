"""`auditor.frozen.frozen` behaves as `dataclasses.dataclass(frozen=True)` on every shape the code
base uses: defaults, default factories, repr=False fields, inheritance, explicit methods."""

from __future__ import annotations

import copy
import dataclasses
import pickle
from dataclasses import FrozenInstanceError, field
from pathlib import Path
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


def test_docs_signatures_and_errors_match_dataclasses() -> None:
    import inspect

    for name in ("Empty", "Point", "Child", "Pair", "Custom"):
        real, ours = REAL[name], OURS[name]
        assert _strip(ours.__doc__ or "") == _strip(real.__doc__ or ""), name
        assert str(inspect.signature(ours)) == str(inspect.signature(real)), name
        assert ours.__match_args__ == real.__match_args__  # type: ignore[attr-defined]
    for decorate in (dataclasses.dataclass(frozen=True), frozen):
        with pytest.raises(TypeError, match="non-default argument 'b' follows default argument"):

            @decorate
            class Order:
                a: int = 0
                b: int

        with pytest.raises(ValueError, match="mutable default"):

            @decorate
            class Mutable:
                a: list[int] = []  # noqa: RUF012

    with pytest.raises(TypeError) as real_error:
        REAL["Point"]()
    with pytest.raises(TypeError) as our_error:
        OURS["Point"]()
    assert _strip(str(our_error.value)) == _strip(str(real_error.value))


def test_every_field_shape_builds_the_same_instances() -> None:
    """Each `__init__` is made from a template of its shape: names, defaults and factories must
    land where `dataclasses` puts them, for any mix, and keywords must work."""
    import itertools

    kinds = ("plain", "default", "factory")
    for count in range(1, 5):
        for shape in itertools.product(kinds, repeat=count):
            if any(a != "plain" and b == "plain" for a, b in itertools.pairwise(shape)):
                continue  # a field without a default after one with: refused by both
            namespace: dict[str, Any] = {"__annotations__": {}}
            for i, kind in enumerate(shape):
                namespace["__annotations__"][f"f{i}"] = "Any"
                if kind == "default":
                    namespace[f"f{i}"] = i * 10
                elif kind == "factory":
                    namespace[f"f{i}"] = field(default_factory=lambda i=i: [i])
            real = dataclasses.dataclass(frozen=True)(type("Shape", (), dict(namespace)))
            ours = frozen(type("Shape", (), dict(namespace)))
            required = [f"v{i}" for i, kind in enumerate(shape) if kind == "plain"]
            assert vars(ours(*required)) == vars(real(*required)), shape
            given = {f"f{i}": (i, "given") for i in range(count)}
            assert vars(ours(**given)) == vars(real(**given)), shape
            assert ours(*required).__init__.__code__.co_varnames[: count + 1] == ("self", *given)


def test_own_helpers_without_dataclasses() -> None:
    from auditor import frozen as own

    point = OURS["Point"](1, tags={"a": 1})
    assert [f.name for f in own.fields(point)] == [f.name for f in dataclasses.fields(REAL["Point"])]
    assert own.replace(point, y=7) == OURS["Point"](1, 7, {"a": 1})
    assert own.is_dataclass(point) and own.is_dataclass(OURS["Point"]) and not own.is_dataclass(object())
    real = REAL["Point"](1)
    assert own.is_dataclass(real) and own.replace(real, y=3) == REAL["Point"](1, 3)
    assert [f.name for f in own.fields(real)] == ["x", "y", "tags", "hidden"]


def test_an_ordinary_audit_imports_no_dataclass_machinery_of_its_own() -> None:
    """`frozen` classes need neither `dataclasses` nor a compile per class at import."""
    import subprocess
    import sys

    code = (
        "import sys, auditor.templates as F\n"
        "import auditor.lockmodel, auditor.secrets, auditor.config\n"
        "assert 'dataclasses' not in sys.modules, 'dataclasses imported'\n"
        "print(len(F._TEMPLATES))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "0"  # no class was instantiated: no __init__ made yet


def test_the_committed_init_templates_are_the_generated_ones() -> None:
    """auditor/frozeninit.py is generated (auditor.templates.templates_module): regenerate it with
    `python -c "from auditor.templates import templates_module as m;
    open('auditor/frozeninit.py', 'w').write(m())"`."""
    from auditor.templates import templates_module

    path = Path(__file__).resolve().parents[1] / "auditor" / "frozeninit.py"
    assert path.read_text(encoding="utf-8") == templates_module()


def test_a_shape_over_the_template_limit_is_compiled() -> None:
    from auditor.templates import TEMPLATE_LIMIT

    names = [f"x{i}" for i in range(TEMPLATE_LIMIT + 3)]
    attrs: dict[str, Any] = {"__annotations__": dict.fromkeys(names, "int"), names[-1]: field(default_factory=list)}
    wide: Any = frozen(type("Wide", (), attrs))
    obj = wide(*range(len(names) - 1))
    assert getattr(obj, names[-1]) == [] and obj.x0 == 0 and getattr(obj, names[-2]) == len(names) - 2
    assert type(obj).__init__.__code__.co_name == "__init__"
