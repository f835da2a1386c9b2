"""The rule catalogue: every check any command runs, with its id, command, severity, summary and
an example that fails and one that passes. The source for `--list-rules` and the docs' rule pages.

Checks register here by kind: lint rules are their modules (docstring, ID, SEVERITY), diff rules
are `diff.RULES`, and the loader's, schema's, semantic and assess checks are the tables below
(their code writes the ids inline; a test keeps the tables and the code in step). Ids are stable:
tests, users' lint settings and diff severity configs name them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .problems import ERROR, SEVERITIES, WARNING

COMMANDS = ("validate", "lint", "diff", "assess")


@dataclass(frozen=True)
class Rule:
    id: str
    command: str  # validate, lint, diff or assess
    severity: str  # on the one scale: error, warning, info
    summary: str
    fails: str = ""  # an example that yields this rule's finding
    passes: str = ""  # the same example, fixed
    label: str = ""  # the command's own word for the severity, when it has one (diff: "breaking")

    def __post_init__(self) -> None:
        if self.severity not in SEVERITIES or self.command not in COMMANDS:
            raise ValueError(f"rule {self.id}: bad severity {self.severity!r} or command {self.command!r}")

    def as_dict(self) -> dict[str, str]:
        return {
            "id": self.id,
            "command": self.command,
            "severity": self.severity,
            "label": self.label or self.severity,
            "summary": self.summary,
            "fails": self.fails,
            "passes": self.passes,
        }


def _v(rule_id: str, summary: str, fails: str, passes: str, severity: str = ERROR) -> Rule:
    return Rule(rule_id, "validate", severity, summary, fails, passes)


VALIDATE_RULES: tuple[Rule, ...] = (
    _v(
        "no-files",
        "The path holds no ladder files (*.yaml, *.yml).",
        "an empty directory",
        "a directory with framework.yaml",
    ),
    _v(
        "unreadable",
        "A ladder file cannot be read, or is not a regular file (a FIFO, a device, a directory).",
        "tracks.yaml as a named pipe",
        "a readable regular file",
    ),
    _v(
        "unsafe-path",
        "A path the ladder names or implies (`presentation.logo`, `.templates`, `.previous_release`, "
        "the catalogues in `locales/`), or a ladder file, leads outside the ladder project (by `..` or "
        "a symbolic link), is not a regular file (a directory for `templates` and `previous_release`) "
        "or is larger than its limit.",
        "logo: ../../etc/passwd.png",
        "logo: assets/logo.svg",
    ),
    _v(
        "output-name",
        "A track id names an output that another output already names (a fixed name such as "
        "`framework` or `index`, another track's derived name such as `manager-levels`, the same name "
        "but for case or Unicode form) or a device name Windows reserves (`con`, `nul`, `com1`...).",
        "tracks `manager` and `manager-levels` (pdf/manager-levels.pdf twice)",
        "tracks `manager` and `manager-ic`",
    ),
    _v(
        "file-too-large",
        "A ladder file is larger than the loader accepts.",
        "a 20 MiB tracks.yaml",
        "tracks split over several files",
    ),
    _v(
        "encoding",
        "A ladder file is not valid UTF-8.",
        "summary: caf\\xe9 (Latin-1 bytes)",
        "summary: café (saved as UTF-8)",
    ),
    _v("empty-file", "A ladder file holds nothing.", "(an empty file)", "framework: {...}"),
    _v("yaml-syntax", "The file is not well-formed YAML.", "tracks: [unclosed", "tracks: []"),
    _v(
        "yaml-limit",
        "Nesting, aliases or size beyond the loader's limits.",
        "a billion-laughs alias bomb",
        "plain nested mappings",
    ),
    _v("yaml-key", "A mapping key is not plain text.", "? [a, b]\n: value", "a: value"),
    _v("yaml-value", "A scalar cannot be read as the type its tag names.", "rank: !!int one", "rank: 1"),
    _v("unsafe-tag", "A YAML tag that could construct objects.", "summary: !!python/object:os.system x", "summary: x"),
    _v("duplicate-key", "The same key twice in one mapping.", "id: gpm\nid: gpm-2", "id: gpm"),
    _v(
        "schema-required",
        "A required key is missing.",
        "levels:\n  - id: gpm",
        "levels:\n  - id: gpm\n    title: GPM\n    ...",
    ),
    _v("schema-unknown-key", "A key the format does not know (often a typo).", "titel: Group PM", "title: Group PM"),
    _v("schema-type", "A value of the wrong type.", "rank: one", "rank: 1"),
    _v("schema-enum", "A value outside the allowed choices.", "breadth: galaxy", "breadth: domain"),
    _v("schema-format", "An id or value that does not match its pattern.", "id: Group PM", "id: group-pm"),
    _v("schema-value", "A value outside its allowed range or length.", "horizon_months: -3", "horizon_months: 12"),
    _v("missing-framework", "No file declares `framework:`.", "only tracks.yaml", "framework.yaml with `framework:`"),
    _v(
        "duplicate-framework",
        "More than one file declares `framework:`.",
        "two files with `framework:`",
        "one framework.yaml",
    ),
    _v("duplicate-id", "Two items of one kind share an id.", "two competencies with id: vision", "vision and strategy"),
    _v(
        "unknown-reference",
        "A reference to an id that does not exist.",
        "competencies: [visoin]",
        "competencies: [vision]",
    ),
    _v(
        "invalid-date",
        "A date that is not a calendar date.",
        "effective_date: 2026-02-30",
        "effective_date: 2026-02-28",
    ),
    _v("rank-order", "Level ranks do not count up from 1 in track order.", "ranks 1, 3", "ranks 1, 2"),
    _v(
        "missing-expectation",
        "A level says nothing for a competency of its track that a level below it rates (below the first level"
        " that rates it, a competency is not yet rated and needs nothing).",
        "level 1: {coaching: ...}; level 2: {vision: ...} (coaching missing)",
        "level 1: {vision: ...}; level 2: {vision: ..., coaching: ...}",
    ),
    _v(
        "expectation-shape",
        "An expectation block needs behaviours or a not-applicable reason, not both.",
        "vision: {behaviours: [...], not_applicable: later}",
        "vision: {not_applicable: Starts at the next level.}",
    ),
    _v(
        "missing-promotion",
        "A level above the first has no promotion criteria.",
        "rank 2 without `promotion:`",
        "rank 2 with `promotion: {description: ..., min_ratings: [...]}`",
    ),
    _v(
        "scope-range",
        "A scope range whose minimum is above its maximum.",
        "direct_reports: {min: 6, max: 4}",
        "direct_reports: {min: 4, max: 6}",
    ),
    _v(
        "career-path",
        "A career move or peer group that cannot be.",
        "moves: [{from: gpm, to: gpm}]",
        "moves: [{from: gpm, to: strategist-2}]",
    ),
    _v(
        "missing-category",
        "A competency without a category, in a framework that declares categories.",
        "competencies: [{id: vision, name: Vision, description: ...}]",
        "competencies: [{id: vision, name: Vision, category: strategy, description: ...}]",
    ),
    _v(
        "track-fork",
        "A track starts after one of its own levels, or its trunk leads back to it.",
        "id: staff\nstarts_after: principal-engineer  # a level of staff",
        "id: staff\nstarts_after: senior-engineer  # a level of the trunk",
    ),
    _v(
        "missing-expected",
        "A proficiency matrix with a hole: a level gives no expected rating that others of its track give.",
        "engineer: {craft: {behaviours: [...]}}  # associate-engineer has expected: working",
        "engineer: {craft: {expected: practitioner, behaviours: [...]}}",
    ),
    _v(
        "levelling-guide",
        "A levelling guide with a gap or a conflict: a level in no grade or in two, two levels of one track in a grade,"
        " grades that fall up a ladder, or declared peers in different grades.",
        "grades: [{id: e4, name: E4, levels: [staff-engineer, principal-engineer]}]",
        "grades: [{id: e4, name: E4, levels: [staff-engineer, engineering-manager]}]",
    ),
    _v(
        "duplicate-levelling-guide",
        "More than one file declares `levelling_guide:`.",
        "levelling_guide: in two files",
        "one levelling.yaml",
    ),
    _v(
        "lint-config",
        "The lint settings file is not valid.",
        "rules: {vague-wordin: off}",
        "rules: {vague-wording: off}",
    ),
    _v("severity-config", "The diff severity config is not valid.", "level-added: urgent", "level-added: breaking"),
    # Translations (ladder_compiler.i18n): warnings, which `--strict` makes fail in validate and lint.
    _v(
        "translation-missing",
        "A published language has no translation of a string (or no PO file at all).",
        'msgctxt "framework/name"\nmsgid "Product Framework"\nmsgstr ""',
        'msgctxt "framework/name"\nmsgid "Product Framework"\nmsgstr "Produkt-Framework"',
        WARNING,
    ),
    _v(
        "translation-stale",
        "A translation was made for an older source text (fuzzy, or its msgid differs from the source).",
        '#, fuzzy\n#| msgid "Runs sprint planning."\n'
        'msgid "Runs sprint planning and reviews."\nmsgstr "Leitet die Sprint-Planung."',
        'msgid "Runs sprint planning and reviews."\nmsgstr "Leitet Sprint-Planung und Reviews."',
        WARNING,
    ),
    _v("translation-unreadable", "A PO file cannot be read.", 'msgid "unterminated', 'msgid "closed"\nmsgstr ""'),
    # Identity (`ladder ids` writes the ids): a warning, never an error.
    _v(
        "behaviour-id-missing",
        "A behaviour has no id, so its derived id and UUID change when it is reworded or moved: to an HRIS "
        "or CASE consumer a delete and a create. `ladder ids` writes the id it has today.",
        "behaviours:\n  - Runs the weekly planning.",
        "behaviours:\n  - id: team-lead.delivery.0c5e1f2a9b\n    text: Runs the weekly planning.",
        WARNING,
    ),
)

ASSESS_RULES: tuple[Rule, ...] = tuple(
    Rule(rule_id, "assess", ERROR, summary, fails, passes)
    for rule_id, summary, fails, passes in (
        (
            "assessment",
            "The case cannot be assessed: the target is no promotion, or has no criteria.",
            "current_level: gpm\ntarget_level: lead-pm",
            "current_level: lead-pm\ntarget_level: gpm",
        ),
        ("invalid-date", "A date that is not a calendar date.", "date: 2024-02-30", "date: 2024-02-29"),
        (
            "unknown-reference",
            "A track, level, competency, rating or criterion that does not exist.",
            "ratings: [{competency: visoin, rating: advanced}]",
            "ratings: [{competency: vision, rating: advanced}]",
        ),
    )
) + tuple(
    # The promotion criteria themselves: a finding when one is not met (missing evidence: a warning).
    Rule(rule_id, "assess", severity, summary, fails, passes)
    for rule_id, severity, summary, fails, passes in (
        (
            "rating",
            ERROR,
            "A competency rated below the bar the promotion asks, or with no evidence.",
            "ratings: [{competency: vision, rating: proficient}]  # advanced asked",
            "ratings: [{competency: vision, rating: advanced, evidence: [Q3 strategy memo]}]",
        ),
        (
            "time-in-role",
            ERROR,
            "Fewer months in the level below than the promotion asks.",
            "months_in_role: 9  # 12 asked",
            "months_in_role: 14",
        ),
        (
            "evidence",
            WARNING,
            "Required evidence with no link given.",
            "evidence: []  # led-group-plan asked",
            "evidence: [{criterion: led-group-plan, links: [https://wiki/plan]}]",
        ),
        (
            "weak-evidence",
            WARNING,
            "Evidence a committee cannot check: a placeholder (TBD, n/a, -, lorem ipsum) or an item repeated "
            "for three or more competencies, which does not count; or an item mapped to no behaviour of the "
            "target level, which evidences no behaviour and is flagged in the report and the packet.",
            "ratings: [{competency: vision, rating: advanced, evidence: [TBD]}]",
            "ratings: [{competency: vision, rating: advanced,\n"
            "           evidence: [{text: Q3 strategy memo, behaviours: [sets-vision]}]}]",
        ),
        (
            "process",
            ERROR,
            "A process step (sponsorship, calibration...) not completed.",
            "process: []  # sponsor asked",
            "process: [{step: sponsor, completed_on: 2026-05-01, by: A. Director}]",
        ),
    )
)


def lint_rules() -> list[Rule]:
    from .lint import all_rules

    return [
        Rule(module.ID, "lint", module.SEVERITY, summary, fails, passes)
        for module in all_rules()
        for summary, fails, passes in [docstring_parts(module.__doc__ or "")]
    ]


def diff_rules() -> list[Rule]:
    from .diff import RULES
    from .diff.rules import AS_FINDING

    return [
        Rule(
            rule_id,
            "diff",
            AS_FINDING[severity],
            description[:1].upper() + description[1:] + ".",
            *diff_examples(rule_id),
            label=severity,
        )
        for rule_id, (severity, description) in RULES.items()
    ]


def diff_examples(rule_id: str) -> tuple[str, str]:
    """(old → new that yields the change, old → new that does not) for a diff rule."""
    return _DIFF_EXAMPLES.get(rule_id, ("", ""))


@lru_cache(maxsize=1)
def all_rules() -> tuple[Rule, ...]:
    """Every rule of every command, in command order then as each command lists them."""
    return VALIDATE_RULES + tuple(lint_rules()) + tuple(diff_rules()) + ASSESS_RULES


def find(rule_id: str, command: str | None = None) -> Rule | None:
    for rule in all_rules():
        if rule.id == rule_id and command in (None, rule.command):
            return rule
    return None


_SECTION = re.compile(r"^(Fails|Passes)\b[^:\n]*:[ \t]*", re.MULTILINE)


def docstring_parts(doc: str) -> tuple[str, str, str]:
    """(summary, failing example, passing example) of a lint rule's docstring.

    The summary is the first paragraph; an example follows `Fails:` or `Passes:`, on the same line
    or indented on the lines below, up to the next section or blank line."""
    text = doc.strip("\n")
    summary = " ".join(text.split("\n\n")[0].split())
    examples: dict[str, str] = {}
    matches = list(_SECTION.finditer(text))
    for match, following in zip(matches, [*matches[1:], None], strict=True):
        end = following.start() if following else len(text)
        body = text[match.end() : end]
        examples[match.group(1)] = _dedent_block(body.split("\n\n")[0])
    return summary, examples.get("Fails", ""), examples.get("Passes", "")


def _dedent_block(body: str) -> str:
    import textwrap

    first, _, rest = body.partition("\n")
    return (first.strip() + "\n" + textwrap.dedent(rest)).strip() if first.strip() else textwrap.dedent(rest).strip()


_DIFF_EXAMPLES: dict[str, tuple[str, str]] = {
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
