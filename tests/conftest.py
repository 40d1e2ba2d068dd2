from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus"
FIXTURES = REPO / "tests" / "fixtures"


@pytest.fixture(scope="session", autouse=True)
def _result_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    """The CLI runs of the suite share one result cache of their own, never the user's."""
    import os

    os.environ["UV_AUDIT_CACHE_DIR"] = str(tmp_path_factory.mktemp("uv-audit-cache"))


@pytest.fixture
def corpus() -> Path:
    if not (CORPUS / "manifest.json").is_file():
        pytest.skip("../shared/corpus is not present")
    return CORPUS


SCHEMA = REPO / "schema" / "report-v1.schema.json"


def validate_report(text: str) -> dict[str, object]:
    """Parse a JSON report and validate it against the shipped schema (every JSON test uses it)."""
    import json

    import jsonschema

    data = json.loads(text)
    jsonschema.Draft202012Validator(json.loads(SCHEMA.read_text())).validate(data)
    assert isinstance(data, dict)
    return data
