"""The Python API (auditor.api): audit_files is the whole audit as a pure function of file contents,
audit_paths the CLI's audit as a Report; both agree with the command line."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from auditor.api import Options, audit_files, audit_paths
from auditor.cli.group import main
from tests.conftest import FIXTURES

MODELS = [
    *sorted(p.parent for p in FIXTURES.glob("*/MLmodel") if (p.parent / "requirements.txt").is_file()),
    FIXTURES / "project-checkout",
]


def _files(directory: Path) -> dict[str, bytes]:
    out = {}
    for path in directory.rglob("*"):
        if path.is_file() and "__pycache__" not in path.parts:
            out[path.relative_to(directory).as_posix()] = path.read_bytes()
    return out


def _cli(*args: str) -> dict[str, object]:
    result = CliRunner().invoke(main, [*args, "--format", "json", "--no-progress"])
    assert result.exit_code in (0, 1), result.output
    data: dict[str, object] = json.loads(result.stdout)
    return data


def _keys(findings: list[dict[str, object]], prefix: str) -> list[tuple[object, ...]]:
    def rel(file: object) -> object:
        return str(file).removeprefix(prefix) if isinstance(file, str) else file

    return sorted((f["rule"], f["package"], f["severity"], rel(f["file"]), f["line"], f["message"]) for f in findings)


@pytest.mark.parametrize("directory", MODELS, ids=lambda p: p.name)
def test_audit_files_equals_the_cli(directory: Path) -> None:
    report = audit_files(_files(directory), name="m")
    ours = [f.as_dict() for f in report.findings]
    [target] = _cli(str(directory))["targets"]  # type: ignore[misc]
    theirs = target["findings"]
    assert _keys(ours, "m/") == _keys(theirs, f"{directory}/")
    assert report.artifacts == target["artifacts"]


def test_options_and_environment_are_explicit() -> None:
    files = _files(FIXTURES / "uv-groups-train")
    leaking = {f.rule for f in audit_files(files, name="m").findings}
    assert "UVA301" in leaking
    declared = audit_files(files, name="m", options=Options(groups=("train",)))
    assert "UVA301" not in {f.rule for f in declared.findings}
    from_env = audit_files(files, name="m", environ={"MLFLOW_UV_GROUPS": "train"})
    assert "UVA301" not in {f.rule for f in from_env.findings}


def test_paths_outside_the_target_are_refused() -> None:
    with pytest.raises(ValueError, match="inside the target"):
        audit_files({"../uv.lock": b"version = 1\n"}, name="m")


PURE = """
import builtins, io, os, socket, sys
from pathlib import Path
from auditor.api import audit_files
files = {p.relative_to(sys.argv[1]).as_posix(): p.read_bytes() for p in Path(sys.argv[1]).rglob("*") if p.is_file()}
audit_files(files, name="warm-up")  # every lazy import happens here
def refuse(*args, **kwargs):
    raise AssertionError(f"touched the disk or the network: {args[:1]}")
builtins.open = io.open = os.open = os.scandir = os.listdir = os.stat = os.lstat = refuse
socket.socket = refuse
changed = {**files, "requirements.txt": files["requirements.txt"] + b"\\nsix==1.16.0"}
report = audit_files(changed, name="m")
assert "auditor.load" not in sys.modules and "auditor.discover" not in sys.modules, "disk loaders imported"
print(len(report.findings), sorted({f.rule for f in report.findings}))
"""


def test_audit_files_touches_no_disk_and_imports_no_loader() -> None:
    model = FIXTURES / "train-leak-default-groups"
    done = subprocess.run([sys.executable, "-c", PURE, str(model)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    count, rules = done.stdout.strip().split(" ", 1)
    assert int(count) > 0 and "UVA301" in rules and "UVA203" in rules


def test_audit_paths_is_the_cli_report() -> None:
    report = audit_paths([str(FIXTURES / "clean"), str(FIXTURES / "stale-lock")], jobs=1)
    cli = _cli(str(FIXTURES / "clean"), str(FIXTURES / "stale-lock"))
    assert [t.path for t in report.targets] == [t["path"] for t in cli["targets"]]  # type: ignore[index, union-attr]
    assert report.summary() == cli["summary"] and report.failed


def test_a_directory_key_stands_for_an_empty_directory() -> None:
    files = _files(FIXTURES / "packaged-project")
    assert "UVA502" in {f.rule for f in audit_files(files, name="m").findings}
    logged = audit_files({**files, "src/packaged_project/": b""}, name="m")
    assert "UVA502" not in {f.rule for f in logged.findings}
