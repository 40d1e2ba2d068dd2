"""What a task hands to `auditor.api.audit_files` (auditor/spark/files.py): for every fixture target
the audit of those bytes equals the command line's disk audit; a file that cannot be handed over
sends that target through the disk loader, with the command line's UVA004; and `audit_files`, what
the tasks call, reaches no disk loader (statically, in the import graph)."""

from __future__ import annotations

import ast
import os
import shutil
from pathlib import Path

import pytest

from auditor import config as cfg
from auditor.discover import Candidate, directory_candidate, discover
from auditor.options import Options
from auditor.parallel import audit_candidate
from auditor.report import TargetReport
from auditor.spark import tasks
from auditor.spark.files import Unreadable, target_files
from auditor.spark.plan import make_plan
from tests.conftest import FIXTURES
from tests.spark.conftest import REPO

CANDIDATES = [c for c in discover([str(FIXTURES)]) if isinstance(c, Candidate)] if FIXTURES.is_dir() else []
NO_ENV = cfg.from_environment({})


def _same(ours: TargetReport, theirs: TargetReport) -> None:
    assert [f.as_dict() for f in ours.findings] == [f.as_dict() for f in theirs.findings]
    assert [s.as_dict() for s in ours.suppressed] == [s.as_dict() for s in theirs.suppressed]
    assert (ours.path, dict(ours.artifacts), ours.selection, ours.fail_on) == (
        theirs.path,
        dict(theirs.artifacts),
        theirs.selection,
        theirs.fail_on,
    )


@pytest.mark.parametrize("candidate", CANDIDATES, ids=lambda c: os.path.relpath(c.display, FIXTURES))
def test_the_bytes_audit_equals_the_disk_audit(candidate: Candidate) -> None:
    from auditor.api import audit_files

    files = target_files(candidate, Options().max_file_size)
    _same(audit_files(files, name=candidate.display), audit_candidate(candidate, Options(), NO_ENV))


@pytest.mark.parametrize("name", ["pylock.toml", "pylock.serve.toml"])
def test_a_pylock_next_to_the_lock_is_read(name: str, tmp_path: Path) -> None:
    from auditor.api import audit_files

    project = FIXTURES / "export-conformance" / "registry"
    target = tmp_path / "model"
    shutil.copytree(FIXTURES / "clean", target)
    text = (project / ".expected" / "pylock-all.out").read_text().replace('version = "1.16.0"', 'version = "1.15.0"')
    (target / name).write_text(text)
    candidate = directory_candidate(target, "m")
    files = target_files(candidate, Options().max_file_size)
    assert files[name] == text.encode()
    disk = audit_candidate(candidate, Options(), NO_ENV)
    assert any(str(f.file).endswith(name) for f in disk.findings)  # the audit reads it
    _same(audit_files(files, name="m"), disk)


def test_the_mapping_reads_what_the_audit_reads_and_names_the_rest(tmp_path: Path) -> None:
    model = FIXTURES / "clean"
    files = target_files(directory_candidate(model, "m"), Options().max_file_size)
    assert files["uv.lock"] == (model / "uv.lock").read_bytes()
    assert files["python_model.pkl"] == (model / "python_model.pkl").read_bytes()  # the flavor loads it
    named = {k for k, v in files.items() if not v}
    assert named and all(k.startswith("code/") for k in named), named  # listed, not read
    # a pickle over the size limit is model data: left out, never read (as the command line)
    heavy = tmp_path / "heavy"
    shutil.copytree(model, heavy)
    with open(heavy / "python_model.pkl", "ab") as handle:
        handle.write(os.urandom(2 * 1024 * 1024))  # bytes after the pickle's STOP: weights, as far as we care
    limit = 1024 * 1024
    small = target_files(directory_candidate(heavy, "m"), limit)
    assert "python_model.pkl" not in small and small["uv.lock"] == files["uv.lock"]
    _same(
        tasks.audit_one(directory_candidate(heavy, "m"), make_plan(Options(max_file_size=limit), {})),
        audit_candidate(directory_candidate(heavy, "m"), Options(max_file_size=limit), NO_ENV),
    )
    empty = tmp_path / "m"
    (empty / "src" / "pkg").mkdir(parents=True)
    (empty / "pyproject.toml").write_text('[project]\nname = "pkg"\n')
    assert target_files(directory_candidate(empty, "m"), 1000) == {
        "pyproject.toml": b'[project]\nname = "pkg"\n',
        "src/pkg/": b"",
    }


def _unreadable_targets(tmp_path: Path) -> list[Path]:
    outside = tmp_path / "outside.lock"
    outside.write_bytes((FIXTURES / "clean" / "uv.lock").read_bytes())
    made = []
    for name in ("symlink-out", "fifo", "directory", "too-large"):
        target = tmp_path / name
        target.mkdir()
        (target / "pyproject.toml").write_bytes((FIXTURES / "clean" / "pyproject.toml").read_bytes())
        made.append(target)
    (tmp_path / "symlink-out" / "uv.lock").symlink_to(outside)
    os.mkfifo(tmp_path / "fifo" / "requirements.txt")
    (tmp_path / "fifo" / "uv.lock").write_bytes(outside.read_bytes())
    (tmp_path / "directory" / "uv.lock").mkdir()
    (tmp_path / "too-large" / "uv.lock").write_bytes(outside.read_bytes() * 3)
    return made


def test_an_unreadable_file_is_audited_as_the_command_line_does(tmp_path: Path) -> None:
    options = Options(max_file_size=2 * (FIXTURES / "clean" / "uv.lock").stat().st_size)
    plan = make_plan(options, {})
    for target in _unreadable_targets(tmp_path):
        candidate = directory_candidate(target, str(target))
        with pytest.raises(Unreadable):
            target_files(candidate, options.max_file_size)
        ours, theirs = tasks.audit_one(candidate, plan), audit_candidate(candidate, options, NO_ENV)
        assert "UVA004" in {f.rule for f in theirs.findings}, target.name
        _same(ours, theirs)


def test_a_readable_target_never_takes_the_disk_loader(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tasks, "audit_candidate", lambda *a: pytest.fail("the disk loader was used"))
    candidate = directory_candidate(FIXTURES / "train-leak-default-groups", "m")
    report = tasks.audit_one(candidate, make_plan(Options(), {}))
    assert "UVA301" in {f.rule for f in report.findings}


def _top_level_imports(path: Path) -> set[str]:
    """The modules a module imports when it is imported (not inside functions)."""
    out: set[str] = set()
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Import):
            out.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            out.add(node.module)
            out.update(f"{node.module}.{alias.name}" for alias in node.names)
    return out


def test_audit_files_reaches_no_disk_loader_statically() -> None:
    """auditor.api's own imports (audit_paths imports the loaders inside its body) and everything
    they import, lazily or not, never reach auditor.load, auditor.discover or auditor.remote."""
    from tests.test_structure import GRAPH

    api = REPO / "auditor" / "api.py"
    todo = [m for m in _top_level_imports(api) if m in GRAPH]
    assert "auditor.assemble" in todo and "auditor.audit" in todo
    seen: set[str] = set()
    while todo:
        module = todo.pop()
        if module not in seen:
            seen.add(module)
            todo.extend(GRAPH[module])
    loaders = {"auditor.load", "auditor.discover", "auditor.parallel"}
    assert not seen & loaders and not any(m.startswith("auditor.remote") for m in seen), sorted(seen & loaders)
    body = next(
        n for n in ast.parse(api.read_text()).body if isinstance(n, ast.FunctionDef) and n.name == "audit_files"
    )
    assert not [n for n in ast.walk(body) if isinstance(n, ast.Import | ast.ImportFrom)]  # no lazy import either


def test_an_empty_directory_is_a_directory(tmp_path: Path) -> None:
    from auditor.api import audit_files

    model = tmp_path / "m"
    shutil.copytree(FIXTURES / "restore" / "packaged-no-source", model)
    disk = audit_candidate(directory_candidate(model, "m"), Options(), NO_ENV)
    assert "UVA502" in {f.rule for f in disk.findings}  # a package whose source was not logged
    (model / "src" / "packaged_no_source").mkdir(parents=True)  # now its source directory is there
    candidate = directory_candidate(model, "m")
    files = target_files(candidate, Options().max_file_size)
    assert files["src/packaged_no_source/"] == b""
    _same(audit_files(files, name="m"), audit_candidate(candidate, Options(), NO_ENV))
