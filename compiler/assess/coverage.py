"""Does an evidence item support the behaviour it names? A transparent, word-level rule.

An item supports a behaviour when its `shows:` quote appears in the behaviour's text, or, without
a quote, when the two share at least `MIN_SHARED_WORDS` content words. Content words are what is
left after lower-casing, dropping common words and stripping a few endings (-s, -es, -ed, -ing,
-ly, -ion, -ions, -er, -ers), so "hires" and "hiring" are one word. The rule is deliberately
simple so a committee can check it by eye; it flags, it does not decide.
"""

from __future__ import annotations

import math
import re

MIN_SHARED_WORDS = 2

_STOP_WORDS = frozenset(
    """a about above after again against all also an and any are as at be been before being below
    between both but by can could did do does doing down during each either every few for from
    further had has have having he her here hers him his how i if in into is it its itself just me
    more most my no nor not now of off on once one only or other our ours out over own same she
    should so some such than that the their theirs them then there these they this those through
    to too two under until up very was we were what when where which while who whom why will with
    within without would you your yours""".split()
)
_ENDINGS = ("ations", "ation", "ions", "ion", "ings", "ing", "ers", "er", "ies", "es", "ed", "ly", "s")
_WORD = re.compile(r"[^\W_]+")


def stem(word: str) -> str:
    """The word with its first matching ending stripped, keeping at least three letters."""
    for ending in _ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            return word[: -len(ending)]
    return word


def content_words(text: str) -> frozenset[str]:
    return frozenset(stem(w) for w in _WORD.findall(text.lower()) if w not in _STOP_WORDS and len(w) > 1)


def _normal(text: str) -> str:
    return " ".join(_WORD.findall(text.lower()))


def mismatch(item_text: str, shows: str | None, behaviour_text: str) -> str | None:
    """Why the item does not support the behaviour, or None when it does."""
    if shows is not None:
        if _normal(shows) and _normal(shows) in _normal(behaviour_text):
            return None
        return f"its quote “{shows.strip()}” is not in the behaviour's text"
    shared = sorted(content_words(item_text) & content_words(behaviour_text))
    if len(shared) >= MIN_SHARED_WORDS:
        return None
    words = "no content word" if not shared else "only “" + "”, “".join(shared) + "”"
    return f"shares {words} with it ({MIN_SHARED_WORDS} needed) and quotes none of it"


def needed(min_share: float, applicable: int) -> int:
    """How many of `applicable` behaviours a rating at or above the bar needs evidenced."""
    return math.ceil(round(min_share * applicable, 9))


def coverage_rule(min_share: float) -> str:
    share = "every one" if min_share >= 1 else f"at least {min_share:.0%}"
    return (
        f"A case needs evidence for {share} of the counted behaviours in each competency: those of the level"
        " the person holds (sustained performance); for someone joining from outside the ladder, as for an"
        " internal candidate, those of the level below the target (at the ladder's entry level, the target's"
        " own) in the competencies its bar rates. A behaviour leaves the count only when it is"
        " marked N/A with a reason and the name of who reviewed it. The target level's own behaviours are growth"
        " evidence: optional, not counted. The bar of the target level is its ratings, required evidence and steps."
    )


def coverage_basis(
    counted_at: str, target: str, joining: bool, no_scale: bool = False, entry_level: bool = False
) -> str:
    """What this case's evidence is counted against, in one sentence; `no_scale` when a competency of the
    track is rated on no scale, where the counted behaviours are also what is judged met or not yet."""
    judged = (
        " Where a competency is rated on no scale, these counted behaviours are the ones judged met or not yet."
        if no_scale
        else ""
    )
    rates = "rates (on no scale, every competency)" if no_scale else "rates"
    if joining and entry_level:
        return (
            f"{target}'s own behaviours in the competencies its entry bar {rates}: {target} is the ladder's entry"
            f" level, so no level lies below it for someone joining from outside.{judged}"
        )
    if joining:
        return (
            f"the behaviours of {counted_at}, the level below the one entered, as for an internal candidate,"
            f" in the competencies the bar of {target} {rates}; {target}'s own behaviours are growth evidence:"
            f" optional, not counted.{judged}"
        )
    return (
        f"the behaviours of {counted_at}, the level the person holds (sustained performance); {target}'s own"
        f" behaviours are growth evidence: optional, not counted.{judged}"
    )


MATCHING_RULE = (
    "An evidence item supports a behaviour it names when its “shows:” quote appears in the"
    f" behaviour's text, or when the two share at least {MIN_SHARED_WORDS} content words (common"
    " words left out, endings such as -s, -ed and -ing ignored); otherwise it is questioned."
)
