"""MLmodel, python_env.yaml and conda.yaml parsed into frozen dataclasses.

YAML is loaded with a safe loader only (never one that builds objects), and documents that use
many aliases are refused before loading ("billion laughs").
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from auditor import miniyaml
from auditor.errors import ArtifactError
from auditor.frozen import field, frozen

MAX_ALIASES = 100
MAX_NODES = 100_000
"""A real MLmodel, python_env.yaml or conda.yaml holds a few hundred values; 9 aliases of 9 (the
"billion laughs") expand to 9**9 and passed the alias count."""
_ALIAS = re.compile(r"(?:^|[\s\[,{:-])\*[^\s,\[\]{}]+")


@frozen
class MLModel:
    flavors: tuple[str, ...]
    python_version: str | None
    python_version_line: int | None
    mlflow_version: str | None
    run_id: str | None
    model_id: str | None
    document: Mapping[str, Any] = field(default_factory=dict, repr=False)
    """The whole parsed MLmodel (what auditor.pickles.pyfunc_code reads)."""
    lines: Mapping[str, int] = field(default_factory=dict)
    """Lines of the python_function flavor's `python_model`, `loader_module` and `code` keys."""


@frozen
class PythonEnv:
    python: str | None
    python_line: int | None
    dependencies: tuple[str, ...]


@frozen
class CondaEnv:
    python: str | None
    python_line: int | None
    pip: tuple[str, ...]
    pip_lines: tuple[int | None, ...]


def load_yaml(text: str) -> Any:
    value = miniyaml.load(text)  # what MLflow writes, without importing PyYAML
    if value is not miniyaml.FALLBACK:
        return value
    import yaml  # imported lazily: a model's own YAML never needs it

    if "\x00" in text:
        raise ArtifactError("YAML file contains NUL bytes (binary content?)", None)
    if len(_ALIAS.findall(text)) > MAX_ALIASES:
        raise ArtifactError(f"YAML uses more than {MAX_ALIASES} aliases; refused (alias bomb?)", None)
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)(text)
    try:
        node = loader.get_single_node()
        # Without a `*` there is no alias, and a short text cannot hold more nodes than a quarter
        # of MAX_NODES: the walk (a third of an MLmodel's parse) only runs where it can matter.
        expandable = "*" in text or 4 * len(text) > MAX_NODES
        if node is not None and expandable and _expanded_size(node) > MAX_NODES:
            raise ArtifactError(f"YAML expands to more than {MAX_NODES} values through aliases; refused (alias bomb?)")
        return loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        problem = exc.problem or exc.context or "syntax error"
        raise ArtifactError(f"invalid YAML: {problem}", line) from None
    except (yaml.YAMLError, RecursionError, ValueError) as exc:
        raise ArtifactError(
            f"invalid YAML: {str(exc).splitlines()[0] if str(exc) else type(exc).__name__}", None
        ) from None
    finally:
        loader.dispose()


def _expanded_size(root: Any) -> int:
    """How many values the document holds once its aliases are expanded (a recursive alias counts
    as too many), from the composed node graph, in time linear in the graph."""
    import yaml

    sizes: dict[int, int] = {}
    stack: list[tuple[Any, bool]] = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        key = id(node)
        if key in sizes and not children_done:
            if sizes[key] < 0:  # still being sized: the node contains itself
                return MAX_NODES + 1
            continue
        children: list[Any] = []
        if isinstance(node, yaml.SequenceNode):
            children = list(node.value)
        elif isinstance(node, yaml.MappingNode):
            children = [part for pair in node.value for part in pair]
        if not children_done:
            sizes[key] = -1
            stack.append((node, True))
            stack.extend((child, False) for child in children)
            continue
        sizes[key] = min(MAX_NODES + 1, 1 + sum(sizes[id(child)] for child in children))
    return sizes[id(root)]


def _line_of(text: str, pattern: str) -> int | None:
    compiled = re.compile(pattern)
    for number, line in enumerate(text.splitlines(), start=1):
        if compiled.search(line):
            return number
    return None


_ITEM = re.compile(r"\s*-\s*(.*?)\s*$")


def _item_lines(text: str, items: list[str]) -> tuple[int | None, ...]:
    """The first line `- <item>` of each item: one pass over the lines (a regex per item, each
    over every line, took 90 ms on a conda.yaml of 200 pip lines)."""
    first: dict[str, int] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        match = _ITEM.match(line)
        if match:
            first.setdefault(match.group(1), number)
    return tuple(
        first.get(p) if p == p.strip() else _line_of(text, r"^\s*-\s*" + re.escape(p) + r"\s*$") for p in items
    )


def _mapping(data: Any, what: str) -> dict[Any, Any]:
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ArtifactError(f"{what} must be a YAML mapping, not {type(data).__name__}", 1)
    return data


def _scalar(value: Any) -> str | None:
    if value is None or isinstance(value, (dict, list)):
        return None
    return str(value)


def parse_mlmodel(text: str) -> MLModel:
    data = _mapping(load_yaml(text), "MLmodel")
    flavors = _mapping(data.get("flavors"), "MLmodel flavors")
    python_version = None
    for flavor in flavors.values():
        if isinstance(flavor, dict) and flavor.get("python_version") is not None:
            python_version = _scalar(flavor.get("python_version"))
            break
    return MLModel(
        flavors=tuple(sorted(str(k) for k in flavors)),
        python_version=python_version,
        python_version_line=_line_of(text, r"^\s*python_version\s*:") if python_version else None,
        mlflow_version=_scalar(data.get("mlflow_version")),
        run_id=_scalar(data.get("run_id")),
        model_id=_scalar(data.get("model_id")),
        document=data,
        lines={k: n for k in ("python_model", "loader_module", "code") if (n := _line_of(text, rf"^\s+{k}\s*:"))},
    )


def parse_python_env(text: str) -> PythonEnv:
    data = _mapping(load_yaml(text), "python_env.yaml")
    deps = data.get("dependencies") or []
    if not isinstance(deps, list):
        raise ArtifactError("python_env.yaml dependencies must be a list", _line_of(text, r"^dependencies\s*:"))
    python = _scalar(data.get("python"))
    return PythonEnv(python, _line_of(text, r"^python\s*:"), tuple(str(d) for d in deps if _scalar(d)))


def parse_conda(text: str) -> CondaEnv:
    data = _mapping(load_yaml(text), "conda.yaml")
    deps = data.get("dependencies") or []
    if not isinstance(deps, list):
        raise ArtifactError("conda.yaml dependencies must be a list", _line_of(text, r"^dependencies\s*:"))
    python: str | None = None
    pip: list[str] = []
    for item in deps:
        if isinstance(item, str) and re.match(r"^python\s*(=|$)", item):
            python = item.split("=", 1)[1].strip("= ") if "=" in item else None
        elif isinstance(item, dict) and "pip" in item:
            pip_list = item["pip"] or []
            if not isinstance(pip_list, list):
                raise ArtifactError("conda.yaml pip dependencies must be a list", _line_of(text, r"^\s*-\s*pip\s*:"))
            pip.extend(str(p) for p in pip_list if _scalar(p) is not None)
    pip_lines = _item_lines(text, pip)
    return CondaEnv(python, _line_of(text, r"^\s*-\s*python\s*="), tuple(pip), pip_lines)
