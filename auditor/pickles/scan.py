"""Which modules a pickle imports, read from its opcodes (``pickletools.genops``), never unpickled.

Unpickling imports a module for each GLOBAL / STACK_GLOBAL / INST opcode and for each call of an
import function (cloudpickle's ``subimport("numpy")``, ``builtins.__import__``). A small stack
machine follows every opcode with the stack effects pickletools documents, so STACK_GLOBAL's
operands are found however they were pushed (literal, memo); a computed one is ``unresolved``.
Time and memory are linear in the input.

cloudpickle pickles a class or function *by value* (``__main__``, ``register_pickle_by_value``)
through ``cloudpickle.cloudpickle._make_skeleton_class(type, name, bases, {"__module__": ...})``,
``_make_skeleton_enum``, ``_make_function`` or ``dynamic_subimport``: its ``__module__`` is only
data, never imported, so it is listed in ``by_value`` and not as a reference.
"""

from __future__ import annotations

import pickletools
import struct
from _compat_pickle import IMPORT_MAPPING, NAME_MAPPING
from typing import Any

from auditor.errors import ArtifactError
from auditor.frozen import frozen, replace


@frozen
class ModuleRef:
    module: str
    name: str | None  # the attribute taken from it; None for a whole-module import
    via: str  # "GLOBAL", "STACK_GLOBAL", "INST" or the import function called ("subimport")
    offset: int  # byte offset of the opcode


@frozen
class ByValue:
    kind: str  # "class", "enum", "function" or "module"
    name: str | None
    module: str | None  # the recorded __module__ (data only: not imported)
    offset: int  # byte offset of the REDUCE that builds it


@frozen
class PickleRefs:
    protocol: int
    refs: tuple[ModuleRef, ...]  # one per distinct (module, name), first occurrence
    by_value: tuple[ByValue, ...]
    unresolved: tuple[int, ...]  # offsets of imports whose module is computed, not literal

    @property
    def modules(self) -> tuple[str, ...]:
        return tuple(sorted({r.module for r in self.refs}))

    def imports(self, package: str) -> tuple[ModuleRef, ...]:
        """The references to `package` or one of its submodules."""
        return tuple(r for r in self.refs if r.module == package or r.module.startswith(package + "."))


@frozen
class _Global:
    module: str
    name: str


@frozen
class _Built:
    index: int  # into _Machine.by_value


_OTHER = object()
_CLOUDPICKLE = ("cloudpickle", "cloudpickle.cloudpickle", "cloudpickle.cloudpickle_fast")
_IMPORTERS = {("builtins", "__import__"), ("importlib", "import_module")} | {(m, "subimport") for m in _CLOUDPICKLE}
_BY_VALUE = {"_make_skeleton_class": "class", "_make_skeleton_enum": "enum", "_make_function": "function",
             "_make_skel_func": "function", "dynamic_subimport": "module"}  # fmt: skip
_STR_PUSH = {"STRING", "BINSTRING", "SHORT_BINSTRING", "UNICODE", "BINUNICODE", "SHORT_BINUNICODE", "BINUNICODE8"}
_TUPLE_N = {"EMPTY_TUPLE": 0, "TUPLE1": 1, "TUPLE2": 2, "TUPLE3": 3}
_SPECIAL = {"PROTO", "MEMOIZE", "PUT", "BINPUT", "LONG_BINPUT", "GET", "BINGET", "LONG_BINGET", "MARK", "POP",
            "DUP", "GLOBAL", "INST", "STACK_GLOBAL", "EXT1", "EXT2", "EXT4", "TUPLE", *_TUPLE_N, "EMPTY_DICT",
            "DICT", "SETITEM", "SETITEMS", "REDUCE", *_STR_PUSH}  # fmt: skip


def _effect(op: pickletools.OpcodeInfo) -> tuple[bool, int, int]:
    """(pops to a mark, then pops n, then pushes m): e.g. APPENDS [list, mark, slice] -> [list]."""
    before, mark = op.stack_before, pickletools.markobject
    return mark in before, before.index(mark) if mark in before else len(before), len(op.stack_after)


_EFFECTS = {op.name: _effect(op) for op in pickletools.opcodes if op.name not in _SPECIAL}


class _Machine:
    """The unpickler's stack, memo and marks, holding strings, tuples and dicts as values."""

    def __init__(self) -> None:
        self.proto = 0  # as declared by PROTO: below 3 the unpickler maps Python 2 names
        self.stack: list[object] = []
        self.marks: list[int] = []
        self.memo: dict[int, object] = {}
        self.refs: dict[tuple[str, str | None], ModuleRef] = {}
        self.by_value: list[ByValue] = []
        self.unresolved: list[int] = []

    def pop(self, pos: int) -> object:
        if len(self.stack) <= (self.marks[-1] if self.marks else 0):
            raise ArtifactError(f"malformed pickle: stack underflow at byte {pos}")
        return self.stack.pop()

    def pop_mark(self, pos: int) -> list[object]:
        if not self.marks:
            raise ArtifactError(f"malformed pickle: no MARK for the opcode at byte {pos}")
        start = self.marks.pop()
        items = self.stack[start:]
        del self.stack[start:]
        return items

    def ref(self, module: object, name: object, via: str, pos: int) -> None:
        if isinstance(module, str) and (name is None or isinstance(name, str)):
            self.refs.setdefault((module, name), ModuleRef(module, name, via, pos))
        else:
            self.unresolved.append(pos)

    def step(self, op: pickletools.OpcodeInfo, arg: Any, pos: int) -> None:
        name, push = op.name, self.stack.append
        effect = _EFFECTS.get(name)
        if effect is not None:  # no value of interest: pop and push placeholders, as documented
            mark, pops, pushes = effect
            if mark:
                self.pop_mark(pos)
            if pops:
                if len(self.stack) - pops < (self.marks[-1] if self.marks else 0):
                    raise ArtifactError(f"malformed pickle: stack underflow at byte {pos}")
                del self.stack[-pops:]
            self.stack += [_OTHER] * pushes
        elif name == "PROTO":
            if not 0 <= int(arg) <= 5:
                raise ArtifactError(f"unsupported pickle protocol {arg}")
            self.proto = int(arg)
        elif name in _STR_PUSH:
            push(arg if isinstance(arg, str) else _OTHER)
        elif name in ("MEMOIZE", "PUT", "BINPUT", "LONG_BINPUT"):
            top = self.pop(pos)
            push(top)
            self.memo[len(self.memo) if name == "MEMOIZE" else int(arg)] = top
        elif name in ("GET", "BINGET", "LONG_BINGET"):
            if int(arg) not in self.memo:
                raise ArtifactError(f"malformed pickle: memo key {arg} missing at byte {pos}")
            push(self.memo[int(arg)])
        elif name == "MARK":
            self.marks.append(len(self.stack))
        elif name == "POP":  # pops the top, or an empty mark
            _ = self.pop_mark(pos) if self.marks and len(self.stack) == self.marks[-1] else self.pop(pos)
        elif name == "DUP":
            top = self.pop(pos)
            self.stack += [top, top]
        elif name in ("GLOBAL", "INST"):
            module, _, attr = str(arg).partition(" ")
            if self.proto < 3:  # Unpickler.find_class with fix_imports
                fixed: tuple[str, str] = NAME_MAPPING.get((module, attr), (IMPORT_MAPPING.get(module, module), attr))
                module, attr = fixed
            self.ref(module, attr, name, pos)
            if name == "INST":
                self.pop_mark(pos)
            push(_Global(module, attr))
        elif name == "STACK_GLOBAL":
            top, below = self.pop(pos), self.pop(pos)
            self.ref(below, top, name, pos)
            push(_Global(below, top) if isinstance(below, str) and isinstance(top, str) else _OTHER)
        elif name in ("EXT1", "EXT2", "EXT4"):  # copyreg's extension registry: not known statically
            self.unresolved.append(pos)
            push(_OTHER)
        elif name in _TUPLE_N or name == "TUPLE":
            n = _TUPLE_N.get(name)
            push(tuple(self.pop_mark(pos) if n is None else [self.pop(pos) for _ in range(n)][::-1]))
        elif name in ("EMPTY_DICT", "DICT"):
            push(self.set_items({}, self.pop_mark(pos) if name == "DICT" else []))
        elif name in ("SETITEM", "SETITEMS"):
            items = self.pop_mark(pos) if name == "SETITEMS" else [self.pop(pos), self.pop(pos)][::-1]
            push(self.set_items(self.pop(pos), items))
        elif name == "REDUCE":
            args, func = self.pop(pos), self.pop(pos)
            push(self.reduce(func, args, pos))

    @staticmethod
    def set_items(target: object, items: list[object]) -> object:
        if isinstance(target, dict):  # only this machine makes dicts: str keys kept, others dropped
            target.update((k, v) for k, v in zip(items[::2], items[1::2], strict=False) if isinstance(k, str))
        return target

    def reduce(self, func: object, args: object, pos: int) -> object:
        if not isinstance(func, _Global) or not isinstance(args, tuple):
            return _OTHER
        a = args
        if (func.module, func.name) in _IMPORTERS:
            self.ref(a[0] if a else None, None, func.name, pos)
        elif func.module in _CLOUDPICKLE and func.name in _BY_VALUE:
            kind = _BY_VALUE[func.name]
            self.by_value.append(ByValue(kind, *_by_value_names(kind, a), pos))
            return _Built(len(self.by_value) - 1)
        elif func.name == "_function_setstate" and len(a) == 2 and isinstance(a[0], _Built) and isinstance(a[1], tuple):
            # _function_setstate(func, (state, slotstate)): slotstate has __qualname__, __module__
            old, slot = self.by_value[a[0].index], a[1]
            new = replace(old, name=_key(slot, 1, "__qualname__") or old.name)
            self.by_value[a[0].index] = replace(new, module=_key(slot, 1, "__module__") or old.module)
        return _OTHER


def _str(items: tuple[object, ...], i: int) -> str | None:
    v = items[i] if i < len(items) else None
    return v if isinstance(v, str) else None


def _key(items: tuple[object, ...], i: int, key: str) -> str | None:
    d = items[i] if i < len(items) else None
    v = d.get(key) if isinstance(d, dict) else None
    return v if isinstance(v, str) else None


def _by_value_names(kind: str, a: tuple[object, ...]) -> tuple[str | None, str | None]:
    """(name, module) from the arguments cloudpickle passes to its reconstructors."""
    if kind == "class":  # (type_constructor, name, bases, type_kwargs, class_tracker_id, extra)
        return _str(a, 1), _key(a, 3, "__module__")
    if kind == "enum":  # (bases, name, qualname, members, module, class_tracker_id, extra)
        return _str(a, 2) or _str(a, 1), _str(a, 4)
    if kind == "module":  # dynamic_subimport(name, vars)
        return _str(a, 0), _str(a, 0)
    return _str(a, 2), _key(a, 1, "__name__")  # _make_function(code, globals, name, ...)


def scan_pickle(data: bytes) -> PickleRefs:
    """The modules the first pickle in `data` would import, without unpickling it.

    Raises ArtifactError when `data` is not a well-formed pickle (truncated, unknown opcode,
    unsupported protocol, stack or memo misuse, no STOP)."""
    machine = _Machine()
    protocol, step = 0, machine.step
    try:
        for op, arg, pos in pickletools.genops(data):
            if op.proto > protocol:
                protocol = op.proto
            if op.name == "STOP":
                machine.pop(pos or 0)  # the unpickler returns the top of the stack
                break
            step(op, arg, pos or 0)
    except (ValueError, struct.error, EOFError, OverflowError) as exc:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise ArtifactError(f"not a readable pickle: {reason}") from None
    refs, by_value = tuple(machine.refs.values()), tuple(machine.by_value)
    return PickleRefs(max(protocol, machine.proto), refs, by_value, tuple(machine.unresolved))
