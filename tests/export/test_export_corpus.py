"""The engine against real `uv export` (uv 0.13.9) on every corpus project and every variant.

Two figures: equal as sets of (requirement, marker meaning) — must be every variant — and equal
byte for byte. The variants that are not byte-equal are listed below with the reason; the test
fails if one of them starts to match (strict xfail), so the list cannot go stale.
"""

from __future__ import annotations

import pytest

from auditor.export import SelectionError
from tests.export.corpus_util import CORPUS, Variant, expected, project, run, same_meaning, variants

pytestmark = pytest.mark.skipif(not (CORPUS / "manifest.json").is_file(), reason="corpus not available")

FACTORED = (
    "uv 0.13.9 prints export markers factored (common terms pulled out: `A and (B or C)`, "
    "precedence-aware `or`); the uv source available to port (0.12.x) prints the flat DNF we print"
)
NOT_BYTE_EQUAL = {
    "astral-sh__uv__scripts_benchmark:default",
    "astral-sh__uv__scripts_benchmark:no-dev",
    "astral-sh__uv__scripts_benchmark:no-dev-no-hashes",
    "astral-sh__uv__scripts_benchmark:mlflow",
    "astral-sh__uv__scripts_benchmark:all-groups",
    "astral-sh__uv__scripts_benchmark:no-default-groups",
    "astral-sh__uv__scripts_benchmark:all-extras",
    "crewAIInc__crewAI:all-extras",
    "docling-project__docling:default",
    "docling-project__docling:no-dev",
    "docling-project__docling:no-dev-no-hashes",
    "docling-project__docling:mlflow",
    "docling-project__docling:all-groups",
    "docling-project__docling:all-extras",
    "docling-project__docling:group-typecheck",
    "docling-project__docling:group-pr-fast-checks",
    "docling-project__docling:group-dev",
    "docling-project__docling:only-group-dev",
    "docling-project__docling:group-docs",
    "docling-project__docling:group-examples",
    "docling-project__docling:only-group-examples",
    "docling-project__docling:group-constraints",
    "docling-project__docling:extra-convert-core",
    "docling-project__docling:extra-extract-core",
    "docling-project__docling:extra-format-pdf-pypdfium2",
    "docling-project__docling:extra-format-pdf-docling",
    "docling-project__docling:extra-format-pdf",
    "docling-project__docling:extra-format-docx",
    "docling-project__docling:mlflow-group-typecheck",
    "docling-project__docling:mlflow-group-pr-fast-checks",
    "docling-project__docling:mlflow-extra-convert-core",
    "docling-project__docling:mlflow-extra-extract-core",
    "docling-project__docling:all-packages",
    "docling-project__docling:all-packages-mlflow",
    "docling-project__docling:package-docling",
    "modelcontextprotocol__python-sdk:default",
    "modelcontextprotocol__python-sdk:all-groups",
    "modelcontextprotocol__python-sdk:all-extras",
    "modelcontextprotocol__python-sdk:group-dev",
    "modelcontextprotocol__python-sdk:only-group-dev",
    "modelcontextprotocol__python-sdk:group-docs",
    "modelcontextprotocol__python-sdk:group-translate",
    "modelcontextprotocol__python-sdk:group-codegen",
    "modelcontextprotocol__python-sdk:extra-rich",
    "modelcontextprotocol__python-sdk:extra-cli",
    "modelcontextprotocol__python-sdk:all-packages",
    "pydantic__logfire__legacy-dev-deps:default",
    "pydantic__logfire__legacy-dev-deps:all-groups",
    "pydantic__logfire__legacy-dev-deps:all-extras",
    "pydantic__logfire__legacy-dev-deps:group-dev",
    "pydantic__logfire__legacy-dev-deps:only-group-dev",
    "pydantic__logfire__legacy-dev-deps:extra-system-metrics",
    "pydantic__logfire__legacy-dev-deps:extra-asgi",
    "pydantic__logfire__legacy-dev-deps:extra-wsgi",
    "pydantic__logfire__legacy-dev-deps:extra-aiohttp",
    "pydantic__logfire__legacy-dev-deps:extra-celery",
    "pydantic__logfire__legacy-dev-deps:extra-django",
    "pydantic__logfire__legacy-dev-deps:all-packages",
    "pydantic__pydantic-ai:all-packages",
    "pydantic__pydantic-ai:all-packages-mlflow",
    "pydantic__pydantic-ai:package-pydantic-ai-examples",
    "roboflow__trackers:group-build",
    "roboflow__trackers:only-group-build",
    "roboflow__trackers:mlflow-group-build",
    "stanfordnlp__dspy:all-extras",
}
VARIANTS = variants()


def _ids(v: Variant) -> str:
    return v.id


@pytest.mark.parametrize("variant", VARIANTS, ids=_ids)
def test_same_meaning(variant: Variant) -> None:
    lock = project(variant.entry)[0]
    if variant.returncode != 0:
        with pytest.raises(SelectionError) as info:
            run(variant)
        assert str(info.value) in variant.stderr
        return
    ours = run(variant)
    assert same_meaning(ours, expected(variant), lock.requires_python)


@pytest.mark.parametrize("variant", [v for v in VARIANTS if v.returncode == 0], ids=_ids)
def test_byte_equal(variant: Variant) -> None:
    if variant.id in NOT_BYTE_EQUAL:
        pytest.xfail(FACTORED)
    assert run(variant) == expected(variant)


def test_not_byte_equal_list_is_current() -> None:
    """Every listed variant exists and still differs (else remove it from the list)."""
    by_id = {v.id: v for v in VARIANTS}
    for name in NOT_BYTE_EQUAL:
        assert name in by_id
        assert run(by_id[name]) != expected(by_id[name])


def test_figures(capsys: pytest.CaptureFixture[str]) -> None:
    ok = [v for v in VARIANTS if v.returncode == 0]
    byte = sum(run(v) == expected(v) for v in ok)
    with capsys.disabled():
        print(f"\nexport corpus: {byte}/{len(ok)} byte-equal, meaning-equal checked per variant")
    assert byte == len(ok) - len(NOT_BYTE_EQUAL)
