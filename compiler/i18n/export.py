"""Translations in the HRIS export: an additive `translations` object, one entry per language."""

from __future__ import annotations

from typing import Any

from ..model import Framework


def translations_export(framework: Framework) -> dict[str, Any]:
    """{"translations": {lang: {...}}} for a source model with published languages, else {}."""
    from .catalog import template_entries
    from .status import translation_status
    from .translate import is_draft, translated_framework, translated_languages, translation_of

    languages = translated_languages(framework)
    if not languages or translation_of(framework) is not None:
        return {}
    entries = [entry for entry in template_entries(framework) if not entry.is_label]
    result = {}
    for language in languages:
        status = translation_status(framework, language, entries)
        translation = translation_of(translated_framework(framework, language))
        assert translation is not None  # a translated model always records its translation
        strings = {}
        for entry in entries:
            text = translation.current(entry.context, entry.msgid)
            if text is not None:
                strings[entry.context] = text
        result[language] = {
            "language": language,
            "source_language": framework.language,
            "status": "draft" if is_draft(framework, language) else "published",
            "strings": strings,
            "stale": [s.entry.context for s in status.stale],
            "missing": [e.context for e in status.missing],
        }
    return {"translations": result}
