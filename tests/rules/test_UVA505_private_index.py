from __future__ import annotations

from pathlib import Path

import pytest

from auditor.findings import Severity
from tests.builder import Pkg, audit_files, rules_of, uv_project

INDEX = '[[tool.uv.index]]\nname = "internal"\nurl = "https://pypi.internal.example/simple/"\n'


def test_fires_for_a_package_from_another_index_and_names_it(tmp_path: Path) -> None:
    files = uv_project(
        dependencies=["six", "idna"],
        packages=[
            Pkg("six", "1.16.0", source='{ registry = "https://pypi.internal.example/simple" }'),
            Pkg("idna", "3"),
        ],
        pyproject_extra=INDEX,
    )
    [finding] = rules_of(audit_files(tmp_path, files), "UVA505")
    assert finding.severity is Severity.INFO
    assert finding.package == "six" and finding.actual == "https://pypi.internal.example/simple"
    assert "`internal`" in finding.message
    assert "UV_INDEX_INTERNAL_USERNAME" in (finding.fix or "")


@pytest.mark.parametrize(
    "url", ["https://pypi.org/simple", "https://pypi.org/simple/", "https://files.pythonhosted.org"]
)
def test_pypi_is_not_private(tmp_path: Path, url: str) -> None:
    files = uv_project(dependencies=["six"], packages=[Pkg("six", "1.16.0", source=f'{{ registry = "{url}" }}')])
    assert rules_of(audit_files(tmp_path, files), "UVA505") == []


@pytest.mark.parametrize("url", ["https://test.pypi.org/simple", "https://download.pytorch.org/whl/cpu", "../wheels"])
def test_other_registries_are(tmp_path: Path, url: str) -> None:
    files = uv_project(dependencies=["six"], packages=[Pkg("six", "1.16.0", source=f'{{ registry = "{url}" }}')])
    assert [f.package for f in rules_of(audit_files(tmp_path, files), "UVA505")] == ["six"]


def test_silent_outside_the_intended_export(tmp_path: Path) -> None:
    files = uv_project(
        groups={"dev": ["six"]},
        packages=[Pkg("six", "1.16.0", source='{ registry = "https://pypi.internal.example/simple" }')],
    )
    assert rules_of(audit_files(tmp_path, files), "UVA505") == []


def test_a_local_flat_index_is_named_a_directory_with_no_credentials_hint(tmp_path: Path) -> None:
    files = uv_project(dependencies=["six"], packages=[Pkg("six", "1.16.0", source='{ registry = "wheels" }')])
    [finding] = rules_of(audit_files(tmp_path, files), "UVA505")
    assert "the local directory `wheels`" in finding.message and finding.actual == "wheels"
    assert "USERNAME" not in (finding.fix or "") and "`wheels`" in (finding.fix or "")
