"""Calibrate: every case of a round assessed, grouped by target level, with the findings a committee
must discuss. Each case is judged by assess (one verdict, behaviour coverage); this module only
compares cases. Returns data; calibrate.pack decides how it looks.

The four consistency rules, stated so a committee can check them by hand:
- SAME_CASE_RULE: same ratings and same coverage, different recommendations.
- OFFSET_RULE: an assessor rating above or below the others on the same competencies.
- NARRATIVE_RULE: a summary using personality or gender-coded language (the lint's word lists).
- VERSION_RULE: a case written against an older ladder version than the one judging it.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from ..assess import Assessment, assess, load_assessment
from ..lint.rules.coded_wording import CONF as CODED_CONF
from ..lint.wordlists import GENDER_SOURCE, gender_coded
from ..model import Framework
from ..problems import ERROR, Problem, Rule
from ..source.load import load_file
from ..value import value_class
from .migrate import Migration

# The checks this module raises: catalogue.py collects them, docs/rules/ has a page for each.
DECLARED_RULES: tuple[Rule, ...] = (
    Rule(
        "calibrate",
        "calibrate",
        ERROR,
        "A case of the round cannot be compared: two cases share a file name (their case id), the case names "
        "another framework, or a ladder version newer than the one judging it.",
        "ladder calibrate round/ana.yaml earlier/ana.yaml  # two cases called `ana`",
        "ladder calibrate round/ana.yaml earlier/ana-2025.yaml",
    ),
)

SAME_CASE, OFFSET, NARRATIVE, OLDER_LADDER = (
    "same-case-different-call",
    "assessor-offset",
    "coded-narrative",
    "older-ladder",
)
OFFSET_STEPS, OFFSET_SHARED = 1.0, 3
SAME_CASE_RULE = (
    "Two or more cases for the same level with the same rating on every competency and the same number of"
    " evidenced behaviours per competency, whose assessors recommend different outcomes."
)
OFFSET_RULE = (
    f"An assessor whose ratings sit on average {OFFSET_STEPS:g} scale step or more above (or below) the other"
    f" assessors' ratings, compared competency by competency between cases for the same level with the same"
    f" number of evidenced behaviours, over at least {OFFSET_SHARED} such competencies."
)
NARRATIVE_RULE = (
    "A case summary that uses a personality, potential or ableist phrase from the coded-wording lint rule's"
    f" lists, or that reads strongly gender-coded on the word stems of {GENDER_SOURCE}"
    f" ({CODED_CONF['min_words']} or more coded words on one side and at least {CODED_CONF['ratio']:g} times"
    " those on the other)."
)
VERSION_RULE = "A case whose ladder.version is older than the version of the ladder that judges it."
RULES = ((SAME_CASE, SAME_CASE_RULE), (OFFSET, OFFSET_RULE), (NARRATIVE, NARRATIVE_RULE), (OLDER_LADDER, VERSION_RULE))


@value_class
class Case:
    id: str  # the file's stem: the stable id the decisions sheet uses
    file: str
    assessment: Assessment
    recommendation: str | None
    written_against: str | None  # the ladder version the case names, if it names one
    ratings: tuple[tuple[str, str], ...] = ()  # (competency id, scale value id) as the assessor wrote them
    changes_since: tuple[str, ...] = ()  # what changed for this case since the ladder it was written against


@value_class
class Finding:
    kind: str  # one of the RULES' ids
    case_ids: tuple[str, ...]
    text: str
    details: tuple[str, ...] = ()  # one line each, e.g. what changed since an older ladder


@value_class
class Distribution:
    competency_id: str
    competency: str
    counts: tuple[tuple[str, int], ...]  # (scale value name, cases), in scale order, then "Not rated"


@value_class
class LevelPack:
    level_id: str
    level: str  # title
    track: str  # name
    framework_id: str
    version: str
    cases: tuple[Case, ...]
    distributions: tuple[Distribution, ...]
    findings: tuple[Finding, ...]


def case_files(paths: tuple[Path, ...]) -> list[Path]:
    """The case files named, a folder standing for its *.yaml, *.yml and *.json files, in name order."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files += sorted(p for p in path.iterdir() if p.suffix in (".yaml", ".yml", ".json") and p.is_file())
        else:
            files.append(path)
    return list(dict.fromkeys(files))


def load_cases(
    framework: Framework, files: list[Path], carry: Callable[[Path], Migration | None] | None = None
) -> tuple[list[Case], list[Problem]]:
    """Every case assessed, or the located problems that make a case invalid (warnings included).
    `carry` carries a case written against an older ladder across the renames since (assess's migration)."""
    cases: list[Case] = []
    problems: list[Problem] = []
    seen: dict[str, str] = {}
    for path in files:
        migration = carry(path) if carry is not None else None
        carried = yaml.safe_dump(migration.data, sort_keys=False).encode() if migration is not None else None
        data, found = load_assessment(path, framework, carried)
        problems += found
        if data is None:
            continue
        stamp = data.get("ladder")
        if migration is not None and stamp is not None:  # the version it was written against, not carried to
            stamp = {**stamp, "version": migration.written_against}
        if stamp is not None:
            stamp_problems = _stamp_problems(path, framework, stamp)
            problems += stamp_problems
            if stamp_problems:
                continue
        if path.stem in seen:
            problems.append(
                Problem(str(path), 0, 0, "calibrate", f"case id `{path.stem}` is also {seen[path.stem]}'s id")
            )
            continue
        seen[path.stem] = str(path)
        cases.append(
            Case(
                path.stem,
                str(path),
                assess(framework, data),
                data.get("recommendation"),
                stamp["version"] if stamp else None,
                tuple((r["competency"], r["rating"]) for r in data["ratings"]),
                migration.notes if migration is not None else (),
            )
        )
    return cases, problems


def _stamp_problems(path: Path, framework: Framework, stamp: dict[str, Any]) -> list[Problem]:
    document = load_file(path)[0]
    assert document is not None  # load_assessment read it
    if stamp["framework"] != framework.id:
        return [
            document.problem(
                ("ladder", "framework"),
                "calibrate",
                f"the case was written for framework `{stamp['framework']}`, not `{framework.id}`",
            )
        ]
    if framework.version is not None and _version(stamp["version"]) > _version(framework.version):
        return [
            document.problem(
                ("ladder", "version"),
                "calibrate",
                f"the case names ladder {stamp['version']}, newer than this ladder's {framework.version}",
            )
        ]
    return []


UNVERSIONED = "unversioned draft"  # what a pack names as the ladder's version when it has none yet


def _version(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in text.split("."))


def calibrate(framework: Framework, cases: list[Case]) -> list[LevelPack]:
    """One pack per target level, in track then rank order."""
    by_level: dict[str, list[Case]] = defaultdict(list)
    for case in cases:
        by_level[case.assessment.target_level].append(case)
    order = [lv.id for t in framework.tracks for lv in t.levels]
    packs = []
    for level_id in sorted(by_level, key=order.index):
        level = framework.level(level_id)
        group = sorted(by_level[level_id], key=lambda c: (c.assessment.person.casefold(), c.id))
        findings = _same_case(group) + _offsets(framework, group) + _narratives(framework, group)
        findings += [
            Finding(
                OLDER_LADDER,
                (c.id,),
                f"{c.assessment.person}'s case was written against {c.written_against},"
                f" judged against {framework.version}",
                c.changes_since,
            )
            for c in group
            if c.written_against is not None
            and framework.version is not None  # an unversioned draft: no order to judge by
            and _version(c.written_against) < _version(framework.version)
        ]
        packs.append(
            LevelPack(
                level_id,
                level.title,
                framework.track(level.track_id).name,
                framework.id,
                framework.version or UNVERSIONED,
                tuple(group),
                _distributions(framework, group),
                tuple(findings),
            )
        )
    return packs


def _distributions(framework: Framework, group: list[Case]) -> tuple[Distribution, ...]:
    result = []
    for coverage in group[0].assessment.coverage:  # every case at a level has its track's competencies
        ratings = Counter(
            c.rating for case in group for c in case.assessment.coverage if c.competency_id == coverage.competency_id
        )
        scale = framework.scale_of(coverage.competency_id)
        names = [v.name for v in (scale.values if scale else ())] + ["Not rated"]
        result.append(
            Distribution(coverage.competency_id, coverage.competency, tuple((n, ratings.get(n, 0)) for n in names))
        )
    return tuple(result)


def _profile(case: Case) -> tuple[tuple[str, str, int], ...]:
    return tuple((c.competency_id, c.rating, c.evidenced) for c in case.assessment.coverage)


def _same_case(group: list[Case]) -> list[Finding]:
    alike: dict[tuple[tuple[str, str, int], ...], list[Case]] = defaultdict(list)
    for case in group:
        if case.recommendation is not None:
            alike[_profile(case)].append(case)
    findings = []
    for cases in alike.values():
        calls = sorted({c.recommendation or "" for c in cases})
        if len(calls) > 1:
            who = "; ".join(
                f"{c.assessment.person} ({c.recommendation}, by {c.assessment.assessor or 'no one named'})"
                for c in cases
            )
            findings.append(
                Finding(
                    SAME_CASE,
                    tuple(c.id for c in cases),
                    f"Same ratings and coverage, different recommendations: {who}",
                )
            )
    return findings


def _offsets(framework: Framework, group: list[Case]) -> list[Finding]:
    # (competency, evidenced behaviours) → assessor → rating steps: cases are compared only like for like.
    buckets: dict[tuple[str, int], dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    for case in group:
        if case.assessment.assessor is None:
            continue
        for c in case.assessment.coverage:
            scale = framework.scale_of(c.competency_id)  # steps on the competency's own scale
            steps = {v.name: v.order for v in (scale.values if scale else ())}
            if c.rating in steps:
                buckets[(c.competency_id, c.evidenced)][case.assessment.assessor].append(steps[c.rating])
    assessors = sorted({a for by in buckets.values() for a in by})
    findings = []
    for assessor in assessors:
        per_competency: dict[str, list[float]] = defaultdict(list)
        for (competency_id, _), by in buckets.items():
            others = [s for other, ratings in by.items() if other != assessor for s in ratings]
            if assessor in by and others:
                per_competency[competency_id].append(_mean(by[assessor]) - _mean(others))
        if len(per_competency) < OFFSET_SHARED:
            continue
        offset = _mean([_mean(diffs) for diffs in per_competency.values()])
        # With two assessors each is the other's mirror: name the one who rates above.
        if abs(offset) < OFFSET_STEPS or (len(assessors) == 2 and offset < 0):
            continue
        names = ", ".join(framework.competency(c).name for c in sorted(per_competency))
        direction = "above" if offset > 0 else "below"
        cases = tuple(c.id for c in group if c.assessment.assessor == assessor)
        findings.append(
            Finding(
                OFFSET,
                cases,
                f"{assessor} rates {abs(offset):.1f} scale steps {direction} the other assessors"
                f" over {len(per_competency)} competencies with the same coverage ({names})",
            )
        )
    return findings


def _mean(values: list[int] | list[float]) -> float:
    return sum(values) / len(values)


def _narratives(framework: Framework, group: list[Case]) -> list[Finding]:
    phrases = {w.casefold(): "personality or potential" for w in CODED_CONF["personality_words"]}
    phrases |= {w.casefold(): "ableist" for w in CODED_CONF["ableist_words"]}
    pattern = re.compile(r"\b(" + "|".join(re.escape(w) for w in sorted(phrases, key=len, reverse=True)) + r")\b", re.I)
    names = [c.name for c in framework.competencies] + [lv.title for t in framework.tracks for lv in t.levels]
    defined = re.compile("|".join(re.escape(n) for n in sorted(names, key=len, reverse=True)), re.IGNORECASE)
    masculine, feminine = (_stems(s) for s in gender_coded())
    findings = []
    for case in group:
        summary = case.assessment.summary
        found = [f"“{w}” ({phrases[w]})" for w in dict.fromkeys(m.casefold() for m in pattern.findall(summary))]
        text = defined.sub(" ", summary).casefold()
        his, hers = masculine.findall(text), feminine.findall(text)
        for side, ours, theirs in (("masculine", his, hers), ("feminine", hers, his)):
            if len(ours) >= CODED_CONF["min_words"] and len(ours) >= CODED_CONF["ratio"] * len(theirs):
                words = ", ".join(f"{s}…" for s in dict.fromkeys(ours))
                found.append(f"strongly {side}-coded: {len(ours)} words ({words}) against {len(theirs)}")
        if found:
            findings.append(
                Finding(
                    NARRATIVE,
                    (case.id,),
                    f"{case.assessment.person}'s summary describes the person, not the evidence: {'; '.join(found)}",
                )
            )
    return findings


def _stems(stems: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(r"(?<![\w'-])(" + "|".join(re.escape(s) for s in sorted(stems, key=len, reverse=True)) + ")")
