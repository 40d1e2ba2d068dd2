from __future__ import annotations

from pathlib import Path

from tests.rules.common import REQUIREMENTS, run


def test_locked_requirements_pass(tmp_path: Path) -> None:
    assert run(tmp_path, "UVA203") == []


def test_unlocked_package(tmp_path: Path) -> None:
    [finding] = run(tmp_path, "UVA203", requirements=REQUIREMENTS + "requests==2.32.3\n")
    assert (finding.package, finding.line) == ("requests", 4)


def test_group_and_extra_packages_are_reached(tmp_path: Path) -> None:
    assert run(tmp_path, "UVA203", requirements=REQUIREMENTS + "attrs==24.1.0\nrich==13.9.4\npygments==2.18.0\n") == []


def test_mlflow_runtime_is_uva601s(tmp_path: Path) -> None:
    assert run(tmp_path, "UVA203", requirements=REQUIREMENTS + "mlflow==3.17.2\ncloudpickle==3.1.1\n") == []
