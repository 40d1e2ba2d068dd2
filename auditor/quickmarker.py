"""The markers uv writes, tokenized without packaging's parser (auditor.export.markers).

uv prints every marker in one canonical shape: `name op 'value'` with single spaces, joined by
` and ` / ` or `, grouped by parentheses without spaces. `tree` reads that shape, also quoted
with `"` (as packaging prints it) and without spaces around a comparison (`python_version>='3.10'`,
as people write it), into the nested list that `packaging.markers.Marker(text)._markers` holds
(atoms as (Variable, Op, Value)), four times faster, with `extra` values as written (packaging
normalises them, the first atom's only or all of them depending on its version; the export
canonicalises them either way). Anything else (other spacing around `and`, `or` or `in`, a
reversed atom, an alias such as `os.name`, a variable packaging may not know) is None, and
packaging parses it. Tests compare the two on every corpus marker and on generated ones.
"""

from __future__ import annotations

import re
from typing import Any

_VARIABLES = (
    "python_full_version|python_version|implementation_version|implementation_name|os_name|sys_platform|"
    "platform_release|platform_system|platform_version|platform_machine|platform_python_implementation|extra"
)
_TOKEN = re.compile(
    rf"""\(|\)| and | or |({_VARIABLES})(?:[ \t]*(===|==|!=|<=|>=|~=|<|>)[ \t]*| (not in|in) )(?:'([^']*)'|"([^"]*)")"""
)


_DEPTH = 32
"""Deeper groups go to packaging (whose recursion limit words the error of an absurd one)."""


class Node:
    """What packaging's marker nodes carry: their text (`value`); the class name is the kind."""

    __slots__ = ("value",)

    def __init__(self, value: str) -> None:
        self.value = value

    def __repr__(self) -> str:
        return f"<{type(self).__name__}({self.value!r})>"


class Variable(Node):
    __slots__ = ()


class Value(Node):
    __slots__ = ()


class Op(Node):
    __slots__ = ()


def tree(text: str) -> list[Any] | None:
    """The marker's items as packaging nests them, or None when `text` is not in uv's shape."""
    stack: list[list[Any]] = [[]]
    operand = True  # an atom or a group comes next (else `and`, `or` or `)`)
    at, end = 0, len(text)
    while at < end:
        match = _TOKEN.match(text, at)
        if match is None:
            return None
        token, at = match.group(), match.end()
        if token == "(":
            if not operand or len(stack) > _DEPTH:
                return None
            stack.append([])
        elif token == ")":
            if operand or len(stack) == 1:
                return None
            inner = stack.pop()
            stack[-1].append(inner)
        elif token in (" and ", " or "):
            if operand:
                return None
            stack[-1].append(token.strip())
            operand = True
        else:
            if not operand:
                return None
            op, value = match[2] or match[3], match[4] if match[5] is None else match[5]
            stack[-1].append((Variable(match[1]), Op(op), Value(value)))
            operand = False
    if operand or len(stack) != 1:
        return None
    return stack[0]
