#!/usr/bin/env python3
"""Regenerate tests/fixtures/lock-conformance/: small projects locked for real with uv 0.13.9, each
edited after locking in one way, with uv's own `uv lock --check` verdict recorded next to it.

    python scripts/gen_lock_conformance.py [--uv PATH] [--workdir DIR] [--only CASE ...]

Every base project pins its requirements with `==` and sets `[tool.uv] exclude-newer`, so `uv lock`
writes the same uv.lock on every run. For each case the script copies the locked base, applies the
case's edits (recorded in `case.json` as `edits`), and runs uv twice in a scratch copy:

* `uv lock --check` with PyPI reachable and a warm cache: the verdict (`returncode`, `stderr`).
  Exit 0 is `fresh`; exit 1 with "needs to be updated" is `stale`; anything else is `error`.
* `uv lock --check --offline -v` with an empty cache: uv's own reason (the first "Ignoring existing
  lockfile due to ..." / "Resolving despite existing lockfile due to ..." line, as `uv_cause`), and
  whether uv could decide at all without network or a build (`decides_offline`): a lock that is
  fresh without anything fetched exits 0, a stale one names its cause before the (failing)
  re-resolution; a project whose metadata uv has to build fails before either.

Only the case directories and nothing else under tests/fixtures/lock-conformance/ are rewritten.
The uv used is the one on PATH (pin it: `pip install uv==0.13.9`), or `--uv`.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "tests" / "fixtures" / "lock-conformance"
UV_VERSION = "0.13.9"
PYTHON = "3.11.7"
EXCLUDE_NEWER = "2026-11-24T00:00:00Z"
SOURCE_DATE_EPOCH = "315532800"

TOOL_UV = f'[tool.uv]\nexclude-newer = "{EXCLUDE_NEWER}"\n'

APP = f"""[project]
name = "app"
version = "0.1.0"
requires-python = ">=3.10"
dependencies = ["python-dateutil==2.9.0.post0"]

[dependency-groups]
dev = ["iniconfig==2.1.0"]

{TOOL_UV}"""

APP_OPTIONS = APP + """resolution = "lowest-direct"
prerelease = "if-necessary-or-explicit"
fork-strategy = "fewest"
exclude-newer-package = { six = "2026-01-01T00:00:00Z" }
prerelease-package = { six = "allow" }
"""

APP_MANIFEST = APP + """constraint-dependencies = ["six>=1.16", "iniconfig<3"]
build-constraint-dependencies = ["setuptools<81"]
override-dependencies = [
    "six==1.17.0",
    "iniconfig==2.1.0; sys_platform != 'emscripten'",
    { package = { name = "python-dateutil", version = "2.9.0.post0" }, dependencies = ["six>=1.17"] },
]
exclude-dependencies = ["typing-extensions"]
"""

MEMBER = """[project]
name = "{name}"
version = "0.1.0"
requires-python = ">=3.10"
dependencies = [{deps}]

[build-system]
requires = ["hatchling==1.27.0"]
build-backend = "hatchling.build"
"""

WS_ROOT = f"""[project]
name = "ws"
version = "0.1.0"
requires-python = ">=3.10"
dependencies = ["member-a"]

[tool.uv.sources]
member-a = {{ workspace = true }}

[tool.uv.workspace]
members = ["packages/member-a", "packages/member-b"]

{TOOL_UV}"""

WS_CONFLICTS_ROOT = f"""[project]
name = "ws"
version = "0.1.0"
requires-python = ">=3.10"
dependencies = []

[tool.uv.workspace]
members = ["packages/member-a", "packages/member-b"]

{TOOL_UV}conflicts = [[{{ package = "member-a" }}, {{ package = "member-b" }}]]
"""


def ws_files(b_deps: str) -> dict[str, str]:
    return {
        "packages/member-a/pyproject.toml": MEMBER.format(name="member-a", deps='"six==1.17.0"'),
        "packages/member-a/src/member_a/__init__.py": "",
        "packages/member-b/pyproject.toml": MEMBER.format(name="member-b", deps=b_deps),
        "packages/member-b/src/member_b/__init__.py": "",
    }

MEMBER_C = {
    "packages/member-c/pyproject.toml": MEMBER.format(name="member-c", deps='"iniconfig==2.1.0"'),
    "packages/member-c/src/member_c/__init__.py": "",
}

DYN = f"""[project]
name = "dyn"
dynamic = ["version"]
requires-python = ">=3.10"
dependencies = ["six==1.17.0"]

[project.optional-dependencies]
date = ["python-dateutil==2.9.0.post0"]
all = ["dyn[date]"]

[build-system]
requires = ["hatchling==1.27.0"]
build-backend = "hatchling.build"

[tool.hatch.version]
path = "src/dyn/__init__.py"

{TOOL_UV}"""

STATIC_SELF_EXTRA = DYN.replace('dynamic = ["version"]', 'version = "0.1.0"').replace(
    '[tool.hatch.version]\npath = "src/dyn/__init__.py"\n\n', ""
)

DYN_DEPS = f"""[project]
name = "dyndeps"
dynamic = ["version", "dependencies"]
requires-python = ">=3.10"

[build-system]
requires = ["setuptools==80.9.0"]
build-backend = "setuptools.build_meta"

[tool.setuptools.dynamic]
version = {{ attr = "dyndeps.__version__" }}
dependencies = {{ file = ["requirements.in"] }}

{TOOL_UV}"""

LCDEP = """[project]
name = "lcdep"
version = "1.0.0"
requires-python = ">=3.8"

[build-system]
requires = ["hatchling==1.27.0"]
build-backend = "hatchling.build"
"""

LINKS = f"""[project]
name = "links"
version = "0.1.0"
requires-python = ">=3.10"
dependencies = ["lcdep==1.0.0"]

{TOOL_UV}find-links = ["wheels"]
"""

INDEXED = f"""[project]
name = "indexed"
version = "0.1.0"
requires-python = ">=3.10"
dependencies = ["lcdep==1.0.0"]

[[tool.uv.index]]
name = "local"
url = "wheels"
format = "flat"
default = true

{TOOL_UV}"""

GROUPS = f"""[project]
name = "grouped"
version = "0.1.0"
requires-python = ">=3.10"
dependencies = []

[dependency-groups]
dev = ["iniconfig==2.1.0"]
lint = ["six==1.17.0"]
all = [{{ include-group = "lint" }}]

[tool.uv.dependency-groups]
lint = {{ requires-python = ">=3.11" }}

{TOOL_UV}default-groups = ["dev", "lint"]
"""

VIRTUAL_ROOT = f"""[dependency-groups]
dev = ["iniconfig==2.1.0"]
lint = ["six==1.17.0"]

[tool.uv.dependency-groups]
lint = {{ requires-python = ">=3.11" }}

[tool.uv.workspace]
members = ["packages/member-a"]

{TOOL_UV}default-groups = ["lint"]
"""

BASES: dict[str, dict[str, str]] = {
    "app": {"pyproject.toml": APP},
    "app-options": {"pyproject.toml": APP_OPTIONS},
    "app-span": {"pyproject.toml": APP.replace(EXCLUDE_NEWER, "7 days")},
    "app-manifest": {"pyproject.toml": APP_MANIFEST},
    "ws": {"pyproject.toml": WS_ROOT, **ws_files('"python-dateutil==2.9.0.post0"')},
    "ws-conflicts": {"pyproject.toml": WS_CONFLICTS_ROOT, **ws_files('"iniconfig==2.1.0"')},
    "dyn": {"pyproject.toml": DYN, "src/dyn/__init__.py": '__version__ = "0.1.0"\n'},
    "static-self-extra": {"pyproject.toml": STATIC_SELF_EXTRA, "src/dyn/__init__.py": ""},
    "dyndeps": {
        "pyproject.toml": DYN_DEPS,
        "requirements.in": "six==1.17.0\n",
        "dyndeps/__init__.py": '__version__ = "0.1.0"\n',
    },
    "links": {"pyproject.toml": LINKS},
    "groups": {"pyproject.toml": GROUPS},
    "envs": {
        "pyproject.toml": APP
        + "environments = [\"sys_platform == 'linux'\", \"sys_platform == 'darwin'\"]\n"
        + "required-environments = [\"sys_platform == 'linux' and platform_machine == 'x86_64'\"]\n"
        + 'dependency-metadata = [{ name = "six", version = "1.17.0", requires-dist = [] }]\n'
    },
    "virtual-root": {
        "pyproject.toml": VIRTUAL_ROOT,
        "packages/member-a/pyproject.toml": MEMBER.format(name="member-a", deps='"six==1.17.0"'),
        "packages/member-a/src/member_a/__init__.py": "",
    },
    "indexed": {"pyproject.toml": INDEXED},
}
WHEELS = {"links", "indexed"}
"""Bases whose `wheels/` holds lcdep's wheel, built by the script (hatchling, SOURCE_DATE_EPOCH)."""


def add(file: str, text: str) -> dict[str, str]:
    return {"op": "append", "file": file, "text": text}


def sub(file: str, old: str, new: str) -> dict[str, str]:
    return {"op": "replace", "file": file, "old": old, "new": new}


def write(file: str, text: str) -> dict[str, str]:
    return {"op": "write", "file": file, "text": text}


def copy(src: str, dst: str) -> dict[str, str]:
    return {"op": "copy", "file": dst, "from": src}


def drop_lock_table(header: str) -> dict[str, str]:
    return {"op": "drop-lock-table", "file": "uv.lock", "header": header}


P = "pyproject.toml"
# (case, base, what the edit does, the LockDifference section a stale verdict must name, edits)
CASES: list[tuple[str, str, str, str | None, list[dict[str, str]]]] = [
    ("app-unchanged", "app", "nothing edited", None, []),
    ("app-respelled", "app", "same requirements, other spelling", None,
     [sub(P, '"python-dateutil==2.9.0.post0"', '"Python_Dateutil == 2.9.0.post0"'),
      sub(P, '"iniconfig==2.1.0"', '"iniconfig==2.1.0.0"')]),
    ("app-constraint-added", "app", "constraint-dependencies added", "tool.uv.constraint-dependencies",
     [add(P, 'constraint-dependencies = ["six<2"]\n')]),
    ("app-constraint-unrelated-added", "app", "constraint on a package the lock does not have (uv ignores it)", None,
     [add(P, 'constraint-dependencies = ["numpy<3"]\n')]),
    ("app-build-constraint-added", "app", "build-constraint-dependencies added",
     "tool.uv.build-constraint-dependencies", [add(P, 'build-constraint-dependencies = ["setuptools<81"]\n')]),
    ("app-override-added", "app", "override-dependencies added", "tool.uv.override-dependencies",
     [add(P, 'override-dependencies = ["six==1.17.0"]\n')]),
    ("app-override-marker-added", "app", "marker-scoped override added", "tool.uv.override-dependencies",
     [add(P, "override-dependencies = [\"six==1.17.0; sys_platform == 'linux'\"]\n")]),
    ("app-override-package-added", "app", "package-scoped override added", "tool.uv.override-dependencies",
     [add(P, 'override-dependencies = [{ package = { name = "python-dateutil", version = "2.9.0.post0" }, '
          'dependencies = ["six==1.17.0"] }]\n')]),
    ("app-exclude-added", "app", "exclude-dependencies added", "tool.uv.exclude-dependencies",
     [add(P, 'exclude-dependencies = ["six"]\n')]),
    ("app-resolution-changed", "app", "resolution = lowest-direct", "tool.uv.resolution",
     [add(P, 'resolution = "lowest-direct"\n')]),
    ("app-prerelease-changed", "app", "prerelease = allow", "tool.uv.prerelease", [add(P, 'prerelease = "allow"\n')]),
    ("app-prerelease-package-added", "app", "per-package prerelease added", "tool.uv.prerelease",
     [add(P, 'prerelease-package = { six = "allow" }\n')]),
    ("app-exclude-newer-earlier", "app", "exclude-newer moved earlier", "tool.uv.exclude-newer",
     [sub(P, EXCLUDE_NEWER, "2026-06-01T00:00:00Z")]),
    ("app-exclude-newer-later", "app", "exclude-newer moved later (uv keeps the lock)", None,
     [sub(P, EXCLUDE_NEWER, "2026-12-31T00:00:00Z")]),
    ("app-exclude-newer-later-date", "app", "exclude-newer as a later date", None,
     [sub(P, EXCLUDE_NEWER, "2026-12-31")]),
    ("app-exclude-newer-removed", "app", "exclude-newer removed", "tool.uv.exclude-newer",
     [sub(P, f'exclude-newer = "{EXCLUDE_NEWER}"\n', "")]),
    ("app-exclude-newer-package-added", "app", "per-package exclude-newer added", "tool.uv.exclude-newer",
     [add(P, 'exclude-newer-package = { six = "2026-01-01T00:00:00Z" }\n')]),
    ("app-fork-strategy-changed", "app", "fork-strategy = fewest", "tool.uv.fork-strategy",
     [add(P, 'fork-strategy = "fewest"\n')]),
    ("app-metadata-removed", "app", "uv.lock without [package.metadata]", "package.metadata",
     [drop_lock_table("[package.metadata]"), drop_lock_table("[package.metadata.requires-dev]")]),
    ("app-find-links-added", "app", "find-links to an empty directory added (PyPI still allowed)", None,
     [add(P, 'find-links = ["wheels"]\n'), write("wheels/.keep", "")]),
    ("app-index-explicit-pypi", "app", "PyPI named as the default index with a trailing slash (uv compares the URL as "
     "written)", "tool.uv.index",
     [add(P, '\n[[tool.uv.index]]\nname = "pypi"\nurl = "https://pypi.org/simple/"\ndefault = true\n')]),
    ("span-unchanged", "app-span", "exclude-newer as a span (`7 days`), nothing edited", None, []),
    ("span-changed", "app-span", "the span respelled with other units (`1 week`: uv compares spans field by field)",
     "tool.uv.exclude-newer", [sub(P, '"7 days"', '"1 week"')]),
    ("span-to-timestamp", "app-span", "the span replaced by a timestamp", "tool.uv.exclude-newer",
     [sub(P, '"7 days"', f'"{EXCLUDE_NEWER}"')]),
    ("options-unchanged", "app-options", "nothing edited", None, []),
    ("options-resolution-removed", "app-options", "resolution setting removed", "tool.uv.resolution",
     [sub(P, 'resolution = "lowest-direct"\n', "")]),
    ("options-prerelease-removed", "app-options", "prerelease setting removed", "tool.uv.prerelease",
     [sub(P, 'prerelease = "if-necessary-or-explicit"\n', "")]),
    ("options-prerelease-package-changed", "app-options", "per-package prerelease changed", "tool.uv.prerelease",
     [sub(P, 'prerelease-package = { six = "allow" }', 'prerelease-package = { six = "disallow" }')]),
    ("options-fork-strategy-removed", "app-options", "fork-strategy removed", "tool.uv.fork-strategy",
     [sub(P, 'fork-strategy = "fewest"\n', "")]),
    ("options-exclude-newer-package-removed", "app-options", "per-package exclude-newer removed",
     "tool.uv.exclude-newer", [sub(P, 'exclude-newer-package = { six = "2026-01-01T00:00:00Z" }\n', "")]),
    ("options-exclude-newer-package-earlier", "app-options", "per-package exclude-newer moved earlier",
     "tool.uv.exclude-newer", [sub(P, "2026-01-01T00:00:00Z", "2025-01-01T00:00:00Z")]),
    ("manifest-unchanged", "app-manifest", "nothing edited (scoped overrides in [manifest])", None, []),
    ("manifest-respelled", "app-manifest", "same manifest entries, other order and spelling", None,
     [sub(P, '["six>=1.16", "iniconfig<3"]', '["IniConfig<3.0", "six >= 1.16.0"]'),
      sub(P, '["typing-extensions"]', '["typing_extensions"]')]),
    ("manifest-constraint-changed", "app-manifest", "a constraint changed", "tool.uv.constraint-dependencies",
     [sub(P, '"six>=1.16"', '"six>=1.15"')]),
    ("manifest-constraint-removed", "app-manifest", "a constraint removed", "tool.uv.constraint-dependencies",
     [sub(P, '"six>=1.16", ', "")]),
    ("manifest-build-constraint-removed", "app-manifest", "build constraint removed",
     "tool.uv.build-constraint-dependencies", [sub(P, 'build-constraint-dependencies = ["setuptools<81"]\n', "")]),
    ("manifest-override-marker-changed", "app-manifest", "marker of an override changed",
     "tool.uv.override-dependencies", [sub(P, "sys_platform != 'emscripten'", "sys_platform != 'win32'")]),
    ("manifest-override-package-changed", "app-manifest", "package-scoped override changed",
     "tool.uv.override-dependencies", [sub(P, '["six>=1.17"]', '["six>=1.16"]')]),
    ("manifest-override-package-version-changed", "app-manifest", "scope version of an override changed",
     "tool.uv.override-dependencies", [sub(P, 'version = "2.9.0.post0" }', 'version = "2.9.0" }')]),
    ("manifest-exclude-removed", "app-manifest", "exclude-dependencies removed", "tool.uv.exclude-dependencies",
     [sub(P, 'exclude-dependencies = ["typing-extensions"]\n', "")]),
    ("ws-unchanged", "ws", "nothing edited", None, []),
    ("ws-member-added", "ws", "a member added to [tool.uv.workspace] members", "members",
     [sub(P, '"packages/member-b"]', '"packages/member-b", "packages/member-c"]'),
      *(write(k, v) for k, v in MEMBER_C.items())]),
    ("ws-member-dep-added", "ws", "a dependency added to a member", "dependencies",
     [sub("packages/member-b/pyproject.toml", '"python-dateutil==2.9.0.post0"', '"python-dateutil==2.9.0.post0", "idna==3.10"')]),
    ("ws-conflicts-unchanged", "ws-conflicts", "nothing edited (conflicts between members)", None, []),
    ("ws-conflicts-removed", "ws-conflicts", "conflicts between members removed", "tool.uv.conflicts",
     [sub(P, 'conflicts = [[{ package = "member-a" }, { package = "member-b" }]]\n', "")]),
    ("dyn-unchanged", "dyn", "dynamic version, self-extra `dyn[date]` (lock has it flattened)", None, []),
    ("dyn-dep-added", "dyn", "a static dependency added to the dynamic-version project", "dependencies",
     [sub(P, '"six==1.17.0"', '"six==1.17.0", "iniconfig==2.1.0"')]),
    ("dyn-became-static", "dyn", "the version made static", "version",
     [sub(P, 'dynamic = ["version"]', 'version = "0.1.0"')]),
    ("static-self-extra-unchanged", "static-self-extra", "static version, self-extra kept as written", None, []),
    ("dyndeps-unchanged", "dyndeps", "dependencies dynamic (read from requirements.in by setuptools)", None, []),
    ("dyndeps-requirements-edited", "dyndeps", "requirements.in edited: only a build can tell", "dependencies",
     [write("requirements.in", "six==1.16.0\n")]),
    ("groups-unchanged", "groups", "default-groups and a group's requires-python, nothing edited", None, []),
    ("groups-default-groups-changed", "groups", "default-groups changed", "tool.uv.default-groups",
     [sub(P, 'default-groups = ["dev", "lint"]', 'default-groups = ["dev"]')]),
    ("groups-default-groups-all", "groups", "default-groups = all", "tool.uv.default-groups",
     [sub(P, 'default-groups = ["dev", "lint"]', 'default-groups = "all"')]),
    ("groups-default-groups-reordered", "groups", "default-groups in another order", None,
     [sub(P, 'default-groups = ["dev", "lint"]', 'default-groups = ["lint", "dev"]')]),
    ("groups-requires-python-changed", "groups", "a group's requires-python changed", "tool.uv.dependency-groups",
     [sub(P, 'lint = { requires-python = ">=3.11" }', 'lint = { requires-python = ">=3.12" }')]),
    ("groups-requires-python-removed", "groups", "a group's requires-python removed", "tool.uv.dependency-groups",
     [sub(P, '[tool.uv.dependency-groups]\nlint = { requires-python = ">=3.11" }\n', "")]),
    ("virtual-root-unchanged", "virtual-root", "a workspace root without [project], nothing edited", None, []),
    ("virtual-root-default-groups-changed", "virtual-root", "the root's default-groups changed",
     "tool.uv.default-groups", [sub(P, 'default-groups = ["lint"]', 'default-groups = ["dev", "lint"]')]),
    ("virtual-root-requires-python-changed", "virtual-root", "a root group's requires-python changed",
     "tool.uv.dependency-groups",
     [sub(P, 'lint = { requires-python = ">=3.11" }', 'lint = { requires-python = ">=3.12" }')]),
    ("virtual-root-group-dep-added", "virtual-root", "a requirement added to a root group", "dependency-groups",
     [sub(P, 'dev = ["iniconfig==2.1.0"]', 'dev = ["iniconfig==2.1.0", "idna==3.10"]')]),
    ("envs-unchanged", "envs", "environments, required-environments, dependency-metadata; nothing edited", None, []),
    ("envs-respelled", "envs", "the same environments written another way", None,
     [sub(P, "sys_platform == 'linux' and platform_machine == 'x86_64'",
          "platform_machine == 'x86_64' and sys_platform == 'linux' and python_version >= '3'")]),
    ("envs-environment-changed", "envs", "an environment dropped", "tool.uv.environments",
     [sub(P, "\"sys_platform == 'linux'\", \"sys_platform == 'darwin'\"", "\"sys_platform == 'linux'\"")]),
    ("envs-required-changed", "envs", "required-environments changed", "tool.uv.required-environments",
     [sub(P, "platform_machine == 'x86_64'", "platform_machine == 'aarch64'")]),
    ("envs-dependency-metadata-changed", "envs", "dependency-metadata changed", "tool.uv.dependency-metadata",
     [sub(P, 'requires-dist = []', 'requires-dist = ["idna"]')]),
    ("links-unchanged", "links", "nothing edited", None, []),
    ("links-find-links-changed", "links", "find-links points at another directory", "tool.uv.find-links",
     [sub(P, '["wheels"]', '["wheels2"]'), copy("wheels", "wheels2")]),
    ("links-find-links-removed", "links", "find-links removed (no index configured: uv keeps the lock)", None,
     [sub(P, 'find-links = ["wheels"]\n', "")]),
    ("indexed-unchanged", "indexed", "nothing edited", None, []),
    ("indexed-url-changed", "indexed", "the index URL changed", "tool.uv.index",
     [sub(P, 'url = "wheels"', 'url = "wheels2"'), copy("wheels", "wheels2")]),
]


UNDECIDABLE = {
    "dyndeps-unchanged": "`dependencies` is dynamic: only a build of the project gives them",
    "dyndeps-requirements-edited": "`dependencies` is dynamic: only a build of the project gives them",
}
"""Cases whose answer depends on metadata only a build gives: the static check must say undecided
(and uv must have needed the network for them: `decides_offline` false)."""


def uv_env(cache: Path, offline: bool = False) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("UV_") and k != "VIRTUAL_ENV"}
    env.update(UV_PYTHON=PYTHON, UV_CACHE_DIR=str(cache), UV_NO_PROGRESS="1", NO_COLOR="1",
               SOURCE_DATE_EPOCH=SOURCE_DATE_EPOCH, UV_PYTHON_DOWNLOADS="never")
    if offline:
        env["UV_OFFLINE"] = "1"
    return env


def run(uv: str, args: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([uv, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=600)


def scrub(text: str, project: Path) -> str:
    text = text.replace(str(project), "<project>")
    text = re.sub(r"interpreter at: \S+", "interpreter at: <python>", text)
    return re.sub(r" in [0-9.]+m?s\b", " in <time>", text)


def build_wheel(uv: str, work: Path, cache: Path) -> Path:
    src = work / "_lcdep"
    shutil.rmtree(src, ignore_errors=True)
    (src / "src" / "lcdep").mkdir(parents=True)
    (src / "pyproject.toml").write_text(LCDEP)
    (src / "src" / "lcdep" / "__init__.py").write_text("")
    out = run(uv, ["build", "--wheel", "--out-dir", str(src / "dist")], src, uv_env(cache))
    if out.returncode != 0:
        sys.exit(f"building lcdep failed:\n{out.stderr}")
    (wheel,) = (src / "dist").glob("*.whl")
    return wheel


def lock_base(uv: str, name: str, work: Path, cache: Path, wheel: Path) -> Path:
    base = work / "bases" / name
    shutil.rmtree(base, ignore_errors=True)
    for rel, text in BASES[name].items():
        (base / rel).parent.mkdir(parents=True, exist_ok=True)
        (base / rel).write_text(text)
    if name in WHEELS:
        (base / "wheels").mkdir()
        shutil.copy2(wheel, base / "wheels" / wheel.name)
    out = run(uv, ["lock"], base, uv_env(cache))
    if out.returncode != 0:
        sys.exit(f"uv lock failed for base {name}:\n{out.stderr}")
    return base


def apply(directory: Path, edit: dict[str, str]) -> None:
    path = directory / edit["file"]
    if edit["op"] == "append":
        path.write_text(path.read_text() + edit["text"])
    elif edit["op"] == "replace":
        text = path.read_text()
        if edit["old"] not in text:
            sys.exit(f"{path}: {edit['old']!r} not found")
        path.write_text(text.replace(edit["old"], edit["new"]))
    elif edit["op"] == "write":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(edit["text"])
    elif edit["op"] == "copy":
        shutil.copytree(directory / edit["from"], path)
    elif edit["op"] == "drop-lock-table":
        blocks = path.read_text().split("\n\n")
        path.write_text("\n\n".join(b for b in blocks if not b.startswith(edit["header"] + "\n")))
    else:
        raise ValueError(edit["op"])


def cause_line(stderr: str) -> str | None:
    for line in stderr.splitlines():
        found = re.search(r"(Ignoring existing lockfile due to .*|Resolving despite existing lockfile due to .*)", line)
        if found:
            return found.group(1).rstrip(":")
    return None


def verdict(proc: subprocess.CompletedProcess[str]) -> str:
    if proc.returncode == 0:
        return "fresh"
    if proc.returncode == 1 and "needs to be updated" in proc.stderr:
        return "stale"
    return "error"


def check(uv: str, directory: Path, work: Path, cache: Path) -> dict[str, object]:
    scratch = work / "check"
    shutil.rmtree(scratch, ignore_errors=True)
    shutil.copytree(directory, scratch)
    online = run(uv, ["lock", "--check"], scratch, uv_env(cache))
    with tempfile.TemporaryDirectory() as empty:
        offline = run(uv, ["lock", "--check", "--offline", "-v"], scratch, uv_env(Path(empty), offline=True))
    cause = cause_line(offline.stderr)
    return {
        "argv": ["uv", "lock", "--check"],
        "returncode": online.returncode,
        "stderr": scrub(online.stderr, scratch),
        "verdict": verdict(online),
        "uv_cause": cause,
        "decides_offline": offline.returncode == 0 or cause is not None,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--uv", default=shutil.which("uv") or "uv")
    parser.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "uv-audit-lock-conformance")
    parser.add_argument("--only", nargs="*", default=None)
    args = parser.parse_args()
    version = subprocess.run([args.uv, "--version"], capture_output=True, text=True).stdout.split()
    if version[1:2] != [UV_VERSION]:
        sys.exit(f"needs uv {UV_VERSION}, found {' '.join(version)}")
    work: Path = args.workdir
    cache = work / "cache"
    work.mkdir(parents=True, exist_ok=True)
    cases = [c for c in CASES if args.only is None or c[0] in args.only]
    wheel = build_wheel(args.uv, work, cache)
    bases = {name: lock_base(args.uv, name, work, cache, wheel) for name in sorted({c[1] for c in cases})}
    for name, base, description, cause, edits in cases:
        target = OUT / name
        shutil.rmtree(target, ignore_errors=True)
        shutil.copytree(bases[base], target, ignore=shutil.ignore_patterns(".venv", "__pycache__", "*.egg-info"))
        for edit in edits:
            apply(target, edit)
        record = {"case": name, "base": base, "description": description, "cause": cause, "edits": edits}
        record["undecidable"] = UNDECIDABLE.get(name)
        record["uv"] = check(args.uv, target, work, cache)
        (target / "case.json").write_text(json.dumps(record, indent=2) + "\n")
        uv = record["uv"]
        print(f"{name:45} {uv['verdict']:6} offline={uv['decides_offline']!s:5} {uv['uv_cause'] or ''}"[:200])


if __name__ == "__main__":
    main()
