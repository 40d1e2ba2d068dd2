"""Rewrite single entries of conda.yaml and python_env.yaml in place, byte for byte elsewhere.

The new entries are serialised by MLflow's own dumper (`auditor.mlflow.envfiles`): the whole
document is dumped as MLflow would with the entries replaced, and the text of just those nodes
(found through PyYAML's node marks) replaces the same nodes of the original text. A file MLflow
wrote comes out as MLflow writes it; a hand-edited one keeps its comments, order and quoting
everywhere else. The result is parsed again and must hold exactly the intended values, else the
file is refused (`FixError`): an in-place edit never guesses.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Sequence
from typing import Any

import yaml

from auditor.frozen import frozen
from auditor.mlflow import envfiles

_PYTHON_ENTRY = re.compile(r"^python\s*(=|$)")


class FixError(Exception):
    """A file that cannot be rewritten honestly; the message says why (one line)."""


@frozen
class _Span:
    start: int
    end: int
    column: int


def _compose(text: str, name: str) -> yaml.MappingNode:
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        raise FixError(f"{name} is not valid YAML") from None
    if not isinstance(node, yaml.MappingNode):
        raise FixError(f"{name} is not a YAML mapping")
    return node


def _value(mapping: yaml.MappingNode, key: str) -> yaml.Node | None:
    for k, v in mapping.value:
        if isinstance(k, yaml.ScalarNode) and k.value == key and isinstance(v, yaml.Node):
            return v
    return None


def _scalar_span(node: yaml.Node) -> _Span:
    return _Span(node.start_mark.index, node.end_mark.index, node.start_mark.column)


def _block_sequence_span(node: yaml.Node, name: str) -> _Span:
    """From the first item's `-` to the end of the last item (what follows it stays)."""
    if not isinstance(node, yaml.SequenceNode) or node.flow_style or not node.value:
        raise FixError(f"{name}: the pip list is not a block list as MLflow writes it; fix it by hand")
    return _Span(node.start_mark.index, node.value[-1].end_mark.index, node.start_mark.column)


def _conda_nodes(root: yaml.MappingNode, name: str) -> tuple[int | None, _Span | None, int, _Span]:
    """(index and span of the `python=` entry, index of the pip mapping and span of its list)."""
    deps = _value(root, "dependencies")
    if not isinstance(deps, yaml.SequenceNode):
        raise FixError(f"{name} has no `dependencies` list")
    python: tuple[int | None, _Span | None] = (None, None)
    for index, item in enumerate(deps.value):
        if isinstance(item, yaml.ScalarNode) and _PYTHON_ENTRY.match(item.value) and python[0] is None:
            python = (index, _scalar_span(item))
        elif isinstance(item, yaml.MappingNode) and (pip := _value(item, envfiles.PIP_KEY)) is not None:
            return (*python, index, _block_sequence_span(pip, name))
    raise FixError(f"{name} has no `pip:` list under dependencies")


def _reindent(text: str, delta: int) -> str:
    if delta == 0:
        return text
    lines = text.split("\n")
    shifted = [lines[0]] + [(" " * delta + line) if delta > 0 else line[-delta:] for line in lines[1:]]
    return "\n".join(shifted)


def _splice(text: str, edits: Sequence[tuple[_Span, str]]) -> str:
    for span, replacement in sorted(edits, key=lambda e: e[0].start, reverse=True):
        text = text[: span.start] + replacement + text[span.end :]
    return text


def _checked(result: str, expected: Any, name: str) -> str:
    try:
        if yaml.safe_load(result) == expected:
            return result
    except yaml.YAMLError:
        pass
    raise FixError(f"{name} cannot be rewritten in place (unusual layout); fix it by hand")


def rewrite_conda(text: str, python: str | None, pip: Sequence[str], name: str = "conda.yaml") -> str:
    """conda.yaml with its pip list set to `pip` and its `python=` entry to `python` (when it
    has one and `python` is known)."""
    root = _compose(text, name)
    data = yaml.safe_load(text)
    python_index, python_span, pip_index, pip_span = _conda_nodes(root, name)
    deps = data.get("dependencies") if isinstance(data, dict) else None
    if (
        not isinstance(deps, list)
        or not pip_index < len(deps)
        or not isinstance(deps[pip_index], dict)
        or (python_index is not None and not python_index < len(deps))
    ):  # the nodes and the loaded data disagree: duplicate keys, merge keys or anchors
        raise FixError(f"{name} cannot be rewritten in place (duplicate or merged keys); fix it by hand")
    new = copy.deepcopy(data)
    if python is not None and python_index is not None:
        new["dependencies"][python_index] = envfiles.conda_python(python)
    new["dependencies"][pip_index][envfiles.PIP_KEY] = list(pip)
    if new == data:
        return text
    dumped = envfiles.dump_conda(new)
    _, d_python_span, _, d_pip_span = _conda_nodes(_compose(dumped, name), name)
    edits: list[tuple[_Span, str]] = []
    if new["dependencies"][pip_index] != data["dependencies"][pip_index]:
        piece = dumped[d_pip_span.start : d_pip_span.end]
        edits.append((pip_span, _reindent(piece, pip_span.column - d_pip_span.column)))
    python_changed = (
        python_index is not None and new["dependencies"][python_index] != data["dependencies"][python_index]
    )
    if python_changed and python_span is not None and d_python_span is not None:
        edits.append((python_span, dumped[d_python_span.start : d_python_span.end]))
    return _checked(_splice(text, edits), new, name)


def rewrite_python_env(text: str, python: str, name: str = "python_env.yaml") -> str:
    """python_env.yaml with its `python:` value set to `python` (a file without one is kept)."""
    root = _compose(text, name)
    node = _value(root, "python")
    data = yaml.safe_load(text)
    if node is None or not isinstance(node, yaml.ScalarNode) or data.get("python") == python:
        return text
    new = {**data, "python": python}
    dumped = envfiles.dump_python_env(new)
    d_node = _value(_compose(dumped, name), "python")
    assert d_node is not None
    span, d_span = _scalar_span(node), _scalar_span(d_node)
    return _checked(_splice(text, [(span, dumped[d_span.start : d_span.end])]), new, name)
