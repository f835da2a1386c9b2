"""A model in another language: each text replaced by its current translation, or by the source
text visibly marked (never silently) where the translation is missing or stale."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, overload

from ..model import Framework, SourceRef
from ..value import strip_control
from .labels import LABEL_CONTEXT, document_labels, search_path
from .strings import map_strings

if TYPE_CHECKING:
    from babel.messages.catalog import Catalog

FALLBACK_FORMAT = "[{language}] {text}"  # e.g. "[EN] Runs sprint planning…": the reader sees the source language


class Fallback(str):
    """Source-language text shown in a translated document; its content carries the visible mark."""

    source_language: str = "en"
    text: str = ""

    @classmethod
    def of(cls, text: str, source_language: str) -> Fallback:
        marked = cls(FALLBACK_FORMAT.format(language=source_language.upper(), text=text))
        marked.source_language, marked.text = source_language, text
        return marked


@dataclass
class Translation:
    """One language's PO catalogue, ready for lookups; records which keys fell back."""

    language: str
    source_language: str
    catalog: Catalog | None  # None when the PO file does not exist
    fallbacks: set[str] = field(default_factory=set)

    @overload
    def current(self, context: str, msgid: str) -> str | None: ...
    @overload
    def current(self, context: str, msgid: tuple[str, str]) -> Sequence[str] | None: ...
    @overload
    def current(self, context: str, msgid: str | tuple[str, str]) -> str | Sequence[str] | None: ...

    def current(self, context: str, msgid: str | tuple[str, str]) -> Any:
        """The translation made for exactly this source text, or None (missing, fuzzy or stale):
        text for a singular msgid, one text per plural form for a (singular, plural) one."""
        message = (
            self.catalog.get(msgid if isinstance(msgid, str) else msgid[0], context)
            if self.catalog is not None
            else None
        )
        if message is None or message.fuzzy or message.id != msgid:
            return None
        strings = (message.string,) if isinstance(message.string, str) else message.string
        if not strings or not all(strings):
            return None
        # translator text is untrusted like ladder text: no control characters, in any format
        return strip_control(message.string) if isinstance(message.string, str) else tuple(map(strip_control, strings))

    def text(self, key: str, text: str, _source: SourceRef | None = None) -> str:
        translated = self.current(key, text)
        if translated is None:
            self.fallbacks.add(key)
            return Fallback.of(text, self.source_language)
        return translated

    def label(self, msgid: str) -> str:
        translated = self.current(LABEL_CONTEXT, msgid)
        if translated is None:  # recorded in `fallbacks` up front, so every document's note agrees
            return Fallback.of(msgid, self.source_language)
        return translated

    def plural(self, singular: str, plural: str, number: int) -> str:
        translated = self.current(LABEL_CONTEXT, (singular, plural))
        if translated is None:
            return Fallback.of(singular if number == 1 else plural, self.source_language)
        assert self.catalog is not None  # a current translation came from it
        return translated[min(_plural_index(self.catalog.plural_expr, number), len(translated) - 1)]


def _plural_index(expression: str, number: int) -> int:
    import gettext

    return gettext.c2py(expression)(number)


def translated_languages(framework: Framework) -> tuple[str, ...]:
    """The languages built besides the source language: the published ones, then the drafts, as listed."""
    return framework.translated_languages


def built_languages(framework: Framework, drafts: bool) -> tuple[str, ...]:
    """The translations a build writes: the published languages, and the drafts only when asked."""
    return tuple(lang for lang in framework.translated_languages if drafts or lang not in framework.draft_languages)


def is_draft(framework: Framework, language: str) -> bool:
    """A draft language is built and reported, but `validate --strict` does not gate it."""
    return language in framework.draft_languages


def translated_framework(framework: Framework, language: str) -> Framework:
    """The model in `language`, built once per source model (a cache beside the frozen model)."""
    memo = framework.__dict__.setdefault("_translated_memo", {})
    if language not in memo:
        translation = load_translation(framework, language)
        translated = replace(map_strings(framework, translation.text), language=language)
        translation.fallbacks |= _label_fallbacks(framework, translation)
        translated.__dict__["_translation"] = translation
        translated.__dict__["_source_model"] = framework
        memo[language] = translated
    model: Framework = memo[language]
    return model


def translation_of(framework: Framework) -> Translation | None:
    """The translation a model was made with; None for the source-language model."""
    return framework.__dict__.get("_translation")


def source_model(framework: Framework) -> Framework:
    """The source-language model a translated one was made from (itself for a source model)."""
    model: Framework = framework.__dict__.get("_source_model", framework)
    return model


def load_translation(framework: Framework, language: str) -> Translation:
    from babel.messages.pofile import PoFileError

    from .catalog import locale_path, read_po

    path = locale_path(framework, language)
    try:
        catalog = read_po(path, language) if path.is_file() else None
    except (
        PoFileError,
        UnicodeDecodeError,
        ValueError,
    ):  # `ladder validate` names the problem; documents fall back, marked
        catalog = None
    return Translation(language, framework.language, catalog)


def _label_fallbacks(framework: Framework, translation: Translation) -> set[str]:
    labels = document_labels(search_path(framework.presentation.templates))
    return {
        f"{LABEL_CONTEXT}/{label.msgid}" for label in labels if translation.current(LABEL_CONTEXT, label.msgid) is None
    }
