"""Example projects shared by the rules' docstrings (filled in through `@rule(doc_vars=...)`).

Each value is a block of `--- <file>` sections; a test runs every rule's failing and passing
example, so these stay real, parseable uv projects.
"""

from __future__ import annotations

from auditor.pep508 import parse_requirement


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


COLORAMA_PACKAGE = """
[[package]]
name = "colorama"
version = "0.4.6"
source = { registry = "https://pypi.org/simple" }
"""
TQDM_PACKAGE = """
[[package]]
name = "tqdm"
version = "4.67.1"
source = { registry = "https://pypi.org/simple" }
dependencies = [{ name = "colorama", marker = "sys_platform == 'win32'" }]
"""

SIX_TQDM = project(
    dependencies='["six==1.16.0", "tqdm==4.67.1"]',
    requires_dist='[{ name = "six", specifier = "==1.16.0" }, { name = "tqdm", specifier = "==4.67.1" }]',
    root_dependencies='[{ name = "six" }, { name = "tqdm" }]',
    packages=SIX_PACKAGE + COLORAMA_PACKAGE + TQDM_PACKAGE,
)


def groups_and_extras(config: str = "") -> str:
    """`demo`: core six, extra `plots` = attrs, group `train` = tqdm (-> colorama on Windows);
    `config` is a line for `[tool.uv-audit]`."""
    table = f"\n[tool.uv-audit]\n{config}\n" if config else ""
    return f"""\
--- pyproject.toml
[project]
name = "demo"
version = "0.1.0"
requires-python = ">=3.10"
dependencies = ["six==1.16.0"]

[project.optional-dependencies]
plots = ["attrs==24.1.0"]

[dependency-groups]
train = ["tqdm==4.67.1"]
{table}--- uv.lock
version = 1
revision = 3
requires-python = ">=3.10"

[[package]]
name = "attrs"
version = "24.1.0"
source = {{ registry = "https://pypi.org/simple" }}
{COLORAMA_PACKAGE}
[[package]]
name = "demo"
version = "0.1.0"
source = {{ virtual = "." }}
dependencies = [{{ name = "six" }}]

[package.optional-dependencies]
plots = [{{ name = "attrs" }}]

[package.dev-dependencies]
train = [{{ name = "tqdm" }}]

[package.metadata]
requires-dist = [
    {{ name = "attrs", marker = "extra == 'plots'", specifier = "==24.1.0" }},
    {{ name = "six", specifier = "==1.16.0" }},
]
provides-extras = ["plots"]

[package.metadata.requires-dev]
train = [{{ name = "tqdm", specifier = "==4.67.1" }}]
{SIX_PACKAGE}{TQDM_PACKAGE}"""


def one_dependency(
    requirement: str,
    package: str,
    *,
    requires_python: str = ">=3.10",
    pyproject_extra: str = "",
    requires_dist: str | None = None,
    extra_files: str = "",
) -> str:
    """`demo` with one dependency (a PEP 508 string) whose uv.lock entry is `package`; the lock's
    root edge and `requires-dist` are derived from the requirement unless `requires_dist` is given."""
    req = parse_requirement(requirement)
    marker = f', marker = "{str(req.marker).replace(chr(34), chr(39))}"' if req.marker else ""
    specifier = f', specifier = "{req.specifier}"' if str(req.specifier) else ""
    dependency = f'"{requirement}"' if '"' not in requirement else f"'{requirement}'"
    text = project(
        dependencies=f"[{dependency}]" + (f"\n\n{pyproject_extra.strip()}" if pyproject_extra else ""),
        requires_python=requires_python,
        lock_requires_python=requires_python,
        requires_dist=requires_dist or f'[{{ name = "{req.name}"{marker}{specifier} }}]',
        root_dependencies=f'[{{ name = "{req.name}"{marker} }}]',
        packages=package,
    )
    return text + extra_files
