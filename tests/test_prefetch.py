"""auditor.prefetch: a big uv.lock read and parsed in a forked child changes no report, is used
only for the very bytes the audit read, and is read only where the audit would read it."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from auditor import prefetch

REPO = Path(__file__).resolve().parents[1]
DEMO = REPO / "examples" / "demo-model"

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the prefetch forks on Linux only")

_RUN = """
import sys
from auditor import assemble, prefetch
from auditor.entry import main
prefetch.ENABLED = {enabled}
if {wait}:  # the child done before the audit scans: its credential hits are taken
    prefetch.start([sys.argv[-1]])
    prefetch._take()
try:
    main(sys.argv[1:])
except SystemExit as exc:
    scanned = assemble.SCAN_COUNT["uv.lock"]
    sys.stderr.write(f"taken={{prefetch.TAKEN}} scanned={{scanned}} exit={{exc.code}}\\n")
"""


def _audit(path: Path, enabled: bool, *args: str, wait: bool = False) -> tuple[str, str]:
    env = dict(os.environ, PYTHONPATH=str(REPO), UV_AUDIT_NO_CACHE="1")
    done = subprocess.run(
        [sys.executable, "-c", _RUN.format(enabled=enabled, wait=wait), "--no-progress", *args, str(path)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    return done.stdout, done.stderr.strip().splitlines()[-1]


def _big_lock(tmp_path: Path, extra: str = "") -> Path:
    """The demo model with 2,000 more wheels in its lock (a registry URL with a password among
    them), so that it is over the prefetch's threshold with a credential to find."""
    target = tmp_path / "model"
    shutil.copytree(DEMO, target)
    lock = (target / "uv.lock").read_text(encoding="utf-8")
    packages = []
    for n in range(400):
        wheels = ",\n".join(
            f'    {{ url = "https://files.pythonhosted.org/packages/ab/cd/x/pkg{n}-{k}.0-py3-none-any.whl", '
            f'hash = "sha256:{n:032x}{k:032x}", size = {1000 + k}, upload-time = "2025-01-0{1 + k % 9}T00:00:00Z" }}'
            for k in range(5)
        )
        source = "https://ci:s3cret-pw@pypi.example.com/simple" if n == 7 else "https://pypi.org/simple"
        packages.append(
            f'[[package]]\nname = "extra-{n}"\nversion = "1.0"\nsource = {{ registry = "{source}" }}\n'
            f"wheels = [\n{wheels},\n]\n"
        )
    (target / "uv.lock").write_text(lock.rstrip("\n") + "\n\n" + "\n".join(packages) + extra, encoding="utf-8")
    assert (target / "uv.lock").stat().st_size > prefetch.MIN_SIZE
    return target


@pytest.mark.parametrize("fmt", ["json", "text"])
def test_a_prefetched_lock_gives_the_same_report(tmp_path: Path, fmt: str) -> None:
    for target in (DEMO, _big_lock(tmp_path)):
        plain, plain_end = _audit(target, False, "--format", fmt)
        fetched, fetched_end = _audit(target, True, "--format", fmt)
        assert fetched == plain and fetched_end.split()[2] == plain_end.split()[2]  # same report, same exit
        # the child parsed the lock; the audit scanned it itself unless the child had already
        assert plain_end.startswith("taken=0 scanned=1") and fetched_end.startswith("taken=1")
        waited, waited_end = _audit(target, True, "--format", fmt, wait=True)
        assert waited == plain and waited_end.startswith("taken=1 scanned=0")  # the child's hits
    big = _big_lock(tmp_path / "big", extra="\n" * (prefetch.SCAN_SIZE + 1))
    plain, _ = _audit(big, False, "--format", fmt)
    waited, waited_end = _audit(big, True, "--format", fmt, wait=True)
    assert waited == plain and waited_end.startswith("taken=1 scanned=1")  # over SCAN_SIZE: scanned here
    assert "UVA701" in fetched and "s3cret-pw" not in fetched  # the lock's credential, redacted


def test_a_lock_marshal_cannot_carry_is_parsed_here(tmp_path: Path) -> None:
    """A TOML datetime (rtoml gives a datetime object) cannot be sent: the audit parses the lock
    itself and reports the same."""
    dated = (
        '\n[[package]]\nname = "dated"\nversion = "1.0"\nsource = { registry = "https://pypi.org/simple" }\n'
        'sdist = { url = "https://files.pythonhosted.org/packages/ab/cd/x/dated-1.0.tar.gz", '
        'hash = "sha256:00", size = 1, upload-time = 2025-01-01T00:00:00Z }\n'
    )
    target = _big_lock(tmp_path, extra=dated)
    plain, plain_end = _audit(target, False, "--format", "json")
    fetched, fetched_end = _audit(target, True, "--format", "json")
    assert fetched == plain and plain_end.startswith("taken=0") and fetched_end.startswith("taken=0 scanned=1")
    assert '"UVA004"' not in fetched  # a valid lock, parsed here


def test_broken_files_are_reported_in_the_same_order_when_the_lock_is_parsed_last(tmp_path: Path) -> None:
    """The audit parses a prefetched lock after the other files: the report (problems, their
    order and lines) is the one of an audit that parses it first."""
    target = _big_lock(tmp_path, extra='\n[[package]]\nname = "broken"\nversion = \n')
    (target / "requirements.txt").write_text("six==1.16.0\nnot a requirement (\n", encoding="utf-8")
    (target / "python_env.yaml").write_text("python: [\n", encoding="utf-8")
    reports = {}
    for fmt in ("json", "text"):
        plain, plain_end = _audit(target, False, "--format", fmt)
        reports[fmt], fetched_end = _audit(target, True, "--format", fmt)
        assert reports[fmt] == plain and fetched_end.split()[2] == plain_end.split()[2]
    found = [p for p in json.loads(reports["json"])["targets"][0]["findings"] if p["rule"] == "UVA004"]
    assert {f["file"].rsplit("/", 1)[-1] for f in found} == {"uv.lock", "requirements.txt", "python_env.yaml"}


_CHANGED = """
import os, sys
from auditor import prefetch
from auditor.entry import main
prefetch.ENABLED = True
prefetch.start([sys.argv[1]])
assert len(prefetch._take()) == 1  # the child read the lock as it was
with open(os.path.join(sys.argv[1], "uv.lock"), "a", encoding="utf-8") as handle:
    handle.write(sys.argv[2])
try:
    main(["--no-progress", "--format", "json", sys.argv[1]])
except SystemExit:
    sys.stderr.write(f"taken={prefetch.TAKEN}\\n")
"""


_LATE = '\n[[package]]\nname = "late"\nversion = "1.0"\nsource = { registry = "https://u:late-pw@h.example/simple" }\n'


def test_results_are_only_for_the_bytes_the_child_read(tmp_path: Path) -> None:
    """The lock changes after the child read it: the audit reads, scans and parses it itself."""
    target = _big_lock(tmp_path)
    env = dict(os.environ, PYTHONPATH=str(REPO), UV_AUDIT_NO_CACHE="1")
    done = subprocess.run(
        [sys.executable, "-c", _CHANGED, str(target), _LATE], capture_output=True, text=True, env=env, timeout=120
    )
    assert done.stderr.strip().splitlines()[-1] == "taken=0"
    assert done.stdout == _audit(target, False, "--format", "json")[0]
    assert "late-pw" not in done.stdout and "h.example" in done.stdout  # the credential added after the read


def test_only_a_plain_uv_lock_directly_in_the_one_directory_is_read(tmp_path: Path) -> None:
    target = _big_lock(tmp_path)
    assert prefetch._lock_path([str(target)]) == str(target / "uv.lock")
    assert prefetch._lock_path([str(target), str(target)]) is None  # several targets: no prefetch
    assert prefetch._lock_path([str(tmp_path / "absent")]) is None
    linked_dir = tmp_path / "linked-dir"
    linked_dir.symlink_to(target, target_is_directory=True)
    assert prefetch._lock_path([str(linked_dir)]) is None
    outside = tmp_path / "outside.lock"
    (target / "uv.lock").rename(outside)
    (target / "uv.lock").symlink_to(outside)
    assert prefetch._lock_path([str(target)]) is None
    (target / "uv.lock").unlink()
    os.mkfifo(target / "uv.lock")
    assert prefetch._lock_path([str(target)]) is None
    (target / "uv.lock").unlink()
    (target / "uv.lock").write_text("version = 1\n", encoding="utf-8")
    assert prefetch._lock_path([str(target)]) is None  # small: not worth a fork


def test_disabled_outside_the_console_script() -> None:
    assert prefetch.ENABLED is False  # the Python API and CliRunner never fork
    prefetch.start([str(DEMO)])
    assert prefetch._child is None
