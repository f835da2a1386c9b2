"""Staleness as data: per language, which entries have no translation and which were made for an
older source text. `ladder validate` and `ladder lint` report them: warnings for a published
language, which `--strict` makes fail; notes for a draft language (its missing ones as one note)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..model import Framework
from ..problems import ERROR, INFO, WARNING, Problem
from .catalog import Entry, is_translated, locale_path, read_po, template_entries
from .translate import is_draft, translated_languages


@dataclass(frozen=True)
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
    status = TranslationStatus(language, path, path.is_file(), total=len(entries))
    if not status.exists:
        status.missing = list(entries)
        return status
    try:
        catalog = read_po(path, language)
    except (PoFileError, UnicodeDecodeError, ValueError) as error:
        status.error, status.missing = str(error), list(entries)
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
            problems.append(
                Problem(
                    po, 1, 1, "translation-unreadable", f"{language}: cannot read the PO file: {status.error}", ERROR
                )
            )
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
