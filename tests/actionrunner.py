"""Runs a composite action's steps locally as the GitHub runner would on ubuntu: each `run` step
as `bash --noprofile --norc -eo pipefail SCRIPT` with its `env` (expressions evaluated), the
runner's files (GITHUB_OUTPUT per step, GITHUB_STEP_SUMMARY, RUNNER_TEMP), `if` and
`continue-on-error` evaluated with the runner's rules (an `if` without a status function means
`success() && ...`; comparisons of different types go through numbers, strings compare without
case). A `uses` step is recorded with its evaluated `with`, not run (it is someone else's code).
"""

from __future__ import annotations

import math
import os
import re
import subprocess
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

_TOKEN = re.compile(r"\s*(?:(\|\||&&|==|!=|\(|\)|!)|'((?:[^']|'')*)'|([A-Za-z_][\w.-]*(?:\(\))?))")


def _number(value: object) -> float:
    if value is None:
        return 0.0
    if isinstance(value, bool):
        return float(value)
    if isinstance(value, (int, float)):
        return float(value)
    text = str(value).strip()
    if text == "":
        return 0.0
    try:
        return float(text)
    except ValueError:
        return math.nan


def _equal(a: object, b: object) -> bool:
    if type(a) is type(b):
        return a.lower() == b.lower() if isinstance(a, str) and isinstance(b, str) else a == b
    return _number(a) == _number(b)


def _truthy(value: object) -> bool:
    if isinstance(value, float) and math.isnan(value):
        return False
    return value not in (None, False, 0, "")


class _Parser:
    """`a || b`, `a && b`, `a == b`, `a != b`, `!a`, `(a)`, 'string', true/false/null, numbers,
    context paths (`inputs.x`, `steps.id.outputs.y`, `github.event.pull_request.head.repo.fork`)
    and the status functions `success()`, `failure()`, `always()`."""

    def __init__(self, text: str, lookup: Callable[[str], object]) -> None:
        self.tokens: list[tuple[str, str]] = []
        position = 0
        while text[position:].strip():
            match = _TOKEN.match(text, position)
            if not match:
                raise ValueError(f"cannot parse {text[position:]!r}")
            op, string, name = match.groups()
            self.tokens.append(
                ("op", op) if op else ("str", string.replace("''", "'")) if string is not None else ("name", name)
            )
            position = match.end()
        self.lookup = lookup

    def parse(self) -> object:
        value = self._or()
        if self.tokens:
            raise ValueError(f"unexpected {self.tokens[0]}")
        return value

    def _take(self, op: str) -> bool:
        if self.tokens and self.tokens[0] == ("op", op):
            self.tokens.pop(0)
            return True
        return False

    def _or(self) -> object:
        value = self._and()
        while self._take("||"):
            right = self._and()
            value = value if _truthy(value) else right
        return value

    def _and(self) -> object:
        value = self._compare()
        while self._take("&&"):
            right = self._compare()
            value = right if _truthy(value) else value
        return value

    def _compare(self) -> object:
        value = self._unary()
        while self.tokens and self.tokens[0] in (("op", "=="), ("op", "!=")):
            op = self.tokens.pop(0)[1]
            right = self._unary()
            value = _equal(value, right) if op == "==" else not _equal(value, right)
        return value

    def _unary(self) -> object:
        if self._take("!"):
            return not _truthy(self._unary())
        if self._take("("):
            value = self._or()
            assert self._take(")"), "missing )"
            return value
        kind, text = self.tokens.pop(0)
        if kind == "str":
            return text
        if text in ("true", "false"):
            return text == "true"
        if text == "null":
            return None
        if re.fullmatch(r"\d+(\.\d+)?", text):
            return float(text)
        return self.lookup(text)


@dataclass
class Step:
    name: str
    ran: bool
    code: int | None = None
    stdout: str = ""
    stderr: str = ""
    outputs: dict[str, str] = field(default_factory=dict)
    inputs: dict[str, str] = field(default_factory=dict)
    """A `uses` step's evaluated `with`."""
    continue_on_error: bool = False


@dataclass
class Result:
    steps: list[Step]

    @property
    def failed(self) -> bool:
        return any(s.ran and s.code not in (0, None) and not s.continue_on_error for s in self.steps)

    def step(self, name: str) -> Step:
        return next(s for s in self.steps if s.name == name)

    @property
    def log(self) -> str:
        """What the job log shows: every step's stdout and stderr, in order."""
        return "".join(s.stdout + s.stderr for s in self.steps)


def run_action(
    action: Mapping[str, Any],
    inputs: Mapping[str, str],
    workdir: Path,
    runner_temp: Path,
    github: Mapping[str, Any],
    fake_outputs: Mapping[str, Mapping[str, str]] | None = None,
    env: Mapping[str, str] | None = None,
) -> Result:
    """Run `action`'s steps. `fake_outputs` stands in for the steps (by id) not to be run (the
    install step when uv-audit is already installed): they succeed with those outputs."""
    values = {name: str(spec.get("default", "")) for name, spec in action.get("inputs", {}).items()}
    unknown = set(inputs) - set(values)
    assert not unknown, f"the action has no input {unknown}"
    values.update(inputs)
    steps: dict[str, Step] = {}
    done: list[Step] = []
    base_env = {**os.environ, **(env or {}), "RUNNER_TEMP": str(runner_temp), "RUNNER_OS": "Linux"}
    base_env.setdefault("GITHUB_STEP_SUMMARY", str(runner_temp / "step-summary.md"))

    def lookup(path: str) -> object:
        if path.endswith("()"):
            failed = any(s.ran and s.code not in (0, None) and not s.continue_on_error for s in done)
            return {"success()": not failed, "failure()": failed, "always()": True, "cancelled()": False}[path]
        head, *rest = path.split(".")
        node: object = {
            "inputs": values,
            "github": github,
            "steps": {k: {"outputs": v.outputs} for k, v in steps.items()},
        }.get(head)
        for part in rest:
            node = node.get(part) if isinstance(node, Mapping) else None
        return node

    def evaluate(text: str) -> object:
        return _Parser(text, lookup).parse()

    def substitute(text: str) -> str:
        def one(match: re.Match[str]) -> str:
            value = evaluate(match.group(1))
            return "" if value is None else str(value).lower() if isinstance(value, bool) else str(value)

        return re.sub(r"\$\{\{(.*?)\}\}", one, str(text))

    for index, spec in enumerate(action["runs"]["steps"]):
        name = spec.get("name", f"step {index}")
        condition = str(spec.get("if", "")).strip()
        condition = condition[3:-2].strip() if condition.startswith("${{") else condition
        if condition and not re.search(r"\b(success|failure|always|cancelled)\(\)", condition):
            condition = f"success() && ({condition})"
        step = Step(name, ran=_truthy(evaluate(condition or "success()")))
        step.continue_on_error = _truthy(
            evaluate(substitute(spec.get("continue-on-error", "false")).strip() or "false")
        )
        done.append(step)
        if "id" in spec:
            steps[spec["id"]] = step
        if not step.ran:
            continue
        if fake_outputs is not None and spec.get("id") in fake_outputs:
            step.code, step.outputs = 0, dict(fake_outputs[spec["id"]])
            continue
        if "uses" in spec:
            step.code, step.inputs = 0, {k: substitute(v) for k, v in spec.get("with", {}).items()}
            continue
        assert spec.get("shell") == "bash", name
        script = runner_temp / f"step-{index}.sh"
        script.write_text(spec["run"], encoding="utf-8")
        output = runner_temp / f"output-{index}.txt"
        output.write_text("", encoding="utf-8")
        step_env = {
            **base_env,
            **{k: substitute(v) for k, v in spec.get("env", {}).items()},
            "GITHUB_OUTPUT": str(output),
        }
        done_proc = subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)],
            cwd=workdir,
            env=step_env,
            capture_output=True,
            text=True,
            timeout=600,
        )
        step.code, step.stdout, step.stderr = done_proc.returncode, done_proc.stdout, done_proc.stderr
        step.outputs = dict(
            line.split("=", 1) for line in output.read_text(encoding="utf-8").splitlines() if "=" in line
        )
    return Result(done)


def load(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data
