"""Issue 17's acceptance: credentials in a real model's files are reported (UVA701, right file and
line) and never reach any output: every format of the real CLI (CliRunner and the installed entry
point), stderr, and reports of random secrets put into random URLs of real fixture files.

The model directories are real fixture files (tests/fixtures, written by MLflow and uv) with the
credentials inserted here; the secrets are built at run time and look fake."""

from __future__ import annotations

import json
import os
import shutil
import string
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from auditor.api import audit_paths
from auditor.cli.group import main
from auditor.render import Format, render
from tests.conftest import FIXTURES

FORMATS = [f.value for f in Format]
SECRETS = {
    # letters and digits only: no renderer's escaping (HTML, JSON, markdown, annotations) changes them
    "requirements": "Rq7" + "FakeIndexPw",
    "conda": "Cd7" + "FakePipPw",
    "pyproject": "Pp7" + "FakeUvIndexPw",
    "lock": "Lk7" + "FakeLockPw",
    "github": "gh" + "p_" + "FAKEfake0123456789" * 2,
}


@dataclass(frozen=True)
class Planted:
    directory: Path
    lines: dict[str, int]
    """File name -> the line that holds its credential."""


def _insert(path: Path, before: str, new: str) -> int:
    """Put `new` on the line before the first line that starts with `before`; its 1-based line."""
    lines = path.read_text(encoding="utf-8").split("\n")
    index = next(i for i, line in enumerate(lines) if line.startswith(before))
    lines.insert(index, new)
    path.write_text("\n".join(lines), encoding="utf-8")
    return index + 1


def plant(root: Path) -> Planted:
    """tests/fixtures/clean with credentials in requirements.txt (an index and a git URL with a
    GitHub token), conda.yaml's pip options, pyproject.toml's index and a uv.lock source."""
    directory = root / "model"
    shutil.copytree(FIXTURES / "clean", directory)
    s = SECRETS
    lines = {
        "requirements.txt": _insert(
            directory / "requirements.txt",
            "",
            f"--extra-index-url https://ci:{s['requirements']}@pypi.corp.example/simple",
        ),
        "conda.yaml": _insert(
            directory / "conda.yaml",
            "  - annotated-doc",
            f"  - --index-url https://bob:{s['conda']}@pip.corp.example/simple",
        ),
    }
    with open(directory / "requirements.txt", "a", encoding="utf-8") as handle:
        handle.write(f"\ninternal-lib @ git+https://{s['github']}@github.com/example/internal-lib.git@v1\n")
    github_line = (directory / "requirements.txt").read_text(encoding="utf-8").count("\n")
    with open(directory / "pyproject.toml", "a", encoding="utf-8") as handle:
        handle.write(
            f'\n[[tool.uv.index]]\nname = "corp"\nurl = "https://corp:{s["pyproject"]}@pypi.corp.example/simple"\n'
        )
    lines["pyproject.toml"] = (directory / "pyproject.toml").read_text(encoding="utf-8").count("\n")
    lock = directory / "uv.lock"
    text = lock.read_text(encoding="utf-8")
    start = text.index('[[package]]\nname = "tqdm"')
    pypi = 'source = { registry = "https://pypi.org/simple" }'
    at = text.index(pypi, start)
    text = (
        text[:at]
        + f'source = {{ registry = "https://corp:{s["lock"]}@pypi.corp.example/simple" }}'
        + text[at + len(pypi) :]
    )
    lock.write_text(text, encoding="utf-8")
    lines["uv.lock"] = text[:at].count("\n") + 1
    return Planted(directory, {**lines, "requirements.txt#git": github_line})


def _skeleton(text: str) -> str:
    return "".join(c for c in text if c.isalnum())


def _shows(text: str, secret: str) -> bool:
    """`secret` in `text`, also as any renderer may escape it (only its letters and digits)."""
    core = _skeleton(secret)
    return secret in text or (len(core) >= 8 and core in _skeleton(text))


def _leaks(text: str) -> list[str]:
    return [name for name, secret in SECRETS.items() if _shows(text, secret)]


@pytest.fixture
def planted(tmp_path: Path) -> Planted:
    return plant(tmp_path)


def test_uva701_in_each_file_on_the_right_line(planted: Planted) -> None:
    result = CliRunner().invoke(main, [str(planted.directory), "--format", "json"])
    assert result.exit_code == 1, result.stderr
    [target] = json.loads(result.stdout)["targets"]
    found = {(Path(f["file"]).name, f["line"]) for f in target["findings"] if f["rule"] == "UVA701"}
    expected = {(name.split("#")[0], line) for name, line in planted.lines.items()}
    assert found == expected
    for finding in (f for f in target["findings"] if f["rule"] == "UVA701"):
        line = Path(finding["file"]).read_text(encoding="utf-8").split("\n")[finding["line"] - 1]
        assert "@" in line and finding["actual"] in finding["message"] and "***" in finding["actual"]
    private = [f for f in target["findings"] if f["rule"] == "UVA505"]
    assert private and all("corp:***@pypi.corp.example" in f["message"] for f in private)


@pytest.mark.parametrize("fmt", FORMATS)
def test_no_format_repeats_a_secret(planted: Planted, fmt: str, tmp_path: Path) -> None:
    result = CliRunner().invoke(main, [str(planted.directory), "--format", fmt])
    assert result.exit_code == 1 and result.stdout
    assert _leaks(result.stdout) == [] and _leaks(result.stderr) == []
    written = tmp_path / f"report.{fmt}"
    result = CliRunner().invoke(main, [str(planted.directory), "--format", fmt, "-o", str(written)])
    assert result.exit_code == 1 and _leaks(written.read_text(encoding="utf-8")) == []
    assert "***" in written.read_text(encoding="utf-8").replace("\\*", "*")


def test_the_installed_entry_point_repeats_no_secret(planted: Planted) -> None:
    exe = shutil.which("uv-audit", path=str(Path(sys.executable).parent))
    if exe is None:
        pytest.skip("uv-audit is not installed in this environment")
    for fmt in FORMATS:
        done = subprocess.run(
            [exe, str(planted.directory), "--format", fmt], capture_output=True, text=True, timeout=120
        )
        assert done.returncode == 1, done.stderr
        assert "UVA701" in done.stdout or "credential-in-artifact" in done.stdout
        assert _leaks(done.stdout) == [] and _leaks(done.stderr) == [], fmt
    secret = SECRETS["requirements"]
    bad = subprocess.run(
        [exe, f"https://ci:{secret}@nowhere.example/model"], capture_output=True, text=True, timeout=60
    )
    assert bad.returncode == 2 and "ci:***@nowhere.example" in bad.stderr and secret not in bad.stderr


def test_error_lines_on_stderr_hide_credentials() -> None:
    secret = SECRETS["requirements"]
    result = CliRunner().invoke(main, [f"https://ci:{secret}@nowhere.example/model", "--format", "json"])
    assert result.exit_code == 2 and secret not in result.stderr and "***" in result.stderr
    result = CliRunner().invoke(
        main, ["--output", f"/nonexistent-dir/https://ci:{secret}@h/x", str(FIXTURES / "clean")]
    )
    assert result.exit_code == 2 and secret not in result.stderr


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_path_that_reads_as_a_url_is_redacted_in_paths_and_notes(tmp_path: Path, fmt: str) -> None:
    """`DIR/https://ci:SECRET@host` is a real path (`https:/ci:SECRET@host`): the target's path and
    the skipped-directory notes show it redacted."""
    secret = SECRETS["conda"]
    given = f"{tmp_path}/https://ci:{secret}@host.example"
    model = Path(given) / "model"
    shutil.copytree(FIXTURES / "outside-interpreter", model)
    (Path(given) / "a" / "b" / "c").mkdir(parents=True)
    result = CliRunner().invoke(main, [given, "--max-depth", "1", "--format", fmt])
    assert result.exit_code in (0, 1), result.stderr
    assert not _shows(result.stdout, secret) and not _shows(result.stderr, secret)
    if fmt in ("text", "json"):
        assert "https://ci:***@host.example/model" in result.stdout
    if fmt == "text":
        assert "max-depth" in result.stdout


def test_a_tracking_uri_with_credentials_never_reaches_stderr() -> None:
    pytest.importorskip("mlflow")
    from tests.remote.conftest import _free_port

    secret = SECRETS["pyproject"]
    dead = f"http://ci:{secret}@127.0.0.1:{_free_port()}"
    for args in (["runs:/abc/model"], ["--experiment", "x"], ["--registered-models"]):
        result = CliRunner().invoke(main, [*args, "--tracking-uri", dead, "--format", "json"])
        assert result.exit_code == 1 and result.stderr
        assert secret not in result.stderr and secret not in result.stdout, result.stderr


def test_describe_redacts_before_it_cuts() -> None:
    pytest.importorskip("mlflow")
    from auditor.remote.fetch import describe

    secret = SECRETS["lock"]
    uri = f"https://ci:{secret}@mlflow.corp.example"
    long = "x" * 290 + f" {uri}/api/2.0/mlflow/runs/get"
    for message in (long, f"403 Client Error: Forbidden for url: {uri}/api", f"RESOURCE_DOES_NOT_EXIST: {uri}"):
        line = describe(RuntimeError(message), uri)
        assert secret not in line and secret[:4] not in line, line


# Random secrets in random URLs of real fixture files.

SMALL_FIXTURES = ("outside-interpreter", "project-checkout", "clean")
PASSWORD = st.text(alphabet=string.ascii_letters + string.digits + "-._~!*+,;=", min_size=12, max_size=40)
TOKEN = st.tuples(
    st.text(alphabet=string.ascii_letters, min_size=6, max_size=20),
    st.text(alphabet=string.digits, min_size=3, max_size=10),
    st.text(alphabet=string.ascii_letters + string.digits, min_size=11, max_size=20),
).map("".join)
CARRIERS = {
    # a URL line to add when the file has none
    "requirements.txt": "--extra-index-url https://pypi.corp.example/simple",
    "conda.yaml": "channels:\n- https://conda.corp.example/main",
    "pyproject.toml": '\n[[tool.uv.index]]\nname = "corp"\nurl = "https://pypi.corp.example/simple"',
}


def _urls(text: str) -> list[int]:
    """Where a userinfo can go: right after each `://`."""
    out, at = [], text.find("://")
    while at >= 0:
        out.append(at + 3)
        at = text.find("://", at + 3)
    return out


def _report_texts(directory: Path) -> list[str]:
    """Every format's rendering of the audit of `directory` (the public API, then each renderer)."""
    report = audit_paths([str(directory)], environ={})
    return [render(report, fmt) for fmt in Format]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    fixture=st.sampled_from(SMALL_FIXTURES),
    name=st.sampled_from(["uv.lock", "requirements.txt", "conda.yaml", "pyproject.toml", "MLmodel"]),
    position=st.integers(min_value=0),
    lone=st.booleans(),
    password=PASSWORD,
    token=TOKEN,
)
def test_random_secrets_in_random_urls_never_appear(
    fixture: str, name: str, position: int, lone: bool, password: str, token: str
) -> None:
    secret = token if lone else password
    with tempfile.TemporaryDirectory() as scratch:
        directory = Path(scratch) / "model"
        shutil.copytree(FIXTURES / fixture, directory)
        path = directory / name
        if not path.is_file():
            return
        text = path.read_text(encoding="utf-8")
        assume(not _shows(text, secret) and not any(_shows(t, secret) for t in _report_texts(directory)))
        if not _urls(text) and name in CARRIERS:
            text = text.rstrip("\n") + "\n" + CARRIERS[name] + "\n"
        urls = _urls(text)
        assume(urls)
        at = urls[position % len(urls)]
        text = text[:at] + (f"{secret}@" if lone else f"ci-user:{secret}@") + text[at:]
        path.write_text(text, encoding="utf-8")
        line = text[:at].count("\n") + 1
        outputs = _report_texts(directory)
        for output in outputs:
            assert not _shows(output, secret)
        data = json.loads(outputs[FORMATS.index("json")])
        lines = {
            (os.path.basename(f["file"]), f["line"]) for f in data["targets"][0]["findings"] if f["rule"] == "UVA701"
        }
        assert (name, line) in lines


def test_export_errors_on_stderr_hide_credentials(tmp_path: Path) -> None:
    """`uv-audit export --locked` names each difference on stderr; a direct URL keeps its place
    there, not its password (uv's own messages redact it too)."""
    from tests.builder import uv_project, write_files

    secret = SECRETS["lock"]
    files = uv_project(dependencies=["six"], lock_dependencies=[])
    url = f"https://ci:{secret}@wheels.corp.example/lib-1.0-py3-none-any.whl"
    files["pyproject.toml"] = files["pyproject.toml"].replace('"six",', f'"lib @ {url}",')
    write_files(tmp_path / "proj", files)
    result = CliRunner().invoke(main, ["export", "--locked", str(tmp_path / "proj")])
    assert result.exit_code == 1 and "needs to be updated" in result.stderr
    assert "ci:***@wheels.corp.example" in result.stderr and secret not in result.stderr
