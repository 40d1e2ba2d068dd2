"""Shared helpers for the corpus tests: locate ../shared/corpus, run the engine on a variant,
compare outputs by meaning."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from auditor.export import (
    export,
    markers_equivalent,
    project_context,
    render_uv,
    selection_from_argv,
)
from auditor.load import load_directory
from auditor.lockfile import Lock

CORPUS = Path(__file__).resolve().parents[2] / ".." / "shared" / "corpus"


@dataclass(frozen=True)
class Variant:
    entry: str
    name: str
    argv: tuple[str, ...]
    returncode: int
    stderr: str

    @property
    def id(self) -> str:
        return f"{self.entry}:{self.name}"


def manifest() -> list[dict[str, Any]]:
    path = CORPUS / "manifest.json"
    if not path.is_file():
        return []
    data: list[dict[str, Any]] = json.loads(path.read_text())
    return data


def variants() -> list[Variant]:
    out = []
    for entry in manifest():
        commands = json.loads((CORPUS / entry["name"] / ".expected" / "commands.json").read_text())
        for name, command in commands.items():
            if name.startswith("lock-check"):
                continue
            out.append(Variant(entry["name"], name, tuple(command["argv"]), command["returncode"], command["stderr"]))
    return out


_LOCKS: dict[str, tuple[Lock, Any, Path]] = {}


def project(entry: str) -> tuple[Lock, Any, Path]:
    if entry not in _LOCKS:
        info = next(e for e in manifest() if e["name"] == entry)
        directory = CORPUS / entry / info["project_dir"]
        target = load_directory(directory)
        assert target.lock is not None and not target.problems, target.problems
        _LOCKS[entry] = (target.lock, project_context(target.pyproject, target.lock, target.members), directory)
    return _LOCKS[entry]


def run(variant: Variant) -> str:
    """Render the engine's export for the variant's argv, or raise SelectionError."""
    lock, context, _ = project(variant.entry)
    selection, options = selection_from_argv(list(variant.argv[2:]))
    result = export(lock, context, selection)
    header = " ".join(variant.argv) if options.header else None
    return render_uv(result, header_command=header, hashes=options.hashes, annotate=options.annotate)


def expected(variant: Variant) -> str:
    return (CORPUS / variant.entry / ".expected" / f"{variant.name}.txt").read_text(encoding="utf-8")


def requirement_set(text: str) -> list[tuple[str, str | None]]:
    """(requirement, marker) per printed line, ignoring comments, hashes and annotations."""
    out = []
    for line in text.splitlines():
        if not line or line.startswith(("#", " ")):
            continue
        line = line.removesuffix(" \\")
        requirement, _, marker = line.partition(" ; ")
        out.append((requirement, marker or None))
    return out


def same_meaning(ours: str, theirs: str, requires_python: str | None) -> bool:
    a, b = requirement_set(ours), requirement_set(theirs)
    if sorted(r for r, _ in a) != sorted(r for r, _ in b):
        return False
    markers_a: dict[str, list[str | None]] = {}
    for r, m in a:
        markers_a.setdefault(r, []).append(m)
    return all(any(markers_equivalent(m, x, requires_python) for x in markers_a[r]) for r, m in b)
