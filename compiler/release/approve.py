"""`ladder release`'s core: check a release, then record its approval in the framework file.

    compile → gate without the fields being recorded → edit the text → compile the edit → write →
    gate again (what still keeps the release a draft, such as the new approver's translation)

Nothing is written while the release has other problems, or when the edited text would not
compile to the values asked for.
"""

from __future__ import annotations

from dataclasses import field
from pathlib import Path

from ..pipeline import compile_documents, read_framework
from ..problems import ERROR, Problem, Rule
from ..source.load import load_file, load_project
from ..value import value_class
from ..write import write_atomically
from .gate import CONTROL_FIELDS, framework_document, publish_problems
from .record import CannotRecord, Field, record

# The checks this module raises: catalogue.py collects them, docs/rules/ has a page for each.
DECLARED_RULES: tuple[Rule, ...] = (
    Rule(
        "release-record",
        "release",
        ERROR,
        "`ladder release` cannot record the approval in the framework file: no file declares `framework:`, the "
        "field cannot be edited in place (a flow-style mapping), or the edited file would not read back as "
        "the values asked for.",
        "presentation: {owner: Head of Product, approver: TBD}  # a flow mapping: not edited in place",
        "presentation:\n  owner: Head of Product\n  approver: TBD",
    ),
)

RELEASE_RULE = "release-record"


@value_class
class Approval:
    approver: str
    approved_on: str  # YYYY-MM-DD
    owner: str | None = None
    version: str | None = None
    effective_date: str | None = None

    def fields(self) -> list[Field]:
        asked = [
            (("framework", "version"), self.version),
            (("framework", "effective_date"), self.effective_date),
            (("framework", "presentation", "owner"), self.owner),
            (("framework", "presentation", "approver"), self.approver),
            (("framework", "presentation", "approved_on"), self.approved_on),
        ]
        return [Field(keys, value) for keys, value in asked if value is not None]


@value_class
class Released:
    recorded: Path | None = None  # the file written; None when refused
    problems: list[Problem] = field(default_factory=list)  # why refused, or what still makes it a draft


def approve(project: Path, approval: Approval) -> Released:
    compiled = read_framework(project)
    if compiled.framework is None:
        return Released(problems=compiled.problems)
    recorded = {f.keys[-1] for f in approval.fields()}
    control = tuple(name for name in CONTROL_FIELDS if name not in recorded)
    refusals = publish_problems(compiled.framework, compiled.problems, control=control)
    if refusals:
        return Released(problems=refusals)
    document = framework_document(compiled.framework)
    if document is None:  # the project compiled, so one file declares `framework:`
        return Released(problems=[Problem(str(project), 0, 0, RELEASE_RULE, "no file declares `framework:`")])
    try:
        text = record(document.text, approval.fields())
    except CannotRecord as error:
        return Released(problems=[Problem(document.display, error.line, error.column, RELEASE_RULE, error.message)])
    if problems := _edit_problems(project, document.path, text, approval):
        return Released(problems=problems)
    write_atomically(document.path, text.encode("utf-8"))
    after = read_framework(project)
    remaining = after.problems if after.framework is None else publish_problems(after.framework, after.problems)
    return Released(recorded=document.path, problems=remaining)


def _edit_problems(project: Path, path: Path, text: str, approval: Approval) -> list[Problem]:
    """Why the edited project would not hold the approval asked for (none: it would)."""
    loaded = load_project(project)
    edited, load_problems = load_file(path, text.encode("utf-8"))
    if edited is None:
        return load_problems
    documents = [edited if d.path == path else d for d in loaded.documents]
    compiled = compile_documents(documents, loaded.problems + load_problems, project, on_disk=True)
    errors = [p for p in compiled.problems if p.severity == ERROR]
    if compiled.framework is None or errors:
        return errors
    framework, presentation = compiled.framework, compiled.framework.presentation
    written = {
        "version": framework.version,
        "effective_date": framework.effective_date,
        "owner": presentation.owner,
        "approver": presentation.approver,
        "approved_on": presentation.approved_on,
    }
    return [
        Problem(edited.display, 1, 1, RELEASE_RULE, f"`{item.keys[-1]}` would read {written[item.keys[-1]]!r}")
        for item in approval.fields()
        if written[item.keys[-1]] != item.value
    ]
