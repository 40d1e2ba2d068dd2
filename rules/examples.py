"""Example projects shared by the rules' docstrings (filled in through `@rule(doc_vars=...)`).

Each value is a block of `--- <file>` sections; a test runs every rule's failing and passing
example, so these stay real, parseable uv projects.
"""

from __future__ import annotations


def project(
    *,
    dependencies: str = "[]",
    requires_python: str = ">=3.10",
    lock_requires_python: str = ">=3.10",
    requires_dist: str = "[]",
    root_dependencies: str = "",
    packages: str = "",
) -> str:
    """A virtual project `demo` and its uv.lock; the arguments let the two disagree."""
    root_deps = f"\ndependencies = {root_dependencies}" if root_dependencies else ""
    return f"""\
--- pyproject.toml
[project]
name = "demo"
version = "0.1.0"
requires-python = "{requires_python}"
dependencies = {dependencies}
--- uv.lock
version = 1
revision = 3
requires-python = "{lock_requires_python}"

[[package]]
name = "demo"
version = "0.1.0"
source = {{ virtual = "." }}{root_deps}

[package.metadata]
requires-dist = {requires_dist}
{packages}"""


SIX_PACKAGE = """
[[package]]
name = "six"
version = "1.16.0"
source = { registry = "https://pypi.org/simple" }
sdist = { url = "https://files.pythonhosted.org/six-1.16.0.tar.gz", hash = "sha256:1e61c374" }
"""


def six(specifier: str = ">=1.16", locked_specifier: str | None = None) -> str:
    """`demo` depending on six (locked at 1.16.0); `specifier` is what pyproject.toml asks."""
    locked = locked_specifier or specifier
    return project(
        dependencies=f'["six{specifier}"]',
        requires_dist=f'[{{ name = "six", specifier = "{locked}" }}]',
        root_dependencies='[{ name = "six" }]',
        packages=SIX_PACKAGE,
    )


SIX_TQDM = project(
    dependencies='["six==1.16.0", "tqdm==4.67.1"]',
    requires_dist='[{ name = "six", specifier = "==1.16.0" }, { name = "tqdm", specifier = "==4.67.1" }]',
    root_dependencies='[{ name = "six" }, { name = "tqdm" }]',
    packages=SIX_PACKAGE
    + """
[[package]]
name = "colorama"
version = "0.4.6"
source = { registry = "https://pypi.org/simple" }

[[package]]
name = "tqdm"
version = "4.67.1"
source = { registry = "https://pypi.org/simple" }
dependencies = [{ name = "colorama", marker = "sys_platform == 'win32'" }]
""",
)
