"""Which translations a change made stale: source texts that changed between two versions while a
language held a translation of the old text. A section of its own beside `ladder diff`'s changes."""

from __future__ import annotations

import html
import json
from dataclasses import asdict

from ..model import Framework
from ..value import value_class
from .strings import source_strings


@value_class
class StaleTranslation:
    language: str
    key: str  # the object's id path (msgctxt)
    old_text: str
    new_text: str


def stale_by_change(old: Framework, new: Framework) -> list[StaleTranslation]:
    """Entries whose source text changed and whose translation was made for the old text."""
    from .catalog import locale_path, read_po
    from .translate import translated_languages

    before = {s.key: s.text for s in source_strings(old)}
    changed = [
        (s.key, before[s.key], s.text) for s in source_strings(new) if s.key in before and before[s.key] != s.text
    ]
    found = []
    for language in translated_languages(new):
        path = next((p for p in (locale_path(new, language), locale_path(old, language)) if p.is_file()), None)
        if not changed or path is None:
            continue
        try:
            catalog = read_po(path, language)
        except Exception:  # an unreadable PO file is `ladder validate`'s to report, not diff's
            continue
        by_context = {m.context: m for m in catalog if m.id and m.context}
        for key, old_text, new_text in changed:
            message = by_context.get(key)
            if (
                message is not None
                and message.string
                and old_text in (message.id, message.previous_id if message.fuzzy else None)
            ):
                found.append(StaleTranslation(language, key, old_text, new_text))
    return found


def render(stale: list[StaleTranslation], output_format: str) -> str:
    """The section in the diff report's format; empty when nothing went stale."""
    if not stale:
        return ""
    if output_format == "markdown":
        lines = [f"### Translations made stale ({len(stale)})", ""] + [f"- `{s.language}` `{s.key}`" for s in stale]
        return "\n".join(lines)
    if output_format == "html":
        items = "".join(
            f"<li><code>{html.escape(s.language)}</code> <code>{html.escape(s.key)}</code></li>" for s in stale
        )
        heading = f"<h2>Translations made stale ({len(stale)})</h2>"
        return f'<section class="stale-translations">{heading}<ul>{items}</ul></section>'
    lines = [f"Translations made stale ({len(stale)}):"] + [f"  {s.language}  {s.key}" for s in stale]
    return "\n".join(lines)


def add_to_json(report: str, stale: list[StaleTranslation]) -> str:
    """The JSON diff report with a `stale_translations` list (additive; absent when empty)."""
    if not stale:
        return report
    data = json.loads(report)
    data["stale_translations"] = [asdict(s) for s in stale]
    return json.dumps(data, indent=2, ensure_ascii=False)
