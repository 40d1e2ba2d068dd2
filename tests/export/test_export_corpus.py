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

# Variants whose output cannot match byte for byte, with the reason. Empty since the port of uv
# 0.13.9's marker printing (ISOP cover + factored `format.rs`); keep the mechanism for new cases.
NOT_BYTE_EQUAL: dict[str, str] = {}
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
        pytest.xfail(NOT_BYTE_EQUAL[variant.id])
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
