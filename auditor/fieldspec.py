"""The fields of a `frozen` class (auditor.frozen): what `field(...)` declares, how the class's
annotations become its fields, the `__init__` made for them on first use, and the
`__dataclass_fields__` / `__dataclass_params__` that `dataclasses` reads, made when it reads them.

An `__init__` is a code object compiled once per shape (number of fields, positions of default
factories) with its names replaced: a twentieth of the cost of compiling one per class.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from types import FunctionType
from typing import Any, TypeVar, overload

from auditor import templates

T = TypeVar("T")


class _Missing:
    def __repr__(self) -> str:
        return "MISSING"


MISSING: Any = _Missing()


class _Factory:
    """The default of a parameter whose field has a default_factory (as in `dataclasses`)."""

    def __repr__(self) -> str:
        return "<factory>"


_FACTORY = _Factory()


class Field:
    """One field of a `frozen` class: what `dataclasses.Field` records, without `dataclasses`."""

    __slots__ = ("compare", "default", "default_factory", "hash", "init", "name", "repr", "type")

    def __init__(
        self,
        default: Any = MISSING,
        default_factory: Any = MISSING,
        init: bool = True,
        repr: bool = True,
        hash: bool | None = None,
        compare: bool = True,
    ) -> None:
        if default is not MISSING and default_factory is not MISSING:
            raise ValueError("cannot specify both default and default_factory")
        self.name = ""
        self.type: Any = None
        self.default = default
        self.default_factory = default_factory
        self.init = init
        self.repr = repr
        self.hash = hash
        self.compare = compare

    def __repr__(self) -> str:
        return f"Field(name={self.name!r},type={self.type!r},default={self.default!r})"


@overload
def field(*, default: T, init: bool = ..., repr: bool = ..., hash: bool | None = ..., compare: bool = ...) -> T: ...
@overload
def field(
    *,
    default_factory: Callable[[], T],
    init: bool = ...,
    repr: bool = ...,
    hash: bool | None = ...,
    compare: bool = ...,
) -> T: ...
@overload
def field(*, init: bool = ..., repr: bool = ..., hash: bool | None = ..., compare: bool = ...) -> Any: ...
def field(
    *,
    default: Any = MISSING,
    default_factory: Any = MISSING,
    init: bool = True,
    repr: bool = True,
    hash: bool | None = None,
    compare: bool = True,
) -> Any:
    """As `dataclasses.field` (the parameters this code base uses)."""
    return Field(default, default_factory, init, repr, hash, compare)


def _spec(value: Any) -> Field:
    """The field that a class attribute declares: ours, `dataclasses`' own, or a plain default."""
    if isinstance(value, Field):
        return value
    real = sys.modules.get("dataclasses")
    if real is not None and isinstance(value, real.Field):
        factory = MISSING if value.default_factory is real.MISSING else value.default_factory
        default = MISSING if value.default is real.MISSING else value.default
        return Field(default, factory, value.init, value.repr, value.hash, value.compare)
    return Field(default=value)


def _is_classvar(annotation: Any) -> bool:
    if isinstance(annotation, str):
        return annotation.startswith(("ClassVar", "typing.ClassVar", "t.ClassVar"))
    return getattr(annotation, "__origin__", annotation) is getattr(sys.modules.get("typing"), "ClassVar", None)


def _own_fields(cls: type) -> list[Field]:
    own = cls.__dict__
    found: list[Field] = []
    for name, annotation in own.get("__annotations__", {}).items():
        if _is_classvar(annotation):
            continue
        if isinstance(annotation, str) and annotation.startswith(("InitVar", "dataclasses.InitVar", "KW_ONLY")):
            raise TypeError(f"{cls.__qualname__}.{name}: @frozen has no InitVar or KW_ONLY fields")
        item = _spec(own.get(name, MISSING))
        item.name, item.type = name, annotation
        if not item.init:
            raise TypeError(f"{cls.__qualname__}.{name}: @frozen has no init=False fields")
        if item.default is not MISSING and item.default.__class__.__hash__ is None:
            raise ValueError(
                f"mutable default {type(item.default)} for field {name} is not allowed: use default_factory"
            )
        if name in own:  # as dataclasses: the class attribute is the default, or goes
            if item.default is MISSING:
                delattr(cls, name)
            else:
                setattr(cls, name, item.default)
        found.append(item)
    return found


def make_fields(cls: type) -> tuple[Field, ...]:
    by_name: dict[str, Field] = {}
    for base in reversed(cls.__mro__[1:]):
        inherited = base.__dict__.get("__frozen_fields__")
        if inherited is not None:
            by_name.update((item.name, item) for item in inherited)
    by_name.update((item.name, item) for item in _own_fields(cls))
    items = tuple(by_name.values())
    seen_default = False
    for item in items:
        if item.default is not MISSING or item.default_factory is not MISSING:
            seen_default = True
        elif seen_default:
            raise TypeError(f"non-default argument {item.name!r} follows default argument")
    return items


_RESERVED = frozenset({"self", "_d", "_FACTORY"})


def _compile_init(cls: type, items: tuple[Field, ...]) -> Any:
    """The `__init__` that `dataclasses` would compile for these fields, made from a template of
    the same shape (a code object with its names replaced costs a twentieth of a compile)."""
    names = tuple(item.name for item in items)
    factories = tuple(i for i, item in enumerate(items) if item.default_factory is not MISSING)
    defaults = tuple(
        _FACTORY if item.default is MISSING else item.default
        for item in items
        if item.default is not MISSING or item.default_factory is not MISSING
    )
    scope: dict[str, Any] = {"_FACTORY": _FACTORY, **{f"_f{i}": items[i].default_factory for i in factories}}
    if not names or _RESERVED.intersection(names) or any(n.startswith("_f") for n in names):
        return _exec_init(cls, items)
    template = templates.template(len(names), factories)
    keys = {f"\0k{i}": name for i, name in enumerate(names)}
    consts = tuple(keys.get(c, c) if type(c) is str else c for c in template.co_consts)
    changes: dict[str, Any] = {"co_varnames": ("self", *names, "_d"), "co_consts": consts, "co_name": "__init__"}
    if sys.version_info >= (3, 11):
        changes["co_qualname"] = f"{cls.__qualname__}.__init__"
    init: Any = FunctionType(template.replace(**changes), scope, "__init__", defaults or None)
    return _named(init, cls, items)


def _named(init: Any, cls: type, items: tuple[Field, ...]) -> Any:
    init.__annotations__ = {**{item.name: item.type for item in items}, "return": None}
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    init.__module__ = cls.__module__
    return init


def _exec_init(cls: type, items: tuple[Field, ...]) -> Any:
    """The `__init__` compiled from its own source (a class without fields, or with a field whose
    name the template uses itself)."""
    params: list[str] = []
    body: list[str] = []
    scope: dict[str, Any] = {"_FACTORY": _FACTORY}
    for item in items:
        name = item.name
        if item.default is not MISSING:
            scope[f"_d_{name}"] = item.default
            default = f"=_d_{name}"
        elif item.default_factory is not MISSING:
            scope[f"_f_{name}"] = item.default_factory
            default = "=_FACTORY"
        else:
            default = ""
        params.append(f"{name}{default}")
        value = f"_f_{name}() if {name} is _FACTORY else {name}" if default == "=_FACTORY" else name
        body.append(f"    _d[{name!r}] = {value}")
    lines = [f"def __init__(self, {', '.join(params)}):" if params else "def __init__(self):"]
    lines += ["    _d = self.__dict__", *body] if body else ["    pass"]
    exec("\n".join(lines) + "\n", scope)  # our own generated __init__, as dataclasses does
    return _named(scope["__init__"], cls, items)


class LazyInit:
    """`cls.__init__` until something reads it: then the compiled one replaces it in the class."""

    def __init__(self, cls: type, items: tuple[Field, ...]) -> None:
        self.cls, self.items = cls, items

    def __get__(self, obj: object, owner: type | None = None) -> Any:
        init = _compile_init(self.cls, self.items)
        type.__setattr__(self.cls, "__init__", init)
        return init if obj is None else init.__get__(obj, owner)


class _Lazy:
    """A class attribute that `make(cls)` computes on first read, then stores in `cls` itself."""

    def __init__(self, cls: type, name: str, make: Callable[[type], Any]) -> None:
        self.cls, self.name, self.make = cls, name, make

    def __get__(self, obj: object, owner: type | None = None) -> Any:
        value = self.make(self.cls)
        type.__setattr__(self.cls, self.name, value)
        return value


def _dataclass_fields(cls: type) -> dict[str, Any]:
    import dataclasses

    made: dict[str, Any] = {}
    for item in cls.__dict__["__frozen_fields__"]:
        real: Any = dataclasses.field(
            default=dataclasses.MISSING if item.default is MISSING else item.default,
            default_factory=dataclasses.MISSING if item.default_factory is MISSING else item.default_factory,
            init=item.init,
            repr=item.repr,
            hash=item.hash,
            compare=item.compare,
        )
        real.name, real.type = item.name, item.type
        real._field_type = dataclasses._FIELD  # type: ignore[attr-defined]
        if hasattr(real, "kw_only"):
            real.kw_only = False
        made[item.name] = real
    return made


def _dataclass_params(_: type) -> Any:
    import dataclasses

    @dataclasses.dataclass(frozen=True)
    class Params:
        pass

    return Params.__dataclass_params__  # type: ignore[attr-defined]


def dataclass_views(made: Any, cls: type) -> None:
    """Give `cls` the `__dataclass_fields__` and `__dataclass_params__` that `dataclasses` reads,
    each made (with `dataclasses`' own objects) the first time it is read."""
    made.__dataclass_fields__ = _Lazy(cls, "__dataclass_fields__", _dataclass_fields)
    made.__dataclass_params__ = _Lazy(cls, "__dataclass_params__", _dataclass_params)
