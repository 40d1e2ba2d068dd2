"""Every registered rule's docstring examples are executed (pylint's good/bad examples): the
failing example must produce the rule's finding, the passing one must not, so the documentation
cannot drift from the behaviour."""

from __future__ import annotations

from pathlib import Path

import pytest

from auditor.rule import Rule
from rules import ALL_RULES
from tests.builder import audit_files, rules_of


def _id(rule: Rule) -> str:
    return f"{rule.code}-{rule.name}"


@pytest.mark.parametrize("rule", ALL_RULES, ids=_id)
def test_every_rule_documents_a_failing_and_a_passing_example(rule: Rule) -> None:
    assert rule.example("failing"), f"{rule.code} has no `Failing example:` block"
    assert rule.example("passing"), f"{rule.code} has no `Passing example:` block"
    for section in ("Why:", "Fires when:", "Fix:"):
        assert section in rule.doc, f"{rule.code}'s docstring has no {section!r} section"


@pytest.mark.parametrize("rule", ALL_RULES, ids=_id)
def test_failing_example_fires(tmp_path: Path, rule: Rule) -> None:
    findings = rules_of(audit_files(tmp_path, rule.example("failing")), rule.code)
    assert findings, f"{rule.code}'s failing example produced no {rule.code} finding"
    assert all("internal error" not in f.message for f in findings), findings
    assert all(f.fix for f in findings), f"{rule.code} finding without a fix"


@pytest.mark.parametrize("rule", ALL_RULES, ids=_id)
def test_passing_example_is_silent(tmp_path: Path, rule: Rule) -> None:
    findings = audit_files(tmp_path, rule.example("passing"))
    assert rules_of(findings, rule.code) == [], f"{rule.code}'s passing example fires"
    assert not [f for f in findings if "internal error" in f.message]
