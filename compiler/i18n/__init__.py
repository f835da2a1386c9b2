"""Translations: gettext catalogues of a ladder project, their staleness, and translated models.

    model → source strings (one per translatable text, keyed by the object's id)
          → template (.pot) → PO files per language (translators' tools read them)
          → status (missing, stale) → translated model for each language's documents

Babel reads and writes the catalogues and supplies the locale data (dates, numbers, plurals,
text direction). Translations live in the ladder project: `<project>/locales/<lang>.po`.
"""

from __future__ import annotations

from .catalog import LOCALES_DIR, locale_path, read_po, template_catalog, update_catalog, write_po
from .status import TranslationStatus, translation_problems, translation_status
from .strings import SourceString, source_strings
from .translate import FALLBACK_FORMAT, Fallback, translated_framework, translated_languages

__all__ = [
    "FALLBACK_FORMAT",
    "LOCALES_DIR",
    "Fallback",
    "SourceString",
    "TranslationStatus",
    "locale_path",
    "read_po",
    "source_strings",
    "template_catalog",
    "translated_framework",
    "translated_languages",
    "translation_problems",
    "translation_status",
    "update_catalog",
    "write_po",
]
