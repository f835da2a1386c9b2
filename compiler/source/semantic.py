"""Semantic checks: what JSON Schema cannot say about a project as a whole.

Each check yields Problems with the location of the offending value. They run only on
schema-valid documents, so they may assume the shapes the schema guarantees.
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import replace

from ..problems import ERROR, Problem, Rule, did_you_mean
from . import structure
from .languages import check_language_tags
from .load import Path_
from .scales import check_scales, rated_on, rating_problem
from .schema_store import BREADTHS
from .sources import Located, Sources, duplicate_ids, unknown_reference

# The checks this module raises: catalogue.py collects them, docs/rules/ has a page for each.
DECLARED_RULES: tuple[Rule, ...] = (
    Rule(
        "missing-framework",
        "validate",
        ERROR,
        "No file declares `framework:`.",
        "only tracks.yaml",
        "framework.yaml with `framework:`",
    ),
    Rule(
        "duplicate-framework",
        "validate",
        ERROR,
        "More than one file declares `framework:`.",
        "two files with `framework:`",
        "one framework.yaml",
    ),
    Rule(
        "duplicate-id",
        "validate",
        ERROR,
        "Two items of one kind share an id.",
        "two competencies with id: vision",
        "vision and strategy",
    ),
    Rule(
        "unknown-reference",
        "validate",
        ERROR,
        "A reference to an id that does not exist.",
        "competencies: [visoin]",
        "competencies: [vision]",
    ),
    Rule(
        "invalid-date",
        "validate",
        ERROR,
        "A date that is not a calendar date.",
        "effective_date: 2026-02-30",
        "effective_date: 2026-02-28",
    ),
    Rule(
        "rank-order",
        "validate",
        ERROR,
        "Level ranks do not count up from 1 in track order.",
        "ranks 1, 3",
        "ranks 1, 2",
    ),
    Rule(
        "missing-expectation",
        "validate",
        ERROR,
        "A level says nothing for a competency of its track that a level below it rates (below the first level"
        " that rates it, a competency is not yet rated and needs nothing).",
        "level 1: {coaching: ...}; level 2: {vision: ...} (coaching missing)",
        "level 1: {vision: ...}; level 2: {vision: ..., coaching: ...}",
    ),
    Rule(
        "expectation-shape",
        "validate",
        ERROR,
        "An expectation block needs behaviours or a not-applicable reason, not both.",
        "vision: {behaviours: [...], not_applicable: later}",
        "vision: {not_applicable: Starts at the next level.}",
    ),
    Rule(
        "missing-promotion",
        "validate",
        ERROR,
        "A level above the first has no promotion criteria.",
        "rank 2 without `promotion:`",
        "rank 2 with `promotion: {description: ..., min_ratings: [...]}`",
    ),
    Rule(
        "scope-range",
        "validate",
        ERROR,
        "A scope range whose minimum is above its maximum.",
        "direct_reports: {min: 6, max: 4}",
        "direct_reports: {min: 4, max: 6}",
    ),
    Rule(
        "career-path",
        "validate",
        ERROR,
        "A career move or peer group that cannot be.",
        "moves: [{from: gpm, to: gpm}]",
        "moves: [{from: gpm, to: strategist-2}]",
    ),
    Rule(
        "missing-category",
        "validate",
        ERROR,
        "A competency without a category, in a framework that declares categories.",
        "competencies: [{id: vision, name: Vision, description: ...}]",
        "competencies: [{id: vision, name: Vision, category: strategy, description: ...}]",
    ),
)


def check(sources: Sources) -> list[Problem]:
    if sources.framework is None:
        first = sources.documents[0].display if sources.documents else "."
        return [
            Problem(
                first,
                1,
                1,
                "missing-framework",
                "no file of the project declares `framework:`",
                hint="add a framework.yaml with the framework's metadata, scale and categories",
            )
        ]
    if len(sources.frameworks) > 1:
        return _framework_declared_twice(sources)
    problems: list[Problem] = []
    for rule in RULES:
        problems += rule(sources)
    return _removed_levels_named(problems)


def _removed_levels_named(problems: list[Problem]) -> list[Problem]:
    """A level id unknown in several places was removed, not mistyped: no "did you mean" a neighbour."""
    unknown = [p for p in problems if p.rule == "unknown-reference" and p.message.startswith("unknown level `")]
    counts = Counter(p.message.split("`")[1] for p in unknown)
    removed = {level for level, count in counts.items() if count > 1}
    hint = "no level has this id; if it was removed, update or remove each reference to it"
    return [replace(p, hint=hint) if p in unknown and p.message.split("`")[1] in removed else p for p in problems]


def _framework(sources: Sources) -> Located:
    """The one framework: `check` runs the rules only when the project declares exactly one."""
    assert sources.framework is not None
    return sources.framework


def _framework_declared_twice(sources: Sources) -> list[Problem]:
    """Nothing else can be checked against the right framework, so this is reported alone."""
    places = [f"{f.document.display}:{f.mark(key=True).line}" for f in sources.frameworks]
    message = f"`framework:` is declared {len(places)} times ({', '.join(places)}); a project has exactly one"
    return [f.problem("duplicate-framework", message, key=True) for f in sources.frameworks]


def check_effective_date(sources: Sources) -> list[Problem]:
    """The effective date and the approval date (presentation.approved_on) are calendar dates."""
    framework = _framework(sources)
    problems = []
    places = [("effective_date",), ("presentation", "approved_on")]
    for keys in places:
        text = framework.get(keys[0]) if len(keys) == 1 else framework.get(keys[0], {}).get(keys[1])
        if not isinstance(text, str):
            continue
        try:
            datetime.date.fromisoformat(text)
        except ValueError:
            problems.append(framework.problem("invalid-date", f"`{text}` is not a calendar date (YYYY-MM-DD)", *keys))
    return problems


def check_draft_languages(sources: Sources) -> list[Problem]:
    """A language is published or a draft, never both, and the source language is neither."""
    framework = sources.framework
    if framework is None:
        return []
    published, source = framework.get("languages", []), framework.get("language", "en")
    problems = []
    for index, language in enumerate(framework.get("draft_languages", [])):
        if language in published:
            message = f"language `{language}` is listed in both `languages` and `draft_languages`"
            hint = "keep it in `languages` once its translation is complete, else in `draft_languages`"
        elif language == source:
            message = f"language `{language}` is the source language: it is built from the YAML, never a draft"
            hint = "remove it from `draft_languages`"
        else:
            continue
        problems.append(framework.problem("duplicate-id", message, "draft_languages", index, hint=hint))
    return problems


def check_unique_ids(sources: Sources) -> list[Problem]:
    framework = _framework(sources)
    problems = list(duplicate_ids(((c, ("id",)) for c in framework.children("categories")), "category"))
    problems += duplicate_ids(((c, ("id",)) for c in sources.competencies), "competency")
    problems += duplicate_ids(((t, ("id",)) for t in sources.tracks), "track")
    levels_and_roles = [(level, ("id",)) for _, level in sources.levels()] + [(role, ("id",)) for role in sources.roles]
    problems += duplicate_ids(levels_and_roles, "level or role")
    codes = [(level, ("hris", "job_code")) for _, level in sources.levels() if "hris" in level.value]
    problems += duplicate_ids(codes, "job code")
    problems += duplicate_ids(_explicit_expectations(sources), "behaviour")
    for _, level in sources.levels():
        if "promotion" in level.value:
            promotion = level.child("promotion")
            criteria = [(c, ("id",)) for key in ("evidence", "process") for c in promotion.children(key)]
            problems += duplicate_ids(criteria, "promotion criterion")
    return problems


def _explicit_expectations(sources: Sources) -> Iterator[tuple[Located, Path_]]:
    for _, level in sources.levels():
        for competency in level.value["expectations"]:
            block = level.child("expectations", competency)
            for index, behaviour in enumerate(block.value.get("behaviours", [])):
                if isinstance(behaviour, dict) and "id" in behaviour:
                    yield block.child("behaviours", index), ("id",)


def check_references(sources: Sources) -> list[Problem]:
    framework = _framework(sources)
    categories = {c["id"] for c in framework.children("categories")}
    competencies = {c["id"]: c for c in sources.competencies}
    problems = [
        unknown_reference(c, ("category",), "category", categories)
        for c in sources.competencies
        if "category" in c.value and c["category"] not in categories
    ]
    if categories:
        problems += [
            c.problem(
                "missing-category",
                f"competency `{c['id']}` has no `category`; the framework declares categories",
                "id",
                hint=f"add `category:` with one of: {', '.join(sorted(categories))}",
            )
            for c in sources.competencies
            if "category" not in c.value
        ]
    for track in sources.tracks:
        for index, competency in enumerate(track["competencies"]):
            if competency not in competencies:
                problem = unknown_reference(track, ("competencies", index), "competency", competencies)
                if not problem.hint:  # not a typo: the competency is not defined at all
                    problem = replace(problem, hint=f"define it in {_competency_file(sources)} first")
                problems.append(problem)
    return problems


def check_ranks(sources: Sources) -> list[Problem]:
    problems = []
    rank_of = {level["id"]: level["rank"] for _, level in sources.levels()}
    for track in sources.tracks:
        start = rank_of.get(track.get("starts_after"), 0) + 1
        for expected, level in enumerate(track.children("levels"), start=start):
            if level["rank"] != expected:
                after = f", after `{track['starts_after']}` (rank {start - 1})," if start > 1 else ""
                problems.append(
                    level.problem(
                        "rank-order",
                        f"level `{level['id']}` has rank {level['rank']}, but as level {expected - start + 1}"
                        f" of track `{track['id']}`{after} it must have rank {expected}",
                        "rank",
                        hint=f"list levels lowest rank first, numbered {start}, {start + 1}, {start + 2}..."
                        " without gaps",
                    )
                )
                break
    return problems


def _competency_file(sources: Sources) -> str:
    """Where the project defines its competencies (competencies.yaml by convention)."""
    first = next(iter(sources.competencies), None)
    return f"`{first.document.display}`" if first is not None else "competencies.yaml"


def _rated_below(sources: Sources) -> dict[str, set[str]]:
    """level id → the competencies some level below it (in its track, or a fork's trunk) rates."""
    rated_up_to: dict[str, set[str]] = {}
    below: dict[str, set[str]] = {}
    for track in sources.tracks_trunk_first():
        rated = set(rated_up_to.get(track.get("starts_after"), set()))
        for level in track.children("levels"):
            below[level["id"]] = set(rated)
            rated |= set(level["expectations"])
            rated_up_to[level["id"]] = set(rated)
    return below


def check_coverage(sources: Sources) -> list[Problem]:
    problems = []
    library = {c["id"] for c in sources.competencies}
    rated_below = _rated_below(sources)
    for track, level in sources.levels():
        wanted = [
            c for c in track["competencies"] if c in library
        ]  # unknown ones are reported once, by check_references
        for competency in level["expectations"]:
            if competency not in track["competencies"]:
                hint = (
                    did_you_mean(competency, sorted(wanted))
                    or "add it to the track's `competencies` list, or remove it here"
                    if competency in library
                    else did_you_mean(competency, sorted(library))
                    or f"define it in {_competency_file(sources)} (a `competencies:` item with its id), then add it"
                    f" to track `{track['id']}`'s `competencies` list; or remove it here"
                )
                problems.append(
                    level.problem(
                        "unknown-reference",
                        f"competency `{competency}` is not one of track `{track['id']}`'s competencies",
                        "expectations",
                        competency,
                        key=True,
                        hint=hint,
                    )
                )
            problems += _block_shape(level.child("expectations", competency), competency)
        for competency in wanted:
            # absent below the first level that rates it: not yet rated there, no reason needed
            if competency not in level["expectations"] and competency in rated_below.get(level["id"], set()):
                problems.append(
                    level.problem(
                        "missing-expectation",
                        f"level `{level['id']}` says nothing for competency `{competency}`",
                        "expectations",
                        key=True,
                        hint="add its behaviours, or `not_applicable: <reason>`",
                    )
                )
    return problems


def _block_shape(block: Located, competency: str) -> list[Problem]:
    has_behaviours, not_applicable = "behaviours" in block.value, "not_applicable" in block.value
    says_something = has_behaviours or "expected" in block.value or "retires" in block.value
    if has_behaviours and not_applicable:
        return [
            block.problem(
                "expectation-shape",
                f"`{competency}` has both `behaviours` and `not_applicable`; keep one",
                "not_applicable",
                key=True,
            )
        ]
    if not says_something and not not_applicable:
        return [
            block.problem(
                "expectation-shape",
                f"`{competency}` needs `behaviours`, an `expected` rating (or `not_applicable: <reason>`)",
            )
        ]
    if not_applicable:
        for key in ("evidence", "expected", "retires"):
            if key in block.value:
                return [
                    block.problem(
                        "expectation-shape",
                        f"`{competency}` is not applicable, so it cannot have `{key}`",
                        key,
                        key=True,
                    )
                ]
    return []


def check_raises(sources: Sources) -> list[Problem]:
    """`raises` and `retires` name a behaviour of a lower level of the same ladder (a fork's trunk included)."""
    problems = []
    explicit_below: dict[str, dict[str, tuple[str, str]]] = {}  # level id → behaviour id → (level, competency) up to it
    for track in _trunk_first(sources):
        below = dict(explicit_below.get(track.get("starts_after"), {}))
        for level in track.children("levels"):
            introduced = {}
            for competency in level["expectations"]:
                block = level.child("expectations", competency)
                for index, behaviour in enumerate(block.value.get("behaviours", [])):
                    if not isinstance(behaviour, dict):
                        continue
                    item = block.child("behaviours", index)
                    problems += _raise_problem(item, below, competency)
                    if "id" in behaviour:
                        introduced[behaviour["id"]] = (level["id"], competency)
                for index, retired in enumerate(block.value.get("retires", [])):
                    if retired not in below:
                        problems.append(
                            unknown_reference(
                                block, ("retires", index), "behaviour", below, " in a lower level of this track"
                            )
                        )
                    elif below[retired][1] != competency:
                        problems.append(
                            block.problem(
                                "unknown-reference",
                                f"`{retired}` belongs to competency `{below[retired][1]}`, not `{competency}`",
                                "retires",
                                index,
                            )
                        )
            below.update(introduced)
            explicit_below[level["id"]] = dict(below)
    return problems


def _trunk_first(sources: Sources) -> list[Located]:
    return sources.tracks_trunk_first()


def _raise_problem(item: Located, below: dict[str, tuple[str, str]], competency: str) -> list[Problem]:
    raised = item.get("raises")
    if raised is None:
        return []
    if raised not in below:
        return [unknown_reference(item, ("raises",), "behaviour", below, " in a lower level of this track")]
    if below[raised][1] != competency:
        return [
            item.problem(
                "unknown-reference",
                f"`{raised}` belongs to competency `{below[raised][1]}`, not `{competency}`",
                "raises",
            )
        ]
    return []


def check_promotion(sources: Sources) -> list[Problem]:
    problems = []
    for track, level in sources.levels():
        if "promotion" not in level.value:
            if level["rank"] > 1:
                problems.append(
                    level.problem(
                        "missing-promotion",
                        f"level `{level['id']}` (rank {level['rank']}) has no `promotion` criteria",
                        "id",
                        hint="say what it takes to be promoted into this level",
                    )
                )
            continue
        problems += _criteria_problems(sources, track, level.child("promotion"))
    tracks = {level["id"]: track for track, level in sources.levels()}
    for move in sources.moves:
        if "criteria" not in move.value:
            continue
        criteria = move.child("criteria")
        roles = {role["id"] for role in sources.roles}
        if move["to"] in tracks:
            problems += _criteria_problems(sources, tracks[move["to"]], criteria)
        elif criteria.get("min_ratings") and move["to"] in roles:  # an unknown target is reported once, as such
            problems.append(
                criteria.problem(
                    "career-path",
                    f"`{move['to']}` is a role beyond the framework, so a move there cannot ask for ratings",
                    "min_ratings",
                    key=True,
                    hint="describe the bar in `description`, `evidence` and `process`",
                )
            )
        problems += duplicate_ids(
            ((c, ("id",)) for key in ("evidence", "process") for c in criteria.children(key)), "criterion"
        )
    return problems


def _criteria_problems(sources: Sources, track: Located, criteria: Located) -> list[Problem]:
    """Ratings of promotion (or move) criteria name the target track's competencies and a value of
    each one's scale (a category's rating: of each of its competencies in the track)."""
    problems = []
    scale_of = rated_on(sources)
    category_of = {c["id"]: c.get("category") for c in sources.competencies}
    track_categories = {category_of.get(c) for c in track["competencies"]}
    for rating in criteria.children("min_ratings"):
        rated = (
            [rating["competency"]]
            if "competency" in rating.value
            else [c for c in track["competencies"] if category_of.get(c) == rating["category"]]
        )
        wrong = (rating_problem(rating, "rating", c, scale_of[c]) for c in rated if c in scale_of)
        first = next((problem for problem in wrong if problem is not None), None)
        if first is not None:  # once per criterion: the first competency whose scale lacks it
            problems.append(first)
        if "competency" in rating.value and rating["competency"] not in track["competencies"]:
            problems.append(
                unknown_reference(
                    rating, ("competency",), "competency", track["competencies"], f" for track `{track['id']}`"
                )
            )
        if "category" in rating.value and rating["category"] not in track_categories:
            problems.append(
                unknown_reference(
                    rating,
                    ("category",),
                    "category",
                    {category for category in track_categories if category is not None},
                    f" among track `{track['id']}`'s competencies",
                )
            )
    return problems


def check_scope(sources: Sources) -> list[Problem]:
    declared = _framework(sources).get("breadths")
    breadths = [b["id"] for b in declared] if declared else list(BREADTHS)
    problems = list(duplicate_ids(((b, ("id",)) for b in _framework(sources).children("breadths")), "breadth"))
    for _, level in sources.levels():
        breadth = level.get("scope", {}).get("breadth")
        if breadth is not None and breadth not in breadths:
            where = (
                "the framework's `breadths`"
                if declared
                else "the product breadths (declare your own in the framework's `breadths`)"
            )
            problems.append(
                level.problem(
                    "unknown-reference",
                    f"unknown breadth `{breadth}`; expected one of {where}: {', '.join(breadths)}",
                    "scope",
                    "breadth",
                    hint=did_you_mean(breadth, sorted(breadths)),
                )
            )
        reports = level.get("scope", {}).get("direct_reports")
        if reports and reports["min"] > reports["max"]:
            problems.append(
                level.problem(
                    "scope-range",
                    f"direct reports min {reports['min']} is above max {reports['max']}",
                    "scope",
                    "direct_reports",
                    "min",
                )
            )
    return problems


def check_career_paths(sources: Sources) -> list[Problem]:
    track_of = {level["id"]: track["id"] for track, level in sources.levels()}
    roles = {role["id"] for role in sources.roles}
    problems = []
    for move in sources.moves:
        if move["from"] not in track_of:
            problems.append(unknown_reference(move, ("from",), "level", track_of))
        target_kind = "role" if move["kind"] == "exit" else "level"
        targets = roles if move["kind"] == "exit" else track_of
        if move["to"] not in targets:
            problems.append(
                unknown_reference(
                    move, ("to",), target_kind, targets, f" (`{move['kind']}` moves go to a {target_kind})"
                )
            )
        elif move["from"] == move["to"]:
            problems.append(move.problem("career-path", "a move cannot lead from a level to itself", "to"))
    for group in sources.peers:
        seen_tracks: dict[str, str] = {}
        for index, level in enumerate(group["levels"]):
            if level not in track_of:
                problems.append(unknown_reference(group, ("levels", index), "level", track_of))
            elif track_of[level] in seen_tracks:
                problems.append(
                    group.problem(
                        "career-path",
                        f"`{level}` and `{seen_tracks[track_of[level]]}` are in the same track;"
                        " peers are levels of different tracks",
                        "levels",
                        index,
                    )
                )
            else:
                seen_tracks[track_of[level]] = level
    return problems


RULES: list[Callable[[Sources], list[Problem]]] = [
    check_effective_date,
    check_unique_ids,
    check_scales,
    check_draft_languages,
    check_language_tags,
    check_references,
    check_ranks,
    check_coverage,
    check_raises,
    check_promotion,
    check_scope,
    check_career_paths,
    structure.check_forks,
    structure.check_expected,
    structure.check_levelling,
    structure.check_external_ids,
]
