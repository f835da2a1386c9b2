"""Gettext catalogues through Babel: the project's template (.pot), its PO files, and the merge that
turns a changed source string into a fuzzy (stale) entry that keeps the old translation."""

from __future__ import annotations

import datetime
import io
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..model import Framework
from ..problems import Problem
from ..source.paths import FileTooLarge, UnsafePath, confine, confine_folder
from ..value import value_class
from .catalogue_check import MAX_CATALOGUE_BYTES
from .labels import LABEL_CONTEXT, document_labels, search_path
from .strings import source_strings

if TYPE_CHECKING:
    from babel.messages.catalog import Catalog, Message

LOCALES_DIR = "locales"
TEMPLATE_NAME = "messages.pot"


@value_class
class Entry:
    """One message of the template: a model text (keyed by its object's id) or a document label."""

    context: str
    msgid: str | tuple[str, str]
    locations: tuple[tuple[str, int], ...]

    @property
    def is_label(self) -> bool:
        return self.context == LABEL_CONTEXT

    @property
    def key(self) -> str:
        """What a person searches for: the object's id path, or the label's English words."""
        return f"label “{self.singular}”" if self.is_label else self.context

    @property
    def singular(self) -> str:
        return self.msgid if isinstance(self.msgid, str) else self.msgid[0]


def locale_path(framework: Framework, language: str) -> Path:
    return framework.root / LOCALES_DIR / f"{language}.po"


def template_entries(framework: Framework, template_dirs: tuple[Path, ...] | None = None) -> list[Entry]:
    dirs = template_dirs if template_dirs is not None else search_path(framework.presentation.templates)
    entries = [
        Entry(s.key, s.text, ((_relative(s.source.file, framework.root), s.source.line),) if s.source else ())
        for s in source_strings(framework)
    ]
    return entries + [Entry(LABEL_CONTEXT, label.msgid, label.locations) for label in document_labels(dirs)]


def _relative(file: str, root: Path) -> str:
    """Locations relative to the project, so the template is the same from any working directory."""
    try:
        return Path(file).resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return file


def template_catalog(framework: Framework, template_dirs: tuple[Path, ...] | None = None) -> Catalog:
    """The project's gettext template: every translatable string once, its id path as msgctxt."""
    from babel.messages.catalog import Catalog

    catalog = Catalog(
        project=framework.name,
        version=framework.version,
        charset="utf-8",
        fuzzy=False,
        creation_date=_effective(framework),
        revision_date=_effective(framework),  # deterministic: no clock
        header_comment=f"# Translation template of {framework.name}, written by `ladder translations extract`.\n"
        f"# Edit the PO files in {LOCALES_DIR}/, not this file.",
    )
    for entry in template_entries(framework, template_dirs):
        catalog.add(
            entry.msgid,
            "" if isinstance(entry.msgid, str) else ("", ""),
            locations=entry.locations,
            context=entry.context,
        )
    return catalog


def new_catalog(template: Catalog, language: str) -> Catalog:
    """An empty PO for `language`, made from the template (what `msginit` does)."""
    from babel.messages.catalog import Catalog

    catalog = Catalog(
        locale=language,
        project=template.project,
        version=template.version,
        charset="utf-8",
        fuzzy=False,
        creation_date=template.creation_date,
        revision_date=template.creation_date,
        language_team=_english_name(language),
        header_comment=translation_header(template.project, language),
    )
    return update_catalog(catalog, template)


def translation_header(project: str, language: str) -> str:
    return (
        f"# {_english_name(language)} translation of {project}.\n"
        "# Translate each msgstr; msgctxt is the id of the object the text belongs to. After a source change,\n"
        "# `ladder translations update` marks changed entries fuzzy, with the old source as #| msgid.\n"
        "# See docs/translations.md."
    )


def _english_name(language: str) -> str:
    from babel import Locale

    return Locale.parse(language.replace("-", "_")).get_display_name("en") or language


def update_catalog(po: Catalog, template: Catalog) -> Catalog:
    """Merge the template into a PO catalogue in place and return it.

    Entries are matched by msgctxt (the object's id), not by fuzzy text search as `msgmerge`
    does: a source string that changed keeps its translation, marked fuzzy, with the source
    text it was made for as `#| msgid`. Entries no longer in the template become obsolete (#~)."""
    from babel.messages.catalog import Message

    old = {(m.context, _singular(m.id)): m for m in po if m.id}
    by_context = {m.context: m for m in po if m.id and m.context != LABEL_CONTEXT}
    merged = []
    for message in template:
        if not message.id:
            continue
        previous = old.pop((message.context, _singular(message.id)), None)
        if previous is not None and previous.id == message.id:
            merged.append(
                _copy(previous, message, string=previous.string, flags=previous.flags, previous_id=previous.previous_id)
            )
            continue
        earlier = previous or by_context.get(message.context)
        if earlier is not None and is_translated(earlier.string) and _plural(earlier.id) == _plural(message.id):
            old.pop((earlier.context, _singular(earlier.id)), None)
            made_for = earlier.previous_id if earlier.fuzzy and earlier.previous_id else earlier.id
            merged.append(
                _copy(
                    earlier, message, string=earlier.string, flags=set(earlier.flags) | {"fuzzy"}, previous_id=made_for
                )
            )
        else:
            merged.append(
                Message(
                    message.id,
                    "" if isinstance(message.id, str) else ("",) * po.num_plurals,
                    locations=message.locations,
                    context=message.context,
                )
            )
    for message in list(po):
        if message.id:
            po.delete(message.id, message.context)
    for message in merged:
        po[message.id] = message
    for message in old.values():
        if is_translated(message.string):
            # Babel keys obsolete entries by (id, context) itself; its annotation says (str, str)
            po.obsolete[(message.id, message.context)] = message  # type: ignore[index]
    return po


def _copy(previous: Message, template_message: Message, *, string: Any, flags: Any, previous_id: Any) -> Message:
    from babel.messages.catalog import Message

    return Message(
        template_message.id,
        string,
        locations=template_message.locations,
        flags=flags,
        user_comments=previous.user_comments,
        previous_id=previous_id,
        context=template_message.context,
    )


def _singular(msgid: Any) -> str:  # a message id: text, or (singular, plural)
    return msgid if isinstance(msgid, str) else msgid[0]


def _plural(msgid: Any) -> bool:
    return not isinstance(msgid, str)


def is_translated(string: Any) -> bool:  # a msgstr: text, or one per plural form
    return bool(string) if isinstance(string, str) else any(string)


PO_WIDTH = 100


def read_po(path: Path, language: str, root: Path | None = None) -> Catalog:
    """A catalogue inside `root` (by default the project a `ROOT/locales/LANG.po` belongs to), read
    bounded and checked; CatalogueError (a ValueError) says why one is refused."""
    from babel.messages.pofile import read_po as babel_read_po

    from .catalogue_check import read_catalogue_text

    data = read_catalogue_text(path, root if root is not None else path.parent.parent)
    catalog = babel_read_po(io.BytesIO(data), locale=language, abort_invalid=True)
    for message in list(catalog) + list(catalog.obsolete.values()):
        _take_previous(message)
    return catalog


def po_bytes(catalog: Catalog) -> bytes:
    """The catalogue as Babel writes it, plus `#| msgid` lines (Babel 2.19 reads them as comments
    and wraps them into invalid lines when writing, so ladder writes and reads those itself)."""
    from babel.messages.pofile import write_po as babel_write_po

    buffer = io.BytesIO()
    babel_write_po(buffer, catalog, width=PO_WIDTH, include_previous=False, include_lineno=True)
    return _with_previous(buffer.getvalue().decode("utf-8"), catalog).encode("utf-8")


def _with_previous(text: str, catalog: Catalog) -> str:
    from babel.messages.pofile import normalize

    for message in catalog:
        if message.id and message.fuzzy and message.previous_id:
            context, msgid = (
                normalize(message.context or "", width=PO_WIDTH),
                normalize(_singular(message.id), width=PO_WIDTH),
            )
            anchor = f"\nmsgctxt {context}\nmsgid {msgid}\n"
            previous = f"#| msgid {normalize(message.previous_id[0], prefix='#| ', width=PO_WIDTH)}"
            text = text.replace(anchor, f"\n{previous}{anchor}", 1)
    return text


def _take_previous(message: Message) -> None:
    """Move `#| msgid "…"` lines (read by Babel as user comments starting with "|") into previous_id."""
    from babel.messages.pofile import unescape

    parts, kept, in_msgid = [], [], False
    for comment in message.user_comments:
        if not comment.startswith("|"):
            kept.append(comment)
            continue
        line = comment[1:].strip()
        if line.startswith("msgid "):
            in_msgid, line = True, line[len("msgid ") :]
        elif not line.startswith('"'):
            in_msgid = False  # msgctxt or msgid_plural of the previous entry: not needed
        if in_msgid and line.startswith('"'):
            parts.append(unescape(line))
    message.user_comments = kept
    if parts:
        message.previous_id = ["".join(parts)]


def write_po(path: Path, catalog: Catalog, root: Path | None = None) -> bool:
    """Write a catalogue atomically; False when the file already holds exactly these bytes. With
    `root`, the path must stay inside it (UnsafePath): a symlinked `locales/` is not written through."""
    from ..source.paths import confine_for_writing
    from ..write import write_atomically

    if root is not None:
        confine_for_writing(root, path)
    content = po_bytes(catalog)
    if path.is_file() and path.read_bytes() == content:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(path, content)
    return True


def _effective(framework: Framework) -> datetime.datetime:
    return datetime.datetime.fromisoformat(framework.timestamp_date).replace(tzinfo=datetime.UTC)


def unsafe_catalogues(framework: Framework) -> list[Problem]:
    """`unsafe-path` for each catalogue the build would read (or `locales/` folder) that leads out of
    the project, is not a regular file or is over the limit: the build refuses, as for a logo."""
    problems = []
    for language in framework.translated_languages:
        path = locale_path(framework, language)
        try:
            confine_folder(framework.root, path)
            if path.is_symlink() or path.exists():
                resolved = confine(framework.root, path.relative_to(framework.root).as_posix())
                if resolved.stat().st_size > MAX_CATALOGUE_BYTES:  # a regular file: its size is true
                    raise FileTooLarge(MAX_CATALOGUE_BYTES)
        except UnsafePath as error:
            # line 0: about the file as a whole, so no report quotes a line of it
            problems.append(Problem(path.as_posix(), 0, 0, "unsafe-path", f"{language}: {error}"))
    return problems
