"""The persistent result cache, through the installed console script's code (`python -m auditor`,
which is `auditor.entry.main`): a re-run on unchanged files answers from the cache with the same
bytes and exit code and without importing click or the audit; any change to an input, a corrupt or
foreign entry, `--no-cache`, a cache inside the audited PATH and MLflow URIs are never served."""

from __future__ import annotations

import json
import marshal
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from auditor.cache import inputs, store
from auditor.entry import cacheable
from tests.test_parallel import FIXTURES, replicate

REPO = Path(__file__).resolve().parents[1]


def _cli(
    args: list[str], cwd: Path, cache: Path | None, *extra_env: tuple[str, str]
) -> tuple[int, str, set[str]]:
    """(exit code, stdout, the auditor/click modules imported) of one run in a fresh interpreter."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "UV_AUDIT_CACHE_DIR", "UV_AUDIT_NO_CACHE")}
    env["PYTHONPATH"] = str(REPO)
    if cache is not None:
        env["UV_AUDIT_CACHE_DIR"] = str(cache)
    env.update(extra_env)
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "auditor", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    modules = {line.rsplit("|", 1)[-1].strip() for line in done.stderr.splitlines() if line.startswith("import time:")}
    return done.returncode, done.stdout, modules


def _entries(cache: Path) -> list[Path]:
    return sorted((cache / "v1").glob("*.json")) if (cache / "v1").is_dir() else []


@pytest.fixture
def models(tmp_path: Path) -> Path:
    root = tmp_path / "models"
    for name in ("clean", "stale-lock", "uv-extras-serve"):
        shutil.copytree(FIXTURES / name, root / name)
    old = time.time() - 3600  # older than the racy window: the stat signature alone vouches
    for path in root.rglob("*"):
        os.utime(path, (old, old))
    return root


def test_a_rerun_answers_from_the_cache_with_the_same_bytes(models: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    reference = _cli(["--no-cache", "--format", "json", "."], models, cache)
    assert reference[0] == 1 and not _entries(cache), "--no-cache writes no entry"
    cold = _cli(["--format", "json", "."], models, cache)
    assert "auditor.engine" in cold[2] and len(_entries(cache)) == 1
    warm = _cli(["--format", "json", "."], models, cache)
    assert warm[:2] == cold[:2] == reference[:2]
    assert not {m for m in warm[2] if m.startswith(("auditor.engine", "auditor.api", "rules", "click"))}, warm[2]
    text = _cli(["--format", "text", "."], models, cache)
    assert "auditor.engine" in text[2], "another format is another entry"
    assert len(_entries(cache)) == 2


def test_any_change_to_an_input_is_seen(models: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    before = _cli(["--format", "json", "."], models, cache)
    requirements = models / "clean" / "requirements.txt"
    text = requirements.read_text()
    pinned = next(line for line in text.splitlines() if "==" in line)
    name, version = pinned.split("==")
    changed = f"{name}=={version[:-1]}{'1' if version[-1] != '1' else '2'}"  # same length, same mtime below
    info = requirements.stat()
    requirements.write_text(text.replace(pinned, changed))
    os.utime(requirements, ns=(info.st_atime_ns, info.st_mtime_ns))
    after = _cli(["--format", "json", "."], models, cache)
    assert "auditor.engine" in after[2] and after[1] != before[1]
    assert after[:2] == _cli(["--no-cache", "--format", "json", "."], models, None)[:2]
    shutil.copytree(FIXTURES / "clean", models / "new-model")
    added = _cli(["--format", "json", "."], models, cache)
    assert "auditor.engine" in added[2] and json.loads(added[1])["summary"]["targets"] == 4


@pytest.mark.parametrize("damage", ["garbage", "truncated", "foreign", "tampered"])
def test_a_corrupt_or_foreign_entry_is_ignored(
    models: Path, tmp_path: Path, damage: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    cold = _cli(["--format", "json", "."], models, cache)
    (entry,) = _entries(cache)
    data = entry.read_bytes()
    check, _, body = data.partition(b"\n")
    if damage == "garbage":
        entry.write_bytes(b"\x00\xff not an entry")
    elif damage == "truncated":
        entry.write_bytes(data[: len(data) // 2])
    elif damage == "foreign":  # intact, but another invocation's
        doc = marshal.loads(body)
        doc["key"] = "0" * 32
        new = marshal.dumps(doc)
        entry.write_bytes(inputs.digest(new).encode() + b"\n" + new)
    else:  # a different report under the right checksum of the old body: rejected by the checksum
        entry.write_bytes(check + b"\n" + body.replace(b"stale-lock", b"fresh-lock"))
    again = _cli(["--format", "json", "."], models, cache)
    assert "auditor.engine" in again[2] and again[:2] == cold[:2]
    monkeypatch.chdir(models)  # the manifest's paths are the run's, relative to its directory
    assert store.load(str(cache), entry.stem) is not None, "the entry was rewritten"


def test_output_files_jobs_and_the_cache_give_the_same_bytes(tmp_path: Path) -> None:
    big = replicate(tmp_path / "big", 2)
    cache = tmp_path / "cache"
    outputs = {}
    for label, args, where in (
        ("jobs1", ["--no-cache", "--jobs", "1"], None),
        ("jobs2-cold", ["--jobs", "2"], cache),
        ("jobs2-warm", ["--jobs", "2"], cache),
    ):
        report = tmp_path / "report.sarif"
        report.unlink(missing_ok=True)
        code, _, modules = _cli([*args, "--format", "sarif", "-o", str(report), "."], big, where)
        outputs[label] = (code, report.read_bytes())
        assert ("auditor.engine" in modules) == (label != "jobs2-warm")
    assert outputs["jobs1"][0] == 1
    assert outputs["jobs1"] == outputs["jobs2-cold"] == outputs["jobs2-warm"]


def test_never_inside_the_audited_path_nor_for_what_a_server_holds(models: Path, tmp_path: Path) -> None:
    inside = models / ".cache"
    _cli(["--format", "json", "."], models, inside)
    assert not inside.exists(), "a cache inside the audited PATH is not used"
    _cli(["--format", "json", "."], models, tmp_path / "c", ("UV_AUDIT_NO_CACHE", "1"))
    assert not (tmp_path / "c").exists()
    assert cacheable(["--format", "json", "."], {})
    for args in (["runs:/0123/model"], ["--experiment", "x"], ["--registered-models"], ["export", "."], ["--no-cache"]):
        assert not cacheable(args, {}), args


def test_concurrent_runs_leave_one_intact_entry(models: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache = tmp_path / "cache"
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env.update(PYTHONPATH=str(REPO), UV_AUDIT_CACHE_DIR=str(cache))
    argv = [sys.executable, "-m", "auditor", "--format", "json", "."]
    procs = [subprocess.Popen(argv, cwd=models, env=env, stdout=subprocess.PIPE) for _ in range(4)]
    results = [(p.communicate(timeout=300)[0], p.returncode) for p in procs]
    assert len(set(results)) == 1
    (entry,) = _entries(cache)
    assert not list((cache / "v1").glob(".entry-*")), "no temporary file is left"
    monkeypatch.chdir(models)
    assert store.load(str(cache), entry.stem) is not None


def test_a_file_changed_just_before_the_run_is_checked_by_content(tmp_path: Path) -> None:
    fresh = tmp_path / "fresh.txt"
    fresh.write_bytes(b"one")
    inputs.start()
    inputs.opened(fresh, b"one")
    manifest = inputs.stop()
    assert manifest is not None
    assert manifest["files"][str(fresh)][2] == inputs.digest(b"one"), "a recent file's content is recorded"
    assert inputs.unchanged(manifest)
    fresh.write_bytes(b"two")
    assert not inputs.unchanged(manifest)


def test_every_other_command_is_never_cached() -> None:
    from auditor.cli import COMMANDS
    from auditor.entry import SUBCOMMANDS

    assert set(SUBCOMMANDS) == set(COMMANDS) - {"check"}
