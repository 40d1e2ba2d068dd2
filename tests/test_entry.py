"""The `uv-audit` console script leaves without the interpreter's teardown (auditor.entry.console):
every report is complete, the exit code is the audit's, and a closed pipe is no traceback."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

FIXTURES = Path(__file__).resolve().parent / "fixtures"
REPO = Path(__file__).resolve().parents[1]


def _cli(*args: str, cwd: Path = REPO, **kwargs: object) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=str(REPO), UV_AUDIT_NO_CACHE="1")
    return subprocess.run(  # type: ignore[call-overload, no-any-return]
        [sys.executable, "-m", "auditor", *args], cwd=cwd, env=env, text=True, timeout=120, **kwargs
    )


def test_reports_are_complete_and_the_exit_code_is_the_audits(tmp_path: Path) -> None:
    html = tmp_path / "report.html"
    done = _cli(
        "--format", "json", "--no-progress", "-o", f"{html}:html", str(FIXTURES / "stale-lock"), capture_output=True
    )
    assert done.returncode == 1 and done.stderr == ""
    report = json.loads(done.stdout)
    assert report["summary"]["targets"] == 1 and any(
        f["rule"] == "UVA101" for t in report["targets"] for f in t["findings"]
    )
    assert html.read_text(encoding="utf-8").rstrip().endswith("</html>")
    clean = _cli("--format", "text", "--no-progress", str(FIXTURES / "clean"), capture_output=True)
    assert clean.returncode == 0 and clean.stdout.strip()


def test_a_closed_pipe_is_no_traceback() -> None:
    env = dict(os.environ, PYTHONPATH=str(REPO), UV_AUDIT_NO_CACHE="1")
    producer = subprocess.Popen(
        [sys.executable, "-m", "auditor", "--format", "json", "--no-progress", str(FIXTURES)],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert producer.stdout is not None and producer.stderr is not None
    producer.stdout.read(10)
    producer.stdout.close()
    err = producer.stderr.read().decode()
    assert producer.wait(timeout=120) in (0, 1)
    assert "Traceback" not in err and "Exception ignored" not in err


def test_a_closed_stdout_still_gives_the_audits_exit_code() -> None:
    env = dict(os.environ, PYTHONPATH=str(REPO), UV_AUDIT_NO_CACHE="1")
    for fixture, code in (("stale-lock", 1), ("clean", 0)):
        command = f'"{sys.executable}" -m auditor --format json "{FIXTURES / fixture}" >&-'
        done = subprocess.run(["sh", "-c", command], cwd=REPO, env=env, capture_output=True, text=True, timeout=120)
        assert done.returncode == code, done.stderr
        assert "Traceback" not in done.stderr
