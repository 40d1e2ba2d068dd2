from __future__ import annotations

from pathlib import Path

from tests.rules.common import project, run


def test_same_range_passes(tmp_path: Path) -> None:
    assert run(tmp_path, "UVA103") == []


def test_different_range(tmp_path: Path) -> None:
    files = project()
    files["pyproject.toml"] = files["pyproject.toml"].replace(
        'requires-python = ">=3.10"', 'requires-python = ">=3.12"'
    )
    [finding] = run(tmp_path, "UVA103", files=files)
    assert finding.expected == ">=3.12" and finding.actual == ">=3.10"
    assert finding.line is not None and "requires-python" in files["pyproject.toml"].splitlines()[finding.line - 1]


def test_equivalent_spelling_passes(tmp_path: Path) -> None:
    files = project()
    files["pyproject.toml"] = files["pyproject.toml"].replace(
        'requires-python = ">=3.10"', 'requires-python = ">= 3.10"'
    )
    assert run(tmp_path, "UVA103", files=files) == []
