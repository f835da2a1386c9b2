"""The publish gate: a release may be built as published only when

- the release is identified: the framework's `version` and `effective_date` are recorded (format 2
  lets a draft leave them out);
- document control is finished: `presentation.owner`, `approver` and `approved_on` are recorded,
  none a placeholder (the lint rule placeholder-text's patterns, and sample names);
- no validation or lint problem of severity error stands (the checks `ladder lint` runs, with
  the project's lint settings, so every new error rule counts);
- no published language (`languages`) is a draft: each catalogue is complete and current, as
  `ladder validate --strict` requires (`draft_languages` are not published).

Every reason is a located Problem; `ladder build` prints them and watermarks a draft,
`ladder build --published` and `ladder release` fail on them.
"""

from __future__ import annotations

import datetime
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

from ..model import Framework
from ..problems import ERROR, WARNING, Problem, Rule
from ..source.load import SourceDocument, load_file

# The checks this module raises: catalogue.py collects them, docs/rules/ has a page for each.
DECLARED_RULES: tuple[Rule, ...] = (
    Rule(
        "release-control",
        "release",
        ERROR,
        "Document control is not finished for a published release: the framework's `version` or `effective_date` "
        "is missing (format 2 lets a draft leave them out), or `presentation.owner`, `approver` or `approved_on` "
        "is missing, a placeholder or (the date) not a calendar date. `ladder build` prints it and marks the "
        "documents as a draft; `ladder build --published` and `ladder release` fail on it.",
        "presentation:\n  owner: Head of Product\n  approver: TBD",
        "presentation:\n  owner: Head of Product\n  approver: Chief Product Officer\n  approved_on: 2027-01-15",
    ),
)

CONTROL_RULE = "release-control"
CONTROL_FIELDS = ("version", "effective_date", "owner", "approver", "approved_on")
RELEASE_FIELDS = ("version", "effective_date")  # the framework's own keys; the others are under presentation
FIELD_NAMES = {
    "version": "a version",
    "effective_date": "an effective date",
    "owner": "an owner",
    "approver": "an approver",
    "approved_on": "an approval date",
}
# Beyond placeholder-text's patterns: what a template or an example leaves in a name field.
SAMPLE_NAMES = (
    r"<[^<>]*>",
    r"\[[^\[\]]*\]",
    r"\b(jane|john) doe\b",
    r"\bexample\b",
    r"\bnot recorded\b",
    r"\bunknown\b",
    r"\bchange ?me\b",
    r"^\s*(n/?a|none|nobody|-+|\?+)\s*$",
)
RELEASE_HINT = "record it with `ladder release --approver ROLE --approved-on YYYY-MM-DD` (docs/hr-documents.md)"
OWNER_HINT = "set it in framework.yaml, or record it with `ladder release --owner ROLE` (docs/hr-documents.md)"
VERSION_HINT = (
    "set it in framework.yaml, or record it with `ladder release --version V --effective-date YYYY-MM-DD`"
    " (docs/hr-documents.md)"
)


def publish_problems(
    framework: Framework, compile_problems: Iterable[Problem] = (), *, control: tuple[str, ...] = CONTROL_FIELDS
) -> list[Problem]:
    """Why this release may not be published (none: it may). `compile_problems` are the loader's
    and validator's for the same project; `control` the document-control fields to require (`ladder
    release` leaves out those it is about to record)."""
    problems = [p for p in compile_problems if p.severity == ERROR]
    problems += control_problems(framework, control)
    problems += lint_errors(framework)
    problems += language_errors(framework)
    return sorted(set(problems))


def control_problems(framework: Framework, fields: tuple[str, ...] = CONTROL_FIELDS) -> list[Problem]:
    """Each document-control field that is missing or a placeholder, and an approval date that is no calendar date."""
    values = {name: _control_value(framework, name) for name in fields}
    reasons = {name: _control_reason(name, value) for name, value in values.items()}
    if not any(reasons.values()):
        return []
    document = framework_document(framework)  # read again only to say where
    problems = []
    for name, reason in reasons.items():
        value = values[name]
        path = ("framework", name) if name in RELEASE_FIELDS else ("framework", "presentation", name)
        if reason is None:
            continue
        hint = VERSION_HINT if name in RELEASE_FIELDS else OWNER_HINT if name == "owner" else RELEASE_HINT
        if document is None:
            problems.append(Problem(str(framework.root), 0, 0, CONTROL_RULE, reason, hint=hint))
        elif value is None:  # where it belongs: the `presentation:` key, else `framework:`
            where = path[:2] if len(path) > 2 and path[:2] in document.key_marks else path[:1]
            problems.append(document.problem(where, CONTROL_RULE, reason, key=True, hint=hint))
        else:
            problems.append(document.problem(path, CONTROL_RULE, reason, hint=hint))
    return problems


def _control_value(framework: Framework, name: str) -> str | None:
    return getattr(framework if name in RELEASE_FIELDS else framework.presentation, name)  # type: ignore[no-any-return]


def _control_reason(name: str, value: str | None) -> str | None:
    key = f"`framework.{name}`" if name in RELEASE_FIELDS else f"`presentation.{name}`"
    if value is None or not value.strip():
        return f"{key} is not recorded: a published release needs {FIELD_NAMES[name]}"
    if name in RELEASE_FIELDS:  # the schema checks their form (a semantic version, a calendar date)
        return None
    if placeholder := find_placeholder(value):
        return f"{key} is a placeholder (“{placeholder}”): a published release needs {FIELD_NAMES[name]}"
    if name == "approved_on":
        try:
            datetime.date.fromisoformat(value)
        except ValueError:
            return f"{key} `{value}` is not a calendar date (YYYY-MM-DD)"
    return None


def find_placeholder(text: str) -> str | None:
    """The placeholder in `text`, by the lint rule placeholder-text's default patterns and sample names."""
    from ..lint.rules import placeholder_text

    patterns = [*placeholder_text.CONF["patterns"], *SAMPLE_NAMES]
    match = re.search("|".join(f"(?:{p})" for p in patterns), text, re.IGNORECASE)
    return match.group(0).strip() if match else None


def lint_errors(framework: Framework) -> list[Problem]:
    """What `ladder lint` reports at severity error, with the project's lint settings; an invalid
    settings file counts too (the gate cannot say what lint would find)."""
    from ..lint import all_rules, lint
    from ..lint.config import find_config, load_config

    settings: dict[str, dict[str, object]] = {}
    config = find_config(framework.root)
    if config is not None:
        settings, config_problems = load_config(config, all_rules())
        if config_problems:
            return [p for p in config_problems if p.severity == ERROR]
    return [p for p in lint(framework, settings) if p.severity == ERROR]


def language_errors(framework: Framework) -> list[Problem]:
    """A published language whose catalogue is missing, unreadable, incomplete or stale (a draft
    language's findings are notes: it is not published). Validate warns of these (`--strict`
    fails on them); the gate always fails, so here they are errors."""
    from ..i18n.status import translation_problems

    return [
        replace(p, severity=ERROR) if p.severity == WARNING else p
        for p in translation_problems(framework)
        if p.severity in (ERROR, WARNING)
    ]


def framework_document(framework: Framework) -> SourceDocument | None:
    """The loaded file that declares `framework:` (the model keeps values, not positions)."""
    names = sorted(framework.project.files, key=lambda name: Path(name).stem != "framework")
    for name in names:
        document, _ = load_file(framework.root / name)
        if document is not None and isinstance(document.data, dict) and "framework" in document.data:
            return document
    return None


def summary(problems: list[Problem]) -> str:
    """One line: how many reasons of each rule, most frequent first (`release-control ×3, vague-wording ×1`)."""
    counts = Counter(p.rule for p in problems)
    return ", ".join(f"{rule} ×{count}" for rule, count in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
