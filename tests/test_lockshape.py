"""auditor.lockshape: the wheel tuples the prefetching child makes give the lock model the audit
builds from the plain tables, and anything not in uv's shape is left to lockentries' checks."""

from __future__ import annotations

from pathlib import Path

import pytest

from auditor.errors import ArtifactError
from auditor.lockentries import _checked_artifact, artifact
from auditor.lockfile import parse_lock
from auditor.lockshape import shape_wheels, wheel_fields
from auditor.textlines import package_lines
from auditor.tomlparse import loads
from tests.conftest import CORPUS, REPO


def _locks() -> list[Path]:
    found = sorted((REPO / "tests" / "fixtures").glob("*/uv.lock")) + sorted((REPO / "examples").glob("*/uv.lock"))
    return found + (sorted(CORPUS.glob("*/uv.lock")) if CORPUS.is_dir() else [])


@pytest.mark.parametrize("path", _locks(), ids=lambda p: p.parent.name)
def test_a_lock_from_shaped_tables_is_the_lock_parsed_here(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    try:
        expected = parse_lock(text)
    except ArtifactError as exc:
        tables = loads(text)
        shape_wheels(tables)
        with pytest.raises(ArtifactError) as caught:
            parse_lock(text, tables, package_lines(text))
        assert (caught.value.message, caught.value.line) == (exc.message, exc.line)
        return
    tables = loads(text)
    shape_wheels(tables)
    assert parse_lock(text, tables, package_lines(text)) == expected


@pytest.mark.parametrize(
    "raw",
    [
        {"url": "https://x.test/a/six-1.0-py3-none-any.whl", "hash": "sha256:00", "size": 1, "upload-time": "t"},
        {"url": "https://x.test/a/six-1.0-py3-none-any.whl#sha256=00"},
        {"path": "dist/six-1.0-py3-none-any.whl/"},
        {"filename": "x.whl", "url": "https://x.test/y.whl", "upload-time": 5},
        {},
    ],
)
def test_fields_in_uvs_shape_are_the_checked_ones(raw: dict[str, object]) -> None:
    fields = wheel_fields(raw)
    assert fields is not None
    assert artifact(fields, "w", 1) == _checked_artifact(raw, "w", 1) == artifact(raw, "w", 1)


@pytest.mark.parametrize(
    "raw",
    [{"url": 5}, {"size": 2**63}, {"size": 1.5}, {"size": True}, {"hash": ["sha256:00"]}, {"filename": 1}],
)
def test_other_shapes_are_left_to_the_checks(raw: dict[str, object]) -> None:
    assert wheel_fields(raw) is None
    tables = {"package": [{"name": "x", "wheels": [raw]}]}
    shape_wheels(tables)
    assert tables["package"][0]["wheels"] == [raw]  # still the table: lockentries words its error
    with pytest.raises(ArtifactError):
        _checked_artifact(raw, "w", 1)
