"""The change-log page: `ladder diff` between the previous released version and this one."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..i18n.labels import CHANGE_KIND_NAMES, CHANGED, UNCHANGED
from ..model import Framework


@dataclass(frozen=True)
class ChangeLine:
    kind: str
    text: str
    where: str = ""  # the level it is about, by title, when it is about one


@dataclass(frozen=True)
class ChangeLog:
    previous_version: str
    summary: str
    changes: tuple[ChangeLine, ...]


def change_log(framework: Framework, track_id: str) -> ChangeLog | None:
    """None when no previous release is configured; an error when it is configured but unreadable."""
    previous = framework.presentation.previous_release
    if previous is None:
        return None
    return _change_log(previous, framework, track_id)


def _previous(previous: Path) -> Framework:
    """The previous release, parsed once per content: an edited release file is read afresh."""
    from ..source.paths import UnsafePath, find_source_files, read_bounded

    digest = hashlib.sha256()
    for path in find_source_files(previous) if previous.is_dir() else []:
        try:
            content = read_bounded(path)
        except UnsafePath as error:  # reported when the release is parsed; here it only keys the cache
            content = str(error).encode()
        digest.update(path.relative_to(previous).as_posix().encode() + b"\0" + content + b"\0")
    return _parsed_release(previous, digest.hexdigest())


@lru_cache(maxsize=4)
def _parsed_release(previous: Path, content_digest: str) -> Framework:
    from ..pipeline import read_framework

    compiled = read_framework(previous, with_release=False)
    if compiled.framework is None:
        first = compiled.problems[0] if compiled.problems else None
        raise ValueError(
            f"the previous release in {previous} is not a valid ladder project"
            + (f": {first.message}" if first else "")
        )
    return compiled.framework


def _change_log(previous: Path, framework: Framework, track_id: str) -> ChangeLog:
    from collections import Counter

    from ..diff import RULES, diff
    from ..i18n.document import label, localised_date
    from ..i18n.translate import Fallback, source_model, translation_of

    old = _previous(previous)
    # A translated document shows the changes of the source: its translation is no change.
    result = diff(old, source_model(framework), track_ids=(track_id,))
    translation = translation_of(framework)

    def described(text: str) -> str:  # the diff speaks the source language: marked in a translation
        return Fallback.of(text, translation.source_language) if translation is not None else text

    ordered = sorted(result.changes, key=lambda c: -_rank(c.severity))
    # Changes that alter a bar or a record are listed one by one; wording and detail are counted.
    listed = [
        ChangeLine(
            label(framework, CHANGE_KIND_NAMES[c.severity]), described(c.message), _where(c.path, framework, old)
        )
        for c in ordered
        if c.severity != "info"
    ]
    counted = Counter(c.rule for c in ordered if c.severity == "info")
    listed += [
        ChangeLine(label(framework, CHANGE_KIND_NAMES["info"]), f"{count} × {described(RULES[rule][1])}")
        for rule, count in sorted(counted.items(), key=lambda item: (-item[1], item[0]))
    ]
    since = {"version": old.version, "date": localised_date(framework, old.effective_date)}
    summary = (
        label(framework, CHANGED, count=str(len(result.changes)), **since)
        if result.changes
        else label(framework, UNCHANGED, **since)
    )
    return ChangeLog(old.version, summary, tuple(listed))


def _where(path: tuple[str, ...], new: Framework, old: Framework) -> str:
    """The title of the level a change is about (from the new version, else the old one)."""
    for version in (new, old):
        for part in path:
            if version.has_level(part):
                return version.level(part).title
    return ""


def _rank(severity: str) -> int:
    return {"breaking": 2, "warning": 1, "info": 0}[severity]
