"""What a template needs to speak the document's language: gettext functions for its labels, the
`lang` and `dir` attributes, dates and numbers in the locale's own style (Babel's CLDR data), and
the note that names untranslated passages."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ..model import Framework
from .translate import FALLBACK_FORMAT, Translation, translation_of

if TYPE_CHECKING:
    from babel import Locale
    from markupsafe import Markup

_PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def document_context(
    framework: Framework | None, *, markup: bool, escape: Callable[[str], str] = str, track_id: str | None = None
) -> dict[str, Any]:
    """Template globals for one document. HTML (`markup`) gets Markup labels whose variables are
    escaped unless already markup; Markdown gets translator text passed through `escape`."""
    translation = translation_of(framework) if framework is not None else None
    if markup:
        from markupsafe import escape as escape_html

        escape = escape_html
    language = framework.language if framework is not None else "en"
    locale = _locale(language)

    def gettext(msgid: str, **variables: object) -> str:
        text = translation.label(msgid) if translation else msgid
        return _fill(_safe(text, escape, translation), variables, msgid)

    def ngettext(singular: str, plural: str, number: int, **variables: object) -> str:
        text = translation.plural(singular, plural, number) if translation else (singular if number == 1 else plural)
        return _fill(
            _safe(text, escape, translation),
            {"num": format_number(number), **variables},
            singular if number == 1 else plural,
        )

    def format_number(number: int) -> str:
        if translation is None:
            return str(number)
        from babel.numbers import format_decimal

        return format_decimal(number, locale=locale)

    def format_date(iso: str) -> str:
        if translation is None:
            return iso  # the source documents keep ISO dates
        from babel.dates import format_date as babel_format_date

        return babel_format_date(datetime.date.fromisoformat(iso), "long", locale=locale)

    return {
        "_": gettext,
        "gettext": gettext,
        "ngettext": ngettext,
        "lang": language,
        "dir": "rtl" if locale.character_order == "right-to-left" else "ltr",
        "format_date": format_date,
        "format_number": format_number,
        "fallback_note": _fallback_note(framework, translation, gettext, track_id)
        if translation and framework is not None
        else "",
        "page_footer_css": _page_footer_css(
            lambda msgid, **values: _fill(translation.label(msgid), values, msgid), framework, format_date
        )
        if translation and framework is not None
        else "",
    }


def _fill(text: str, variables: dict[str, object], msgid: str) -> str:
    if not variables:
        return text
    try:
        return text % variables
    except (KeyError, ValueError, TypeError):  # a translator broke a placeholder: show the source label
        return type(text)(msgid) % variables


def _safe(text: str, escape: Callable[[str], str], translation: Translation | None) -> str:
    """Translator text is untrusted like ladder text. (HTML escapes even the templates' own words:
    that makes them Markup, so their variables are escaped by `%`.)"""
    return escape(text) if translation is not None or escape is not str else text


def _locale(language: str) -> Locale:
    from babel import Locale, UnknownLocaleError

    try:
        return Locale.parse(language.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return Locale.parse("en")


def _fallback_note(
    framework: Framework, translation: Translation, gettext: Callable[..., str], track_id: str | None
) -> str:
    """The closing note, only when this document shows a passage in the source language."""
    relevant = [key for key in translation.fallbacks if _shown_in(key, framework, track_id)]
    if not relevant:
        return ""
    mark = FALLBACK_FORMAT.format(language=translation.source_language.upper(), text="").strip()
    locale = _locale(translation.language)
    return gettext(
        "Passages marked %(mark)s have no current translation into %(language)s and are shown in %(source)s.",
        mark=mark,
        language=locale.get_display_name(locale) or translation.language,
        source=_locale(translation.source_language).get_display_name(locale) or translation.source_language,
    )


def _shown_in(key: str, framework: Framework, track_id: str | None) -> bool:
    if track_id is None:
        return True  # an index shows framework-wide texts and every track's name
    first = key.split("/", 1)[0]
    track_ids = {t.id for t in framework.tracks}
    return first not in track_ids or first == track_id or key.endswith(("/name", "/title"))


def _page_footer_css(gettext: Callable[..., str], framework: Framework, format_date: Callable[[str], str]) -> str:
    """`Page %(page)s of %(pages)s` as CSS margin-box content: text as CSS strings, numbers as
    counters; and the document-control line (version, effective date) in the document's language.
    `gettext` returns unescaped text here: _css_string escapes it for CSS."""

    def content(label: str, counters: dict[str, str]) -> str:
        parts, position = [], 0
        for match in _PLACEHOLDER.finditer(label):
            parts.append(_css_string(label[position : match.start()]))
            parts.append(counters.get(match.group(1), '""'))
            position = match.end()
        parts.append(_css_string(label[position:]))
        return " ".join(part for part in parts if part != '""')

    page = content(
        gettext("Page %(page)s of %(pages)s", page="%(page)s", pages="%(pages)s"),
        {"page": "counter(page)", "pages": "counter(pages)"},
    )
    parts = []  # an unversioned draft has neither: its banner says so
    if framework.version:
        parts.append(gettext("Version %(version)s", version=framework.version))
    if framework.effective_date:
        parts.append(gettext("effective %(date)s", date=format_date(framework.effective_date)))
    control = " · ".join(parts)
    return f"@page {{ @bottom-right {{ content: {page}; }} @bottom-left {{ content: {_css_string(control)}; }} }}"


def _css_string(text: str) -> str:
    """A CSS string literal that no translator text can break out of."""
    escaped = "".join(ch if ch.isalnum() or ch in " .,:;-–—·()" or ord(ch) > 127 else f"\\{ord(ch):x} " for ch in text)
    return f'"{escaped}"'


def mark_fallback_html(value: str, rendered: Markup) -> Markup:
    """Source-language text in a translated HTML document: tagged with its language, so readers,
    screen readers and the PDF's tags know it is not a translation."""
    from markupsafe import Markup

    from .translate import Fallback

    if not isinstance(value, Fallback):
        return rendered
    tag = "div" if str(rendered).lstrip().startswith(("<p>", "<ul>", "<ol>")) else "span"
    return Markup(f'<{tag} class="fallback" lang="{value.source_language}" dir="ltr">') + rendered + Markup(f"</{tag}>")


def label(framework: Framework, msgid: str, **variables: object) -> str:
    """One of the render context's names (breadths, kinds, moves) in the model's language."""
    translation = translation_of(framework)
    return _fill(translation.label(msgid) if translation else msgid, variables, msgid)


def localised_date(framework: Framework, iso: str) -> str:
    """A date as a translated document shows it (CLDR long form); ISO in a source-language one."""
    if translation_of(framework) is None:
        return iso
    from babel.dates import format_date as babel_format_date

    return babel_format_date(datetime.date.fromisoformat(iso), "long", locale=_locale(framework.language))
