"""Levels of one track named by more than one scheme, or placed twice.

A level's place should read the same whichever name a reader meets: its rank, its job code, its
grade and its levelling-guide grade. Within a track, job codes follow one pattern (one prefix and
a number) whose number rises with the rank; a grade numbered in the same letters as the job
code's last part carries the same number (`PM-M1` with grade `M3` names the level twice,
differently); a grade written in `hris:` is the levelling-guide grade's id or name, or a part of
its name (`M4` in "Band 2 (M4, P5)"); two adjacent levels do not share one breadth (what would
the promotion widen?); and with a levelling guide, each level is placed in exactly one of its
grades.

Fails:
    levels:
      - id: pm-1
        hris: {job_code: PM-1}
      - id: pm-2
        hris: {job_code: PM-3}
      - id: pm-3
        hris: {job_code: PM-2}
Passes:
    levels:
      - id: pm-1
        hris: {job_code: PM-1}
      - id: pm-2
        hris: {job_code: PM-2}
      - id: pm-3
        hris: {job_code: PM-3}
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from typing import Any

from ...model import Framework, Level, Track
from .. import Finding

ID = "naming-scheme"
SEVERITY = "error"
CONF: dict[str, Any] = {}

CODE = re.compile(r"^(.*?)(\d+)$")
PART = re.compile(r"([A-Za-z]+)(\d+)$")


def check(framework: Framework, conf: dict[str, Any]) -> Iterator[Finding]:
    for track in framework.tracks:
        yield from _job_codes(track)
        for level in track.levels:
            yield from _grade(framework, level)
        for below, level in zip(track.levels, track.levels[1:], strict=False):
            if level.scope.breadth is not None and level.scope.breadth == below.scope.breadth:
                yield Finding(
                    level.source,
                    f"`{below.id}` and `{level.id}` are adjacent levels of one breadth"
                    f" ({level.scope.breadth_name or level.scope.breadth}); give each its own",
                )
    yield from _placements(framework)


def _job_codes(track: Track) -> Iterator[Finding]:
    coded = [(level, CODE.match(level.job_code)) for level in track.levels if level.job_code]
    if not coded:
        return
    for level in track.levels:
        if not level.job_code:
            yield Finding(level.source, f"`{level.id}` has no job code, unlike the other levels of {track.name}")
    first = coded[0]
    for level, match in coded:
        if match is None:
            yield Finding(level.source, f"job code `{level.job_code}` of `{level.id}` does not end in a number")
        elif first[1] is not None and match.group(1) != first[1].group(1):
            yield Finding(
                level.source,
                f"job code `{level.job_code}` of `{level.id}` does not follow `{first[0].job_code}`'s pattern",
            )
    numbered = [(level, int(match.group(2))) for level, match in coded if match is not None]
    for (below, low), (level, number) in itertools.pairwise(numbered):
        if number <= low:
            yield Finding(
                level.source,
                f"job code `{level.job_code}` of `{level.id}` does not rise above `{below.job_code}` of `{below.id}`",
            )


def _grade(framework: Framework, level: Level) -> Iterator[Finding]:
    if not level.grade:
        return
    code = PART.search(level.job_code or "")
    grade = PART.fullmatch(level.grade)
    if code and grade and code.group(1) == grade.group(1) and code.group(2) != grade.group(2):
        yield Finding(
            level.source,
            f"`{level.id}` has job code `{level.job_code}` and grade `{level.grade}`: two numbers for one level",
        )
    if level.levelling_grade is not None:
        guide = framework.grade(level.levelling_grade)
        if level.grade not in {guide.id, guide.name, *re.findall(r"[\w-]+", guide.name)}:
            yield Finding(
                level.source,
                f"`{level.id}` has grade `{level.grade}`, but the levelling guide places it in {guide.name}",
            )


def _placements(framework: Framework) -> Iterator[Finding]:
    if framework.levelling is None:
        return
    for track in framework.tracks:
        for level in track.levels:
            grades = [g.name for g in framework.levelling.grades if level.id in g.level_ids]
            if len(grades) != 1:
                where = ", ".join(grades) if grades else "none"
                yield Finding(
                    level.source,
                    f"the levelling guide places `{level.id}` in {len(grades)} grades ({where}); place it in one",
                )
