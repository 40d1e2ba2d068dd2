"""`@frozen`: a frozen dataclass that costs almost nothing to create.

`dataclasses.dataclass(frozen=True)` imports `inspect` (with `ast`, `dis` and `tokenize`), then
processes each class's fields and compiles six methods from source: about a quarter of a
millisecond per class, paid on every start for the ~100 classes of the audit. `frozen` reads the
fields itself (annotations in order, inherited fields first, `field(...)` or a plain default), gives
five of the methods as shared functions with the same behaviour (equality and hashing on the tuple
of fields, only for instances of the same class; the same repr; FrozenInstanceError on assignment
or deletion of a field), and makes `__init__` (hot: the lock model creates thousands of
instances) on its first use, from a code object compiled once per shape (auditor.fieldspec), so a
class that a run never instantiates never pays for it.

`dataclasses` keeps working on these classes: `__dataclass_fields__` and `__dataclass_params__` are
made, with `dataclasses`' own objects, the first time something reads them, so `dataclasses.fields`,
`replace`, `asdict`, `astuple` and `is_dataclass` behave as for `dataclass(frozen=True)`. The code
base uses this module's own `field`, `fields`, `replace` and `is_dataclass`, which need no import
of `dataclasses` (they accept real dataclasses too).

mypy reads the decorator as `dataclass(frozen=True)` (PEP 681's `dataclass_transform`).
"""

from __future__ import annotations

import reprlib
import sys
from operator import attrgetter
from typing import TYPE_CHECKING, Any, TypeVar

from auditor.fieldspec import MISSING, Field, LazyInit, dataclass_views, field, make_fields

if TYPE_CHECKING:
    from typing_extensions import dataclass_transform
else:

    def dataclass_transform(**_: object) -> Any:
        return lambda decorated: decorated


T = TypeVar("T")

__all__ = ["MISSING", "Field", "field", "fields", "frozen", "is_dataclass", "replace"]


def _error(message: str) -> Exception:
    from dataclasses import FrozenInstanceError

    return FrozenInstanceError(message)


def _methods(cls: type[Any], items: tuple[Field, ...]) -> dict[str, Any]:
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
            raise _error(f"cannot assign to field {name!r}")
        super(cls, self).__setattr__(name, value)

    def __delattr__(self: Any, name: str) -> None:
        if type(self) is cls or name in names:
            raise _error(f"cannot delete field {name!r}")
        super(cls, self).__delattr__(name)

    return {
        "__eq__": __eq__,
        "__hash__": __hash__,
        "__repr__": __repr__,
        "__setattr__": __setattr__,
        "__delattr__": __delattr__,
    }


def _signature(cls: type, items: tuple[Field, ...]) -> str:
    """`str(inspect.signature(cls))` as dataclasses puts it in the doc of an undocumented class."""
    if not all(isinstance(item.type, str) for item in items):
        import inspect

        try:
            return str(inspect.signature(cls)).replace(" -> None", "")
        except (TypeError, ValueError):
            return ""
    params = []
    for item in items:
        text = f"{item.name}: {item.type!r}"
        if item.default is not MISSING:
            text += f" = {item.default!r}"
        elif item.default_factory is not MISSING:
            text += " = <factory>"
        params.append(text)
    return f"({', '.join(params)})"


@dataclass_transform(frozen_default=True, field_specifiers=(field, Field))
def frozen(cls: type[T]) -> type[T]:
    """`cls` as `@dataclass(frozen=True)` would make it (see the module doc)."""
    for name in ("__setattr__", "__delattr__"):
        if name in cls.__dict__:  # as dataclasses refuses for a frozen class
            raise TypeError(f"Cannot overwrite attribute {name} in class {cls.__name__}")
    own = dict(cls.__dict__)
    explicit_hash = not ("__hash__" not in own or (own["__hash__"] is None and "__eq__" in own))
    items = make_fields(cls)
    made: Any = cls  # the class attributes below are the ones mypy's dataclass plugin knows of
    made.__frozen_fields__ = items
    dataclass_views(made, cls)
    if "__match_args__" not in own:
        setattr(made, "__match_args__", tuple(item.name for item in items))  # noqa: B010 - mypy refuses the assignment
    for name, method in _methods(cls, items).items():
        if name in own and not (name == "__hash__" and not explicit_hash):
            continue  # dataclasses keeps what the class defines itself
        method.__qualname__ = f"{cls.__qualname__}.{name}"
        method.__module__ = cls.__module__
        setattr(made, name, method)
    if "__init__" not in own:
        made.__init__ = LazyInit(cls, items)
    if own.get("__doc__") is None:
        made.__doc__ = cls.__name__ + _signature(cls, items)
    return cls


def is_dataclass(obj: object) -> bool:
    """As `dataclasses.is_dataclass`, without importing it for a `frozen` class."""
    cls = obj if isinstance(obj, type) else type(obj)
    if hasattr(cls, "__frozen_fields__"):
        return True
    real = sys.modules.get("dataclasses")
    return real is not None and bool(real.is_dataclass(obj))


def fields(obj: Any) -> tuple[Any, ...]:
    """As `dataclasses.fields` (this module's `Field`s for a `frozen` class)."""
    cls = obj if isinstance(obj, type) else type(obj)
    items = getattr(cls, "__frozen_fields__", None)
    if items is not None:
        return tuple(items)
    import dataclasses

    return dataclasses.fields(obj)


def replace(obj: T, /, **changes: Any) -> T:
    """As `dataclasses.replace`."""
    items = getattr(type(obj), "__frozen_fields__", None)
    if items is None:
        import dataclasses

        return dataclasses.replace(obj, **changes)  # type: ignore[type-var]
    for item in items:
        if item.name not in changes:
            changes[item.name] = getattr(obj, item.name)
    return obj.__class__(**changes)
