"""The static lock check against real `uv lock --check` (uv 0.13.9) on the conformance suite.

Every case under tests/fixtures/lock-conformance/ is a small project locked for real by
scripts/gen_lock_conformance.py and edited once after locking; its `case.json` records the edit,
the section a stale verdict must name, and uv's own verdict (exit code, stderr), the reason uv gave
in its log (`uv_cause`) and whether uv could decide without network or a build (`decides_offline`).
The check must give uv's verdict on every case, name the edited section and nothing else on the
stale ones, and say undecided exactly where only a build of the project answers. Where uv 0.13.9
and PyPI are at hand, the recorded verdicts are confirmed by running uv again.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from auditor.lockcheck import LockVerdict, check_lock, lock_verdict, member_paths
from auditor.lockfile import parse_lock
from auditor.pyproject import Pyproject, parse_pyproject
from tests.builder import audit_dir, rules_of
from tests.realuv import uv_binary

SUITE = Path(__file__).resolve().parents[1] / "fixtures" / "lock-conformance"
CASES = sorted(p.parent.name for p in SUITE.glob("*/case.json"))

# uv's reason (its `Resolving despite existing lockfile due to ...` / `Ignoring ...` line) -> the
# sections of a LockDifference that stand for it.
UV_CAUSES = [
    (r"mismatched build constraints", {"tool.uv.build-constraint-dependencies"}),
    (r"mismatched constraints", {"tool.uv.constraint-dependencies"}),
    (r"mismatched overrides", {"tool.uv.override-dependencies"}),
    (r"mismatched excludes", {"tool.uv.exclude-dependencies"}),
    (r"change in resolution mode", {"tool.uv.resolution"}),
    (r"pre-release mode", {"tool.uv.prerelease"}),
    (r"exclude newer", {"tool.uv.exclude-newer"}),
    (r"change in fork strategy", {"tool.uv.fork-strategy"}),
    (r"change in conflicting groups", {"tool.uv.conflicts"}),
    (r"mismatched members", {"members"}),
    (r"missing (remote|local) index", {"tool.uv.index", "tool.uv.find-links"}),
    (r"(static|dynamic|mismatched) version", {"version"}),
    (r"mismatched requirements for", {"dependencies", "package.metadata", "optional-dependencies"}),
    (r"mismatched dependency groups for", {"dependency-groups", "tool.uv.dev-dependencies", "package.metadata"}),
    (r"mismatched dependency groups", {"dependency-groups"}),
    (r"mismatched (member|workspace) default groups", {"tool.uv.default-groups"}),
    (r"mismatched (workspace )?group metadata", {"tool.uv.dependency-groups"}),
    (r"change in supported environments", {"tool.uv.environments", "tool.uv.required-environments"}),
    (r"mismatched static metadata", {"tool.uv.dependency-metadata"}),
]
# A group's `requires-python` is also a marker on each of its requirements: those differ with it.
CONSEQUENCES = {"tool.uv.dependency-groups": {"dependency-groups"}}


def _case(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((SUITE / name / "case.json").read_text())
    return data


def _verdict(directory: Path) -> LockVerdict:
    """The check as a loader calls it: the members it asks for, read where they exist."""
    lock = parse_lock((directory / "uv.lock").read_text())
    root = parse_pyproject((directory / "pyproject.toml").read_text())
    members: dict[str, Pyproject] = {}
    for member in member_paths(lock, root):
        path = directory / member / "pyproject.toml"
        if path.is_file():
            members[member] = parse_pyproject(path.read_text())
    return lock_verdict(lock, root, members)


def _expected_state(case: dict[str, Any]) -> str:
    return "undecided" if case["undecidable"] else str(case["uv"]["verdict"])


def test_the_suite_is_there_and_covers_every_kind_of_edit() -> None:
    assert len(CASES) >= 50
    causes = {_case(c)["cause"] for c in CASES}
    for section in (
        "members",
        "tool.uv.constraint-dependencies",
        "tool.uv.build-constraint-dependencies",
        "tool.uv.override-dependencies",
        "tool.uv.exclude-dependencies",
        "tool.uv.index",
        "tool.uv.find-links",
        "tool.uv.resolution",
        "tool.uv.prerelease",
        "tool.uv.exclude-newer",
        "tool.uv.fork-strategy",
        "package.metadata",
        "tool.uv.default-groups",
        "tool.uv.dependency-groups",
        "tool.uv.conflicts",
        "tool.uv.environments",
        "tool.uv.required-environments",
        "tool.uv.dependency-metadata",
    ):
        assert section in causes
    assert {_case(c)["uv"]["verdict"] for c in CASES} == {"fresh", "stale"}, "a case uv could not answer"


@pytest.mark.parametrize("name", CASES)
def test_static_check_agrees_with_uv(name: str) -> None:
    case = _case(name)
    verdict = _verdict(SUITE / name)
    assert verdict.state == _expected_state(case), (verdict.differences, verdict.undecided)
    sections = {d.section.split(".", 1)[0] if _grouped(d.section) else d.section for d in verdict.differences}
    if verdict.state == "stale":
        cause = case["cause"]
        assert cause in sections and sections - {cause} <= CONSEQUENCES.get(cause, set()), [
            (d.section, d.package, d.change) for d in verdict.differences
        ]
    if verdict.state == "undecided":
        assert not case["uv"]["decides_offline"], "uv decided this one without a build"
        assert verdict.undecided and "dynamic" in verdict.undecided
    assert check_lock(*_inputs(SUITE / name)) == verdict.differences


def _grouped(section: str) -> bool:
    return section.startswith(("optional-dependencies.", "dependency-groups."))


def _inputs(directory: Path) -> tuple[Any, Pyproject, dict[str, Pyproject]]:
    lock = parse_lock((directory / "uv.lock").read_text())
    root = parse_pyproject((directory / "pyproject.toml").read_text())
    members = {
        m: parse_pyproject((directory / m / "pyproject.toml").read_text())
        for m in member_paths(lock, root)
        if (directory / m / "pyproject.toml").is_file()
    }
    return lock, root, members


@pytest.mark.parametrize("name", [c for c in CASES if _case(c)["uv"]["uv_cause"]])
def test_uv_names_the_same_cause(name: str) -> None:
    case = _case(name)
    cause = case["uv"]["uv_cause"]
    matches = [sections for pattern, sections in UV_CAUSES if re.search(pattern, cause)]
    assert matches, f"no mapping for uv's cause {cause!r}"
    assert case["cause"] in matches[0], (cause, case["cause"])


def test_stale_verdicts_carry_uv_s_error() -> None:
    for name in CASES:
        uv = _case(name)["uv"]
        assert (uv["returncode"], uv["verdict"]) in ((0, "fresh"), (1, "stale")), name
        if uv["verdict"] == "stale":
            assert "The lockfile at `uv.lock` needs to be updated" in uv["stderr"], name


def _run_uv(uv: str, name: str, work: Path, cache: Path) -> subprocess.CompletedProcess[str] | str:
    shutil.copytree(SUITE / name, work, ignore=shutil.ignore_patterns("case.json"))
    env = {k: v for k, v in os.environ.items() if not k.startswith("UV_") and k != "VIRTUAL_ENV"}
    env.update(UV_CACHE_DIR=str(cache), UV_PYTHON_DOWNLOADS="never", NO_COLOR="1")
    try:
        return subprocess.run(
            [uv, "lock", "--check"], cwd=work, env=env, capture_output=True, text=True, timeout=300, check=False
        )
    except subprocess.TimeoutExpired:
        return "uv lock --check timed out (no registry?)"


@pytest.fixture(scope="module")
def uv_now(tmp_path_factory: pytest.TempPathFactory) -> dict[str, subprocess.CompletedProcess[str] | str]:
    """`uv lock --check` on every case, four at a time, in scratch copies sharing one cache."""
    uv = uv_binary(network=True)
    base = tmp_path_factory.mktemp("uv-now")
    with ThreadPoolExecutor(max_workers=4) as pool:
        # one cache per worker: uv holds a cache-wide lock while it checks
        futures = {n: pool.submit(_run_uv, uv, n, base / n, base / f"cache{i % 4}") for i, n in enumerate(CASES)}
        return {n: f.result() for n, f in futures.items()}


@pytest.mark.parametrize("name", CASES)
def test_recorded_verdict_is_what_uv_says_now(
    name: str, uv_now: dict[str, subprocess.CompletedProcess[str] | str]
) -> None:
    done = uv_now[name]
    if isinstance(done, str):
        pytest.skip(done)
    if done.returncode not in (0, 1) or (done.returncode == 1 and "needs to be updated" not in done.stderr):
        pytest.skip(f"uv could not answer here: {done.stderr.strip()[-300:]}")
    assert ("fresh" if done.returncode == 0 else "stale") == _case(name)["uv"]["verdict"]


@pytest.mark.parametrize("name", CASES)
def test_the_audit_fires_uva101_exactly_on_stale_locks(name: str) -> None:
    findings = audit_dir(SUITE / name)
    assert not rules_of(findings, "UVA004"), [f.message for f in rules_of(findings, "UVA004")]
    fired = rules_of(findings, "UVA101")
    case = _case(name)
    if _expected_state(case) == "stale":
        assert any(case["cause"] in f.message for f in fired), [f.message for f in fired]
    else:
        assert not fired, [f.message for f in fired]
