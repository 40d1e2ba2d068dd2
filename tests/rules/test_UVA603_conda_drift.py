from __future__ import annotations

from pathlib import Path

from tests.builder import audit_files, rules_of

CONDA = "channels:\n- conda-forge\ndependencies:\n- python={python}\n- pip<=23.2.1\n- pip:\n{pip}name: mlflow-env\n"
ENV = "python: 3.11.7\nbuild_dependencies:\n- pip==23.2.1\ndependencies:\n- -r requirements.txt\n"
MLMODEL = "flavors:\n  python_function:\n    python_version: 3.11.7\n"
REQS = 'colorama==0.4.6; sys_platform == "win32"\nsix==1.16.0\ntqdm==4.70.1'


def conda(pip: list[str], python: str = "3.11.7") -> str:
    return CONDA.format(python=python, pip="".join(f"  - {p}\n" for p in pip))


def test_silent_when_mlflow_wrote_both(tmp_path: Path) -> None:
    files = {
        "MLmodel": MLMODEL,
        "requirements.txt": REQS,
        "python_env.yaml": ENV,
        "conda.yaml": conda(["colorama==0.4.6; sys_platform == 'win32'", "six == 1.16.0", "tqdm==4.70.1"]),
    }
    assert rules_of(audit_files(tmp_path, files), "UVA603") == []


def test_fires_per_package_that_differs(tmp_path: Path) -> None:
    files = {
        "MLmodel": MLMODEL,
        "requirements.txt": REQS,
        "python_env.yaml": ENV,
        "conda.yaml": conda(["colorama==0.4.6", "six==1.15.0", "requests==2.32.0"]),
    }
    findings = rules_of(audit_files(tmp_path, files), "UVA603")
    assert sorted(f.package or "" for f in findings) == ["colorama", "requests", "six", "tqdm"]
    by = {f.package: f for f in findings}
    assert by["six"].expected == "six==1.16.0" and by["six"].actual == "six==1.15.0" and by["six"].line == 8
    assert by["tqdm"].actual is None and by["requests"].expected is None
    assert all(f.fix for f in findings)


def test_python_difference(tmp_path: Path) -> None:
    files = {
        "MLmodel": MLMODEL,
        "requirements.txt": "six==1.16.0",
        "python_env.yaml": ENV,
        "conda.yaml": conda(["six==1.16.0"], "3.12.1"),
    }
    [finding] = rules_of(audit_files(tmp_path, files), "UVA603")
    assert finding.package is None and finding.line == 4
    assert (finding.expected, finding.actual) == ("3.11.7", "3.12.1")


def test_python_env_dependencies_without_requirements_file(tmp_path: Path) -> None:
    env = "python: 3.11.7\ndependencies:\n- six==1.16.0\n"
    files = {"MLmodel": MLMODEL, "python_env.yaml": env, "conda.yaml": conda(["six==1.15.0"])}
    [finding] = rules_of(audit_files(tmp_path, files), "UVA603")
    assert finding.package == "six" and "python_env.yaml" in finding.message


def test_index_lines_mlflow_writes_into_both_files(tmp_path: Path) -> None:
    """MLflow 3.17.2 writes `--extra-index-url` for a lock's private index into requirements.txt
    and conda.yaml alike (tests/fixtures/fix/private-index); only a differing one is drift."""
    url = "--extra-index-url http://127.0.0.1:38765/simple"
    files = {
        "MLmodel": MLMODEL,
        "requirements.txt": f"{url}\n{REQS}",
        "python_env.yaml": ENV,
        "conda.yaml": conda([url, "colorama==0.4.6; sys_platform == 'win32'", "six==1.16.0", "tqdm==4.70.1"]),
    }
    assert rules_of(audit_files(tmp_path, files), "UVA603") == []
    files["requirements.txt"] = REQS
    assert [f.package for f in rules_of(audit_files(tmp_path / "drift", files), "UVA603")] == [url]
