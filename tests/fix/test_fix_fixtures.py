"""`uv-audit fix` on models that real MLflow 3.17.2 logged (tests/fixtures): the fixed files are
byte-equal to what MLflow itself logged for the selection, and the re-audit is clean."""

from __future__ import annotations

import re
from itertools import product
from pathlib import Path

import pytest

from tests.conftest import FIXTURES
from tests.fix.util import (
    FIX,
    FIX_MANIFEST,
    MANIFEST,
    NEVER_WRITTEN,
    PAIR,
    PAIRS,
    copy,
    fix,
    hashes,
    rules_found,
    selection_args,
)

REWRITTEN = ("requirements.txt", "conda.yaml")


def test_the_pairs_share_one_lock() -> None:
    """What the comparisons below rest on: the four models differ only in MLflow's selection."""
    for name in NEVER_WRITTEN[:2]:
        assert len({(PAIR / p / name).read_bytes() for p in PAIRS}) == 1
    assert len({(PAIR / p / "requirements.txt").read_bytes() for p in PAIRS}) == 4
    assert FIX_MANIFEST["fixtures"]["pair/train"]["uv_groups"] == ["train"]


@pytest.mark.parametrize(("source", "wanted"), list(product(PAIRS, PAIRS)))
def test_fixing_into_a_selection_gives_what_mlflow_logged_with_it(tmp_path: Path, source: str, wanted: str) -> None:
    model = copy(PAIR / source, tmp_path / "model")
    before = hashes(model)
    result = fix(str(model), *selection_args(wanted))
    # the pair's lock has no MLflow: MLflow's own pins stay unlocked (UVA601), and the report says so
    assert result.exit_code == 1, result.output
    assert rules_found(model, *selection_args(wanted)) == {"UVA601"}
    assert "UVA601" in result.stdout
    for name in REWRITTEN:
        assert (model / name).read_bytes() == (PAIR / wanted / name).read_bytes(), name
    after = hashes(model)
    assert {k: v for k, v in after.items() if k not in REWRITTEN} == {
        k: v for k, v in before.items() if k not in REWRITTEN
    }
    said = "nothing to fix" if source == wanted else "rewrote requirements.txt, conda.yaml"
    assert f"{model}: {said}" in result.stderr


def test_a_model_logged_with_the_train_group_is_fixed_to_the_default_selection(tmp_path: Path) -> None:
    """The big real fixture (a lock with mlflow-skinny): only the train group's packages go."""
    source = FIXTURES / "uv-groups-train"
    assert "UVA301" in rules_found(source)
    model = copy(source, tmp_path / "uv-groups-train")
    result = fix(str(model))
    assert result.exit_code == 0, result.output
    old = (source / "requirements.txt").read_text().split("\n")
    new = (model / "requirements.txt").read_text().split("\n")
    gone = [line for line in old if line not in new]
    assert [re.split("[=;]", line)[0] for line in gone] == ["colorama", "tqdm"]  # train -> tqdm -> colorama
    assert [line for line in old if line in new] == new
    conda = (model / "conda.yaml").read_text()
    assert "tqdm" not in conda and "colorama" not in conda and "mlflow-skinny==3.17.2" in conda
    assert "UVA301" not in rules_found(model)
    again = fix(str(model), "--group", "train")
    assert again.exit_code == 0
    assert (model / "requirements.txt").read_bytes() == (source / "requirements.txt").read_bytes()
    assert (model / "conda.yaml").read_bytes() == (source / "conda.yaml").read_bytes()


def test_an_import_inferred_model_is_fixed_to_the_locks_export(tmp_path: Path) -> None:
    """import-inference and no-python-version were logged from the same dependencies (one with
    uv on PATH): their locks differ only in the project's name, so the fixed files must equal
    the ones MLflow wrote through `uv export`."""
    inferred, exported = FIXTURES / "import-inference", FIXTURES / "no-python-version"
    assert MANIFEST["fixtures"]["import-inference"]["requirements_source"] == "import inference"

    def unnamed(path: Path) -> list[str]:
        return sorted((path / "uv.lock").read_text().replace(path.name, "PROJECT").split("\n[[package]]\n"))

    assert unnamed(inferred) == unnamed(exported)
    before = rules_found(inferred)
    assert {"UVA602", "UVA601"} <= before
    model = copy(inferred, tmp_path / "import-inference")
    result = fix(str(model))
    assert result.exit_code == 0, result.output
    for name in REWRITTEN:
        assert (model / name).read_bytes() == (exported / name).read_bytes(), name
    assert not {"UVA202", "UVA601", "UVA602", "UVA603"} & rules_found(model)


def test_a_model_without_python_version_gets_the_logging_interpreter(tmp_path: Path) -> None:
    source = FIXTURES / "no-python-version"
    assert "UVA401" in rules_found(source)
    model = copy(source, tmp_path / "no-python-version")
    result = fix(str(model))
    assert result.exit_code == 0, result.output
    logged = MANIFEST["fixtures"]["no-python-version"]["python_version"]
    assert (model / ".python-version").read_bytes() == f"{logged}\n".encode()
    assert oct((model / ".python-version").stat().st_mode & 0o777) == oct(0o666 & ~_umask())
    assert "UVA401" not in rules_found(model) and "UVA403" not in rules_found(model)
    assert f"{model}: rewrote .python-version" in result.stderr


def test_the_extra_index_url_mlflow_writes_is_written_back(tmp_path: Path) -> None:
    source = FIX / "private-index"
    url = FIX_MANIFEST["fixtures"]["private-index"]["index_url"]
    assert f"--extra-index-url {url}" in (source / "requirements.txt").read_text().split("\n")
    model = copy(source, tmp_path / "private-index")
    for name in REWRITTEN:
        text = (model / name).read_text()
        (model / name).write_text("\n".join(line for line in text.split("\n") if "--extra-index-url" not in line))
    result = fix(str(model))
    # what remains is what the file MLflow wrote has (the lock holds no MLflow: UVA601)
    assert result.exit_code == 1 and rules_found(model) == rules_found(source) >= {"UVA601"}, result.output
    for name in REWRITTEN:
        assert (model / name).read_bytes() == (source / name).read_bytes(), name


def test_a_store_is_fixed_target_by_target_and_a_stale_one_is_refused(tmp_path: Path) -> None:
    store = copy(FIXTURES / "file-store", tmp_path / "file-store")
    models = {m["case"]: store / m["path"] for m in MANIFEST["fixtures"]["file-store"]["models"]}
    clean, stale = models["clean"], models["stale-lock"]
    real = (clean / "requirements.txt").read_bytes()
    (clean / "requirements.txt").write_text("mlflow==3.17.2\ncloudpickle==3.1.3")  # as import inference writes it
    stale_before = hashes(stale)
    result = fix(str(store))
    assert result.exit_code == 1  # the stale model's UVA101 remains
    assert (clean / "requirements.txt").read_bytes() == real
    assert hashes(stale) == stale_before
    refusals = [line for line in result.stderr.splitlines() if "not fixed" in line]
    assert len(refusals) == 1 and str(stale) in refusals[0] and "run `uv lock`" in refusals[0]
    assert "log the model again" in refusals[0]
    assert "UVA101" in result.stdout  # the report on what remains


def _umask() -> int:
    import os

    mask = os.umask(0)
    os.umask(mask)
    return mask


def test_the_release_that_writes_decides_the_index_lines(tmp_path: Path) -> None:
    """MLflow 3.11 wrote no `--extra-index-url` lines (3.12 added them): `--serving-mlflow 3.11.0`
    writes requirements.txt as 3.11 would, and back to 3.17.2 (MLmodel's) restores MLflow's file."""
    source = FIX / "private-index"
    model = copy(source, tmp_path / "private-index")
    fix(str(model), "--serving-mlflow", "3.11.0")
    old = (source / "requirements.txt").read_text().split("\n")
    assert (model / "requirements.txt").read_text().split("\n") == [x for x in old if "--extra-index-url" not in x]
    fix(str(model))
    for name in REWRITTEN:
        assert (model / name).read_bytes() == (source / name).read_bytes(), name
