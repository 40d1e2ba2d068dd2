from __future__ import annotations

from pathlib import Path

from tests.builder import Pkg
from tests.rules.common import PACKAGES, project, run


def test_locked_pins_pass_including_mlflow_rewrite(tmp_path: Path) -> None:
    assert (
        run(tmp_path, "UVA201", requirements='colorama==0.4.6; sys_platform == "win32"\nsix==1.16\ntqdm==4.67.1') == []
    )


def test_drifted_pin_names_both_versions(tmp_path: Path) -> None:
    [finding] = run(tmp_path, "UVA201", requirements="six==1.15.0\ntqdm==4.67.1\n")
    assert (finding.package, finding.expected, finding.actual, finding.line) == ("six", "1.16.0", "1.15.0", 1)
    assert "1.15.0" in finding.message and "1.16.0" in finding.message


def test_fork_lock_any_locked_version_is_fine(tmp_path: Path) -> None:
    packages = [*PACKAGES, Pkg("numpy", "1.26.4"), Pkg("numpy", "2.2.0")]
    files = project(dependencies=["six==1.16.0", "tqdm==4.67.1", "numpy>=1.26"], packages=packages)
    ok = 'numpy==1.26.4; python_version < "3.11"\nnumpy==2.2.0; python_version >= "3.11"\nsix==1.16.0\ntqdm==4.67.1\n'
    assert run(tmp_path / "a", "UVA201", requirements=ok, files=files) == []
    [finding] = run(tmp_path / "b", "UVA201", requirements="numpy==2.0.0\nsix==1.16.0\n", files=files)
    assert finding.expected == "1.26.4 or 2.2.0"


def test_unpinned_and_unlocked_are_other_rules(tmp_path: Path) -> None:
    assert run(tmp_path, "UVA201", requirements="six>=1\nrequests==2.0\n") == []
