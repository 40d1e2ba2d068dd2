"""UVA701: credentials in the logged files, through the real loader and engine. Secrets are built
at run time; every finding is checked against its file (the line exists and shows the URL)."""

from __future__ import annotations

from pathlib import Path

import pytest

from auditor import assemble as load
from auditor.findings import Finding, Severity
from auditor.run import RunOptions
from auditor.secrets import redact
from tests.builder import Pkg, audit_dir, audit_files, rules_of, uv_project, write_files
from tests.rules.common import REQUIREMENTS, project

PASSWORD = "Zq8-" + "uva701-pw"
TOKEN = "gh" + "p_" + "uva701" * 5 + "Tk9x3"
INDEX = f"https://ci:{PASSWORD}@pypi.corp.example/simple"


MARKER = {"MLmodel": "flavors: {}\n"}
"""A directory is a target when it holds MLmodel, uv.lock or pyproject.toml."""


def _uva701(tmp_path: Path, files: dict[str, str | bytes]) -> list[Finding]:
    return rules_of(audit_files(tmp_path, {**MARKER, **files}), "UVA701")


def _check_lines(tmp_path: Path, findings: list[Finding]) -> None:
    """A finding's line exists in its file and, redacted, is what the message shows."""
    for finding in findings:
        assert finding.file is not None and finding.line is not None
        lines = Path(finding.file).read_bytes().decode("utf-8", "replace").splitlines()
        assert 1 <= finding.line <= len(lines)
        assert redact(lines[finding.line - 1]).strip().replace("`", "'") in finding.message
        text = repr(finding)
        assert PASSWORD not in text and TOKEN not in text


@pytest.mark.parametrize(
    ("name", "content", "line"),
    [
        ("requirements.txt", f"--extra-index-url {INDEX}\nsix==1.16.0\n", 1),
        ("requirements.txt", f"six==1.16.0\nlib @ git+https://{TOKEN}@github.com/o/lib.git@v1\n", 2),
        ("requirements.txt", f"six==1.16.0\n-f https://u:{PASSWORD}@wheels.example/\n", 2),
        ("conda.yaml", f"channels:\n- conda-forge\ndependencies:\n- python=3.11\n- pip:\n  - -i {INDEX}\n  - six\n", 6),
        ("conda.yaml", f"channels:\n- https://u:{PASSWORD}@conda.corp.example/main\ndependencies:\n- python=3.11\n", 2),
        (
            "pyproject.toml",
            f'[project]\nname = "d"\nversion = "1"\n\n[[tool.uv.index]]\nname = "corp"\nurl = "{INDEX}"\n',
            7,
        ),
        ("MLmodel", f"artifact_path: s3://{TOKEN}@bucket/models\nflavors: {{}}\n", 1),
        ("python_env.yaml", f"python: 3.11.7\ndependencies:\n- -r requirements.txt\n- --index-url {INDEX}\n", 4),
    ],
    ids=["index-url", "git-token", "find-links", "conda-pip", "conda-channel", "uv-index", "mlmodel", "python-env"],
)
def test_fires_in_each_file_on_its_line(tmp_path: Path, name: str, content: str, line: int) -> None:
    [finding] = _uva701(tmp_path, {name: content})
    assert finding.severity is Severity.ERROR and finding.package is None
    assert finding.file == str(tmp_path / "target" / name) and finding.line == line
    assert "***" in finding.message and (finding.actual or "") in finding.message
    fix = finding.fix or ""
    assert all(word in fix for word in ("Rotate", "UV_INDEX_<NAME>_USERNAME", "keyring", "MLFLOW_TRACKING_TOKEN"))
    _check_lines(tmp_path, [finding])


def test_uv_lock_sources(tmp_path: Path) -> None:
    files = uv_project(
        dependencies=["six", "lib"],
        packages=[
            Pkg("six", "1.16.0", source=f'{{ registry = "{INDEX}" }}'),
            Pkg("lib", "1.0", source=f'{{ git = "https://{TOKEN}@github.com/o/lib.git?rev=v1#0123abcd" }}'),
        ],
    )
    found = _uva701(tmp_path, files)
    lock = files["uv.lock"].splitlines()
    assert sorted(f.line for f in found) == sorted(
        i + 1 for i, text in enumerate(lock) if "@" in text and "://" in text
    )
    messages = " ".join(f.message for f in found)
    assert "(password in a URL)" in messages and "(GitHub token)" in messages
    _check_lines(tmp_path, found)


def test_one_finding_per_file_and_line_naming_every_kind(tmp_path: Path) -> None:
    [finding] = _uva701(tmp_path, {"requirements.txt": f"--extra-index-url {INDEX} # {TOKEN}\nsix==1.16.0\n"})
    assert "password in a URL and GitHub token" in finding.message
    _check_lines(tmp_path, [finding])


def test_files_that_do_not_parse_or_decode_still_leak(tmp_path: Path) -> None:
    files: dict[str, str | bytes] = {
        "pyproject.toml": f'[project\nurl = "{INDEX}"\n',
        "requirements.txt": b"six==1.16.0\n\xff\xfe --index-url " + INDEX.encode() + b"\n",
    }
    findings = audit_files(tmp_path, files)
    found = rules_of(findings, "UVA701")
    assert sorted((Path(f.file or "").name, f.line) for f in found) == [("pyproject.toml", 2), ("requirements.txt", 2)]
    assert rules_of(findings, "UVA004"), "the files are broken"
    assert PASSWORD not in repr(findings)


def test_a_workspace_member_pyproject(tmp_path: Path) -> None:
    files: dict[str, str | bytes] = dict(
        uv_project(
            dependencies=["helper"],
            packages=[Pkg("helper", "0.1.0", source='{ editable = "libs/helper" }', sdist=False, wheels=[])],
        )
    )
    files["libs/helper/pyproject.toml"] = (
        f'[project]\nname = "helper"\nversion = "0.1.0"\n\n[[tool.uv.index]]\nurl = "{INDEX}"\n'
    )
    [finding] = _uva701(tmp_path, files)
    assert finding.file == str(tmp_path / "target" / "libs" / "helper" / "pyproject.toml") and finding.line == 6
    _check_lines(tmp_path, [finding])


@pytest.mark.parametrize(
    "line",
    [
        "--extra-index-url https://${PYPI_USER}:${PYPI_TOKEN}@pypi.corp.example/simple",
        "--index-url https://oauth2accesstoken@us-python.pkg.dev/p/r/simple/",
        "lib @ git+ssh://git@github.com/o/lib.git@v1",
        "lib @ git+https://github.com/o/lib.git@v1",
        "--extra-index-url https://pypi.corp.example/simple",
    ],
    ids=["placeholders", "keyring-username", "ssh", "git-rev", "no-userinfo"],
)
def test_silent_without_a_secret(tmp_path: Path, line: str) -> None:
    assert _uva701(tmp_path, {"requirements.txt": f"{line}\nsix==1.16.0\n"}) == []


def test_other_rules_quote_index_urls_redacted(tmp_path: Path) -> None:
    """UVA505 quotes the index, UVA203 the requirement line, UVA301 the `uv export` header: all
    pass through the report's one redaction step."""
    files = uv_project(dependencies=["six"], packages=[Pkg("six", "1.16.0", source=f'{{ registry = "{INDEX}" }}')])
    findings = audit_files(tmp_path / "index", files)
    [private] = rules_of(findings, "UVA505")
    assert private.actual == "https://ci:***@pypi.corp.example/simple" and "ci:***@" in private.message
    header = f"# This file was autogenerated by uv via the following command:\n#    uv export --index-url {INDEX}\n"
    requirements = header + REQUIREMENTS + "attrs==24.1.0\n" + f"lib @ git+https://{TOKEN}@github.com/o/lib\n"
    findings = audit_files(tmp_path / "leak", {**project(), "requirements.txt": requirements})
    [leak] = rules_of(findings, "UVA301")
    assert "uv export --index-url https://ci:***@pypi.corp.example/simple" in leak.message
    [unlocked] = rules_of(findings, "UVA203")
    assert "git+https://***@github.com/o/lib" in unlocked.message
    assert PASSWORD not in repr(findings) and TOKEN not in repr(findings)


def test_a_store_sharing_a_lock_scans_it_once(tmp_path: Path) -> None:
    files = uv_project(dependencies=["six"], packages=[Pkg("six", "1.16.0", source=f'{{ registry = "{INDEX}" }}')])
    for index in range(30):
        write_files(tmp_path / f"model-{index}", files)
    before = dict(load.SCAN_COUNT)
    found = rules_of(audit_dir(tmp_path), "UVA701")
    assert len(found) == 30 and len({f.file for f in found}) == 30
    assert load.SCAN_COUNT["uv.lock"] - before["uv.lock"] <= 1
    assert load.SCAN_COUNT["pyproject.toml"] - before["pyproject.toml"] <= 1


def test_silent_on_every_fixture_example_and_corpus_entry(corpus: Path) -> None:
    """The real files (MLflow's and uv's output, real projects' locks): no UVA701 anywhere."""
    from tests.conftest import FIXTURES, REPO

    for root in (FIXTURES, REPO / "examples", corpus):
        findings = audit_dir(root, options=RunOptions(paths=(str(root),), max_depth=6))
        assert findings and rules_of(findings, "UVA701") == [], root


def test_the_documented_failing_example_never_repeats_its_password(tmp_path: Path) -> None:
    from rules.credentials import credential_in_artifact

    files = credential_in_artifact.example("failing")
    findings = audit_files(tmp_path, files)
    [finding] = rules_of(findings, "UVA701")
    assert finding.line == 1 and "https://ci-bot:***@pypi.example.com/simple" in finding.message
    assert "not-a-real-password" in files["requirements.txt"] and "not-a-real-password" not in repr(findings)
