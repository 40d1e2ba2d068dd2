"""`uv-audit export <uv's flags>` run where uv ran, against what uv 0.13.9 really printed.

Every variant scripts/gen_export_conformance.py recorded (every format, every flag of
`uv export --help`, the conflicts uv refuses, `-o` names, `--project`/`--directory` from the
parent directory) is run through the real CLI in a copy of its project: exit code, stdout, the
files `-o` wrote, and for errors stderr, must be uv's. Paths uv printed under the generator's
directory are compared after putting the copy's path back; CycloneDX serial numbers, timestamps
and tools and pylock's `created-by` are ours by design (issue 15, part 3).
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from auditor.cli.group import main
from auditor.export.flags import BY_NAME, FLAGS, RenderOptions
from auditor.export.selection import Selection
from tests.export.test_pylock import CONFORMANCE, GENERATED_AT

HELP = CONFORMANCE / "uv-export-help.txt"


def _recorded() -> list[tuple[str, str, dict[str, Any]]]:
    out = []
    for commands in sorted(CONFORMANCE.glob("*/.expected/commands.json")):
        for name, entry in json.loads(commands.read_text(encoding="utf-8")).items():
            out.append((commands.parents[1].name, name, entry))
    return out


def _ours(text: str) -> str:
    """The fields that name the tool and the moment, made equal on both sides."""
    text = re.sub(r'"serialNumber": "urn:uuid:[0-9a-f-]{36}"', '"serialNumber": ""', text)
    text = re.sub(r'"timestamp": "[0-9T:.-]+Z"', '"timestamp": ""', text, count=1)
    text = re.sub(r'"tools": \[\n(      .*\n)*    \]', '"tools": []', text, count=1)
    return text.replace('\ncreated-by = "uv-audit"\n', '\ncreated-by = "uv"\n')


@pytest.fixture(scope="module")
def projects(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("conformance")
    for project in CONFORMANCE.iterdir():
        if project.is_dir():
            shutil.copytree(project, base / project.name, ignore=shutil.ignore_patterns(".expected"))
    return base


RECORDED = _recorded()


@pytest.mark.parametrize(("project", "name", "entry"), RECORDED, ids=[f"{p}:{n}" for p, n, _ in RECORDED])
def test_cli_matches_uv(
    project: str, name: str, entry: dict[str, Any], projects: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = projects / project
    monkeypatch.chdir(home if entry["cwd"] == "." else projects)
    before = {p for p in home.rglob("*") if p.is_file()}
    result = CliRunner().invoke(main, ["export", *entry["argv"][2:]])
    written = {str(p.relative_to(home)): p for p in home.rglob("*") if p.is_file() and p not in before}
    made = {k: p.read_text(encoding="utf-8") for k, p in written.items()}
    for path in written.values():
        path.unlink()
    expected = CONFORMANCE / project / ".expected"

    def put_back(text: str) -> str:
        return _ours(text.replace(str(projects), GENERATED_AT))

    assert result.exit_code == entry["returncode"], result.output
    theirs = (expected / entry["stdout"]).read_text(encoding="utf-8") if "stdout" in entry else ""
    assert put_back(result.stdout) == _ours(theirs)
    files = {k: _ours((expected / v).read_text(encoding="utf-8")) for k, v in entry.get("files", {}).items()}
    assert {k: put_back(v) for k, v in made.items()} == files
    if entry["returncode"] != 0:
        assert result.stderr.replace(str(projects), GENERATED_AT) == entry["stderr"]


def _help_flags() -> list[str]:
    """Every option `uv export --help` (uv 0.13.9, committed) lists: long names and short ones."""
    names = []
    for line in HELP.read_text(encoding="utf-8").splitlines():
        found = re.match(r"^\s+(?:(-[A-Za-z]), )?(--[a-z][a-z0-9-]*)", line)
        if found:
            names += [n for n in found.groups() if n]
    return names


def test_every_flag_of_uv_export_help_is_handled() -> None:
    names = _help_flags()
    assert len(names) > 80 and "--no-emit-local" in names and "-o" in names
    missing = [n for n in names if n not in BY_NAME and n not in ("-h", "--help")]
    assert missing == []


def test_each_flag_is_implemented_or_ignored_with_a_reason() -> None:
    implemented = {f.name for f in Selection.__dataclass_fields__.values()} | set(RenderOptions.__dataclass_fields__)
    for flag in FLAGS:
        if flag.ignored is None:
            assert flag.dest in implemented, flag.names
        else:
            assert flag.dest.startswith("ignored_") and len(flag.ignored) > 20, flag.names
            assert flag.help == f"Accepted and ignored: {flag.ignored}.", flag.names
    hidden = ("--only-emit-project", "--only-emit-workspace", "--only-emit-package", "--only-emit-local")
    assert all(name in BY_NAME and BY_NAME[name].ignored is None for name in hidden)


def test_path_is_optional(projects: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No PATH: the current directory, as uv; a PATH gives the same export as running there."""
    monkeypatch.chdir(projects / "registry")
    here = CliRunner().invoke(main, ["export", "--frozen", "--no-header"])
    monkeypatch.chdir(projects)
    there = CliRunner().invoke(main, ["export", "registry", "--frozen", "--no-header"])
    assert here.exit_code == there.exit_code == 0 and here.stdout == there.stdout
    assert here.stdout.startswith("-e .\n")


def test_cyclonedx_names_uv_audit(projects: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(projects / "workspace")
    bom = json.loads(CliRunner().invoke(main, ["export", "--frozen", "--format", "cyclonedx1.5"]).stdout)
    assert bom["metadata"]["tools"][0]["name"] == "uv-audit"
    assert re.fullmatch(r"urn:uuid:[0-9a-f-]{36}", bom["serialNumber"])
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z", bom["metadata"]["timestamp"])
