"""check_lock against real `uv lock --check` (online) on every corpus entry.

A `fresh` verdict must give no difference and `stale` at least one; `undecided` entries (uv itself
could not answer: an unreachable index, a build backend that needs files the corpus lacks) are
listed below and not counted. Each `__stale-*` copy must add exactly its one mutation to what the
unmodified project gives, and the three upstream-stale projects must name their real cause.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from auditor.lockcheck import LockDifference, LockVerdict, check_lock, lock_verdict
from auditor.lockfile import parse_lock
from auditor.pyproject import Pyproject, parse_pyproject

CORPUS = Path(__file__).resolve().parents[2] / ".." / "shared" / "corpus"
MANIFEST = CORPUS / "manifest.json"

UNDECIDED = {
    "facebookresearch__large_concept_model": "a direct URL on github.com is unreachable",
    "fastapi__fastapi__stale-bump-lower-bound": "pdm-backend needs the LICENSE file the corpus does not copy",
    "karpathy__nanochat": "download.pytorch.org is unreachable",
    "karpathy__nanochat__stale-add-marker": "download.pytorch.org is unreachable",
    "modelcontextprotocol__python-sdk": "dynamic version from git (uv-dynamic-versioning)",
    "modelcontextprotocol__python-sdk__legacy-dev-deps__stale-legacy-dev-dep": "dynamic version from git",
    "pydantic__pydantic-ai": "dynamic version from git (uv-dynamic-versioning)",
    "pydantic__pydantic-ai__stale-member-dep": "dynamic version from git (uv-dynamic-versioning)",
}

# Entries uv answered where the static check is undecided, and why it cannot know.
OURS_UNDECIDED = {
    "openai__openai-agents-python": "`tool.uv.workspace.members` lists `agents`, which the lock does not have: uv "
    "ignores a member directory that does not exist (the corpus has none), only the disk tells",
}

# (file, section, package, change) of the one edit in each stale copy.
MUTATIONS = {
    "fastapi__fastapi__stale-bump-lower-bound": ("pyproject.toml", "dependencies", "starlette", "changed"),
    "jlowin__fastmcp__examples_testing_demo__stale-requires-python": (
        "pyproject.toml",
        "requires-python",
        None,
        "changed",
    ),
    "karpathy__nanochat__stale-add-marker": ("pyproject.toml", "dependencies", "psutil", "changed"),
    "modelcontextprotocol__python-sdk__legacy-dev-deps__stale-legacy-dev-dep": (
        "pyproject.toml",
        "tool.uv.dev-dependencies",
        "mypy",
        "added",
    ),
    "pallets__click__stale-remove-group-member": ("pyproject.toml", "dependency-groups.dev", "tox-uv", "removed"),
    "pallets__flask__stale-add-dep": ("pyproject.toml", "dependencies", "requests", "added"),
    "pydantic__pydantic-ai__stale-member-dep": ("pydantic_ai_slim/pyproject.toml", "dependencies", "anyio", "changed"),
    "stanfordnlp__dspy__stale-extra-add-req": ("pyproject.toml", "optional-dependencies.numpy", "scipy", "added"),
}

# A stale copy whose edit sits where no static reader can see it: listed, not skipped silently.
MUTATION_UNSEEN = {
    "pydantic__pydantic-ai__stale-member-dep": "the edit is in [tool.hatch.metadata.hooks.uv-dynamic-versioning]: "
    "`dependencies` is dynamic, so uv itself builds the package to read it (and could not, online: undecided)",
}

UPSTREAM_STALE = {
    "roboflow__trackers": [("pyproject.toml", "version", None, "changed")],
    "stanfordnlp__dspy": [("pyproject.toml", "version", None, "changed")],
    "astral-sh__uv__test_packages_built-by-uv": [("pyproject.toml", "dependency-groups.dev", "pytest", "removed")],
}


def _entries() -> list[dict[str, Any]]:
    if not MANIFEST.is_file():
        return []
    entries: list[dict[str, Any]] = json.loads(MANIFEST.read_text())
    return entries


def _check(name: str) -> tuple[LockDifference, ...]:
    return _verdict(name).differences


def _verdict(name: str) -> LockVerdict:
    entry = next(e for e in _entries() if e["name"] == name)
    directory = CORPUS / name / entry["project_dir"]
    members: dict[str, Pyproject] = {}
    for member in entry["member_dirs"]:
        path = directory / member / "pyproject.toml"
        if path.is_file():
            members[member] = parse_pyproject(path.read_text())
    lock = parse_lock((directory / "uv.lock").read_text())
    root = parse_pyproject((directory / "pyproject.toml").read_text())
    verdict = lock_verdict(lock, root, members)
    assert check_lock(lock, root, members) == verdict.differences
    return verdict


def _key(d: LockDifference) -> tuple[str, str, str | None, str]:
    return (d.file, d.section, d.package, d.change)


needs_corpus = pytest.mark.skipif(not MANIFEST.is_file(), reason="../shared/corpus is not present")
ENTRIES = _entries()


@needs_corpus
@pytest.mark.parametrize("entry", ENTRIES, ids=[e["name"] for e in ENTRIES])
def test_verdict_matches_uv_lock_check_online(entry: dict[str, Any]) -> None:
    verdict = entry["lock_check_online"]
    commands = json.loads((CORPUS / entry["name"] / ".expected" / "commands.json").read_text())
    assert commands["lock-check-online"]["verdict"] == verdict
    if verdict == "undecided":
        assert entry["name"] in UNDECIDED
        pytest.skip(f"uv lock --check was undecided: {UNDECIDED[entry['name']]}")
    assert entry["name"] not in UNDECIDED
    found = _verdict(entry["name"])
    assert ("stale" if found.differences else "fresh") == verdict, [_key(d) for d in found.differences]
    if entry["name"] in OURS_UNDECIDED:
        assert found.state == "undecided" and found.undecided, found
    else:
        assert found.state == verdict, found.undecided


UV_NAMED = [e for e in ENTRIES if e["lock_check_online"] == "undecided"]


@needs_corpus
@pytest.mark.parametrize("entry", UV_NAMED, ids=[e["name"] for e in UV_NAMED])
def test_a_cause_uv_named_before_failing_is_found(entry: dict[str, Any]) -> None:
    """uv could not finish these, but some had already said why it re-resolves: the lock is stale."""
    commands = json.loads((CORPUS / entry["name"] / ".expected" / "commands.json").read_text())
    stderr = commands["lock-check-online"]["stderr"]
    if "existing lockfile due to" not in stderr:
        pytest.skip("uv named no cause before failing")
    found = _verdict(entry["name"])
    assert found.state == "stale"
    if "exclude newer" in stderr:
        assert "tool.uv.exclude-newer" in {d.section for d in found.differences}


STALE_COPIES = [e for e in ENTRIES if e.get("stale_of")]


@needs_corpus
@pytest.mark.parametrize("entry", STALE_COPIES, ids=[e["name"] for e in STALE_COPIES])
def test_stale_copy_names_exactly_its_mutation(entry: dict[str, Any]) -> None:
    name = entry["name"]
    file, section, package, change = MUTATIONS[name]
    assert entry["mutated_file"] == file
    if name in MUTATION_UNSEEN:
        pytest.skip(MUTATION_UNSEEN[name])
    before = {_key(d) for d in _check(entry["stale_of"])}
    added = [_key(d) for d in _check(name) if _key(d) not in before]
    assert added == [(file, section, package, change)]


@needs_corpus
@pytest.mark.parametrize("name", sorted(UPSTREAM_STALE))
def test_upstream_stale_projects_name_their_cause(name: str) -> None:
    assert [_key(d) for d in _check(name)] == UPSTREAM_STALE[name]


def test_every_stale_copy_has_an_expected_mutation() -> None:
    if not MANIFEST.is_file():
        pytest.skip("../shared/corpus is not present")
    assert {e["name"] for e in STALE_COPIES} == set(MUTATIONS)
