"""The import names of a project's own package: what `import x` a model needs when its code lives
in the project (pyproject.toml's name, and what the build backend's settings say it ships)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from auditor.pyproject import Pyproject


def _tops(value: Any) -> Iterator[str]:
    """Top-level import names in a backend setting: `src/pkg` -> pkg, `pkg.sub` -> pkg."""
    items = value if isinstance(value, list) else [value]
    for item in items:
        if isinstance(item, dict):
            item = item.get("include") or item.get("name")
        if isinstance(item, str) and item.strip():
            last = item.strip().rstrip("/").split("/")[-1]
            top = last.split(".")[0] if not last.endswith(".py") else last[:-3]
            if top.isidentifier():
                yield top


def import_names(project: Pyproject) -> frozenset[str]:
    """`my-model` -> `my_model`, plus the packages and modules the build backend is told to ship
    (uv_build `module-name`, hatch wheel `packages`, setuptools `packages`/`py-modules`, poetry
    `packages`, flit `module.name`)."""
    names: set[str] = set()
    if project.name:
        names.add(project.name.replace("-", "_").replace(".", "_"))
    tool = project.tool
    sections = (
        ("uv", "build-backend", "module-name"),
        ("hatch", "build", "targets", "wheel", "packages"),
        ("setuptools", "packages"),
        ("setuptools", "py-modules"),
        ("poetry", "packages"),
        ("flit", "module", "name"),
    )
    for path in sections:
        value: Any = tool
        for key in path:
            value = value.get(key) if isinstance(value, dict) else None
        if value is not None:
            names.update(_tops(value))
    return frozenset(names)


def installs_project(project: Pyproject) -> bool:
    """Whether uv builds and installs the project itself at all: it has a `[build-system]` (or
    `tool.uv.package = true`) and `tool.uv.package` is not false; otherwise it is virtual."""
    if project.tool_uv.package is not None:
        return project.tool_uv.package
    return project.build_system is not None
