"""The diff is complete by construction: every model field has a declared treatment.

A new field on any model dataclass fails test_every_model_field_has_a_rule, naming it, until
compiler/diff/fields.py says how to compare it (or why it is skipped).
"""

from __future__ import annotations

import re
from dataclasses import fields
from pathlib import Path

from ladder_compiler.diff.compare import SPECIAL
from ladder_compiler.diff.fields import CONVENTIONS, FIELDS, Compare, Skip, Special, model_dataclasses, unruled_fields
from ladder_compiler.diff.rules import RULES


def test_every_model_field_has_a_rule() -> None:
    assert unruled_fields() == []


def test_the_walk_reaches_every_model_dataclass_that_holds_ladder_content() -> None:
    reached = {cls.__name__ for cls in model_dataclasses()}
    assert reached == {cls.__name__ for cls in FIELDS}
    assert {"Framework", "Track", "Level", "Expectation", "Promotion", "CareerMove", "ScaleValue", "Role"} <= reached


def test_the_table_names_only_real_fields_rules_and_methods() -> None:
    for cls, table in FIELDS.items():
        assert set(table) <= {f.name for f in fields(cls)}, cls.__name__
        for name, treatment in table.items():
            if isinstance(treatment, Compare):
                assert treatment.rule in RULES, f"{cls.__name__}.{name}"
            if isinstance(treatment, Special):
                assert treatment.method in SPECIAL, f"{cls.__name__}.{name}"
            if isinstance(treatment, Skip):
                assert treatment.why, f"{cls.__name__}.{name}"


def test_every_special_comparison_is_used() -> None:
    treatments = [*CONVENTIONS.values(), *(t for table in FIELDS.values() for t in table.values())]
    assert set(SPECIAL) == {t.method for t in treatments if isinstance(t, Special)}


def test_docs_list_every_rule_with_its_default_severity() -> None:
    page = (Path(__file__).parent.parent / "docs" / "diff-rules.md").read_text(encoding="utf-8")
    listed = re.findall(r"^\| `([a-z-]+)` \| (breaking|warning|info) \|", page, re.MULTILINE)
    assert listed == [(rule, severity) for rule, (severity, _) in RULES.items()]


def test_the_diff_page_lists_every_rule_under_its_severity() -> None:
    """docs/diff.md's table: each rule the diff can report, once, at its default severity."""
    page = (Path(__file__).parent.parent / "docs" / "diff.md").read_text(encoding="utf-8")
    rows = dict(re.findall(r"^\| (breaking|warning|info) \| (.+) \|$", page, re.MULTILINE))
    listed = {severity: re.findall(r"`([a-z-]+)`", rules) for severity, rules in rows.items()}
    assert listed == {
        severity: [rule for rule, (default, _) in RULES.items() if default == severity]
        for severity in ("breaking", "warning", "info")
    }
