"""`uv-audit export --mlflow` against the requirements.txt real MLflow 3.17.2 + uv 0.13.9 logged.

Every model directory in tests/fixtures (top level, and the models inside run-dir/ and
file-store/) plus examples/demo-model is exported with the groups, extras, mlflow and cloudpickle
versions that MANIFEST.json records for it, and must equal the logged file byte for byte. Models
whose requirements.txt did not come from `uv export` cannot be reproduced from uv.lock; they are
listed with the reason, not skipped silently.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from auditor.cli.export import command as export_command

ROOT = Path(__file__).resolve().parents[2]
MANIFEST = ROOT / "tests" / "fixtures" / "MANIFEST.json"
pytestmark = pytest.mark.skipif(not MANIFEST.is_file(), reason="fixtures not available")


@dataclass(frozen=True)
class Model:
    id: str
    directory: Path
    case: dict[str, Any]


def models() -> list[Model]:
    if not MANIFEST.is_file():
        return []
    fixtures: dict[str, dict[str, Any]] = json.loads(MANIFEST.read_text())["fixtures"]
    out = []
    for name, info in fixtures.items():
        if info["kind"] == "model":
            out.append(Model(name, ROOT / info["path"], info))
        for nested in info.get("models", ()):
            directory = ROOT / info["path"] / nested["path"]
            out.append(Model(f"{name}/{nested['path']}", directory, fixtures[nested["case"]]))
    return out


MODELS = models()


def not_reproducible(model: Model) -> str | None:
    """Why the logged requirements.txt cannot come out of uv.lock, or None."""
    case = model.case
    if not case["uv_on_path"] or case["requirements_source"] != "uv export":
        return f"requirements.txt came from MLflow's {case['requirements_source']}, not from uv export"
    if case["flavor"] != "python_function":
        return f"the {case['flavor']} flavor copies no uv files and adds its own requirements"
    if not (model.directory / "uv.lock").is_file():
        return "no uv.lock was logged"
    return None


def _export(model: Model) -> str:
    case = model.case
    args = ["--mlflow", str(model.directory)]
    args += [f"--group={g}" for g in case["uv_groups"]] + [f"--extra={e}" for e in case["uv_extras"]]
    args += ["--mlflow-version", case["mlflow_version"], "--cloudpickle-version", case["cloudpickle_version"]]
    result = CliRunner().invoke(export_command, args)
    assert result.exit_code == 0, result.output
    return result.output


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.id)
def test_reproduces_logged_requirements(model: Model) -> None:
    reason = not_reproducible(model)
    if reason is not None:
        pytest.skip(reason)
    logged = (model.directory / "requirements.txt").read_bytes()
    assert _export(model).encode() == logged


def test_expected_models_are_reproducible() -> None:
    """Every model logged from `uv export` counts; the list of exceptions stays small and named."""
    reproducible = [m.id for m in MODELS if not_reproducible(m) is None]
    assert {"clean", "uv-groups-train", "uv-extras-serve", "outside-interpreter", "demo-model"} <= set(reproducible)
    assert {m.id for m in MODELS if not_reproducible(m) is not None} == {
        "import-inference",
        "sklearn-flavor",
        "sklearn-in-uv-project",
    }


def test_defaults_come_from_the_lock() -> None:
    """Without --mlflow-version/--cloudpickle-version the versions the lock pins are used."""
    model = next(m for m in MODELS if m.id == "clean")
    result = CliRunner().invoke(export_command, ["--mlflow", str(model.directory)])
    assert result.exit_code == 0, result.output
    assert result.output.encode() == (model.directory / "requirements.txt").read_bytes()
