from __future__ import annotations

from pathlib import Path

from tests.builder import Pkg
from tests.rules.common import PACKAGES, project, run


def test_same_meaning_different_text_passes(tmp_path: Path) -> None:
    for i, marker in enumerate(["sys_platform == 'win32'", 'sys_platform == "win32"', '"win32" == sys_platform']):
        assert run(tmp_path / str(i), "UVA205", requirements=f"colorama==0.4.6; {marker}\nsix==1.16.0\n") == []


def test_different_meaning(tmp_path: Path) -> None:
    [finding] = run(tmp_path, "UVA205", requirements='colorama==0.4.6; sys_platform == "linux"\nsix==1.16.0\n')
    assert finding.package == "colorama" and finding.expected == "sys_platform == 'win32'"
    [finding] = run(tmp_path / "b", "UVA205", requirements="colorama==0.4.6\n")
    assert finding.actual is None


def test_python_version_spelling_within_requires_python(tmp_path: Path) -> None:
    packages = [*PACKAGES, Pkg("tomli", "2.0.1")]
    files = project(dependencies=["six==1.16.0", "tomli==2.0.1; python_full_version < '3.11'"], packages=packages)
    ok = 'tomli==2.0.1; python_version < "3.11"\nsix==1.16.0\n'
    assert run(tmp_path / "a", "UVA205", requirements=ok, files=files) == []
    bad = 'tomli==2.0.1; python_version < "3.12"\nsix==1.16.0\n'
    assert [f.package for f in run(tmp_path / "b", "UVA205", requirements=bad, files=files)] == ["tomli"]
