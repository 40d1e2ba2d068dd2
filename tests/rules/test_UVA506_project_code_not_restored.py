from __future__ import annotations

import pickle
import sys
import types
from pathlib import Path

import pytest

from tests.builder import audit_files, rules_of, uv_project


def mlmodel(version: str, code: bool = False, loader: str = "mlflow.pyfunc.model") -> str:
    code_line = "\n    code: code" if code else ""
    return (
        f"flavors:\n  python_function:\n    loader_module: {loader}\n    python_model: python_model.pkl\n"
        f"    python_version: 3.11.7{code_line}\nmlflow_version: {version}\n"
    )


def by_reference(module: str, name: str = "EchoModel", protocol: int = 4) -> bytes:
    """A real pickle of an instance of class `module.name`, pickled by reference as cloudpickle
    pickles an importable class (the module only exists in this process, never on disk)."""
    parts = module.split(".")
    names = [".".join(parts[: i + 1]) for i in range(len(parts))]
    saved = {n: sys.modules.get(n) for n in names}
    for n in names:
        sys.modules[n] = types.ModuleType(n)
    cls = type(name, (), {"__module__": module})
    setattr(sys.modules[module], name, cls)
    try:
        return pickle.dumps(cls(), protocol=protocol)
    finally:
        for n, old in saved.items():
            if old is None:
                del sys.modules[n]
            else:
                sys.modules[n] = old


def files(version: str, module: str = "my_model.model", **options: object) -> dict[str, str | bytes]:
    project = uv_project(name="my-model", packaged=True)
    return {**project, "MLmodel": mlmodel(version, **options), "python_model.pkl": by_reference(module)}  # type: ignore[arg-type]


def test_fires_under_3_18_when_the_pickle_imports_the_project(tmp_path: Path) -> None:
    [finding] = rules_of(audit_files(tmp_path, files("3.18.0")), "UVA506")
    assert finding.file is not None and finding.file.endswith("MLmodel") and finding.package is None
    assert "No module named 'my_model'" in finding.message and "uv sync --no-install-project" in finding.message
    lines = (tmp_path / "target" / "MLmodel").read_text().splitlines()
    assert finding.line is not None and lines[finding.line - 1].strip().startswith("python_model:")
    assert 'code_paths=["src/my_model"]' in (finding.fix or "")


def test_silent_when_3_17_installs_the_project_or_code_paths_carry_it(tmp_path: Path) -> None:
    assert rules_of(audit_files(tmp_path / "a", files("3.17.2")), "UVA506") == []
    carried = {**files("3.18.0", code=True), "code/my_model/__init__.py": ""}
    assert rules_of(audit_files(tmp_path / "b", carried), "UVA506") == []


def test_silent_for_other_modules(tmp_path: Path) -> None:
    assert rules_of(audit_files(tmp_path, files("3.18.0", module="sklearn.linear_model")), "UVA506") == []


def test_a_virtual_project_is_never_installed(tmp_path: Path) -> None:
    project = uv_project(name="my-model")
    model = {**project, "MLmodel": mlmodel("3.17.2"), "python_model.pkl": by_reference("my_model.model")}
    [finding] = rules_of(audit_files(tmp_path, model), "UVA506")
    assert "virtual project" in finding.message


def test_loader_module_of_the_project(tmp_path: Path) -> None:
    project = uv_project(name="my-model", packaged=True)
    model = {**project, "MLmodel": mlmodel("3.18.0", loader="my_model.loader")}
    [finding] = rules_of(audit_files(tmp_path, model), "UVA506")
    assert "loader_module" in finding.message and finding.actual == "my_model.loader"


@pytest.mark.parametrize("protocol", [0, 2, 4, 5])
def test_every_pickle_protocol(tmp_path: Path, protocol: int) -> None:
    model = {**files("3.18.0"), "python_model.pkl": by_reference("my_model.model", protocol=protocol)}
    assert len(rules_of(audit_files(tmp_path, model), "UVA506")) == 1


def test_a_broken_pickle_is_uva004_and_never_unpickled(tmp_path: Path) -> None:
    marker = tmp_path / "executed"
    evil = b"cos\nsystem\n(S'touch " + str(marker).encode() + b"'\ntR"  # no STOP: truncated
    findings = audit_files(tmp_path, {**files("3.18.0"), "python_model.pkl": evil})
    [invalid] = rules_of(findings, "UVA004")
    assert invalid.file is not None and invalid.file.endswith("python_model.pkl") and not marker.exists()
