from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from auditor.errors import UsageError
from auditor.run import RunOptions
from tests.builder import Pkg, audit_dir, audit_files, rules_of, uv_project

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"
MAC_ONLY = ["posix_ipc-1.1.1-cp311-cp311-macosx_10_9_universal2.whl"]
LINUX = ["numpy-2.1.0-cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64.whl"]


def codes(tmp_path: Path, files: dict[str, str], platform: str | None = None, python: str | None = None) -> list[str]:
    root = tmp_path / "target"
    root.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (root / name).write_text(text)
    options = RunOptions(paths=(str(root),), python_platform=platform, python_version=python)
    return sorted(f.package or "" for f in rules_of(audit_dir(root, options=options), "UVA504"))


def test_sdist_only_package_fires_and_points_at_the_lock(tmp_path: Path) -> None:
    files = {**uv_project(dependencies=["fire"], packages=[Pkg("fire", "0.7.0", wheels=[])]), ".python-version": "3.11"}
    [finding] = rules_of(audit_files(tmp_path, files), "UVA504")
    assert finding.package == "fire" and finding.actual == "sdist only"
    lock = (tmp_path / "target" / "uv.lock").read_text().splitlines()
    assert finding.line is not None and lock[finding.line - 1] == 'name = "fire"'
    assert "x86_64-unknown-linux-gnu" in finding.message and finding.fix


@pytest.mark.parametrize(
    ("platform", "expected"),
    [(None, ["posix-ipc"]), ("linux", ["posix-ipc"]), ("macos", ["numpy"]), ("x86_64-apple-darwin", ["numpy"]),
     ("windows", ["numpy", "posix-ipc"]), ("aarch64-unknown-linux-gnu", ["numpy", "posix-ipc"])],
)  # fmt: skip
def test_platform_specific_wheels(tmp_path: Path, platform: str | None, expected: list[str]) -> None:
    files = uv_project(
        dependencies=["posix-ipc", "numpy"],
        packages=[Pkg("posix-ipc", "1.1.1", wheels=MAC_ONLY), Pkg("numpy", "2.1.0", wheels=LINUX)],
    )
    files["python_env.yaml"] = "python: 3.11.7\n"
    assert codes(tmp_path, files, platform) == expected


def test_glibc_level_follows_the_platform(tmp_path: Path) -> None:
    wheel = ["tokenizers-0.20-cp311-cp311-manylinux_2_34_x86_64.whl"]
    files = {**uv_project(dependencies=["tokenizers"], packages=[Pkg("tokenizers", "0.20", wheels=wheel)])}
    files[".python-version"] = "3.11"
    assert codes(tmp_path / "a", files) == ["tokenizers"]
    assert codes(tmp_path / "b", files, "x86_64-manylinux_2_34") == []


def test_python_version_comes_from_the_model_or_the_option(tmp_path: Path) -> None:
    wheel = ["orjson-3.10-cp312-cp312-manylinux_2_17_x86_64.whl"]
    files = uv_project(dependencies=["orjson"], packages=[Pkg("orjson", "3.10", wheels=wheel)])
    files["MLmodel"] = "flavors:\n  python_function:\n    python_version: 3.11.7\n"
    assert codes(tmp_path / "a", files) == ["orjson"]
    assert codes(tmp_path / "b", files, python="3.12") == []


def test_marker_that_excludes_the_target_is_skipped(tmp_path: Path) -> None:
    pkg = Pkg("pywin32", "311", wheels=["pywin32-311-cp311-cp311-win_amd64.whl"], sdist=False)
    files = {**uv_project(dependencies=["pywin32; sys_platform == 'win32'"], packages=[pkg]), ".python-version": "3.11"}
    assert codes(tmp_path / "a", files) == []
    assert codes(tmp_path / "b", files, "windows") == []
    assert codes(tmp_path / "c", files, "aarch64-pc-windows-msvc") == ["pywin32"]


def test_unknown_platform_is_a_usage_error(tmp_path: Path) -> None:
    files = uv_project(dependencies=["six"], packages=[Pkg("six", "1.16.0")])
    root = tmp_path / "target"
    root.mkdir()
    for name, text in files.items():
        (root / name).write_text(text)
    with pytest.raises(UsageError, match="plan9"):
        audit_dir(root, options=RunOptions(paths=(str(root),), python_platform="plan9"))


def _corpus_copy(tmp_path: Path, name: str) -> Path:
    source = CORPUS / name
    if not (source / "uv.lock").is_file():
        pytest.skip(f"corpus entry {name} is not present")
    target = tmp_path / name
    target.mkdir()
    for file in ("uv.lock", "pyproject.toml"):
        shutil.copy(source / file, target / file)  # into tmp only: corpus files never enter the repo
    return target


@pytest.mark.parametrize(
    ("platform", "must", "must_not"),
    [
        ("linux", {"fire", "fasttext", "posix-ipc"}, {"numpy", "pandas", "pyarrow"}),
        ("aarch64-apple-darwin", {"fire", "fasttext"}, {"posix-ipc", "numpy", "python-crfsuite"}),
        # python-crfsuite 0.9.11 has only arm64 macOS wheels: an Intel Mac builds it.
        ("x86_64-apple-darwin", {"fire", "fasttext", "python-crfsuite"}, {"posix-ipc", "numpy"}),
        ("windows", {"fire", "fasttext", "posix-ipc"}, {"numpy", "colorama"}),
    ],
)
def test_real_lock_with_sdist_only_and_macos_only_packages(
    tmp_path: Path, platform: str, must: set[str], must_not: set[str]
) -> None:
    root = _corpus_copy(tmp_path, "facebookresearch__large_concept_model")
    options = RunOptions(paths=(str(root),), python_platform=platform, python_version="3.10")
    flagged = {f.package for f in rules_of(audit_dir(root, options=options), "UVA504")}
    assert must <= flagged
    assert not (must_not & flagged)


@pytest.mark.parametrize("platform", ["linux", "macos", "windows"])
def test_real_fork_lock_checks_only_the_variant_the_target_installs(tmp_path: Path, platform: str) -> None:
    # nanochat's `cpu` extra locks torch 2.9.1 (macOS wheels only, `sys_platform == 'darwin'`) and
    # torch 2.9.1+cpu (linux/windows wheels, `sys_platform != 'darwin'`) from the PyTorch index.
    root = _corpus_copy(tmp_path, "karpathy__nanochat")
    options = RunOptions(paths=(str(root),), python_platform=platform, extras=("cpu",))
    findings = rules_of(audit_dir(root, options=options), "UVA504")
    assert "torch" not in {f.package for f in findings}
    private = rules_of(audit_dir(root, options=options), "UVA505")
    assert "torch" in {f.package for f in private}


def test_real_lock_torch_has_no_intel_mac_wheel(tmp_path: Path) -> None:
    root = _corpus_copy(tmp_path, "karpathy__nanochat")
    for platform, expected in (("x86_64-apple-darwin", {"torch"}), ("aarch64-apple-darwin", set()), ("linux", set())):
        options = RunOptions(paths=(str(root),), python_platform=platform)
        assert {f.package for f in rules_of(audit_dir(root, options=options), "UVA504")} == expected
