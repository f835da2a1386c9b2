"""Word lists for `coded-wording`.

The gender-coded word stems are those of Gaucher, Friesen & Kay (2011), "Evidence That Gendered
Wording in Job Advertisements Exists and Sustains Gender Inequality", Journal of Personality and
Social Psychology 101(1), as maintained in Kat Matfield's Gender Decoder and packaged on PyPI as
`genderdecoder3` (MIT). The personality/"potential" and ableist lists are this project's own: short,
and each entry a phrase a rubric should not rate.
"""

from __future__ import annotations

import ast
import importlib.util
from functools import lru_cache
from pathlib import Path

GENDER_SOURCE = "Gaucher, Friesen & Kay 2011, as packaged by genderdecoder3"

# Traits and promise rather than observable behaviour; `potential` alone also describes products.
PERSONALITY = (
    "natural leader",
    "born leader",
    "natural talent",
    "high potential",
    "high-potential",
    "leadership potential",
    "shows potential",
    "has potential",
    "culture fit",
    "cultural fit",
    "rockstar",
    "rock star",
    "ninja",
    "guru",
    "superstar",
    "aggressive",
    "aggressively",
    "executive presence",
    "gravitas",
    "charisma",
    "charismatic",
    "digital native",
    "strong personality",
    "outgoing",
)

ABLEIST = (
    "crazy",
    "insane",
    "lame",
    "blind spot",
    "blind spots",
    "turn a blind eye",
    "sanity check",
    "tone deaf",
    "tone-deaf",
    "deaf ears",
    "crippled",
    "crippling",
    "dumb",
    "psycho",
    "paralysed",
    "paralyzed",
    "handicapped",
)


@lru_cache(maxsize=1)
def gender_coded() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(masculine-coded stems, feminine-coded stems), read from genderdecoder3's word-list module.

    The module's text is parsed, not imported: the package's `__init__` also imports its assessor,
    whose regular expressions use invalid escapes that newer Pythons warn about."""
    spec = importlib.util.find_spec("genderdecoder3")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("coded-wording needs the genderdecoder3 package: pip install genderdecoder3")
    tree = ast.parse((Path(next(iter(spec.submodule_search_locations))) / "wordlists.py").read_text("utf-8"))
    lists = {
        target.id: tuple(ast.literal_eval(node.value))
        for node in tree.body
        if isinstance(node, ast.Assign)
        for target in node.targets
        if isinstance(target, ast.Name)
    }
    return lists["masculine_coded_words"], lists["feminine_coded_words"]
