"""Confinement, proven with `sys.addaudithook` (in a subprocess: a hook cannot be removed).

The audited tree holds symlinks out of it (to files and to directories), symlink loops, a FIFO, a
character device, a 20 MB requirements.txt, a 50 MB uv.lock, 10,000 nested directories and
files that cannot be opened; a sibling `outside/` directory holds a secret. Running the CLI on
the tree must open nothing in `outside/`, start no process, touch no socket, compile or exec
nothing that holds the audited files' canary, stay within generous time and memory bounds, and
answer each odd file with a UVA004 or a skip note.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.hardening.harness import CANARY, fixture_seeds, write_set

HERE = Path(__file__).resolve().parent
SECRET = "OUTSIDE-SECRET-7f3a"
DEPTH = 10_000
TIME_BOUND = 120.0
MEMORY_BOUND_KIB = 1_500_000


def _model() -> dict[str, bytes]:
    seed = next(s for s in fixture_seeds() if len(s.get("uv.lock", b"")) < 10_000 and "MLmodel" in s)
    files = dict(seed)
    files["requirements.txt"] = files["requirements.txt"] + f"\n# {CANARY} print('{CANARY}')".encode()
    payload = f"__import__('os').system('{CANARY}')"
    files["pyproject.toml"] = files["pyproject.toml"] + f'\n# {CANARY}\n[tool.x]\ny = "{payload}"\n'.encode()
    return files


def _nest(top: Path, depth: int) -> None:
    """`depth` nested directories `d/d/d/...` (far beyond PATH_MAX), made relative to an fd."""
    fd = os.open(top, os.O_RDONLY | os.O_DIRECTORY)
    try:
        for _ in range(depth):
            os.mkdir("d", dir_fd=fd)
            child = os.open("d", os.O_RDONLY | os.O_DIRECTORY, dir_fd=fd)
            os.close(fd)
            fd = child
        with open(os.open("uv.lock", os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=fd), "w") as handle:
            handle.write(f"version = 1\n# {CANARY}\n")
    finally:
        os.close(fd)


def remove_deep(top: Path) -> None:
    """Remove the 10,000-level tree: shutil.rmtree (and pytest's cleanup) recurse and overflow."""
    if top.exists():
        subprocess.run(["rm", "-rf", "--", str(top)], check=True, timeout=120)


def build_tree(base: Path) -> dict[str, str]:
    """Make base/outside (secret) and base/audit (the PATH); return {target: what is odd}."""
    outside = base / "outside"
    write_set({"uv.lock": f"version = 1\n# {SECRET}\n".encode(), "pyproject.toml": f"# {SECRET}\n".encode()}, outside)
    (outside / "project").mkdir()
    (outside / "project" / "uv.lock").write_text(f"version = 1\n# {SECRET}\n")
    (outside / "secret.txt").write_text(SECRET)
    audit = base / "audit"
    odd: dict[str, str] = {}

    write_set(_model(), audit / "model")
    (audit / "model" / "evil_dir_link").symlink_to(outside / "project", target_is_directory=True)
    (audit / "model" / "loop").symlink_to(".", target_is_directory=True)

    links = audit / "links"
    write_set({"MLmodel": b"flavors: {}\n"}, links)
    (links / "uv.lock").symlink_to(outside / "uv.lock")
    (links / "pyproject.toml").symlink_to("../../outside/pyproject.toml")
    (links / "requirements.txt").symlink_to(outside / "secret.txt")
    odd["links"] = "symlinks to files outside"

    (audit / "dirlink").symlink_to(outside / "project", target_is_directory=True)
    odd["dirlink"] = "symlinked directory out of the tree (not followed: no target)"

    loops = audit / "loops"
    loops.mkdir()
    (loops / "uv.lock").symlink_to("pyproject.toml")
    (loops / "pyproject.toml").symlink_to("uv.lock")
    (loops / "requirements.txt").symlink_to("requirements.txt")
    (loops / "self").symlink_to(".", target_is_directory=True)
    odd["loops"] = "symlink loops"

    special = audit / "special"
    write_set({"pyproject.toml": b"[project]\nname = 'special'\nversion = '1'\n"}, special)
    os.mkfifo(special / "uv.lock")
    (special / "requirements.txt").symlink_to("/dev/zero")
    try:
        os.mknod(special / "MLmodel", 0o644 | stat.S_IFCHR, os.makedev(1, 3))  # a copy of /dev/null
    except PermissionError:
        (special / "MLmodel").symlink_to("/dev/null")
    (special / ".python-version").mkdir()  # a directory where a file should be
    odd["special"] = "FIFO, devices, directory"

    unreadable = audit / "unreadable"
    write_set({"uv.lock": b"version = 1\n", "pyproject.toml": b"[project]\nname='u'\n"}, unreadable)
    (unreadable / "requirements.txt").symlink_to("missing-target.txt")  # dangling: open fails as root too
    if os.geteuid() != 0:  # root reads a chmod 000 file anyway: only meaningful for other users
        (unreadable / "pyproject.toml").chmod(0)
    odd["unreadable"] = "dangling symlink (and chmod 000 when not root)"

    big_req = audit / "big-requirements"
    write_set({"pyproject.toml": b"[project]\nname = 'big'\nversion = '1'\n"}, big_req)
    line = b"numpy==2.4.6; python_full_version >= '3.11'\n"
    (big_req / "requirements.txt").write_bytes(line * (20_000_000 // len(line) + 1))
    odd["big-requirements"] = "20 MB requirements.txt"

    big_lock = audit / "big-lock"
    big_lock.mkdir()
    package = b'[[package]]\nname = "p"\nversion = "1.0"\nsource = { registry = "https://pypi.org/simple" }\n\n'
    with open(big_lock / "uv.lock", "wb") as handle:
        handle.write(b'version = 1\nrequires-python = ">=3.11"\n\n')
        handle.write(package * (50_000_000 // len(package) + 1))
    odd["big-lock"] = "50 MB uv.lock"

    (audit / "deep").mkdir()
    _nest(audit / "deep", DEPTH)
    odd["deep"] = "10,000 nested directories"
    return odd


def _run(base: Path, *extra: str) -> dict[str, Any]:
    events = base / "events.json"
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    env.pop("MLFLOW_TRACKING_URI", None)
    subprocess.run(
        [sys.executable, str(HERE / "confined_child.py"), str(base / "audit"), str(events), "--", *extra],
        cwd=HERE.parents[1],
        env=env,
        check=True,
        timeout=TIME_BOUND * 3,
    )
    result: dict[str, Any] = json.loads(events.read_text())
    return result


@pytest.fixture(scope="module")
def confined(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, dict[str, str], dict[str, Any]]]:
    if not hasattr(os, "mkfifo"):
        pytest.skip("needs a POSIX system")
    base = tmp_path_factory.mktemp("confinement")
    odd = build_tree(base)
    try:
        yield base, odd, _run(base)
    finally:
        remove_deep(base / "audit" / "deep")


def test_no_open_outside_the_path(confined: tuple[Path, dict[str, str], dict[str, Any]]) -> None:
    base, _, result = confined
    opened = [e["path"] for e in result["events"] if e["event"] == "open"]
    assert any("/audit/" in p for p in opened), "the recorder saw the audited files being read"
    outside = str(base / "outside")
    assert [p for p in opened if p.startswith(outside) or "/outside/" in p] == []
    assert [p for p in opened if p.startswith("/dev/")] == []
    for run in result["runs"]:
        assert SECRET not in run["stdout"] + run["stderr"]


def test_no_process_socket_or_code_from_the_input(confined: tuple[Path, dict[str, str], dict[str, Any]]) -> None:
    _, _, result = confined
    forbidden = [e for e in result["events"] if e["event"] not in ("open", "compile", "exec")]
    assert forbidden == []
    compiled = [e for e in result["events"] if e["event"] == "compile"]
    assert [e["filename"] for e in compiled if CANARY in e["source"] or SECRET in e["source"]] == []
    executed = [e for e in result["events"] if e["event"] == "exec"]
    assert [e["filename"] for e in executed if CANARY in e["consts"] or "/audit/" in e["filename"]] == []


def test_bounded_time_and_memory(confined: tuple[Path, dict[str, str], dict[str, Any]]) -> None:
    _, _, result = confined
    assert result["seconds"] < TIME_BOUND
    assert result["peak_rss_kib"] < MEMORY_BOUND_KIB


def test_every_odd_file_is_a_uva004_or_a_note(confined: tuple[Path, dict[str, str], dict[str, Any]]) -> None:
    base, odd, result = confined
    json_run, text_run = result["runs"]
    assert json_run["exit"] == 1 and text_run["exit"] == 1, json_run["stderr"]
    report = json.loads(json_run["stdout"])
    audit = str(base / "audit")
    by_target = {Path(t["path"]).relative_to(audit).as_posix(): t for t in report["targets"]}

    def uva004(target: str) -> dict[str, str]:
        return {Path(f["file"]).name: f["message"] for f in by_target[target]["findings"] if f["rule"] == "UVA004"}

    links = uva004("links")
    assert set(links) >= {"uv.lock", "pyproject.toml", "requirements.txt"}
    assert all("outside the audited path" in m for m in links.values())
    loops = uva004("loops")
    assert set(loops) >= {"uv.lock", "pyproject.toml", "requirements.txt"}
    special = uva004("special")
    assert "not a regular file" in special["uv.lock"]  # the FIFO: never opened (it would block)
    assert "outside the audited path" in special["requirements.txt"]  # -> /dev/zero
    assert "not a regular file" in special["MLmodel"] or "outside" in special["MLmodel"]
    assert "directory" in special[".python-version"]
    assert "cannot be read" in uva004("unreadable")["requirements.txt"]
    assert "over the" in uva004("big-requirements")["requirements.txt"]  # --max-file-size (16 MiB)
    assert "over the" in uva004("big-lock")["uv.lock"]
    # Symlinked directories are never entered: neither dirlink nor model/evil_dir_link is a target.
    assert "dirlink" not in by_target and not any("evil_dir_link" in t for t in by_target)
    assert "deep" not in by_target
    notes = text_run["stdout"] + text_run["stderr"]
    assert "--max-depth" in notes and "deep" in notes
    assert set(odd) - {"dirlink", "deep"} <= set(by_target)


def test_larger_limits_are_still_bounded(tmp_path: Path) -> None:
    """With --max-file-size raised to 64 MiB the big files are parsed (the 20 MB requirements.txt
    takes ~40 s), and --max-depth 20000 walks down to PATH_MAX: still no crash, no escape, and
    bounded (the generous) time."""
    odd = build_tree(tmp_path)
    assert odd
    try:
        result = _run(tmp_path, "--max-file-size", str(64 * 1024 * 1024), "--max-depth", "20000")
    finally:
        remove_deep(tmp_path / "audit" / "deep")
    assert all(run["exit"] in (0, 1) for run in result["runs"]), result["runs"][0]["stderr"][-500:]
    assert "Traceback" not in result["runs"][0]["stderr"]
    opened = [e["path"] for e in result["events"] if e["event"] == "open"]
    assert [p for p in opened if "/outside/" in p] == []
    assert result["seconds"] < TIME_BOUND * 2
    json.loads(result["runs"][0]["stdout"])
    # Below ~2,000 levels the path outgrows PATH_MAX: that directory is a note, not a crash.
    notes = result["runs"][1]["stdout"] + result["runs"][1]["stderr"]
    assert "directory cannot be read" in notes
