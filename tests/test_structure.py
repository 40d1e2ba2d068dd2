"""The shape of the code (STYLE.md 3, 12-14): layers that import one way, an explicit registry, one
home for MLflow's facts, small modules. Read from the source with `ast`, never by importing it."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

from rules import ALL_RULES, MODULES

REPO = Path(__file__).resolve().parents[1]
PACKAGES = ("auditor", "rules")


def _modules() -> dict[str, Path]:
    out: dict[str, Path] = {}
    for package in PACKAGES:
        for path in sorted((REPO / package).rglob("*.py")):
            parts = path.relative_to(REPO).with_suffix("").parts
            name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            out[name] = path
    return out


MODULE_PATHS = _modules()


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(name: str, path: Path) -> Iterator[str]:
    """Every module of ours that `name` imports, at the top or inside functions (lazily), except
    under `if TYPE_CHECKING:`. `from package import submodule` names the submodule."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    is_package = path.name == "__init__.py"
    stack: list[ast.AST] = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            stack.extend(node.orelse)
            continue
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = name.split(".") if is_package else name.split(".")[:-1]
                base = base[: len(base) - node.level + 1]
                module = ".".join([*base, *([node.module] if node.module else [])])
            else:
                module = node.module or ""
            for alias in node.names:
                yield f"{module}.{alias.name}" if f"{module}.{alias.name}" in MODULE_PATHS else module
        stack.extend(ast.iter_child_nodes(node))


GRAPH = {
    name: sorted({m for m in _imports(name, path) if m in MODULE_PATHS} - {name}) for name, path in MODULE_PATHS.items()
}


def _cycles(graph: dict[str, list[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    out: list[list[str]] = []
    counter = 0
    for root in graph:
        if root in index:
            continue
        work: list[tuple[str, int]] = [(root, 0)]
        while work:
            node, i = work.pop()
            if i == 0:
                index[node] = low[node] = counter
                counter += 1
                stack.append(node)
                on_stack.add(node)
            if i < len(graph[node]):
                work.append((node, i + 1))
                child = graph[node][i]
                if child not in index:
                    work.append((child, 0))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            for child in graph[node]:
                if child in on_stack:
                    low[node] = min(low[node], low[child])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    out.append(sorted(component))
    return out


def test_the_graph_is_read() -> None:
    assert "auditor.context" in GRAPH["rules.common"] and "auditor.export.engine" in GRAPH["auditor.export"]
    assert _cycles({"a": ["b"], "b": ["c"], "c": ["a"], "d": ["a"]}) == [["a", "b", "c"]]


def test_no_import_cycle() -> None:
    assert _cycles(GRAPH) == []


def _reaches(start: str) -> set[str]:
    seen: set[str] = set()
    todo = [start]
    while todo:
        for child in GRAPH[todo.pop()]:
            if child not in seen:
                seen.add(child)
                todo.append(child)
    return seen


@pytest.mark.parametrize("module", sorted(m for m in MODULE_PATHS if m.startswith("rules")))
def test_rules_never_touch_the_disk_loaders(module: str) -> None:
    assert {"auditor.load", "auditor.discover"}.isdisjoint(GRAPH[module])


@pytest.mark.parametrize("module", sorted(m for m in MODULE_PATHS if m.startswith("auditor.render")))
def test_renderers_take_everything_from_the_report(module: str) -> None:
    reached = _reaches(module)
    assert not any(m == "rules" or m.startswith("rules.") for m in reached), "the registry reaches renderers by Report"
    assert "auditor.engine" not in reached and "auditor.load" not in reached


def test_the_export_port_knows_nothing_of_mlflow() -> None:
    for module in (m for m in MODULE_PATHS if m.startswith("auditor.export")):
        assert not any(m.startswith("auditor.mlflow") for m in _reaches(module)), module


def test_registry_lists_every_defining_module() -> None:
    listed = {m.__name__ for m in MODULES}
    for rule in ALL_RULES:
        assert rule.check.__module__ in listed, f"{rule.code} is defined in an unlisted module"
    defining = {rule.check.__module__ for rule in ALL_RULES}
    assert defining == listed
    for module in MODULES:
        assert all(r.check.__module__ == module.__name__ for r in module.RULES), f"{module.__name__} re-exports"


def test_codes_and_names_are_unique_and_in_order() -> None:
    codes = [r.code for r in ALL_RULES]
    assert codes == sorted(codes) and len(set(codes)) == len(codes)
    assert len({r.name for r in ALL_RULES}) == len(ALL_RULES)


@pytest.mark.parametrize("rule", ALL_RULES, ids=lambda r: r.code)
def test_every_rule_has_its_test_module(rule: object) -> None:
    code, name = rule.code, rule.name  # type: ignore[attr-defined]
    assert (REPO / "tests" / "rules" / f"test_{code}_{name.replace('-', '_')}.py").is_file()


def _strings(path: Path) -> Iterator[str]:
    """String constants of a module, docstrings excluded (prose may name a command)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
            yield node.value


def _defining(predicate: object) -> set[str]:
    return {
        name
        for name, path in MODULE_PATHS.items()
        if any(predicate(s) for s in _strings(path))  # type: ignore[operator]
    }


def test_mlflow_facts_are_defined_once() -> None:
    assert _defining(lambda s: s in ("mlflow-skinny", "mlflow-tracing")) == {"auditor.mlflow.packages"}
    assert _defining(lambda s: s == "--no-annotate") == {"auditor.mlflow.versions", "auditor.export.flags"}
    assert _defining(lambda s: "--no-install-project" in s and "sync" in s) <= {"auditor.mlflow.versions"}
    restore = _defining(lambda s: "uv sync" in s or s == "--no-install-project" or s.startswith("uv pip install"))
    assert restore <= {"auditor.mlflow.versions", "auditor.export.flags"}, "restore commands live in auditor.mlflow"


@pytest.mark.parametrize("name", sorted(MODULE_PATHS))
def test_modules_are_small(name: str) -> None:
    lines = MODULE_PATHS[name].read_text(encoding="utf-8").count("\n")
    limit = 200 if name.startswith("auditor.cli") else 300
    assert lines <= limit, f"{name} has {lines} lines (limit {limit})"
