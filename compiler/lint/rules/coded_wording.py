"""Gender-coded, personality and ableist wording, in every published language.

Three checks, each with its source named. Gender: a level whose prose leans strongly one way on
the gender-coded word stems of Gaucher, Friesen & Kay (2011), as packaged by `genderdecoder3`:
`min_words` or more coded words on one side and at least `ratio` times those on the other (the
package's own "strongly coded" bar); the names the ladder defines (titles, tracks, competencies,
categories) are not counted. Traits: personality or "potential" phrases (`personality_words`:
"natural leader", "culture fit", "executive presence"...) and ableist terms (`ableist_words`:
"sanity check", "blind spot"...), which rate who a person is, not what they do. German: in a
published German translation (`locales/de.po`), a masculine third-person pronoun (`er`, `ihm`,
`ihn`, `sein`...) in a text whose English source refers to the person with singular "they",
located at the `.po` line.

Fails:
    levels:
      - id: pm-2
        expectations:
          delivery: {behaviours: [Plans the releases of each quarter and shows executive presence in reviews.]}
Passes:
    levels:
      - id: pm-2
        expectations:
          delivery: {behaviours: [Plans the releases of each quarter and presents them in the quarterly review.]}
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from typing import Any

from ...model import Framework, Level, SourceRef
from ...source.load import display_path
from .. import Finding, texts
from ..wordlists import ABLEIST, GENDER_SOURCE, PERSONALITY, gender_coded

ID = "coded-wording"
SEVERITY = "warning"
CONF: dict[str, Any] = {
    "min_words": 6,
    "ratio": 2.0,
    "personality_words": list(PERSONALITY),
    "ableist_words": list(ABLEIST),
}

THEY = re.compile(r"\b(?:they|them|their|theirs|themselves|themself)\b", re.IGNORECASE)
MASCULINE_DE = re.compile(r"\b(?:[Ee]r|ihm|ihn|sein|seine|seinem|seinen|seiner|seines)\b")


def check(framework: Framework, conf: dict[str, Any]) -> Iterator[Finding]:
    yield from _gender_balance(framework, conf)
    kinds = {word.casefold(): "personality or potential" for word in conf["personality_words"]}
    kinds |= {word.casefold(): "ableist" for word in conf["ableist_words"]}
    # One pattern for every phrase, longest first, so "blind spots" is reported as itself.
    phrases = re.compile(
        r"\b(" + "|".join(re.escape(w) for w in sorted(kinds, key=len, reverse=True)) + r")\b", re.IGNORECASE
    )
    for source, what, text in texts(framework) if kinds else ():
        for word in dict.fromkeys(match.casefold() for match in phrases.findall(text)):
            yield Finding(source, f"{what} uses “{word}”, {kinds[word]} wording; describe what the person does")
    yield from _german_pronouns(framework)


def _gender_balance(framework: Framework, conf: dict[str, Any]) -> Iterator[Finding]:
    masculine, feminine = gender_coded()
    names = [lv.title for t in framework.tracks for lv in t.levels] + [t.name for t in framework.tracks]
    names += [c.name for c in framework.competencies] + [c.name for c in framework.categories]
    defined = re.compile("|".join(re.escape(n) for n in sorted(names, key=len, reverse=True)), re.IGNORECASE)
    his_stems, her_stems = _stems(masculine), _stems(feminine)
    for track in framework.tracks:
        for level in track.levels:
            text = defined.sub(" ", " ".join(_prose(level))).casefold()
            his, hers = Counter(his_stems.findall(text)), Counter(her_stems.findall(text))
            for side, ours, theirs in (("masculine", his, hers), ("feminine", hers, his)):
                count, other = sum(ours.values()), sum(theirs.values())
                if count >= conf["min_words"] and count >= conf["ratio"] * other:
                    common = ", ".join(f"{stem}… ×{n}" for stem, n in ours.most_common(4))
                    yield Finding(
                        level.source,
                        f"`{level.id}` reads strongly {side}-coded ({GENDER_SOURCE}): {count} {side}-coded"
                        f" words ({common}) against {other}; balance the wording",
                    )


def _stems(stems: tuple[str, ...]) -> re.Pattern[str]:
    """A word starting with one of the stems (the longest that fits), as the stem."""
    return re.compile(r"(?<![\w'-])(" + "|".join(re.escape(s) for s in sorted(stems, key=len, reverse=True)) + ")")


def _prose(level: Level) -> Iterator[str]:
    yield from (level.summary, level.description, level.scope.summary)
    for block in level.expectations:
        for expectation in block.new:
            yield expectation.text
            yield from expectation.examples
        yield from block.evidence
    if level.promotion is not None:
        yield level.promotion.description
        yield from (item.description for item in level.promotion.evidence + level.promotion.process)


def _german_pronouns(framework: Framework) -> Iterator[Finding]:
    from babel.messages.pofile import PoFileError

    from ...i18n.catalog import locale_path, read_po
    from ...i18n.catalogue_check import CatalogueError

    for language in framework.languages:
        if language == framework.language or language.split("-")[0] != "de":
            continue
        path = locale_path(framework, language)
        try:
            catalog = read_po(path, language)  # first: it refuses a catalogue outside the project or too large
            lines = path.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError, PoFileError, CatalogueError):  # validate reports these
            continue
        for message in catalog:
            if not message.id or message.lineno is None or not isinstance(message.string, str) or not message.string:
                continue
            source = message.id if isinstance(message.id, str) else message.id[0]
            if not THEY.search(source):
                continue
            for number, line in _msgstr_lines(lines, message.lineno):
                match = MASCULINE_DE.search(line)
                if match:
                    yield Finding(
                        SourceRef(display_path(path), number, match.start() + 1),
                        f"the {language} text of `{message.context}` calls the person “{match.group(0)}”,"
                        " where the English says “they”; use an inclusive form",
                    )
                    break


def _msgstr_lines(lines: list[str], msgid_line: int) -> Iterator[tuple[int, str]]:
    """(line number, text) of the msgstr that follows the msgid on `msgid_line` (1-based)."""
    number = msgid_line
    while number <= len(lines) and not lines[number - 1].startswith("msgstr"):
        number += 1
    while number <= len(lines) and lines[number - 1].startswith(("msgstr", '"')):
        yield number, lines[number - 1]
        number += 1
