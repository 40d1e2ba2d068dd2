"""auditor.pep508 reads requirements into exactly what packaging's `Requirement` holds, and leaves
every other shape (and every error message) to packaging."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
import tomli
from hypothesis import given, settings
from hypothesis import strategies as st
from packaging.requirements import InvalidRequirement as PackagingInvalid
from packaging.requirements import Requirement as PackagingRequirement
from packaging.utils import canonicalize_name as packaging_name
from packaging.utils import canonicalize_version as packaging_version

from auditor.names import canonicalize_name, canonicalize_version
from auditor.pep508 import InvalidRequirement, parse_requirement, plain, requirement_or_none
from tests.conftest import CORPUS, REPO


def _agrees(text: str) -> bool:
    """Both parsers give the same fields, printing and error; True when the plain path took it."""
    try:
        expected = PackagingRequirement(text)
    except PackagingInvalid as exc:
        assert plain(text) is None, text
        with pytest.raises(InvalidRequirement) as caught:
            parse_requirement(text)
        assert str(caught.value) == str(exc)
        return False
    quick = plain(text)
    for got in (quick, parse_requirement(text)):
        if got is None:
            continue
        assert got.name == expected.name, text
        assert got.url == expected.url, text
        assert got.extras == expected.extras, text
        assert got.specifier == expected.specifier and str(got.specifier) == str(expected.specifier), text
        assert got.marker == (None if expected.marker is None else str(expected.marker)), text
        assert str(got) == str(expected), text
        assert got.render("x-y") == "".join(expected._iter_parts("x-y")), text
    return quick is not None


def _corpus_requirements() -> set[str]:
    found: set[str] = set()
    roots = [REPO / "tests" / "fixtures", REPO / "examples", *([CORPUS] if CORPUS.is_dir() else [])]
    for root in roots:
        for path in root.rglob("pyproject.toml"):
            try:
                data = tomli.loads(path.read_text(encoding="utf-8"))
            except (tomli.TOMLDecodeError, UnicodeDecodeError):
                continue
            project = data.get("project", {})
            values = [project.get("dependencies", [])]
            values += list(project.get("optional-dependencies", {}).values())
            values += list(data.get("dependency-groups", {}).values())
            found.update(v for group in values if isinstance(group, list) for v in group if isinstance(v, str))
        for path in root.rglob("requirements*.txt"):
            for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
                body = re.sub(r"\s+--hash\S*|\s*\\$|\s#.*$", "", line).strip()
                if body and not body.startswith(("#", "-", ".", "/")):
                    found.add(body)
    return found


def test_every_requirement_of_the_fixtures_and_the_corpus() -> None:
    texts = _corpus_requirements()
    assert len(texts) > 100
    taken = [t for t in texts if _agrees(t)]
    assert len(taken) > len(texts) * 0.8  # the plain shape: packaging's parser is rarely needed


_VERSIONS = ["1", "1.0", "2.3.4", "1.0rc1", "1.0a2", "1.0.post1", "1.0.dev0", "1.0b1.post2.dev3", "1.*", "1.0.*"]
_VERSIONS += ["1.0+cpu", "2.5.1+cu121", "1!2.0", "v1.0", "1.0RC1", "1.0-1", "1.0.", "1..0", "*", "01.02", "1.0+"]
_OPS = ["==", "!=", ">=", "<=", ">", "<", "~=", "===", "=", "=>", ""]
_SPACE = st.sampled_from(["", " ", "\t", "  "])
_MARKERS = [
    "python_version >= '3.10'",
    'sys_platform == "linux"',
    "sys_platform == 'linux' and platform_machine == 'x86_64'",
    "(sys_platform == 'darwin' or sys_platform == 'win32') and python_full_version < '3.12'",
    "((sys_platform == 'darwin'))",
    "python_version >= '3.10' and ((os_name == 'nt'))",
    "(python_version >= '3.10')",
    "extra == 'cpu'",
    "platform_version == 'a\"b'",
    "os.name == 'nt'",
    "python_version>='3'",
    "'linux' == sys_platform",
    "python_version >= '3' or",
    "",
]


@st.composite
def _requirements(draw: st.DrawFn) -> str:
    name = draw(st.sampled_from(["torch", "Foo_Bar", "zope.interface", "a", "a-", "1x", "_x", "x.y-z_1"]))
    parts = [draw(_SPACE), name, draw(_SPACE)]
    if draw(st.booleans()):
        extras = draw(st.lists(st.sampled_from(["cpu", "Dev_Tools", "x.y", "", "a-"]), max_size=3))
        parts.append("[" + draw(st.sampled_from([",", ", ", " ,"])).join(extras) + "]" + draw(_SPACE))
    specs = [
        draw(st.sampled_from(_OPS)) + draw(_SPACE) + draw(st.sampled_from(_VERSIONS))
        for _ in range(draw(st.integers(0, 3)))
    ]
    joined = draw(st.sampled_from([",", ", ", " , "])).join(specs)
    parts.append(f"({draw(_SPACE)}{joined}{draw(_SPACE)})" if draw(st.integers(0, 3)) == 0 else joined)
    if draw(st.integers(0, 9)) == 0:
        parts.append(draw(st.sampled_from([" @ https://x.test/a.whl", "@ git+https://x.test/r", "(>=1)", ","])))
    if draw(st.booleans()):
        parts += [draw(_SPACE), ";", draw(_SPACE), draw(st.sampled_from(_MARKERS)), draw(_SPACE)]
    return "".join(parts)


@settings(max_examples=3000, deadline=None)
@given(text=_requirements())
def test_generated_requirements_agree_with_packaging(text: str) -> None:
    _agrees(text)


@pytest.mark.parametrize(
    "text",
    [
        "torch==2.5.1+cu121 ; sys_platform == 'linux'",
        "numpy>=1.26,<3",
        "requests[security,socks]>=2.31",
        "foo ; python_version >= '3.10' and ((os_name == 'nt'))",
        "foo @ https://example.test/foo-1.0-py3-none-any.whl ; sys_platform == 'linux'",
        "foo>=1;",
        "docling-core[chunking] (>=2.73.0,<3.0.0)",
        "pydantic (>=2.0.0,<3.0.0) ; python_version >= '3.10'",
        "foo ()",
        "foo (>=1",
        "foo\n",
        "",
    ],
)
def test_edge_shapes(text: str) -> None:
    _agrees(text)


def test_requirements_compare_and_hash_as_packaging_does() -> None:
    a, b = parse_requirement("Foo_Bar[X]>=1.0"), parse_requirement("foo-bar[x]>=1.0")
    assert a == b and hash(a) == hash(b) and str(a) == "Foo_Bar[X]>=1.0"
    assert a != parse_requirement("foo-bar[x]>=2.0")


@settings(max_examples=2000, deadline=None)
@given(name=st.text(alphabet="aAzZ09-_.İK", max_size=12))
def test_names_normalise_as_packaging_does(name: str) -> None:
    assert canonicalize_name(name) == packaging_name(name)


@settings(max_examples=2000, deadline=None)
@given(
    version=st.sampled_from([*_VERSIONS, "0", "0.0.0", "1.0.0.0", "1!1.0.0rc1.post0.dev0+local.0", "x", ""]),
    strip=st.booleans(),
)
def test_versions_normalise_as_packaging_does(version: str, strip: bool) -> None:
    assert canonicalize_version(version, strip_trailing_zero=strip) == packaging_version(
        version, strip_trailing_zero=strip
    )


def test_an_audit_of_plain_requirements_never_imports_packagings_parser() -> None:
    """The point of the module: the console script's audit of the bundled example (which has
    requirements, markers and UVA504's wheel check) leaves packaging's parser and tags unimported."""
    demo = str(REPO / "examples" / "demo-model")
    argv = [sys.executable, "-X", "importtime", "-c", "from auditor.entry import console; console()", demo]
    run = subprocess.run([*argv, "--no-cache", "--no-progress", "--format", "json"], capture_output=True, text=True)
    assert run.returncode == 1 and '"UVA' in run.stdout  # the audit ran, with its findings
    imported = {line.rsplit("|", 1)[-1].strip() for line in run.stderr.splitlines() if line.startswith("import time")}
    assert "auditor.wheels" in imported and "packaging.specifiers" in imported
    assert imported.isdisjoint({"packaging.requirements", "packaging.markers", "packaging.tags", "dataclasses"})


@settings(max_examples=1000, deadline=None)
@given(name=st.text(alphabet="aZ09-_.é \n", max_size=6))
def test_name_validation_is_packagings(name: str) -> None:
    try:
        expected: str | None = packaging_name(name, validate=True)
    except ValueError:
        expected = None
    try:
        got: str | None = canonicalize_name(name, validate=True)
    except ValueError:
        got = None
    assert got == expected


@pytest.mark.parametrize(
    "text", ["-e ./member", " ./x", "# comment", "", "\tfoo==1", "é==1", "--hash=sha256:00", "foo @"]
)
def test_requirement_or_none_is_parse_or_none(text: str) -> None:
    try:
        expected: str | None = str(PackagingRequirement(text))
    except PackagingInvalid:
        expected = None
    got = requirement_or_none(text)
    assert (None if got is None else str(got)) == expected
