"""Characters no installed font can draw: a PDF would show them as empty boxes, so the build warns
and names the text. Coverage comes from fontconfig (`fc-list`), which is what WeasyPrint's text
engine (Pango) falls back through."""

from __future__ import annotations

import bisect
import shutil
import subprocess
from dataclasses import dataclass
from functools import lru_cache

from ..model import Framework


@dataclass(frozen=True)
class MissingGlyph:
    language: str
    key: str  # the id path of the text, as in the catalogues
    character: str

    def message(self) -> str:
        glyph = f"{self.character!r} (U+{ord(self.character):04X})"
        where = f"{self.language}: no installed font has a glyph for {glyph} in `{self.key}`"
        return f"{where}; install a font that covers it (see docs/translations.md)"


def missing_glyphs(framework: Framework) -> list[MissingGlyph]:
    """Every character of every document text (source and current translations) that no font covers."""
    coverage = installed_coverage()
    if coverage is None:
        return []  # no fontconfig here: nothing to check against
    from .catalog import template_entries
    from .translate import published_languages, translated_framework, translation_of

    entries = template_entries(framework)
    texts = [(framework.language, entry.key, entry.singular) for entry in entries]
    for language in published_languages(framework):
        translation = translation_of(translated_framework(framework, language))
        for entry in entries:
            current = translation.current(entry.context, entry.msgid)
            for text in (current,) if isinstance(current, str) else (current or ()):
                texts.append((language, entry.key, text))
    found: dict[tuple[str, str, str], MissingGlyph] = {}
    for language, key, text in texts:
        for character in text:
            if not character.isspace() and not _covered(coverage, ord(character)):
                found.setdefault((language, key, character), MissingGlyph(language, key, character))
    return list(found.values())


def _covered(coverage: tuple[tuple[int, ...], tuple[int, ...]], code: int) -> bool:
    starts, ends = coverage
    index = bisect.bisect_right(starts, code) - 1
    return index >= 0 and code <= ends[index]


@lru_cache(maxsize=1)
def installed_coverage() -> tuple[tuple[int, ...], tuple[int, ...]] | None:
    """Merged code-point ranges of all installed fonts, or None without fontconfig."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return None
    try:
        output = subprocess.run(
            [fc_list, "--format=%{charset}\\n"], capture_output=True, text=True, check=True, timeout=30
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    ranges = sorted(_ranges(output))
    merged: list[list[int]] = []
    for low, high in ranges:
        if merged and low <= merged[-1][1] + 1:
            merged[-1][1] = max(merged[-1][1], high)
        else:
            merged.append([low, high])
    return tuple(r[0] for r in merged), tuple(r[1] for r in merged)


def _ranges(output: str):
    for token in output.split():
        low, _, high = token.partition("-")
        try:
            yield int(low, 16), int(high or low, 16)
        except ValueError:
            continue
