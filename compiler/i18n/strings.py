"""Every translatable text of a ladder model, each keyed by the id path of the object it belongs to.

The model's one text walker (model/texts.py) serves both extraction and translation: `map_strings`
rebuilds the model with every text passed through a function, so the template and the translated
documents cannot disagree about which strings exist. The keys (the PO `msgctxt`) are listed there.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from ..model import Framework, SourceRef, build_index
from ..model.texts import map_texts, texts
from ..value import value_class

Translate = Callable[[str, str, "SourceRef | None"], str]  # (key, source text, where it is written) → text to show


@value_class
class SourceString:
    key: str  # the object's id path, used as msgctxt
    text: str  # the source-language text, used as msgid
    source: SourceRef | None  # where the text (or its object) is written


def source_strings(framework: Framework) -> list[SourceString]:
    """Every translatable text of the model once, in document order."""
    return [SourceString(t.key, t.text, t.source) for t in texts(framework)]


def map_strings(framework: Framework, translate: Translate) -> Framework:
    """The model with every translatable text replaced by `translate(key, text, source)`."""
    translated = map_texts(framework, lambda t: translate(t.key, t.text, t.source))
    return replace(translated, index=build_index(translated))  # lookups must return the translated objects
