"""Staleness as data: per language, which entries have no translation and which were made for an
older source text. `ladder validate` and `ladder lint` report them: warnings for a published
language, which `--strict` makes fail; notes for a draft language (its missing ones as one note)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..model import Framework
from ..problems import ERROR, INFO, WARNING, Problem, Rule
from ..source.paths import UnsafePath, confine_folder
from ..value import value_class
from .catalog import Entry, is_translated, locale_path, read_po, template_entries
from .translate import is_draft, translated_languages

# The checks this module raises: catalogue.py collects them, docs/rules/ has a page for each.
DECLARED_RULES: tuple[Rule, ...] = (
    Rule(
        "translation-missing",
        "validate",
        WARNING,
        "A published language has no translation of a string (or no PO file at all).",
        'msgctxt "framework/name"\nmsgid "Product Framework"\nmsgstr ""',
        'msgctxt "framework/name"\nmsgid "Product Framework"\nmsgstr "Produkt-Framework"',
    ),
    Rule(
        "translation-stale",
        "validate",
        WARNING,
        "A translation was made for an older source text (fuzzy, or its msgid differs from the source).",
        '#, fuzzy\n#| msgid "Runs sprint planning."\nmsgid "Runs sprint planning and reviews."\nmsgstr '
        '"Leitet die Sprint-Planung."',
        'msgid "Runs sprint planning and reviews."\nmsgstr "Leitet Sprint-Planung und Reviews."',
    ),
    Rule(
        "translation-unreadable",
        "validate",
        ERROR,
        "A PO file cannot be read.",
        'msgid "unterminated',
        'msgid "closed"\nmsgstr ""',
    ),
)


@value_class
class Stale:
    entry: Entry
    made_for: str  # the source text the translation was written for
    line: int  # of the entry in the PO file


@dataclass
class TranslationStatus:
    language: str
    path: Path
    exists: bool
    total: int = 0
    missing: list[Entry] = field(default_factory=list)
    stale: list[Stale] = field(default_factory=list)
    error: str | None = None  # the PO file cannot be read
    error_line: int = 1  # 0 when the file was refused unread
    unsafe: bool = False  # refused as a path: outside the project, not a regular file, too large
    lines: dict[str, int] = field(
        default_factory=dict
    )  # key of a missing entry → its line in the PO file, when it has one

    @property
    def current(self) -> int:
        return self.total - len(self.missing) - len(self.stale)


def translation_status(framework: Framework, language: str, entries: list[Entry] | None = None) -> TranslationStatus:
    from babel.messages.pofile import PoFileError

    path = locale_path(framework, language)
    entries = template_entries(framework) if entries is None else entries
    exists = path.is_file() or path.is_symlink()  # a link is checked, not skipped
    status = TranslationStatus(language, path, exists, total=len(entries))
    try:  # a `locales/` that leads out of the project is refused even when the file is not there yet
        confine_folder(framework.root, path)
    except UnsafePath as error:
        status.error, status.unsafe, status.missing = str(error), True, list(entries)
        status.error_line = 0
        return status
    if not status.exists:
        status.missing = list(entries)
        return status
    try:
        catalog = read_po(path, language)
    except (PoFileError, UnicodeDecodeError, ValueError) as error:
        status.error, status.missing = str(error), list(entries)
        status.unsafe = bool(getattr(error, "unsafe", False))
        # a refused file is reported as a whole (line 0), so no report quotes a line of it
        status.error_line = 0 if status.unsafe else getattr(error, "line", None) or getattr(error, "lineno", None) or 1
        return status
    by_context = {m.context: m for m in catalog if m.id and m.context}
    for entry in entries:
        message = catalog.get(entry.singular, entry.context) or (
            None if entry.is_label else by_context.get(entry.context)
        )
        if message is None or not is_translated(message.string):
            status.missing.append(entry)
            if message is not None and message.lineno:
                status.lines[entry.key] = message.lineno
        elif message.fuzzy or message.id != entry.msgid:
            made_for = message.previous_id if message.fuzzy and message.previous_id else message.id
            status.stale.append(
                Stale(entry, made_for if isinstance(made_for, str) else made_for[0], message.lineno or 1)
            )
    return status


def translation_problems(framework: Framework) -> list[Problem]:
    """Missing and stale translations of every translated language, each naming its id: warnings for a
    published language (`--strict` makes warnings fail), notes for a draft one (never gated)."""
    languages = translated_languages(framework)
    if not languages:
        return []  # and no template to extract: validate stays free of Jinja2
    problems = []
    entries = template_entries(framework)
    for language in languages:
        status = translation_status(framework, language, entries)
        po = _display(framework, status.path)
        draft = is_draft(framework, language)
        severity = INFO if draft else WARNING
        if status.error:
            rule = "unsafe-path" if status.unsafe else "translation-unreadable"
            message = f"{language}: cannot read the PO file: {status.error}"
            problems.append(Problem(po, status.error_line, min(status.error_line, 1), rule, message, ERROR))
            continue
        if not status.exists:
            problems.append(
                Problem(
                    po,
                    1,
                    1,
                    "translation-missing",
                    f"{language}: no PO file; every string falls back to {framework.language}",
                    severity,
                    hint="run `ladder translations update` to create it",
                )
            )
            continue
        for stale in status.stale:
            problems.append(
                Problem(
                    po,
                    stale.line,
                    1,
                    "translation-stale",
                    f"{language}: stale translation of `{stale.entry.key}`: "
                    "the source text changed since it was translated",
                    severity,
                    hint="update the msgstr to the new msgid, then remove the fuzzy flag",
                )
            )
        if draft:
            problems += _draft_missing(framework, status, po)
            continue
        for entry in status.missing:  # where the translator writes it, else where the source text is
            file, line = (
                (po, status.lines[entry.key])
                if entry.key in status.lines
                else _in_project(framework, entry.locations[0])
                if entry.locations and not entry.is_label
                else (po, 1)
            )
            problems.append(
                Problem(
                    file,
                    max(line, 1),
                    1,
                    "translation-missing",
                    f"{language}: no translation of `{entry.key}`",
                    severity,
                )
            )
    return problems


def _draft_missing(framework: Framework, status: TranslationStatus, po: str) -> list[Problem]:
    """A draft is partial by design: its missing entries are one note, not one warning each."""
    if not status.missing:
        return []
    message = (
        f"{status.language} (draft): {len(status.missing)} of {status.total} strings not yet translated; "
        f"they fall back to {framework.language}, marked"
    )
    hint = "`ladder translations status` counts them; move the language to `languages` once it is complete"
    return [Problem(po, 1, 1, "translation-missing", message, INFO, hint=hint)]


def _in_project(framework: Framework, location: tuple[str, int]) -> tuple[str, int]:
    """A template location (relative to the project, as the PO file keeps it) as a path from here."""
    file, line = location
    return _display(framework, framework.root / file), line


def _display(framework: Framework, path: Path) -> str:
    try:
        return path.relative_to(Path.cwd()).as_posix()
    except ValueError:
        return path.as_posix()
