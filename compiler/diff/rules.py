"""The diff's rules: one id per kind of change, with its default severity and what it means.

Severities: breaking (breaks HRIS records or people's standing), warning (changes what someone must
do or where they can go), info (wording and metadata). `--severity-config` overrides any of them.
"""

from __future__ import annotations

from .. import problems

BREAKING, WARNING, INFO, IGNORE = "breaking", "warning", "info", "ignore"
SEVERITY_ORDER = {INFO: 0, WARNING: 1, BREAKING: 2}
# diff's words on the one scale of findings: the only place they are mapped.
AS_FINDING = {BREAKING: problems.ERROR, WARNING: problems.WARNING, INFO: problems.INFO}

RULES: dict[str, tuple[str, str]] = {
    # breaking: identities and HRIS keys
    "framework-id-changed": (BREAKING, "the framework's id changed"),
    "uuid-namespace-changed": (BREAKING, "the UUID namespace changed, so every exported UUID changed"),
    "uuid-changed": (BREAKING, "a uuid written in the source was added, removed or changed (an HRIS or CASE key)"),
    "track-removed": (BREAKING, "a track (job family) was removed"),
    "track-id-changed": (BREAKING, "a track's id changed (declared in previous_ids)"),
    "level-removed": (BREAKING, "a level (job profile) was removed"),
    "level-id-changed": (BREAKING, "a level's id changed (declared in previous_ids)"),
    "level-moved": (BREAKING, "a level moved to another track (job family)"),
    "level-rank-changed": (BREAKING, "a level's rank (HRIS job level) changed"),
    "job-code-changed": (BREAKING, "a level's HRIS job code changed"),
    "grade-changed": (BREAKING, "a level's grade changed"),
    "levels-reordered": (BREAKING, "the rank order of existing levels changed"),
    "competency-id-changed": (BREAKING, "a competency's id changed (declared in previous_ids)"),
    "external-id-changed": (BREAKING, "an item's external id (its key in another system) changed"),
    "scale-value-removed": (BREAKING, "a rating-scale value was removed"),
    "scale-reordered": (BREAKING, "the order of the rating-scale values changed"),
    "version-not-bumped": (BREAKING, "breaking changes without a major version bump"),
    # warning: what people must show, and where they can go
    "track-added": (WARNING, "a track was added"),
    "track-renamed": (WARNING, "a track's name changed"),
    "level-added": (WARNING, "a level was added"),
    "level-renamed": (WARNING, "a level's title changed"),
    "management-level-changed": (WARNING, "a level's HRIS management level changed"),
    "promotion-tightened": (WARNING, "a promotion bar was raised: a rating, time in role, evidence or a process step"),
    "promotion-loosened": (WARNING, "a promotion bar was lowered: a rating, time in role, evidence or a process step"),
    "promotion-changed": (WARNING, "a promotion criterion changed in a way that is neither higher nor lower"),
    "competency-dropped": (WARNING, "a competency no longer applies to a track or level"),
    "expectation-raises-changed": (
        WARNING,
        "which behaviour a behaviour replaces changed, so the cumulative expectations changed",
    ),
    "expectation-id-changed": (WARNING, "a behaviour's id changed (declared in previous_ids, or an id was written)"),
    "scale-value-added": (WARNING, "a rating-scale value was added"),
    "scale-value-renamed": (WARNING, "a rating-scale value's name changed"),
    "scale-value-redefined": (WARNING, "a rating-scale value's description changed"),
    "career-move-removed": (WARNING, "a career move out of a level was removed"),
    "career-move-retargeted": (WARNING, "a career move out of a level now leads somewhere else"),
    "role-removed": (WARNING, "a role outside the framework was removed"),
    "expected-rating-changed": (WARNING, "the rating a level expects for a competency changed"),
    "progression-changed": (
        WARNING,
        "whether a competency's behaviours accumulate or replace each other up the levels changed",
    ),
    "track-fork-changed": (WARNING, "the trunk level a track forks from changed"),
    "levelling-changed": (WARNING, "the levelling guide (grades and the levels that hold them) changed"),
    # info: wording, additions and metadata
    "expectation-reworded": (INFO, "a behaviour's wording changed"),
    "expectation-added": (INFO, "a behaviour was added"),
    "expectation-removed": (INFO, "a behaviour was removed"),
    "expectation-moved": (INFO, "a behaviour moved to another competency or level"),
    "expectation-details-changed": (INFO, "a behaviour's examples or links changed"),
    "evidence-examples-changed": (INFO, "the evidence examples of a competency at a level changed"),
    "competency-added": (INFO, "a competency was added to the library, a track or a level"),
    "competency-removed": (INFO, "a competency was removed from the library"),
    "competency-renamed": (INFO, "a competency's name changed"),
    "competency-recategorised": (INFO, "a competency moved to another category"),
    "category-added": (INFO, "a competency category was added"),
    "category-removed": (INFO, "a competency category was removed"),
    "category-renamed": (INFO, "a competency category's name changed"),
    "career-move-added": (INFO, "a career move out of a level was added"),
    "career-move-changed": (INFO, "a career move's kind or description changed"),
    "peers-changed": (INFO, "a level's peer levels changed"),
    "role-added": (INFO, "a role outside the framework was added"),
    "role-renamed": (INFO, "a role's title changed"),
    "promotion-reworded": (INFO, "promotion prose or criteria wording changed"),
    "scope-changed": (INFO, "a level's scope changed"),
    "order-changed": (INFO, "the order of items in a list changed (as every output lists them)"),
    "previous-ids-changed": (INFO, "the previous_ids an item declares changed"),
    "version-changed": (INFO, "the framework version changed"),
    "presentation-changed": (INFO, "branding: colour, logo or templates changed"),
    "metadata-changed": (INFO, "descriptions, summaries or framework metadata changed"),
    "field-changed": (WARNING, "a model field with no rule of its own changed (a rule is missing: please report)"),
}
