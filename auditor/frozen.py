"""`@frozen`: a frozen dataclass that costs one compile to create instead of six.

`dataclasses.dataclass(frozen=True)` compiles six methods per class from source (`__init__`,
`__repr__`, `__eq__`, `__hash__`, `__setattr__`, `__delattr__`; CPython 3.11 compiles each
separately), about half a millisecond per class, paid on every start for the ~100 classes of
the audit. `frozen` keeps `dataclasses`' own field processing (so `fields`, `replace`, `asdict`
and `is_dataclass` work unchanged), compiles only `__init__` (hot: the lock model creates
thousands of instances), and gives the other five methods as shared functions with the same
behaviour: equality and hashing on the tuple of fields (only for instances of the same class),
the same repr, and FrozenInstanceError on assignment or deletion of a field.

mypy reads the decorator as `dataclass(frozen=True)` (PEP 681's `dataclass_transform`).
"""

from __future__ import annotations

import reprlib
from dataclasses import MISSING, Field, FrozenInstanceError, dataclass, field, fields
from operator import attrgetter
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from typing_extensions import dataclass_transform
else:

    def dataclass_transform(**_: object) -> Any:
        return lambda decorated: decorated


T = TypeVar("T")


class _Factory:
    """The default of a parameter whose field has a default_factory (as in `dataclasses`)."""

    def __repr__(self) -> str:
        return "<factory>"


_FACTORY = _Factory()


def _init_source(cls: type, items: tuple[Field[Any], ...]) -> tuple[str, dict[str, Any]]:
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
        if not item.init:
            raise TypeError(f"{cls.__qualname__}.{name}: @frozen has no init=False fields")
        params.append(f"{name}{default}")
        value = f"_f_{name}() if {name} is _FACTORY else {name}" if default == "=_FACTORY" else name
        body.append(f"    _d[{name!r}] = {value}")
    lines = [f"def __init__(self, {', '.join(params)}):" if params else "def __init__(self):"]
    lines += ["    _d = self.__dict__", *body] if body else ["    pass"]
    return "\n".join(lines) + "\n", scope


def _methods(cls: type[Any], items: tuple[Field[Any], ...]) -> dict[str, Any]:
    names = tuple(item.name for item in items)
    shown = tuple(item.name for item in items if item.repr)
    hashed = tuple(item.name for item in items if item.compare and (item.hash is None or item.hash))
    compared = tuple(item.name for item in items if item.compare)

    def getter(selected: tuple[str, ...]) -> Any:
        if not selected:
            return lambda _: ()
        if len(selected) == 1:
            one = attrgetter(selected[0])
            return lambda obj: (one(obj),)
        return attrgetter(*selected)

    key, hash_key = getter(compared), getter(hashed)

    def __eq__(self: Any, other: object) -> Any:
        if other.__class__ is self.__class__:
            return key(self) == key(other)
        return NotImplemented

    def __hash__(self: Any) -> int:
        return hash(hash_key(self))

    @reprlib.recursive_repr()
    def __repr__(self: Any) -> str:
        inner = ", ".join(f"{name}={getattr(self, name)!r}" for name in shown)
        return f"{self.__class__.__qualname__}({inner})"

    def __setattr__(self: Any, name: str, value: object) -> None:
        if type(self) is cls or name in names:
            raise FrozenInstanceError(f"cannot assign to field {name!r}")
        super(cls, self).__setattr__(name, value)

    def __delattr__(self: Any, name: str) -> None:
        if type(self) is cls or name in names:
            raise FrozenInstanceError(f"cannot delete field {name!r}")
        super(cls, self).__delattr__(name)

    return {
        "__eq__": __eq__,
        "__hash__": __hash__,
        "__repr__": __repr__,
        "__setattr__": __setattr__,
        "__delattr__": __delattr__,
    }


@dataclass_transform(frozen_default=True, field_specifiers=(field, Field))
def frozen(cls: type[T]) -> type[T]:
    """`cls` as `@dataclass(frozen=True)` would make it (see the module doc)."""
    documented = cls.__dict__.get("__doc__") is not None
    for name in ("__setattr__", "__delattr__"):
        if name in cls.__dict__:  # as dataclasses refuses for a frozen class
            raise TypeError(f"Cannot overwrite attribute {name} in class {cls.__name__}")
    own = dict(cls.__dict__)
    explicit_hash = not ("__hash__" not in own or (own["__hash__"] is None and "__eq__" in own))
    if not documented:  # dataclasses would sign object.__init__ (and compile tokenize's patterns)
        cls.__doc__ = cls.__name__
    made: Any = dataclass(init=False, repr=False, eq=False)(cls)
    items = fields(made)
    source, scope = _init_source(made, items)
    exec(source, scope)  # our own generated __init__, as dataclasses does
    init = scope["__init__"]
    init.__annotations__ = {**{item.name: item.type for item in items}, "return": None}
    methods = {"__init__": init, **_methods(made, items)}
    for name, method in methods.items():
        if name in own and not (name == "__hash__" and not explicit_hash):
            continue  # dataclasses keeps what the class defines itself
        method.__qualname__ = f"{made.__qualname__}.{name}"
        method.__module__ = made.__module__
        setattr(made, name, method)
    params = made.__dict__["__dataclass_params__"]
    for name in ("init", "repr", "eq"):  # as dataclass(frozen=True) records them; `frozen` stays False,
        setattr(params, name, True)  # or dataclasses would refuse the next @frozen subclass
    if not documented:
        import inspect

        try:
            signature = str(inspect.signature(made)).replace(" -> None", "")
        except (TypeError, ValueError):
            signature = ""
        made.__doc__ = made.__name__ + signature
    return cls
