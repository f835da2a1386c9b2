"""`ladder translations`: the gettext catalogues of a ladder project (extract, update, status)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from .common import Outcome, Stop, framework_or_stop, project_argument, quiet_option


@click.group(
    epilog="""\b
Examples:
  ladder translations extract           write ladders/locales/messages.pot
  ladder translations update            merge it into every configured language's PO file
  ladder translations update -l fr      start or update French only
  ladder translations status            current, stale and missing entries per language"""
)
def command() -> None:
    """Gettext catalogues of a ladder project: one entry per translatable string, its id as context.

    Translations live in PATH/locales/<language>.po; the framework's `languages` says which are
    published and `draft_languages` which are still being translated. See docs/translations.md.
    """


@command.command()
@project_argument
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Where to write the template [default: PATH/locales/messages.pot].",
)
@quiet_option
def extract(path: Path, output: Path | None, quiet: bool) -> None:
    """Write the gettext template (.pot) of every translatable string of PATH."""
    from ..i18n.catalog import LOCALES_DIR, TEMPLATE_NAME, template_catalog, write_po

    framework = framework_or_stop(path, stream=sys.stderr)
    target = output or framework.root / LOCALES_DIR / TEMPLATE_NAME
    catalog = template_catalog(framework)
    confined_to = None if output else framework.root  # --output is the user's own choice
    changed = _write_or_exit(write_po, target, catalog, confined_to)
    if not quiet:
        click.echo(f"{target}: {len(catalog)} entries{'' if changed else ' (unchanged)'}", err=True)


@command.command()
@project_argument
@click.option(
    "-l",
    "--language",
    "languages",
    multiple=True,
    metavar="TAG",
    help="Only this language (repeatable); may be one not yet configured.",
)
@quiet_option
def update(path: Path, languages: tuple[str, ...], quiet: bool) -> None:
    """Merge the template into each language's PO file, creating missing ones.

    A source string that changed keeps its translation, marked fuzzy (stale), with the old
    source text as `#| msgid`; entries whose object is gone become obsolete (#~)."""
    from ..i18n import locale_path, read_po, template_catalog, translated_languages, update_catalog, write_po
    from ..i18n.catalog import is_translated, new_catalog

    framework = framework_or_stop(path, stream=sys.stderr)
    wanted = languages or translated_languages(framework)
    if not wanted:
        click.echo("Error: no languages: add `languages: [de, …]` to the framework or pass --language", err=True)
        raise Stop(Outcome.USAGE)
    _check_tags(wanted)
    template = template_catalog(framework)
    for language in wanted:
        po_path = locale_path(framework, language)
        catalog = (
            update_catalog(_read_or_exit(po_path, language, read_po), template)
            if po_path.is_file()
            else new_catalog(template, language)
        )
        changed = _write_or_exit(write_po, po_path, catalog, framework.root)
        fuzzy = sum(1 for m in catalog if m.id and m.fuzzy)
        untranslated = sum(1 for m in catalog if m.id and not is_translated(m.string))
        if not quiet:
            click.echo(
                f"{po_path}: {len(catalog)} entries, {fuzzy} stale, {untranslated} untranslated"
                + ("" if changed else " (unchanged)"),
                err=True,
            )


@command.command()
@project_argument
@quiet_option
def status(path: Path, quiet: bool) -> None:
    """How complete each configured language is: current, stale and missing entries (-q: only the
    languages that are not complete)."""
    from ..i18n import translated_languages, translation_status
    from ..i18n.catalog import template_entries
    from ..i18n.translate import is_draft

    framework = framework_or_stop(path, stream=sys.stderr)
    entries = template_entries(framework)
    for language in translated_languages(framework):
        state = translation_status(framework, language, entries)
        note = f"  (cannot read: {state.error})" if state.error else ("" if state.exists else "  (no PO file)")
        draft = " (draft)" if is_draft(framework, language) else ""
        if quiet and state.exists and not state.error and state.current == state.total:
            continue
        click.echo(
            f"{language}{draft}: {state.current}/{state.total} current, "
            f"{len(state.stale)} stale, {len(state.missing)} missing{note}"
        )


def _check_tags(languages: tuple[str, ...]) -> None:
    from babel import Locale, UnknownLocaleError

    for language in languages:
        try:
            Locale.parse(language.replace("-", "_"))
        except (UnknownLocaleError, ValueError) as error:
            click.echo(
                f"Error: {language!r} is not a language Babel knows (use a BCP 47 tag such as de, pt-BR, ar)", err=True
            )
            raise Stop(Outcome.USAGE) from error


def _write_or_exit(write_po: Callable[..., bool], path: Path, catalog: Any, root: Path | None) -> bool:
    from ..source.paths import UnsafePath

    try:
        return write_po(path, catalog, root)
    except UnsafePath as error:
        click.echo(f"error [unsafe-path]: {error}; nothing was written", err=True)
        raise Stop(Outcome.PROBLEMS) from error


def _read_or_exit(path: Path, language: str, read_po: Callable[[Path, str], Any]) -> Any:
    from babel.messages.pofile import PoFileError

    try:
        return read_po(path, language)
    except (PoFileError, UnicodeDecodeError, ValueError) as error:
        click.echo(f"Error: cannot read {path}: {error}", err=True)
        raise Stop(Outcome.PROBLEMS) from error
