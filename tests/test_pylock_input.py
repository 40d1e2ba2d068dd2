"""pylock.toml next to uv.lock is audited like requirements.txt (SPEC §2): the UVA2xx and UVA3xx
rules apply to it with its own file and lines; a broken one is UVA004. The pylock files are real
`uv export --format pylock.toml` outputs of uv 0.13.9 (tests/fixtures/export-conformance)."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from auditor.cli.group import main
from auditor.pylockfile import parse_pylock
from tests.conftest import FIXTURES

PROJECT = FIXTURES / "export-conformance" / "registry"
EXPECTED = PROJECT / ".expected"
pytestmark = pytest.mark.skipif(not EXPECTED.is_dir(), reason="export-conformance fixtures are missing")


def _target(tmp_path: Path, pylock: str, name: str = "pylock.toml") -> Path:
    target = tmp_path / "model"
    target.mkdir(parents=True)
    for file in ("uv.lock", "pyproject.toml"):
        shutil.copy(PROJECT / file, target / file)
    (target / ".python-version").write_text("3.11\n")
    (target / name).write_text(pylock)
    return target


def _findings(target: Path, *args: str) -> list[dict[str, object]]:
    result = CliRunner().invoke(main, [str(target), "--format", "json", *args])
    assert result.exit_code in (0, 1), result.output
    return [f for t in json.loads(result.stdout)["targets"] for f in t["findings"]]


def _about(findings: list[dict[str, object]], name: str = "pylock.toml") -> list[dict[str, object]]:
    return [f for f in findings if str(f["file"]).endswith(name)]


def test_the_export_mlflow_would_run_is_clean(tmp_path: Path) -> None:
    target = _target(tmp_path, (EXPECTED / "pylock-mlflow.out").read_text())
    assert _about(_findings(target)) == []


def test_a_changed_version_a_missing_package_and_a_leak_point_into_pylock(tmp_path: Path) -> None:
    text = (EXPECTED / "pylock-all.out").read_text()  # every group and extra: leaks for core-only
    text = text.replace('name = "six"\nversion = "1.16.0"', 'name = "six"\nversion = "1.15.0"')
    text = re.sub(r'\[\[packages\]\]\nname = "docopt"\n.*?\n\n', "", text, flags=re.S)
    target = _target(tmp_path, text)
    findings = _about(_findings(target))
    lines = (target / "pylock.toml").read_text().splitlines()
    by_rule = {(f["rule"], f["package"]): f for f in findings}
    drift = by_rule[("UVA201", "six")]
    assert lines[int(str(drift["line"])) - 1] == 'name = "six"'
    assert "pylock.toml pins six==1.15.0" in str(drift["message"])
    missing = by_rule[("UVA202", "docopt")]
    assert missing["line"] is None and "pylock.toml does not list it" in str(missing["message"])
    assert ("UVA302", "click") in by_rule and ("UVA301", "iniconfig") in by_rule
    for finding in findings:
        if finding["line"] is not None:
            assert f'name = "{finding["package"]}"' == lines[int(str(finding["line"])) - 1]


def test_a_named_pylock_is_read_and_requirements_txt_is_still_audited(tmp_path: Path) -> None:
    target = _target(tmp_path, (EXPECTED / "pylock-mlflow.out").read_text(), name="pylock.serve.toml")
    (target / "requirements.txt").write_text("six==1.15.0\n")
    findings = _findings(target)
    assert _about(findings, "pylock.serve.toml") == []
    assert [f["rule"] for f in _about(findings, "requirements.txt") if f["package"] == "six"] == ["UVA201"]


def test_a_broken_pylock_is_uva004_with_its_line(tmp_path: Path) -> None:
    target = _target(tmp_path, 'lock-version = "1.0"\n[[packages]]\nname = "six"\nversion = \n')
    [broken] = [f for f in _findings(target) if f["rule"] == "UVA004"]
    assert str(broken["file"]).endswith("pylock.toml") and broken["line"] == 4
    target = _target(tmp_path / "v", 'lock-version = "2.0"\n')
    [unsupported] = [f for f in _findings(target) if f["rule"] == "UVA004"]
    assert "lock-version" in str(unsupported["message"]) and unsupported["line"] == 1


def test_every_recorded_pylock_parses() -> None:
    outputs = sorted((FIXTURES / "export-conformance").glob("*/.expected/*pylock*.out"))
    outputs = [p for p in outputs if p.read_text().lstrip().startswith(("#", "lock-version"))]
    assert outputs
    for path in outputs:
        parsed = parse_pylock(path.read_text())
        assert parsed.lines and all(line.name for line in parsed.lines), path
