"""Language tags are case-insensitive (BCP 47): `de` and `DE` are one language, and would be built
twice into two folders (which a case-insensitive file system then merges)."""

from __future__ import annotations

from ..problems import Problem
from .sources import Sources


def check_language_tags(sources: Sources) -> list[Problem]:
    framework = sources.framework
    if framework is None:
        return []
    source = framework.get("language", "en")
    seen: dict[str, tuple[str, str]] = {_folded(source): ("language", source)} if isinstance(source, str) else {}
    problems = []
    for key in ("languages", "draft_languages"):
        tags = framework.get(key, [])
        for index, tag in enumerate(tags if isinstance(tags, list) else []):
            if not isinstance(tag, str):
                continue
            first = seen.setdefault(_folded(tag), (key, tag))
            if first == (key, tag) and tags.index(tag) == index:
                continue
            if first[1] == tag and first[0] != key:
                continue  # the same tag in two lists: check_draft_languages says so
            if first[0] == "language" and first[1] == tag:
                continue  # the source language listed among `languages` is built from the YAML
            message = f"language `{tag}` is `{first[1]}` (in `{first[0]}`) again: language tags ignore case"
            hint = "list each language once, spelt one way"
            problems.append(framework.problem("duplicate-id", message, key, index, hint=hint))
    return problems


def _folded(tag: str) -> str:
    return tag.replace("_", "-").casefold()
