"""A small consistent project shared by the UVA1xx-UVA3xx rule tests."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from auditor.findings import Finding
from auditor.run import RunOptions
from tests.builder import Pkg, audit_dir, audit_files, rules_of, uv_project, write_files

PACKAGES = [
    Pkg("six", "1.16.0"),
    Pkg("tqdm", "4.67.1", deps=["colorama; sys_platform == 'win32'"]),
    Pkg("colorama", "0.4.6"),
    Pkg("attrs", "24.1.0"),
    Pkg("rich", "13.9.4", deps=["pygments"]),
    Pkg("pygments", "2.18.0"),
]
REQUIREMENTS = 'colorama==0.4.6; sys_platform == "win32"\nsix==1.16.0\ntqdm==4.67.1\n'


def project(**overrides: Any) -> dict[str, str]:
    """demo: core six + tqdm (-> colorama on win32), group train = attrs, extra serve = rich."""
    settings: dict[str, Any] = {
        "dependencies": ["six==1.16.0", "tqdm==4.67.1"],
        "groups": {"train": ["attrs==24.1.0"]},
        "extras": {"serve": ["rich==13.9.4"]},
        "packages": PACKAGES,
    }
    settings.update(overrides)
    return uv_project(**settings)


def run(
    tmp_path: Path,
    code: str,
    requirements: str | None = REQUIREMENTS,
    files: dict[str, str] | None = None,
    **options: Any,
) -> list[Finding]:
    content = dict(files if files is not None else project())
    if requirements is not None:
        content["requirements.txt"] = requirements
    if options:
        root = tmp_path / "target"
        write_files(root, content)
        return rules_of(audit_dir(root, options=RunOptions(paths=(str(root),), **options)), code)
    return rules_of(audit_files(tmp_path, content), code)
