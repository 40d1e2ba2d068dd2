"""`--format cyclonedx1.5`: our SBOM against what real uv 0.13.9 printed.

uv's serialNumber, timestamp and tool are replaced by ours in uv's text; everything else must be
byte-identical. With uv 0.13.9 installed the committed outputs are re-made (offline) and real uv
is run on the shared corpus.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from auditor.export import export, selection_from_argv
from auditor.export.cyclonedx import Tool, render_cyclonedx
from tests.export.corpus_util import CORPUS, manifest
from tests.export.test_pylock import (
    CONFORMANCE,
    GENERATED_AT,
    expected_text,
    fixture,
    load,
    run_uv,
    split_args,
    variants,
)
from tests.realuv import uv_binary

SERIAL = "urn:uuid:00000000-1111-4222-8333-444444444444"
TIMESTAMP = "2026-01-02T03:04:05.060708090Z"
UV_AUDIT = Tool(vendor="uv-audit", name="uv-audit", version="9.9.9")
WARNING = (
    "warning: `uv export --format=cyclonedx1.5` is experimental and may change without warning. "
    "Pass `--preview-features sbom-export` to disable this warning.\n"
)


def as_ours(uv_text: str) -> str:
    """uv's SBOM text with the three varying fields set to ours (and nothing else touched)."""
    text, n = re.subn(r'"serialNumber": "urn:uuid:[0-9a-f-]{36}"', f'"serialNumber": "{SERIAL}"', uv_text)
    assert n == 1
    text, n = re.subn(r'"timestamp": "[0-9T:.-]+Z"', f'"timestamp": "{TIMESTAMP}"', text, count=1)
    assert n == 1
    tool = (
        '"tools": [\n      {\n        "vendor": "Astral Software Inc.",\n        "name": "uv",\n'
        '        "version": "0.13.9"\n      }\n    ]'
    )
    assert text.count(tool) == 1
    mine = json.dumps([{"vendor": UV_AUDIT.vendor, "name": UV_AUDIT.name, "version": UV_AUDIT.version}], indent=2)
    return text.replace(tool, '"tools": ' + mine.replace("\n", "\n    "))


def render(project: str, entry: dict[str, Any]) -> str:
    lock, context, _ = fixture(project)
    args, _, _ = split_args(entry["argv"][2:])
    selection, options = selection_from_argv(args)
    result = export(lock, context, selection, check_conflicts=False)
    return render_cyclonedx(
        result, lock, context, selection, serial=SERIAL, timestamp=TIMESTAMP, tool=UV_AUDIT, hashes=options.hashes
    )


SUCCESSES = [(p, n, e) for p, n, e in variants("cyclonedx1.5") if e["returncode"] == 0]


@pytest.mark.parametrize(("project", "name", "entry"), SUCCESSES, ids=[f"{p}:{n}" for p, n, _ in SUCCESSES])
def test_cyclonedx_matches_uv(project: str, name: str, entry: dict[str, Any]) -> None:
    text = render(project, entry)
    for theirs in expected_text(project, entry):
        assert text == as_ours(theirs)


def test_uv_warns_on_stderr_only() -> None:
    """uv's experimental warning goes to stderr; stdout is the JSON alone, without a final newline."""
    for project, _, entry in SUCCESSES:
        if "stdout" in entry:
            assert entry["stderr"] == WARNING
            assert expected_text(project, entry)[0].endswith("}")


def test_variants_cover_the_sbom_fields() -> None:
    seen = "".join(t for p, _, e in SUCCESSES for t in expected_text(p, e))
    for key in (
        "uv:package:is_synthetic_root", "uv:package:is_project_root", "uv:workspace:path", "uv:package:marker",
        "?vcs_url=", "?download_url=", "?repository_url=", '"externalReferences"', '"dependsOn"', '"uv-workspace-',
    ):  # fmt: skip
        assert key in seen, key


def test_sbom_is_valid_json_naming_every_exported_package() -> None:
    lock, context, _ = fixture("workspace")
    selection, _ = selection_from_argv(["--all-packages", "--all-extras", "--all-groups"])
    result = export(lock, context, selection, check_conflicts=False)
    bom = json.loads(
        render_cyclonedx(result, lock, context, selection, serial=SERIAL, timestamp=TIMESTAMP, tool=UV_AUDIT)
    )
    names = {c["name"] for c in bom["components"]} | {bom["metadata"]["component"]["name"]}
    assert {e.name for e in result.entries} <= names
    refs = {c["bom-ref"] for c in bom["components"]} | {bom["metadata"]["component"]["bom-ref"]}
    assert all(d["ref"] in refs and set(d.get("dependsOn", ())) <= refs for d in bom["dependencies"])


def test_committed_cyclonedx_outputs_are_current(tmp_path: Path) -> None:
    uv = uv_binary()
    checked = 0
    for project, _, entry in SUCCESSES:
        copy = tmp_path / project
        if not copy.exists():
            shutil.copytree(CONFORMANCE / project, copy, ignore=shutil.ignore_patterns(".expected"))
        run = run_uv(uv, entry["argv"][1:], copy if entry["cwd"] == "." else tmp_path)
        assert run.returncode == 0, run.stderr
        made = [run.stdout] if run.stdout else []
        for written in entry.get("files", {}):
            made.append((copy / written).read_text(encoding="utf-8"))
            (copy / written).unlink()
        made = [as_ours(t.replace(str(tmp_path), GENERATED_AT)) for t in made]
        assert made == [as_ours(t) for t in expected_text(project, entry)]
        checked += 1
    assert checked >= 30


CORPUS_ENTRIES = [(e["name"], e["project_dir"]) for e in manifest()]
CORPUS_VARIANTS = [["--no-dev"], ["--all-packages", "--all-extras", "--all-groups", "--no-hashes"]]


@pytest.mark.parametrize(("name", "project_dir"), CORPUS_ENTRIES, ids=[n for n, _ in CORPUS_ENTRIES])
def test_corpus_cyclonedx_matches_uv(name: str, project_dir: str, tmp_path: Path) -> None:
    uv = uv_binary()
    copy = tmp_path / name
    shutil.copytree(CORPUS / name, copy, ignore=shutil.ignore_patterns(".expected"))
    directory = copy / project_dir
    lock, context = load(directory)
    for args in CORPUS_VARIANTS:
        run = run_uv(uv, ["export", "--frozen", "--format", "cyclonedx1.5", *args], directory)
        assert run.returncode == 0, run.stderr
        selection, options = selection_from_argv(args)
        result = export(lock, context, selection, check_conflicts=False)
        text = render_cyclonedx(
            result, lock, context, selection, serial=SERIAL, timestamp=TIMESTAMP, tool=UV_AUDIT, hashes=options.hashes
        )
        assert text == as_ours(run.stdout), args
