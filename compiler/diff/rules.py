"""The diff's rules: one id per kind of change, with its default severity and what it means.

Severities: breaking (breaks HRIS records or people's standing), warning (changes what someone must
do or where they can go), info (wording and metadata). `--severity-config` overrides any of them.
"""

from __future__ import annotations

from .. import problems
from ..problems import Rule

BREAKING, WARNING, INFO, IGNORE = "breaking", "warning", "info", "ignore"
# diff's words on the one scale of findings: the only place they are mapped.
AS_FINDING = {BREAKING: problems.ERROR, WARNING: problems.WARNING, INFO: problems.INFO}
SEVERITY_ORDER = {word: severity.rank for word, severity in AS_FINDING.items()}

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

# Each rule's example: (old → new that yields the change, old → new that does not).
EXAMPLES: dict[str, tuple[str, str]] = {
    "track-removed": ("track `gpm` in OLD, not in NEW", "track `gpm` in both"),
    "track-id-changed": ("`gpm` renamed `group-pm` with previous_ids: [gpm]", "the id kept"),
    "level-removed": ("level `senior-gpm` in OLD, not in NEW", "level `senior-gpm` in both"),
    "level-id-changed": ("`senior-gpm` renamed `gpm-2` with previous_ids: [senior-gpm]", "the id kept"),
    "level-moved": ("level `gpm` moved from track `pm` to `leadership`", "level `gpm` kept in track `pm`"),
    "job-code-changed": ("hris.job_code: PM3 → PM4", "hris.job_code: PM3 in both"),
    "grade-changed": ("hris.grade: G7 → G8", "hris.grade: G7 in both"),
    "levels-reordered": ("ranks of `pm` and `senior-pm` swapped", "a new level added at the top"),
    "version-not-bumped": ("a level removed, version 1.2.0 → 1.3.0", "a level removed, version 1.2.0 → 2.0.0"),
    "track-added": ("a track in NEW only", "the same tracks in both"),
    "track-renamed": ("name: Product → Product Management", "the name kept"),
    "level-added": ("a level in NEW only", "the same levels in both"),
    "level-renamed": ("title: Senior PM → Lead PM", "the title kept"),
    "promotion-tightened": ("min_months_in_role: 12 → 18", "min_months_in_role: 12 in both"),
    "competency-dropped": ("`coaching` removed from a track's competencies", "the track's competencies kept"),
    "expectation-reworded": ("Writes the plan. → Writes the annual plan.", "the wording kept"),
    "expectation-added": ("a behaviour in NEW only", "the same behaviours in both"),
    "expectation-removed": ("a behaviour in OLD only", "the same behaviours in both"),
    "expectation-moved": ("a behaviour moved from `vision` to `planning`", "the behaviour kept in `vision`"),
    "competency-added": ("a competency in NEW's library only", "the same library in both"),
    "competency-removed": ("a competency in OLD's library only", "the same library in both"),
    "competency-renamed": ("name: Vision → Product vision", "the name kept"),
    "competency-recategorised": ("category: strategy → leadership", "the category kept"),
    "promotion-loosened": ("min_months_in_role: 18 → 12", "min_months_in_role: 18 in both"),
    "promotion-reworded": ("promotion description reworded", "the description kept"),
    "scope-changed": ("horizon_months: 12 → 18", "the scope kept"),
    "metadata-changed": ("a track's description reworded", "the description kept"),
    "framework-id-changed": ("framework id: product → product-management", "the id kept"),
    "uuid-namespace-changed": ("uuid_namespace set where it was derived from the id", "uuid_namespace kept"),
    "uuid-changed": ("a competency's uuid: 0b7d5a3c-… → 9e4f1d2a-…", "the written uuid kept"),
    "level-rank-changed": ("a level inserted below `gpm`: its rank 2 → 3", "a level added at the top"),
    "competency-id-changed": ("`vision` renamed `product-vision` with previous_ids: [vision]", "the id kept"),
    "external-id-changed": ("external_id: JP-01 → JP-02", "the external id kept"),
    "expected-rating-changed": ("craft: {expected: working} → {expected: practitioner}", "the expected rating kept"),
    "progression-changed": ("progression: replace → progression: accumulate", "the progression kept"),
    "track-fork-changed": ("starts_after: senior-engineer → starts_after: engineer", "the fork point kept"),
    "levelling-changed": ("grades: {id: e1, name: E1} → {id: e1, name: Band 1}", "the levelling guide kept"),
    "expectation-details-changed": (
        "examples: [Adds a null check] → [Adds a bounds check]",
        "a behaviour's examples and links kept",
    ),
    "scale-value-removed": ("rating value `developing` in OLD's scale only", "the same scale values in both"),
    "scale-reordered": ("`proficient` and `advanced` swap places on the scale", "the scale's order kept"),
    "management-level-changed": ("hris.management_level: Manager → Senior Manager", "the management level kept"),
    "promotion-changed": ("a process step's kind: sponsorship → calibration", "the criteria kept"),
    "expectation-raises-changed": ("`raises: vision-quarter` removed from a behaviour", "the raises kept"),
    "expectation-id-changed": ("a behaviour's id `vision-q` with previous_ids: [vision-quarter]", "the id kept"),
    "scale-value-added": ("rating value `expert` in NEW's scale only", "the same scale values in both"),
    "scale-value-renamed": ("a scale value's name: Advanced → Expert", "the name kept"),
    "scale-value-redefined": ("a scale value's description reworded", "the description kept"),
    "career-move-removed": ("a lateral move out of `gpm` in OLD only", "the same moves in both"),
    "career-move-retargeted": (
        "the one move out of `gpm` to `ppm` in OLD leads to `senior-ppm` in NEW (one change, not a removal and an "
        "addition), located where the move is written",
        "the same destinations in both",
    ),
    "role-removed": ("role `vp` in OLD only", "the same roles in both"),
    "evidence-examples-changed": ("an evidence example added to a competency at a level", "the examples kept"),
    "category-added": ("a category in NEW only", "the same categories in both"),
    "category-removed": ("a category in OLD only", "the same categories in both"),
    "category-renamed": ("a category's name: Leadership → People", "the name kept"),
    "career-move-added": ("a promotion move out of `pm` in NEW only", "the same moves in both"),
    "career-move-changed": ("a move's description reworded", "the move kept"),
    "peers-changed": ("a peer group removed", "the peer groups kept"),
    "role-added": ("role `cpo` in NEW only", "the same roles in both"),
    "role-renamed": ("a role's title: VP → VP of Product", "the title kept"),
    "order-changed": ("two competencies of the library swap places", "the order kept"),
    "previous-ids-changed": ("previous_ids: [] → [direction]", "previous_ids kept"),
    "version-changed": ("version: 1.2.0 → 1.2.1", "the version kept"),
    "presentation-changed": ("brand_colour: #1F4E79 → #123456", "the presentation kept"),
    "field-changed": ("a model field with no line in diff/fields.py changed", "every field has its line"),
}


def _declared(rule_id: str, severity: str, description: str) -> Rule:
    fails, passes = EXAMPLES[rule_id]
    summary = description[:1].upper() + description[1:] + "."
    return Rule(rule_id, "diff", AS_FINDING[severity], summary, fails, passes, label=severity)


# The rules as the catalogue lists them (docs/rules/diff/ has a page for each).
DECLARED_RULES: tuple[Rule, ...] = tuple(
    _declared(rule_id, severity, description) for rule_id, (severity, description) in RULES.items()
)
