"""Every source field reaches every output that has a place for it.

The schema is walked for every property path; tests/fixtures/coverage plants a value found nowhere
else in each of them, the project is built once in every format, and each planted value is looked
for in each format's output. A field that reaches a format fails the test unless OMITTED says why
it does not belong there; an entry of OMITTED that the output does carry fails too, so the table
stays true. A new schema field fails test_the_fixture_plants_every_schema_field until the fixture
plants it, and then this test until it reaches each output or OMITTED gives the reason.
"""

from __future__ import annotations

import html
import json
import re
import shutil
from collections.abc import Iterator
from typing import Any

import pytest
import yaml

from conftest import REPO, TESTS, invoke

SCHEMA = REPO / "schemas" / "ladder-source.v2.schema.json"
FIXTURE = TESTS / "fixtures" / "coverage"
HRIS_PROFILES = ("workday", "hibob", "personio", "bamboohr")
# md: the Markdown pages; html: the HTML pages; pdf: the HTML each PDF is printed from (visible
# content only: the rubric's attached JSON is left out); json: the HRIS JSON export (framework and
# tracks); csv: the CSV tables; case: the CASE package; hris: the shipped HRIS import profiles.
FORMATS = ("md", "html", "pdf", "json", "csv", "case", "hris")
EXPORTS = ("json", "csv", "case")

BUILD_INPUT = "a build input (how documents are made or where files are), not content of the framework"
HRIS_SCOPE = (
    "an HRIS import profile maps the job architecture only (family, level, code, grade, title, description);"
    " docs/hris-profiles.md lists each profile's columns"
)
HRIS_CARRIES = {
    "framework.effective_date",
    "tracks.*.id",
    "tracks.*.hris.job_family",
    "tracks.*.hris.job_family_group",
    "tracks.*.levels.*.id",
    "tracks.*.levels.*.title",
    "tracks.*.levels.*.rank",
    "tracks.*.levels.*.summary",
    "tracks.*.levels.*.description",
    "tracks.*.description",
    "tracks.*.levels.*.hris.job_code",
    "tracks.*.levels.*.hris.grade",
    "career_paths.moves.*.from",
    "career_paths.peers.*.levels.*",
    "levelling_guide.grades.*.levels.*",
    "tracks.*.starts_after",
}

# (schema path, format) → why the field has no place in that format.
OMITTED: dict[tuple[str, str], str] = {}
# Known drops without a good reason yet: each is a gap to close, listed so the test pins the rest.
GAPS: dict[tuple[str, str], str] = {}


def omit(path: str, formats: tuple[str, ...] | str, why: str, table: dict[tuple[str, str], str] = OMITTED) -> None:
    for name in formats.split() if isinstance(formats, str) else formats:
        table[(path, name)] = why


for _path in ("framework.presentation.templates", "framework.presentation.previous_release"):
    omit(_path, FORMATS, BUILD_INPUT)
omit("framework.presentation.logo", FORMATS, BUILD_INPUT + "; the logo itself is embedded in HTML and PDF")
omit("framework.presentation.page_size", "md json csv case hris", BUILD_INPUT + " (the PDF's paper size)")
omit("framework.presentation.brand_colour", ("md", *EXPORTS, "hris"), "a colour of the HTML and PDF stylesheet")
omit("framework.uuid_namespace", FORMATS, "the namespace UUIDs are derived under; the UUIDs themselves are exported")
omit("framework.languages.*", FORMATS, "which translations to build; each built language is its own document")
omit("framework.draft_languages.*", FORMATS, "which translations to build as drafts (with --drafts)")
omit(
    "framework.language", "md csv", "a Markdown page and a CSV file have no language attribute; every other output does"
)
for _path in ("framework.scale.evidence_rule.min_share", "framework.scales.*.evidence_rule.min_share"):
    omit(_path, FORMATS, "how much evidence `ladder assess` asks for: assess's setting, reported by assess")
omit(
    "competencies.*.requires_direct_reports",
    FORMATS,
    "a fact for the `not-applicable` lint rule; the documents show its effect (the level marks it N/A)",
)
for _path in ("competencies.*.progression", "tracks.*.progression"):
    omit(
        _path,
        "md html pdf csv case hris",
        "documents show its effect (each level's cumulative list, and the matrix's note naming the competencies"
        " that replace); the JSON export states it per competency and level",
    )
_DIFF_IDS = "for `ladder diff` and HR systems matching renamed records: in the JSON export"
for _path in (
    "competencies.*.previous_ids.*",
    "tracks.*.previous_ids.*",
    "tracks.*.levels.*.previous_ids.*",
    "tracks.*.levels.*.expectations.<id>.behaviours.*.previous_ids.*",
    "shared.*.levels.*.expectations.<id>.behaviours.*.previous_ids.*",
):
    omit(_path, "md html pdf csv case hris", _DIFF_IDS)
for _path in ("framework.presentation.owner", "framework.presentation.approver", "framework.presentation.approved_on"):
    omit(_path, (*EXPORTS, "hris"), "document control printed in every document; exports carry the framework version")
omit(
    "framework.presentation.classification",
    ("md", *EXPORTS, "hris"),
    "printed on every HTML and PDF page; the Markdown and the exports carry no page furniture",
)

# Identifiers and references in documents: a reader sees the name or text they stand for.
SYSTEM_ID = "an identifier for HR systems and tools (in the exports); documents print what it names"
REFERENCE = "a reference by id: documents print the name or text of what it refers to"
for _path, _formats in (
    ("framework.id", "md html pdf"),
    ("framework.external_id", "md html pdf"),
    ("framework.categories.*.id", "md html pdf"),
    ("framework.categories.*.external_id", "md html pdf"),
    ("framework.categories.*.uuid", "md html pdf"),
    ("framework.scale.id", "md html pdf"),
    ("framework.scale.values.*.id", "md html"),
    ("framework.scale.values.*.external_id", "md html pdf"),
    ("framework.scale.values.*.uuid", "md html pdf"),
    ("framework.scales.*.id", "md"),
    ("framework.scales.*.values.*.id", "md html"),
    ("framework.scales.*.values.*.external_id", "md html pdf"),
    ("framework.scales.*.values.*.uuid", "md html pdf"),
    ("shared.*.id", "md html pdf"),
    ("shared.*.levels.*.expectations.<id>.behaviours.*.id", "md html"),
    ("framework.breadths.*.id", "md html pdf"),
    ("competencies.*.id", "md html"),
    ("competencies.*.external_id", "md html pdf"),
    ("competencies.*.uuid", "md html pdf"),
    ("tracks.*.external_id", "md html pdf"),
    ("tracks.*.uuid", "md html pdf"),
    ("tracks.*.id", "pdf"),
    ("tracks.*.levels.*.external_id", "md html pdf"),
    ("tracks.*.levels.*.uuid", "md html pdf"),
    ("tracks.*.levels.*.expectations.<id>.behaviours.*.id", "md html"),
    ("tracks.*.levels.*.expectations.<id>.behaviours.*.external_id", "md html pdf"),
    ("tracks.*.levels.*.expectations.<id>.behaviours.*.uuid", "md html pdf"),
    ("tracks.*.levels.*.promotion.evidence.*.id", "md html"),
    ("career_paths.moves.*.criteria.evidence.*.id", "md html pdf"),
    ("career_paths.moves.*.criteria.process.*.id", "md html pdf"),
    ("career_paths.roles.*.id", "md html pdf"),
    ("career_paths.roles.*.external_id", "md html pdf"),
    ("career_paths.roles.*.uuid", "md html pdf"),
    ("levelling_guide.grades.*.id", "md html pdf"),
    ("levelling_guide.grades.*.external_id", "md html pdf"),
):
    omit(_path, _formats, SYSTEM_ID)
omit("tracks.*.levels.*.promotion.process.*.id", "md html", SYSTEM_ID)
omit(
    "tracks.*.levels.*.promotion.process.*.id",
    "pdf",
    "in the PDF only as the worksheet's date field of a route out of the level held; "
    "a first level's entry steps lead out of no level, so they print as text alone",
)
for _path, _formats in (
    ("competencies.*.category", "md html pdf"),
    ("competencies.*.scale", "md"),
    ("shared.*.includes.*", "md html pdf"),
    ("shared.*.levels.*.expectations.<id>.behaviours.*.raises", "md html"),
    ("tracks.*.includes.*.shared", "md html"),
    ("tracks.*.includes.*.overrides.*.id", "md html"),
    ("tracks.*.includes.*.retires.*", "md html"),
    ("tracks.*.competencies.*", "md html"),
    ("tracks.*.levels.*.scope.breadth", "md html pdf"),
    ("tracks.*.levels.*.expectations.<id>.expected", "md html"),
    ("tracks.*.levels.*.expectations.<id>.behaviours.*.raises", "md html"),
    ("tracks.*.levels.*.expectations.<id>.retires.*", "md html"),
    ("tracks.*.levels.*.promotion.min_ratings.*.competency", "md html"),
    ("tracks.*.levels.*.promotion.min_ratings.*.category", "md html pdf"),
    ("tracks.*.levels.*.promotion.min_ratings.*.rating", "md html"),
    ("career_paths.moves.*.to", "md html pdf"),
    ("career_paths.moves.*.criteria.min_ratings.*.competency", "md html"),
    ("career_paths.moves.*.criteria.min_ratings.*.category", "md html pdf"),
    ("career_paths.moves.*.criteria.min_ratings.*.rating", "md html"),
):
    omit(_path, _formats, REFERENCE)
_KIND_LABEL = 'an enumerated kind: documents print its label ("Committee review", "Lateral move", "Management")'
for _path in ("tracks.*.kind", "career_paths.moves.*.kind", "tracks.*.levels.*.promotion.process.*.kind"):
    omit(_path, "md html pdf", _KIND_LABEL)
omit("career_paths.moves.*.criteria.process.*.kind", "md html pdf", _KIND_LABEL)
for _path in ("tracks.*.hris.job_family", "tracks.*.hris.job_family_group"):
    omit(_path, "md html pdf", "the HRIS job architecture: in every export; documents name the track")

# CSV: the tables an HR system bulk-imports (job profiles, competencies, expectations, grades, the
# rating scale), one record per row; the rest is in the JSON export.
CSV_TABLES = "the CSV files are import tables of job profiles, competencies, expectations, grades and the scale"
for _path in (
    "framework.id",
    "framework.name",
    "framework.organisation",
    "framework.version",
    "framework.effective_date",
    "framework.description",
    "framework.external_id",
):
    omit(_path, "csv", CSV_TABLES + ": no framework header row (the JSON export has the framework)")
for _path in ("tracks.*.name", "tracks.*.description", "tracks.*.external_id", "tracks.*.uuid"):
    omit(_path, "csv", CSV_TABLES + "; a track is a job family column of job-profiles.csv (id, family, group, kind)")
for _path in (
    "framework.categories.*.description",
    "framework.categories.*.external_id",
    "framework.categories.*.uuid",
):
    omit(_path, "csv", CSV_TABLES + "; a category is two columns of competencies.csv (id and name)")
omit(
    "framework.breadths.*.description",
    "case",
    "CASE has no object for a scope scale; a level's scope (with its breadth name) is in its extensions",
)
omit("framework.breadths.*.description", "csv", CSV_TABLES + "; job-profiles.csv has each level's breadth id and name")
for _path in ("tracks.*.levels.*.expectations.<id>.evidence.*", "tracks.*.levels.*.expectations.<id>.not_applicable"):
    omit(_path, "csv", CSV_TABLES + "; expectations.csv has a row per behaviour, and this is not one")
omit(
    "tracks.*.levels.*.expectations.<id>.evidence.*",
    "case",
    "CASE has items for behaviours, not for level-wide evidence examples",
)
_CRITERIA = "promotion and move criteria have no {} table: the JSON export (and every document) carries them"
for _prefix in ("tracks.*.levels.*.promotion", "career_paths.moves.*.criteria"):
    for _leaf in (
        "description",
        "min_months_in_role",
        "evidence.*.id",
        "evidence.*.description",
        "process.*.id",
        "process.*.kind",
        "process.*.description",
        "exceptions.*.rule",
        "exceptions.*.reason",
        "exceptions.*.reviewed_by",
        "exceptions.*.reviewed_on",
    ):
        omit(f"{_prefix}.{_leaf}", "csv", _CRITERIA.format("CSV"))
        omit(f"{_prefix}.{_leaf}", "case", _CRITERIA.format("CASE"))
for _path in (
    "career_paths.moves.*.description",
    "career_paths.moves.*.kind",
    "career_paths.roles.*.title",
    "career_paths.roles.*.description",
    "career_paths.roles.*.external_id",
    "career_paths.roles.*.uuid",
    "career_paths.choosing.title",
    "career_paths.choosing.description",
):
    omit(
        _path,
        "csv case",
        "career paths have no CSV table or CASE object; job-profiles.csv lists where each level leads",
    )
omit("career_paths.moves.*.to", "case", "career moves have no CASE object (levels `precedes` the next rank only)")
omit("career_paths.roles.*.id", "case", "roles beyond the framework have no CASE object")
for _path in ("levelling_guide.description", "levelling_guide.grades.*.description"):
    omit(
        _path,
        "csv case",
        "levelling-guide.csv and CASE carry grades as records (id, name, order); the prose is in documents and JSON",
    )
for _path in ("levelling_guide.grades.*.id", "levelling_guide.grades.*.external_id", "levelling_guide.grades.*.name"):
    omit(_path, "case", "CASE has no grade object; a level's `grade` extension names the grade it holds")
for _path in (
    "framework.categories.*.description",
    "framework.categories.*.external_id",
    "framework.categories.*.uuid",
):
    omit(_path, "case", "CASE has no category object: a rubric criterion names its category")
omit("framework.external_id", "case", "the CASE document has no alternative label; CASE items carry theirs")
for _path in (
    "framework.scale.values.*.external_id",
    "framework.scale.values.*.uuid",
    "framework.scales.*.values.*.external_id",
    "framework.scales.*.values.*.uuid",
):
    omit(_path, "case", "the rating scale is an extension of the CASE document, by id, name and description")

omit(
    "shared.*.description",
    "csv",
    CSV_TABLES + "; a shared set is two columns of expectations.csv (shared_set and shared_set_name)",
)
omit("shared.*.description", "case", "CASE has no object for a shared set: a behaviour's extensions name its set")
omit(
    "career_paths.peers.*.note",
    "csv",
    CSV_TABLES + "; job-profiles.csv lists each level's peer level ids, and the note is no column of a job profile",
)


def schema_paths() -> list[str]:
    """Every property path of the source schema, lists as `*` and the expectations map as `<id>`;
    a behaviour written as a plain string is `...behaviours.*(string)`."""
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    found: list[str] = []

    def walk(node: dict[str, Any], path: tuple[str, ...], seen: frozenset[str]) -> None:
        if "$ref" in node:
            name = node["$ref"].rsplit("/", 1)[-1]
            if name not in seen:
                walk(schema["$defs"][name], path, seen | {name})
            return
        if "properties" in node:
            for key, child in node["properties"].items():
                walk(child, (*path, key), seen)
            if node.get("type") == ["string", "object"]:
                found.append(".".join(path) + "(string)")
        elif "items" in node:
            walk(node["items"], (*path, "*"), seen)
        elif isinstance(node.get("additionalProperties"), dict):
            walk(node["additionalProperties"], (*path, "<id>"), seen)
        else:
            found.append(".".join(path))

    walk(schema, (), frozenset())
    return found


def planted_values() -> dict[str, list[str]]:
    """schema path → the values the fixture plants there, as they are written."""
    values: dict[str, list[str]] = {}

    def walk(data: Any, path: tuple[str, ...]) -> None:
        if isinstance(data, dict):
            for key, child in data.items():
                inside_map = path and path[-1] == "expectations"
                walk(child, (*path, "<id>" if inside_map else key))
        elif isinstance(data, list):
            for item in data:
                walk(item, (*path, "*"))
        else:
            key = ".".join(path)
            if path[-1] == "*" and path[-2] == "behaviours":
                key += "(string)"
            values.setdefault(key, []).append(str(data).lower() if isinstance(data, bool) else str(data))

    for file in sorted(FIXTURE.glob("*.yaml")):
        walk(yaml.safe_load(file.read_text(encoding="utf-8")), ())
    return values


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The fixture built once in every format: format → all its files' text."""
    from click.testing import CliRunner

    from ladder_compiler.pipeline import read_framework
    from ladder_compiler.render import RenderOptions
    from ladder_compiler.render.html import render_html
    from ladder_compiler.render.pdf import DOCUMENTS as PDF_DOCUMENTS

    root = tmp_path_factory.mktemp("coverage")
    project = root / "project"
    shutil.copytree(FIXTURE, project)
    release = project / ".previous"  # the previous release the change log compares against
    shutil.copytree(FIXTURE, release, ignore=shutil.ignore_patterns("templates"))
    framework_file = release / "framework.yaml"
    text = framework_file.read_text(encoding="utf-8").replace('"7.3.11"', '"7.3.10"')
    framework_file.write_text(re.sub(r"\n *(previous_release|templates):.*", "", text), encoding="utf-8")
    formats = "md,html,json,csv,case," + ",".join(f"hris:{name}" for name in HRIS_PROFILES)
    result = invoke(CliRunner(), "build", project, "--out", root / "out", "--format", formats, "--quiet")
    assert result.exit_code == 0, result.output
    out = root / "out"

    def text_of(*patterns: str) -> str:
        files = sorted(path for pattern in patterns for path in out.glob(pattern))
        assert files, patterns
        return "\n".join(path.read_text(encoding="utf-8") for path in files)

    compiled = read_framework(project)
    assert compiled.framework is not None
    pdf_html = [
        render_html(compiled.framework, track.id, RenderOptions(), document)
        for track in compiled.framework.tracks
        for _, document in PDF_DOCUMENTS
    ]
    return {
        "md": text_of("markdown/*.md"),
        "html": html.unescape(text_of("html/*.html")),
        "pdf": html.unescape("\n".join(pdf_html)),
        "json": text_of("json/*.json"),
        "csv": text_of("csv/*.csv"),
        "case": text_of("case/*.json"),
        "hris": text_of("hris/**/*.csv", "hris/**/*.json"),
    }


def reaches(value: str, text: str) -> bool:
    """Whether a planted value is in an output; a number only as a number of its own."""
    if re.fullmatch(r"[0-9.]+", value):
        return re.search(rf"(?<![\w.-]){re.escape(value)}(?![\w-]|\.[0-9])", text) is not None
    return value in text


def omission(path: str, name: str) -> str | None:
    """Why `path` has no place in format `name`, or None when it must reach it."""
    if name == "hris" and path not in HRIS_CARRIES:
        return HRIS_SCOPE
    return OMITTED.get((path, name)) or GAPS.get((path, name))


def findings(outputs: dict[str, str]) -> Iterator[tuple[str, str, str]]:
    for path, values in sorted(planted_values().items()):
        for name in FORMATS:
            missing = [value for value in values if not reaches(value, outputs[name])]
            if missing and omission(path, name) is None:
                yield path, name, f"does not reach {name}: {missing[0]!r}"


def test_the_fixture_plants_every_schema_field() -> None:
    assert sorted(set(schema_paths()) - set(planted_values())) == []
    assert sorted(set(planted_values()) - set(schema_paths())) == []


def test_every_field_reaches_every_output_with_a_place_for_it(outputs: dict[str, str]) -> None:
    assert [f"{path}: {why}" for path, _, why in findings(outputs)] == []


def test_every_omission_is_real_and_has_a_reason(outputs: dict[str, str]) -> None:
    """An omitted field that is in fact in the output is not an omission: the table would lie."""
    planted = planted_values()
    carried = [
        f"{path} is in {name}"
        for path in sorted(planted)
        for name in FORMATS
        if omission(path, name) is not None
        and all(reaches(value, outputs[name]) for value in planted[path])
        and not _common(planted[path])
    ]
    assert carried == []
    assert all(why for why in (*OMITTED.values(), *GAPS.values()))
    assert {path for path, _ in (*OMITTED, *GAPS)} <= set(schema_paths())
    assert not set(OMITTED) & set(GAPS)


def _common(values: list[str]) -> bool:
    """Enumerated words and small numbers occur in outputs for other reasons too."""
    return all(re.fullmatch(r"[a-z-]+|[0-9]{1,2}|true|false|[a-z]{2,3}(-[A-Za-z0-9]+)*", value) for value in values)


def test_a_grade_without_a_job_code_prints_no_stray_separator(outputs: dict[str, str]) -> None:
    """covtwo has no `hris`: its grade comes from the levelling guide, and nothing stands before it."""
    assert "\n- **HR:** grade Grade name raven\n" in outputs["md"]
    assert "**HR:**  ·" not in outputs["md"] and "**HR:** ·" not in outputs["md"]
