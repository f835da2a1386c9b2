"""Characters no installed font can draw: they would print as empty boxes in the PDFs.

WeasyPrint (through Pango and fontconfig) falls back to any installed font that has a glyph, so a
character is only lost when no font at all covers it. fontconfig answers that directly.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from functools import lru_cache

from ..model import Framework, SourceRef
from ..model.texts import texts
from ..problems import WARNING, Problem, Rule

# The checks this module raises: catalogue.py collects them, docs/rules/ has a page for each.
DECLARED_RULES: tuple[Rule, ...] = (
    Rule(
        "missing-glyph",
        "build",
        WARNING,
        "A character in the ladder's text (or a published translation) that neither the documents' font nor any "
        "installed font can draw: the PDF would show an empty box. `ladder build` reports it and goes ahead.",
        "title: Staff Engineer 🜁  # no installed font has U+1F701",
        "title: Staff Engineer",
    ),
)

DOCUMENT_FONT = "DejaVu Sans"  # the first family of ladder.css
RULE = "missing-glyph"
COVERING_FONTS_HINT = (
    "install a font that has it, e.g. on Debian: apt-get install fonts-noto-color-emoji fonts-noto-core"
    " (see docs/fonts.md)"
)


def missing_glyph_problems(framework: Framework) -> list[Problem]:
    """A warning for each text holding a character that neither the documents' font nor any fallback has."""
    if shutil.which("fc-list") is None:
        return []
    problems = []
    for source, what, text in _texts(framework):
        missing = sorted({ch for ch in text if ord(ch) > 0x7F and not ch.isspace() and not covered(ch)})
        if missing:
            shown = ", ".join(f"“{ch}” (U+{ord(ch):04X})" for ch in missing)
            message = (
                f"{what} “{text[:60]}” has {shown}, which neither {DOCUMENT_FONT} nor any installed font can draw:"
                " the PDF shows an empty box"
            )
            problems.append(
                Problem(source.file, source.line, source.column, RULE, message, WARNING, hint=COVERING_FONTS_HINT)
            )
    return problems


@lru_cache(maxsize=4096)
def covered(ch: str) -> bool:
    if ord(ch) in _document_font_characters():
        return True
    found = subprocess.run(
        ["fc-list", f":charset={ord(ch):x}", "family"], capture_output=True, text=True, check=False
    ).stdout
    return bool(found.strip())


def _texts(framework: Framework) -> Iterator[tuple[SourceRef, str, str]]:
    """Every text of the model, where the model knows where it is written, and its translations."""
    yield from ((t.source, t.what, t.text) for t in texts(framework) if t.source is not None)
    yield from _translated_texts(framework)


def _translated_texts(framework: Framework) -> Iterator[tuple[SourceRef, str, str]]:
    """Each published language's current translations, located in its PO file: a translation is
    printed in its own document, so its characters need fonts too."""
    from ..i18n.catalog import locale_path, template_entries
    from ..i18n.translate import translated_framework, translated_languages, translation_of

    languages = translated_languages(framework)
    entries = template_entries(framework) if languages else []
    for language in languages:
        translation = translation_of(translated_framework(framework, language))
        if translation is None or translation.catalog is None:
            continue
        path = str(locale_path(framework, language))
        for entry in entries:
            current = translation.current(entry.context, entry.msgid)
            if current is None:
                continue
            msgid = entry.msgid if isinstance(entry.msgid, str) else entry.msgid[0]
            message = translation.catalog.get(msgid, entry.context)
            where = SourceRef(path, getattr(message, "lineno", None) or 1)
            for text in (current,) if isinstance(current, str) else current:
                yield where, f"{language} translation of `{entry.key}`", text


@lru_cache(maxsize=1)
def _document_font_characters() -> frozenset[int]:
    """The code points of the documents' own font: most characters need no fontconfig query."""
    from fontTools.ttLib import TTFont  # a WeasyPrint dependency

    path = subprocess.run(
        ["fc-match", "-f", "%{file}", DOCUMENT_FONT], capture_output=True, text=True, check=False
    ).stdout.strip()
    try:
        return frozenset(TTFont(path, lazy=True).getBestCmap())
    except Exception:  # no such font file or an unreadable one: ask fontconfig for every character
        return frozenset()
