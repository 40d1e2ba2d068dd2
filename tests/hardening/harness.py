"""The fuzz harness shared by the in-suite tests (hypothesis), `fuzz/run_long.py` (a seeded random
mutator) and `fuzz/atheris_target.py`: seeds, mutation operators and the pipeline oracle.

A *file set* is `{artifact name: bytes}`; a name may hold a path below the target (a workspace
member's `pyproject.toml`). Mutations pick their moves through a `Chooser`, so the same operators
run under hypothesis (shrinkable), `random.Random` (fast, long runs) and atheris (coverage-guided).

The oracle (`check_pipeline`) writes a file set into a fresh directory and runs the real code
path: discover -> `auditor.audit.audit_candidate` -> `auditor.render.render` in every `Format`,
and asserts that nothing raised, no finding is an "internal error", the JSON and SARIF outputs
parse, GitHub annotations stay one command per line, the plain text report holds no control
characters and the HTML report holds no markup from the input (`check_html`).
"""

from __future__ import annotations

import datetime as dt
import json
import random
import re
import shutil
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, Protocol

import tomli
import yaml

from auditor import config as cfg
from auditor.discover import Candidate, Skipped, discover
from auditor.parallel import audit_candidate
from auditor.render import Format, render
from auditor.report import Report
from auditor.run import RunOptions
from auditor.target import ARTIFACTS as TARGET_ARTIFACTS
from auditor.target import PYLOCK

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "fixtures"
CORPUS = REPO.parent / "shared" / "corpus"
ARTIFACTS = (*TARGET_ARTIFACTS, PYLOCK)
TOML_FILES = ("uv.lock", "pyproject.toml", PYLOCK)
YAML_FILES = ("MLmodel", "python_env.yaml", "conda.yaml")

FileSet = dict[str, bytes]

CANARY = "uvacanary"
"""Put in every hostile string, so an output check can tell input from the template."""
HOSTILE = (
    f"<script>alert('{CANARY}')</script>",
    f"</script><script>alert('{CANARY}')</script>",
    f"<img src=x onerror=alert('{CANARY}')>",
    f'"><svg onload=alert("{CANARY}")>',
    f"javascript:alert('{CANARY}')",
    f"' onmouseover='alert(1)' data-{CANARY}='",
    f"\x1b[31m{CANARY}\x1b[0m\x07",
    f"::error file=x::{CANARY}\n::warning::{CANARY}",
    f"{CANARY}\r\n%0A::set-output name=x::1",
    f"| {CANARY} | `x` | [a](javascript:alert(1)) |",
    f"{{{{ {CANARY} }}}}{{% raw %}}{{{{ 7*7 }}}}",
    f"../../../../etc/passwd#{CANARY}",
    f"\u202e{CANARY}\u200b\ufeff",
    f"{CANARY}\U0001f4a9",
)
WRONG_VALUES: tuple[Any, ...] = (
    None,
    0,
    -1,
    2**70,
    1.5e308,
    float("inf"),
    True,
    "",
    "x" * 5000,
    [],
    ["a", 1, None],
    {},
    {"a": {"b": [1, {"c": "d"}]}},
    dt.datetime(2020, 1, 1, 0, 0),
    dt.date(2020, 1, 1),
    *HOSTILE[:3],
)


class Chooser(Protocol):
    """Where a mutation gets its decisions: hypothesis draws, random.Random or atheris bytes."""

    def integer(self, low: int, high: int) -> int: ...

    def choice(self, items: Sequence[Any]) -> Any: ...

    def raw(self, size: int) -> bytes: ...


class RandomChooser:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def integer(self, low: int, high: int) -> int:
        return self.rng.randint(low, high)

    def choice(self, items: Sequence[Any]) -> Any:
        return items[self.rng.randrange(len(items))]

    def raw(self, size: int) -> bytes:
        return self.rng.randbytes(size)


class DataChooser:
    """Decisions taken from a byte string (atheris' input): the fuzzer steers the mutation."""

    def __init__(self, data: bytes) -> None:
        self.data, self.pos = data, 0

    def _take(self, n: int) -> int:
        chunk = self.data[self.pos : self.pos + n]
        self.pos += n
        return int.from_bytes(chunk.ljust(n, b"\0"), "little")

    def integer(self, low: int, high: int) -> int:
        span = high - low + 1
        return low + self._take(4 if span > 0xFFFF else 2) % span

    def choice(self, items: Sequence[Any]) -> Any:
        return items[self.integer(0, len(items) - 1)]

    def raw(self, size: int) -> bytes:
        chunk = self.data[self.pos : self.pos + size]
        self.pos += size
        return chunk.ljust(size, b"\xff")


# ---------------------------------------------------------------------------------------------- seeds


def _read_set(directory: Path, extra: Sequence[str] = ()) -> FileSet:
    out: FileSet = {}
    for name in (*ARTIFACTS, *extra):
        path = directory / name
        if path.is_file() and not path.is_symlink():
            out[name] = path.read_bytes()
    return out


def fixture_seeds() -> list[FileSet]:
    """Every target directory of the real MLflow + uv fixtures."""
    seeds = []
    for lock_or_model in sorted({*FIXTURES.rglob("uv.lock"), *FIXTURES.rglob("MLmodel")}):
        files = _read_set(lock_or_model.parent)
        if files and files not in seeds:
            seeds.append(files)
    return seeds + pylock_seeds()


def pylock_seeds() -> list[FileSet]:
    """The export-conformance projects with a real `uv export --format pylock.toml` output as
    their pylock.toml (audited like requirements.txt next to uv.lock)."""
    seeds = []
    for lock in sorted((FIXTURES / "export-conformance").glob("*/uv.lock")):
        base = _read_set(lock.parent)
        for output in sorted(lock.parent.glob(".expected/*pylock*.out"))[:3]:
            seeds.append({**base, PYLOCK: output.read_bytes()})
    return seeds


def corpus_seeds(max_lock_bytes: int = 400_000) -> list[FileSet]:
    """Corpus projects (uv.lock, pyproject.toml, members' pyproject.toml, .python-version) with a
    lock no larger than `max_lock_bytes`, plus a requirements.txt from the real `mlflow` export."""
    if not (CORPUS / "manifest.json").is_file():
        return []
    seeds = []
    for entry in json.loads((CORPUS / "manifest.json").read_text()):
        if entry.get("project_dir", ".") != "." or entry.get("lock_bytes", 0) > max_lock_bytes:
            continue
        folder = CORPUS / entry["name"]
        members = [f"{m}/pyproject.toml" for m in entry.get("member_dirs") or () if not m.startswith("..")]
        files = _read_set(folder, members)
        expected = folder / ".expected" / "mlflow.txt"
        if expected.is_file():
            files["requirements.txt"] = expected.read_bytes()
        if "uv.lock" in files:
            seeds.append(files)
    return seeds


# ------------------------------------------------------------------------------------------ mutations


def _toml_key(key: str) -> str:
    return key if re.fullmatch(r"[A-Za-z0-9_-]+", key) else json.dumps(key)


def _toml_value(value: Any, depth: int = 0) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        if isinstance(value, float) and value != value:
            return "nan"
        if value in (float("inf"), float("-inf")):
            return "inf" if value > 0 else "-inf"
        return repr(value)
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, str):
        return json.dumps(value)  # a TOML basic string, \uXXXX escapes included
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v, depth + 1) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_toml_key(str(k))} = {_toml_value(v, depth + 1)}" for k, v in value.items()) + "}"
    return json.dumps(str(value))


def dump_toml(data: Mapping[str, Any]) -> str:
    """A small TOML writer: scalars first, then `[table]`s and `[[array of tables]]` at the top
    level, everything deeper inline (enough to round-trip uv.lock and pyproject.toml)."""
    out: list[str] = []
    tables: list[tuple[str, Any]] = []
    for key, value in data.items():
        if isinstance(value, dict) or (isinstance(value, list) and value and all(isinstance(v, dict) for v in value)):
            tables.append((key, value))
        else:
            out.append(f"{_toml_key(key)} = {_toml_value(value)}")
    for key, value in tables:
        items = [value] if isinstance(value, dict) else value
        header = f"[{_toml_key(key)}]" if isinstance(value, dict) else f"[[{_toml_key(key)}]]"
        for item in items:
            out.append("")
            out.append(header)
            out.extend(f"{_toml_key(str(k))} = {_toml_value(v)}" for k, v in item.items())
    return "\n".join(out) + "\n"


def _paths(data: Any, prefix: tuple[Any, ...] = (), limit: int = 4000) -> list[tuple[Any, ...]]:
    """Every path to a value in a parsed document (dict keys and list indexes), breadth-bounded."""
    out: list[tuple[Any, ...]] = []
    stack: list[tuple[tuple[Any, ...], Any]] = [(prefix, data)]
    while stack and len(out) < limit:
        path, value = stack.pop()
        if path:
            out.append(path)
        if isinstance(value, dict):
            stack.extend(((*path, k), v) for k, v in value.items())
        elif isinstance(value, list):
            stack.extend(((*path, i), v) for i, v in enumerate(value))
    return out


def shape(path: tuple[Any, ...]) -> tuple[Any, ...]:
    """A path with list indexes collapsed: `package.3.wheels.0.url` -> `package.*.wheels.*.url`."""
    return tuple("*" if isinstance(p, int) else p for p in path)


def set_path(data: Any, path: tuple[Any, ...], value: Any) -> None:
    for step in path[:-1]:
        data = data[step]
    data[path[-1]] = value


def delete_path(data: Any, path: tuple[Any, ...]) -> None:
    for step in path[:-1]:
        data = data[step]
    del data[path[-1]]


def get_path(data: Any, path: tuple[Any, ...]) -> Any:
    for step in path:
        data = data[step]
    return data


def _nested(depth: int, kind: str) -> Any:
    value: Any = "x"
    for _ in range(depth):
        value = [value] if kind == "list" else {"k": value}
    return value


def _wrong_value(chooser: Chooser) -> Any:
    pick = chooser.integer(0, len(WRONG_VALUES) + 3)
    if pick < len(WRONG_VALUES):
        return WRONG_VALUES[pick]
    if pick == len(WRONG_VALUES):
        return _nested(chooser.integer(10, 400), chooser.choice(("list", "dict")))
    if pick == len(WRONG_VALUES) + 1:
        return "9" * chooser.integer(20, 5000)
    if pick == len(WRONG_VALUES) + 2:
        return chooser.choice(("1.0", "0", "==1.0", ">=3.99", "python_version < '3'", "a; b", "@", "x[y]", "../x"))
    return chooser.choice(HOSTILE) * chooser.integer(1, 3)


def _load_tree(name: str, text: str) -> Any:
    if name.endswith(TOML_FILES):
        return tomli.loads(text)
    return yaml.safe_load(text)


def _dump_tree(name: str, data: Any) -> str:
    if name.endswith(TOML_FILES):
        return dump_toml(data)
    return str(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))


def mutate_tree(name: str, content: bytes, chooser: Chooser) -> bytes | None:
    """Parse a TOML/YAML file, change one value's type, delete or duplicate an entry, re-serialise."""
    try:
        data = _load_tree(name, content.decode("utf-8"))
    except Exception:
        return None
    if not isinstance(data, dict):
        return None
    paths = _paths(data)
    if not paths:
        return None
    path = chooser.choice(paths)
    move = chooser.integer(0, 3)
    parent = get_path(data, path[:-1])
    if move == 0:
        set_path(data, path, _wrong_value(chooser))
    elif move == 1:
        delete_path(data, path)
    elif move == 2 and isinstance(parent, list):
        parent.insert(path[-1], parent[path[-1]])  # a duplicated array item ([[package]], wheel, ...)
    elif move == 2:
        parent[f"{path[-1]}-{CANARY}"] = parent[path[-1]]
    else:  # the value inside a string field swapped for one from elsewhere in the document
        donor = get_path(data, chooser.choice(paths))
        set_path(data, path, donor if not isinstance(donor, (dict, list)) else str(donor)[:200])
    try:
        return _dump_tree(name, data).encode("utf-8", "surrogatepass")
    except Exception:
        return None


def _lines(content: bytes) -> list[bytes]:
    return content.split(b"\n")


def mutate_bytes(name: str, content: bytes, chooser: Chooser) -> bytes:
    """One byte- or line-level change: truncate, flip, NUL, CRLF, BOM, non-UTF-8, duplicate or
    delete a line (duplicate TOML keys), enormous values, deep nesting, hostile strings."""
    move = chooser.integer(0, 15)
    size = len(content)
    at = chooser.integer(0, size) if size else 0
    if move == 0:
        return content[:at]
    if move == 1 and size:
        flips = bytearray(content)
        for _ in range(chooser.integer(1, 8)):
            i = chooser.integer(0, size - 1)
            flips[i] ^= 1 << chooser.integer(0, 7)
        return bytes(flips)
    if move == 2:
        return content[:at] + b"\x00" * chooser.integer(1, 3) + content[at:]
    if move == 3:
        return content.replace(b"\n", chooser.choice((b"\r\n", b"\r", b"\n\n", b"\x0b", b"\x85", b"\xe2\x80\xa8")))
    if move == 4:
        return chooser.choice((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf\xef\xbb\xbf")) + content
    if move == 5:
        bad = chooser.choice((b"\xff", b"\xc3", b"\xed\xa0\x80", b"\xf4\x90\x80\x80", b"\xc0\xaf", b"\x80"))
        return content[:at] + bad + content[at:]
    if move == 6:
        try:
            return content.decode("utf-8").encode(chooser.choice(("utf-16", "utf-32", "latin-1", "cp1252")), "replace")
        except UnicodeDecodeError:
            return content[::-1]
    lines = _lines(content)
    index = chooser.integer(0, max(len(lines) - 1, 0))
    if move == 7:
        return b"\n".join(lines[: index + 1] + lines[index:])  # duplicate a line: duplicate keys, packages
    if move == 8:
        return b"\n".join(lines[:index] + lines[index + 1 :])
    if move == 9:
        # an enormous value: a long string, number or version in the middle of a line
        blob = chooser.choice((b"a", b"9", b"1.", b"[", b"(", b"\\", b'"', b"*&a ", b"-", b"<"))
        return content[:at] + blob * chooser.integer(1000, 60_000) + content[at:]
    if move == 10:
        depth = chooser.integer(50, 3000)
        nest = chooser.choice(
            (
                b"x = " + b"[" * depth + b"]" * depth,
                b"x = " + b"{a = " * depth + b"1" + b"}" * depth,
                b"[" * depth + b"]" * depth,
                b"- " * depth + b"x",
                b"pkg; " + b"(" * depth + b"python_version > '3'" + b")" * depth,
                b"a" + b"." * depth + b" = 1",
            )
        )
        return b"\n".join([*lines[:index], nest, *lines[index:]])
    if move == 11:
        hostile = chooser.choice(HOSTILE).encode("utf-8", "surrogatepass")
        return content[:at] + hostile + content[at:]
    if move == 12 and len(lines) > 1:
        other = chooser.integer(0, len(lines) - 1)
        lines[index], lines[other] = lines[other], lines[index]
        return b"\n".join(lines)
    if move == 13:
        return content[:at] + chooser.raw(chooser.integer(1, 32)) + content[at:]
    if move == 14:
        # a value replaced inside a `key = "value"` / `key: value` line
        line = lines[index]
        sep = b" = " if b" = " in line else b": "
        if sep in line:
            key = line.split(sep, 1)[0]
            lines[index] = (
                key
                + sep
                + chooser.choice(
                    (
                        b'"' + chooser.choice(HOSTILE).encode() + b'"',
                        b"1",
                        b"true",
                        b"[]",
                        b"{}",
                        b"'x'",
                        b'"' + b"9" * 400 + b'"',
                    )
                )
            )
        return b"\n".join(lines)
    return content + content[: chooser.integer(0, min(size, 4000))]


def mutate(files: FileSet, chooser: Chooser) -> FileSet:
    """1-3 moves on a copy of `files`: byte/line mutations, structural TOML/YAML mutations, a
    file removed, an artifact replaced by another's content, a hostile requirement line added."""
    out = dict(files)
    for _ in range(chooser.integer(1, 3)):
        names = sorted(out)
        move = chooser.integer(0, 9)
        if move <= 4 and names:
            name = chooser.choice(names)
            out[name] = mutate_bytes(name, out[name], chooser)
        elif move <= 7 and names:
            name = chooser.choice(names)
            changed = mutate_tree(name, out[name], chooser)
            out[name] = changed if changed is not None else mutate_bytes(name, out[name], chooser)
        elif move == 8 and names:
            if len(names) > 1:
                del out[chooser.choice(names)]
            else:
                out[chooser.choice(ARTIFACTS)] = out[names[0]]
        else:
            line = chooser.choice(
                (
                    f"{CANARY}-pkg==1.0 # uv-audit: ignore[UVA204]",
                    f"{CANARY} @ javascript:alert(1)",
                    f"{CANARY} @ https://example.com/x.whl#<script>alert(1)</script>",
                    f"-e ../../outside/{CANARY}",
                    f"--index-url https://<img src=x onerror=alert(1)>/{CANARY}",
                    f"mlflow==3.17.2; python_version < '3' --hash=sha256:{CANARY}",
                )
            )
            base = out.get("requirements.txt", b"")
            out["requirements.txt"] = base + (b"\n" if base and not base.endswith(b"\n") else b"") + line.encode()
    return out


# --------------------------------------------------------------------------------------------- oracle


class PipelineFailure(AssertionError):
    """An invariant the pipeline broke, with what broke it."""


@dataclass
class Outcome:
    targets: int = 0
    findings: int = 0
    skipped: int = 0
    config_errors: int = 0
    rules: set[str] = field(default_factory=set)


_ENVIRON = cfg.from_environment({})
_OPTIONS = RunOptions(paths=(".",), max_file_size=8 * 1024 * 1024, max_depth=8)
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\x80-\x9f]")
_SCRIPT = re.compile(r"<script", re.I)


def write_set(files: FileSet, directory: Path) -> None:
    if directory.exists():
        shutil.rmtree(directory)
    directory.mkdir(parents=True)
    for name, content in files.items():
        path = directory / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)


def template_script_count() -> int:
    return len(_SCRIPT.findall(render(Report(targets=()), Format.HTML)))


class _Tags(HTMLParser):
    """Every tag and attribute of an HTML page, as a browser's tokenizer sees them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.script_text: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))
        self._in_script = tag == "script"

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.script_text.append(data)


_FORBIDDEN_TAGS = frozenset({"img", "svg", "iframe", "object", "embed", "base", "frame", "math", "video", "audio"})


def check_html(html: str, baseline_scripts: int) -> None:
    """No markup from the input: the template's own `<script>` only, no tag or attribute that the
    input made (`<img>`, `<svg>`, `on*=` handlers), no `javascript:` link, no canary in a script."""
    if len(_SCRIPT.findall(html)) != baseline_scripts:
        raise PipelineFailure("HTML report holds a <script> tag that is not the template's")
    parser = _Tags()
    parser.feed(html)
    parser.close()
    charts = [attrs for tag, attrs in parser.tags if tag == "svg"]
    if len(charts) > 1 or any(("id", "chart") not in attrs for attrs in charts):
        raise PipelineFailure("HTML report holds an <svg> tag that is not the template's chart")
    for tag, attrs in parser.tags:
        if tag == "svg":  # the template's one chart (its attributes are still checked below)
            pass
        elif tag in _FORBIDDEN_TAGS or CANARY in tag:
            raise PipelineFailure(f"HTML report holds a <{tag}> tag from the input")
        for name, value in attrs:
            if name.startswith("on") or CANARY in name:
                raise PipelineFailure(f"HTML report holds an attribute {name!r} from the input")
            if name in ("href", "src", "action", "formaction") and (value or "").strip().lower().startswith(
                ("javascript:", "vbscript:", "data:text")
            ):
                raise PipelineFailure(f"HTML report links to {value!r}")
    if any(CANARY in text for text in parser.script_text):
        raise PipelineFailure("a canary string from the input appears inside the report's <script>")


def check_report(report: Report, outputs: Mapping[Format, str], baseline_scripts: int) -> None:
    for finding in report.findings:
        if "internal error" in finding.message:
            raise PipelineFailure(f"internal error finding: {finding.message}")
    json.loads(outputs[Format.JSON])
    json.loads(outputs[Format.SARIF])
    check_html(outputs[Format.HTML], baseline_scripts)
    for line in outputs[Format.GITHUB].split("\n")[:-1]:  # the runner splits on LF only
        if not line.startswith(("::error ", "::warning ", "::notice ")):
            raise PipelineFailure(f"GitHub annotation output has a line that is not a command: {line[:120]!r}")
    if _CONTROL.search(outputs[Format.TEXT]):
        raise PipelineFailure("plain text report holds a control character from the input")
    if _CONTROL.search(outputs[Format.CONCISE]):
        raise PipelineFailure("concise report holds a control character from the input")
    lines = len(report.findings) + sum(1 for t in report.targets if t.suppressed) + len(report.notes) + 1
    if len(outputs[Format.CONCISE].splitlines()) != lines:
        raise PipelineFailure("concise report is not one line per finding")


_BASELINE: list[int] = []


def check_pipeline(
    files: FileSet | Sequence[FileSet], directory: Path, formats: Sequence[Format] = tuple(Format)
) -> Outcome:
    """Write one file set (or several, as sibling targets of one report) below `directory` and
    run discover -> audit -> render (every format) on it. Raises PipelineFailure (or whatever the
    pipeline raised) when an invariant breaks. A bad `[tool.uv-audit]` table is that target's UVA004
    (counted in `config_errors`), never an exception; a mutation that leaves no target at all is
    discover's usage error (SPEC §6), the expected outcome."""
    if not _BASELINE:
        _BASELINE.append(template_script_count())
    sets = [files] if isinstance(files, dict) else list(files)
    if directory.exists():
        shutil.rmtree(directory)
    for index, one in enumerate(sets):
        write_set(one, directory / str(index))
    outcome = Outcome()
    reports = []
    notes = []
    for item in _discovered(directory):
        if isinstance(item, Skipped):
            notes.append(f"{item.display}: {item.reason}")
            outcome.skipped += 1
            continue
        assert isinstance(item, Candidate)
        audited = audit_candidate(item, _OPTIONS, _ENVIRON)
        outcome.config_errors += sum("[tool.uv-audit]" in f.message for f in audited.findings)
        reports.append(audited)
    report = Report(targets=tuple(reports), notes=tuple(notes))
    outputs = {fmt: render(report, fmt, False) for fmt in formats}
    if set(formats) == set(Format):
        check_report(report, outputs, _BASELINE[0])
    outcome.targets = len(reports)
    outcome.findings = len(report.findings)
    outcome.rules = {f.rule for f in report.findings}
    return outcome


def _discovered(directory: Path) -> list[Candidate | Skipped]:
    from auditor.errors import UsageError

    try:
        return list(discover([str(directory)], _OPTIONS.max_depth))
    except UsageError as exc:
        if "no artifact set" not in str(exc):
            raise
        return []


Runner = Callable[[FileSet, Path], Outcome]


SMALL_LOCK = 20_000


def small_seeds() -> list[FileSet]:
    """Seeds whose uv.lock (if any) is small: most long-run inputs, so a mutated lock parses fast."""
    return [s for s in fixture_seeds() + corpus_seeds(SMALL_LOCK) if len(s.get("uv.lock", b"")) <= SMALL_LOCK]


def large_seeds() -> list[FileSet]:
    return [s for s in fixture_seeds() + corpus_seeds(400_000) if len(s.get("uv.lock", b"")) > SMALL_LOCK]
