"""Semantic checks of the structures format 2 added: forks from a shared trunk, the proficiency
matrix, the levelling guide, and external ids and given UUIDs.

They run with the checks of semantic.py, on schema-valid documents, and report the same way.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..problems import ERROR, Problem, Rule
from .scales import rated_on, rating_problem
from .sources import Located, Sources, duplicate_ids, scales, unknown_reference

# The checks this module raises: catalogue.py collects them, docs/rules/ has a page for each.
DECLARED_RULES: tuple[Rule, ...] = (
    Rule(
        "track-fork",
        "validate",
        ERROR,
        "A track starts after one of its own levels, or its trunk leads back to it.",
        "id: staff\nstarts_after: principal-engineer  # a level of staff",
        "id: staff\nstarts_after: senior-engineer  # a level of the trunk",
    ),
    Rule(
        "missing-expected",
        "validate",
        ERROR,
        "A proficiency matrix with a hole: a level gives no expected rating that others of its track give.",
        "engineer: {craft: {behaviours: [...]}}  # associate-engineer has expected: working",
        "engineer: {craft: {expected: practitioner, behaviours: [...]}}",
    ),
    Rule(
        "levelling-guide",
        "validate",
        ERROR,
        "A levelling guide with a gap or a conflict: a level in no grade or in two, two levels of one track "
        "in a grade, grades that fall up a ladder, or declared peers in different grades.",
        "grades: [{id: e4, name: E4, levels: [staff-engineer, principal-engineer]}]",
        "grades: [{id: e4, name: E4, levels: [staff-engineer, engineering-manager]}]",
    ),
    Rule(
        "duplicate-levelling-guide",
        "validate",
        ERROR,
        "More than one file declares `levelling_guide:`.",
        "levelling_guide: in two files",
        "one levelling.yaml",
    ),
)


def check_forks(sources: Sources) -> list[Problem]:
    """`starts_after` names a level of another track, and following it never loops."""

    track_of = {level["id"]: track["id"] for track, level in sources.levels()}
    parent = {t["id"]: track_of.get(t["starts_after"]) for t in sources.tracks if "starts_after" in t.value}
    problems = []
    for track in sources.tracks:
        if "starts_after" not in track.value:
            continue
        trunk_level = track["starts_after"]
        if trunk_level not in track_of:
            problems.append(unknown_reference(track, ("starts_after",), "level", track_of))
        elif track_of[trunk_level] == track["id"]:
            problems.append(
                track.problem(
                    "track-fork",
                    f"track `{track['id']}` cannot start after its own level `{trunk_level}`",
                    "starts_after",
                )
            )
        elif _loops(track["id"], parent):
            problems.append(
                track.problem(
                    "track-fork",
                    f"track `{track['id']}` starts after `{trunk_level}`, whose track leads back to `{track['id']}`",
                    "starts_after",
                    hint="a trunk cannot start after one of its own forks",
                )
            )
    return problems


def _loops(start: str, parent: dict[str, str | None]) -> bool:
    seen, current = {start}, parent.get(start)
    while current is not None:
        if current in seen:
            return True
        seen.add(current)
        current = parent.get(current)
    return False


def check_expected(sources: Sources) -> list[Problem]:
    """Expected ratings are values of the competency's scale, and a track that gives one for a
    competency gives it at every level where the competency applies: a proficiency matrix has no holes."""

    problems = []
    scale_of = rated_on(sources)
    for track in sources.tracks:
        levels = list(track.children("levels"))
        for competency in track["competencies"]:
            blocks = [
                (level, level.child("expectations", competency))
                for level in levels
                if competency in level["expectations"]
            ]
            stated = [level["id"] for level, block in blocks if "expected" in block.value]
            for level, block in blocks:
                if "expected" in block.value:
                    wrong = rating_problem(block, "expected", competency, scale_of.get(competency))
                    problems += [wrong] if wrong is not None and competency in scale_of else []
                elif stated and scale_of.get(competency) is not None and "not_applicable" not in block.value:
                    problems.append(
                        block.problem(
                            "missing-expected",
                            f"`{level['id']}` gives no `expected` rating for `{competency}`, "
                            f"which `{stated[0]}` of this track gives",
                            key=True,
                            hint="give every level of the matrix a rating, or `not_applicable: <reason>`",
                        )
                    )
    return problems


def check_levelling(sources: Sources) -> list[Problem]:
    """One guide; every level holds exactly one grade, a grade at most one level per track, grades
    rise up each ladder, and declared peers share a grade."""

    if len(sources.levelling_guides) > 1:
        places = ", ".join(f"{g.document.display}:{g.mark(key=True).line}" for g in sources.levelling_guides)
        return [
            g.problem(
                "duplicate-levelling-guide",
                f"`levelling_guide:` is declared {len(sources.levelling_guides)} times ({places}); a project has one",
                key=True,
            )
            for g in sources.levelling_guides[1:]
        ]
    guide = sources.levelling
    if guide is None:
        return []
    track_of = {level["id"]: track["id"] for track, level in sources.levels()}
    grades = list(guide.children("grades"))
    problems = list(duplicate_ids(((g, ("id",)) for g in grades), "grade"))
    grade_of: dict[str, tuple[int, Located]] = {}
    for order, grade in enumerate(grades):
        tracks_here: dict[str, str] = {}
        for index, level in enumerate(grade["levels"]):
            if level not in track_of:
                problems.append(unknown_reference(grade, ("levels", index), "level", track_of))
            elif level in grade_of:
                problems.append(
                    grade.problem(
                        "levelling-guide",
                        f"`{level}` already holds grade `{grade_of[level][1]['id']}`; a level holds one grade",
                        "levels",
                        index,
                    )
                )
            elif track_of[level] in tracks_here:
                problems.append(
                    grade.problem(
                        "levelling-guide",
                        f"`{level}` and `{tracks_here[track_of[level]]}` are both in track `{track_of[level]}`; "
                        "a grade holds one level per track",
                        "levels",
                        index,
                    )
                )
            else:
                tracks_here[track_of[level]] = level
                grade_of[level] = (order, grade)
    for _, level in sources.levels():
        if level["id"] not in grade_of:
            problems.append(
                level.problem(
                    "levelling-guide",
                    f"level `{level['id']}` holds no grade of the levelling guide",
                    "id",
                    hint="add it to one of `levelling_guide.grades`",
                )
            )
    follows = _follows(sources)
    for level_id, (order, grade) in grade_of.items():
        below = follows.get(level_id)
        if below in grade_of and grade_of[below][0] >= order:
            problems.append(
                grade.problem(
                    "levelling-guide",
                    f"`{level_id}` holds grade `{grade['id']}`, "
                    f"not above `{below}` below it (grade `{grade_of[below][1]['id']}`)",
                    "levels",
                    grade["levels"].index(level_id),
                    hint="list grades lowest first; a level's grade is above the grade of the level below it",
                )
            )
    for group in sources.peers:
        held = {grade_of[level][1]["id"] for level in group["levels"] if level in grade_of}
        if len(held) > 1:
            problems.append(
                group.problem(
                    "levelling-guide",
                    f"peers {', '.join(f'`{lv}`' for lv in group['levels'])} hold different grades "
                    f"({', '.join(sorted(held))}) in the levelling guide",
                    "levels",
                )
            )
    return problems


def _follows(sources: Sources) -> dict[str, str]:
    """level id → the level below it (in its track, or the trunk level a fork starts after)."""
    below = {}
    for track in sources.tracks:
        previous = track.get("starts_after")
        for level in track.children("levels"):
            if previous is not None:
                below[level["id"]] = previous
            previous = level["id"]
    return below


def check_external_ids(sources: Sources) -> list[Problem]:
    """Given UUIDs are unique in the framework; external ids are unique among objects of a kind."""

    framework = sources.framework
    if framework is None:  # reported on its own by semantic.check
        return []
    kinds = {
        "category": list(framework.children("categories")),
        "scale value": [value for scale in scales(sources) for value in scale.children("values")],
        "competency": sources.competencies,
        "track": sources.tracks,
        "level": [level for _, level in sources.levels()],
        "role": sources.roles,
        "behaviour": [item for item, _ in _object_behaviours(sources)],
        "grade": list(sources.levelling.children("grades")) if sources.levelling else [],
    }
    problems = list(
        duplicate_ids(
            ((item, ("uuid",)) for items in kinds.values() for item in items if "uuid" in item.value),
            "uuid",
            casefold=True,
        )
    )
    for kind, items in kinds.items():
        problems += duplicate_ids(
            ((item, ("external_id",)) for item in items if "external_id" in item.value), f"{kind} external"
        )
    return problems


def _object_behaviours(sources: Sources) -> Iterator[tuple[Located, tuple[str, ...]]]:
    for _, level in sources.levels():
        for competency in level.value["expectations"]:
            block = level.child("expectations", competency)
            for index, behaviour in enumerate(block.value.get("behaviours", [])):
                if isinstance(behaviour, dict):
                    yield block.child("behaviours", index), ()
