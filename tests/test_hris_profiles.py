"""HRIS import profiles: each shipped profile's files against what its system documents, round
trips back to the HRIS export, effective dating, inactive records and change sets since a git
revision, and located errors for a wrong copy of a profile."""

from __future__ import annotations

import csv
import html
import io
import json
import os
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import jsonschema
import pytest

from ladder_compiler.hris.expressions import (
    Expression,
    ExpressionError,
    ValueMap,
    evaluate,
    parse_expression,
    parse_template,
    render_template,
)
from ladder_compiler.hris.profile import find_profile, load_profile, shipped_profiles
from ladder_compiler.pipeline import read_framework
from ladder_compiler.render.export import framework_export

from conftest import LADDERS, MINI, invoke

# the module build of the shipped profiles runs once, on one worker
pytestmark = pytest.mark.xdist_group("hris_profiles")

GIT_ENV = {
    "GIT_AUTHOR_NAME": "t",
    "GIT_AUTHOR_EMAIL": "t@example.com",
    "GIT_COMMITTER_NAME": "t",
    "GIT_COMMITTER_EMAIL": "t@example.com",
}
PROFILES = ("workday", "hibob", "personio", "bamboohr")
DATE = re.compile(r"\d{4}-\d{2}-\d{2}\Z")

# Transcribed from each system's documentation (sources in docs/hris-profiles.md).
WORKDAY_PROFILE_COLUMNS = {
    "Job_Profile_ID",
    "Effective_Date",
    "Inactive",
    "Job_Code",
    "Job_Title",
    "Job_Family_ID",
    "Management_Level_ID",
    "Compensation_Grade_ID",
    "Job_Description",
}
WORKDAY_FAMILY_COLUMNS = {"Job_Family_ID", "Effective_Date", "Inactive", "Name"}
HIBOB_REQUIRED = ("Job name", "Job level")
PERSONIO_COLUMNS = ("Job name", "Job family", "Job track", "Job level", "Salary band")
# PUT /api/v1/meta/lists/{listFieldId}: options to create (no id), update (id) or archive (archived: yes).
BAMBOOHR_LIST_BODY = {
    "type": "object",
    "additionalProperties": False,
    "required": ["options"],
    "properties": {
        "options": {
            "type": "array",
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["value"],
                "properties": {
                    "id": {"type": "integer"},
                    "value": {"type": "string", "minLength": 1},
                    "archived": {"enum": ["yes", "no"]},
                },
            },
        }
    },
}


def git(repo: Path, *args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=repo, check=True, capture_output=True, text=True, env={**os.environ, **GIT_ENV}
    ).stdout


def read_csv(path: Path) -> list[dict[str, str]]:
    raw = path.read_bytes()
    assert b"\r\n" in raw and raw.decode("utf-8")  # RFC 4180 line ends, UTF-8
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8"), newline="")))


def build(runner, project: Path, out: Path, *formats: str, extra: tuple[str, ...] = ()):
    return invoke(runner, "build", project, "--out", out, "--format", ",".join(f"hris:{f}" for f in formats), *extra)


@pytest.fixture(scope="module")
def shipped_output(tmp_path_factory) -> Path:
    from click.testing import CliRunner

    out = tmp_path_factory.mktemp("hris")
    result = build(CliRunner(), LADDERS, out, *PROFILES)
    assert result.exit_code == 0, result.output
    return out / "hris"


@pytest.fixture(scope="module")
def export() -> dict:
    return framework_export(read_framework(LADDERS).framework)


def current_profiles(export: dict) -> list[tuple[dict, dict]]:
    return [(family, profile) for family in export["job_families"] for profile in family["job_profiles"]]


# Each system's documented columns and types --------------------------------------------------------


def test_every_shipped_profile_is_valid_and_names_its_sources() -> None:
    assert shipped_profiles() == sorted(PROFILES)
    for name in PROFILES:
        content, path, display = find_profile(name, Path.cwd())
        profile, problems = load_profile(content, path, display)
        assert problems == [] and profile is not None and profile.id == name
        assert all(source["url"].startswith("https://") for source in profile.document.data["sources"])
        assert profile.document.data["configure"], f"{name} says what the organisation must configure"


def test_workday_sheets_carry_reference_ids_effective_date_and_inactive_flag(
    shipped_output: Path, export: dict
) -> None:
    profiles = read_csv(shipped_output / "workday" / "job-profiles.csv")
    families = read_csv(shipped_output / "workday" / "job-families.csv")
    assert WORKDAY_PROFILE_COLUMNS <= set(profiles[0]) and WORKDAY_FAMILY_COLUMNS <= set(families[0])
    assert [row["Job_Profile_ID"] for row in profiles] == [p["id"] for _, p in current_profiles(export)]
    assert {row["Effective_Date"] for row in profiles + families} == {export["framework"]["effective_date"]}
    assert {row["Inactive"] for row in profiles + families} == {"N"}
    for row in profiles:
        for column in ("Job_Profile_ID", "Job_Family_ID", "Management_Level_ID", "Compensation_Grade_ID"):
            assert re.fullmatch(r"[A-Za-z0-9_-]*", row[column]), (column, row[column])
    assert profiles[1]["Management_Level_ID"] == "Manager" and profiles[3]["Management_Level_ID"] == "Senior_Manager"
    for row, (_, profile) in zip(
        profiles, current_profiles(export), strict=True
    ):  # rich text reads back as the ladder's prose
        assert unrender(row["Job_Description"], ("html",)) == " ".join(
            f"{profile['summary']} {profile['description']}".split()
        )


def test_hibob_rows_have_job_name_and_level_as_backslash_paths(shipped_output: Path, export: dict) -> None:
    rows = read_csv(shipped_output / "hibob" / "jobs.csv")
    assert len(rows) == len(current_profiles(export))
    for row, (family, profile) in zip(rows, current_profiles(export), strict=True):
        assert all(row[column] for column in HIBOB_REQUIRED)
        assert row["Job level"] == ("Mng\\" if family["kind"] == "management" else "IC\\") + profile["title"]
        assert row["Job function"] == f"{family['job_family_group']}\\{family['name']}"
        assert row["Status"] == "Active" and DATE.match(row["Effective date"])


def test_personio_rows_have_family_track_level_and_band(shipped_output: Path, export: dict) -> None:
    rows = read_csv(shipped_output / "personio" / "job-architecture.csv")
    assert tuple(rows[0])[:5] == PERSONIO_COLUMNS
    for row, (family, profile) in zip(rows, current_profiles(export), strict=True):
        assert (row["Job family"], row["Job level"], row["Salary band"]) == (
            family["name"],
            str(profile["rank"]),
            profile["grade"],
        )
        assert row["Job track"] in ("Management", "Individual Contributor")


def test_bamboohr_payload_is_a_list_field_update_body(shipped_output: Path, export: dict) -> None:
    body = json.loads((shipped_output / "bamboohr" / "job-title-options.json").read_text(encoding="utf-8"))
    jsonschema.validate(body, BAMBOOHR_LIST_BODY)
    assert [o["value"] for o in body["options"]] == list(dict.fromkeys(p["title"] for _, p in current_profiles(export)))
    assert {o["archived"] for o in body["options"]} == {"no"}


# Round trip: what a system imports says the same as the HRIS JSON -------------------------------


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag, attrs) -> None:
        self.tags.append(tag)
        self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def unrender(value: str, filters: tuple[str, ...]) -> str:
    """Undo what a column did to a value, as the importing system reads it."""
    if "html" in filters:
        parser = _Text()
        parser.feed(value)
        assert set(parser.tags) <= {"p"}, parser.tags  # only the paragraphs ladder wrote: no markup from ladder text
        value = "".join(parser.parts)
    return " ".join(value.split())


@pytest.mark.parametrize("name", PROFILES)
def test_round_trip_gives_back_the_job_profiles_of_the_hris_json(name: str, shipped_output: Path, export: dict) -> None:
    content, path, display = find_profile(name, Path.cwd())
    profile, _ = load_profile(content, path, display)
    spec = next(f for f in profile.files if f.rows == "job_profiles")
    output = shipped_output / name / spec.path
    rows = read_csv(output) if spec.format == "csv" else json.loads(output.read_text(encoding="utf-8"))[spec.json_root]
    expected = current_profiles(export)
    if spec.distinct_by:  # one row per distinct value (BambooHR's list options)
        expected = list({p["title"]: (f, p) for f, p in expected}.values())
    assert len(rows) == len(expected)
    compared = set()
    for row, (family, job_profile) in zip(rows, expected, strict=True):
        for column in spec.columns:
            if not isinstance(column.value, Expression) or column.value.path[0] not in ("profile", "family"):
                continue
            filters = tuple(f.name for f in column.value.filters)
            if not set(filters) <= {"html", "text"}:
                continue  # value maps and templates are one-way
            source = job_profile if column.value.path[0] == "profile" else family
            original = source[column.value.path[1]]
            assert unrender(str(row[column.header]), filters) == " ".join(
                ("" if original is None else str(original)).split()
            ), (column.header, row)
            compared.add(".".join(column.value.path))
    assert "profile.title" in compared


def test_ladder_text_in_rich_text_and_cells_is_inert(tmp_path: Path, runner) -> None:
    project = tmp_path / "mini"
    shutil.copytree(MINI, project)
    tracks = project / "tracks.yaml"
    tracks.write_text(
        tracks.read_text().replace(
            "summary: Leads a small team.",
            'summary: "=HYPERLINK(\\"http://x\\")"\n        description: "<script>alert(1)</script> & <b>bold</b>\\n\\nSecond paragraph."',
        )
    )
    result = build(runner, project, tmp_path / "out", "workday")
    assert result.exit_code == 0, result.output
    row = read_csv(tmp_path / "out" / "hris" / "workday" / "job-profiles.csv")[0]
    assert (
        row["Job_Description"]
        == "<p>=HYPERLINK(&quot;http://x&quot;)</p><p>&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;</p><p>Second paragraph.</p>"
    )
    assert row["Job_Summary"] == '\'=HYPERLINK("http://x")'


# Effective dating, inactive records and change sets since a git revision ---------------------------


def remove_level_manager_2(project: Path) -> None:
    tracks = project / "tracks.yaml"
    text = tracks.read_text()
    text = text[: text.index("      - id: manager-2\n")] + text[text.index("  - id: strategist\n") :]
    text = text.replace(
        "    - {from: manager-2, to: strategist-2, kind: lateral, description: Moves to strategy.}\n", ""
    )
    text = text.replace("    - levels: [manager-2, strategist-2]\n      note: Same seniority.\n", "")
    tracks.write_text(text)
    framework = project / "framework.yaml"
    framework.write_text(
        framework.read_text()
        .replace("version: 1.2.0", "version: 2.0.0")
        .replace("effective_date: 2026-03-01", "effective_date: 2026-06-01")
    )


@pytest.fixture
def released(tmp_path: Path, monkeypatch) -> Path:
    """A git repository whose tag v1 is the mini project; the working tree is where edits go."""
    repo = tmp_path / "repo"
    shutil.copytree(MINI, repo / "ladders")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "v1")
    git(repo, "tag", "v1")
    monkeypatch.chdir(repo)
    return repo


def test_removed_level_is_exported_inactive_with_the_new_effective_date(released: Path, runner) -> None:
    remove_level_manager_2(released / "ladders")
    result = build(runner, Path("ladders"), Path("out"), *PROFILES, extra=("--since", "v1"))
    assert result.exit_code == 0, result.output
    assert "job profiles since v1: 0 new, 0 changed, 1 inactivated" in result.output
    workday = read_csv(released / "out" / "hris" / "workday" / "job-profiles.csv")
    assert [(r["Job_Profile_ID"], r["Inactive"]) for r in workday] == [
        ("manager-1", "N"),
        ("strategist-1", "N"),
        ("strategist-2", "N"),
        ("manager-2", "Y"),
    ]
    assert {r["Effective_Date"] for r in workday} == {"2026-06-01"}
    assert (
        workday[-1]["Job_Code"] == "M2" and workday[-1]["Job_Title"] == "Senior Manager"
    )  # from the release it was in
    hibob = read_csv(released / "out" / "hris" / "hibob" / "jobs.csv")
    assert [(r["Job name"], r["Status"]) for r in hibob if r["Status"] != "Active"] == [("Senior Manager", "Inactive")]
    bamboo = json.loads((released / "out" / "hris" / "bamboohr" / "job-title-options.json").read_text())
    assert [o for o in bamboo["options"] if o["archived"] == "yes"] == [{"value": "Senior Manager", "archived": "yes"}]


def test_change_set_holds_exactly_the_inactivated_level(released: Path, runner) -> None:
    remove_level_manager_2(released / "ladders")
    result = build(
        runner, Path("ladders"), Path("out"), "workday", "personio", extra=("--since", "v1", "--changes-only")
    )
    assert result.exit_code == 0, result.output
    changes = released / "out" / "hris" / "workday" / "changes"
    assert [(r["Job_Profile_ID"], r["Inactive"]) for r in read_csv(changes / "job-profiles.csv")] == [
        ("manager-2", "Y")
    ]
    assert read_csv(changes / "job-families.csv") == []
    assert [
        (r["Job name"], r["Status"])
        for r in read_csv(released / "out" / "hris" / "personio" / "changes" / "job-architecture.csv")
    ] == [("Senior Manager", "Inactive")]


NEW_LEVEL = """      - id: strategist-3
        title: Principal Strategist
        rank: 3
        summary: Shapes the company's direction.
        hris: {job_code: S3}
        scope: {summary: The company., breadth: organisation, horizon_months: 36}
        expectations:
          vision:
            behaviours: [Sets the company's product direction.]
          planning:
            behaviours: [Chairs the planning forum.]
        promotion:
          description: Ready for the company.
          min_months_in_role: 24
career_paths:
"""


def test_change_set_has_new_changed_and_inactivated_records_from_ladder_diff(released: Path, runner) -> None:
    remove_level_manager_2(released / "ladders")
    tracks = released / "ladders" / "tracks.yaml"
    text = tracks.read_text()
    assert "summary: Ranks the work of one area." in text
    text = text.replace("summary: Ranks the work of one area.", "summary: Ranks the work of one product area.")
    tracks.write_text(text.replace("career_paths:\n", NEW_LEVEL))
    result = build(runner, Path("ladders"), Path("out"), "workday", extra=("--since", "v1", "--changes-only"))
    assert result.exit_code == 0, result.output
    assert "job profiles since v1: 1 new, 1 changed, 1 inactivated (only these written)" in result.output
    rows = read_csv(released / "out" / "hris" / "workday" / "changes" / "job-profiles.csv")
    assert [(r["Job_Profile_ID"], r["Inactive"]) for r in rows] == [
        ("strategist-1", "N"),
        ("strategist-3", "N"),
        ("manager-2", "Y"),
    ]


def test_a_renamed_track_changes_its_family_and_the_profile_rows_that_show_its_name(released: Path, runner) -> None:
    tracks = released / "ladders" / "tracks.yaml"
    tracks.write_text(tracks.read_text().replace("    name: Strategist\n", "    name: Product Strategist\n"))
    result = build(
        runner, Path("ladders"), Path("out"), "workday", "personio", extra=("--since", "v1", "--changes-only")
    )
    assert result.exit_code == 0, result.output
    # Workday's job-profile sheet refers to the family by id, so only the family row changed there;
    # Personio's rows carry the family's name, so both of its levels changed.
    assert (
        "job profiles since v1: workday 0 new, 0 changed, 0 inactivated; personio 0 new, 2 changed, 0 inactivated"
        in result.output
    ), result.output
    changes = released / "out" / "hris" / "workday" / "changes"
    assert read_csv(changes / "job-profiles.csv") == []
    assert [(r["Job_Family_ID"], r["Name"]) for r in read_csv(changes / "job-families.csv")] == [
        ("strategist", "Product Strategist")
    ]
    personio = read_csv(released / "out" / "hris" / "personio" / "changes" / "job-architecture.csv")
    assert [(r["Job name"], r["Job family"]) for r in personio] == [
        ("Strategist", "Product Strategist"),
        ("Senior Strategist", "Product Strategist"),
    ]


def test_a_change_no_column_shows_leaves_the_record_out_of_the_change_set(released: Path, runner) -> None:
    tracks = released / "ladders" / "tracks.yaml"
    text = tracks.read_text()
    assert "Coaches managers on hiring decisions." in text
    tracks.write_text(text.replace("Coaches managers on hiring decisions.", "Coaches managers on hiring well."))
    result = build(runner, Path("ladders"), Path("out"), *PROFILES, extra=("--since", "v1", "--changes-only"))
    assert result.exit_code == 0, result.output
    assert "job profiles since v1: 0 new, 0 changed, 0 inactivated (only these written)" in result.output
    out = released / "out" / "hris"
    assert read_csv(out / "workday" / "changes" / "job-profiles.csv") == []
    assert read_csv(out / "hibob" / "changes" / "jobs.csv") == []
    assert json.loads((out / "bamboohr" / "changes" / "job-title-options.json").read_text()) == {"options": []}


def test_without_since_every_record_is_active_and_nothing_is_compared(tmp_path: Path, runner) -> None:
    result = build(runner, MINI, tmp_path / "out", "workday")
    draft = (  # mini records no approval and fails the fairness rules: import files are not marked, so the build says so
        f"warning: {MINI} does not pass the publish gate (expectation-complete ×7, release-control ×3, "
        "peer-bar-mismatch ×1); import files carry no DRAFT mark: build them with --published\n"
    )
    assert result.exit_code == 0 and result.output == f"{draft}{tmp_path / 'out'}: 2 written, 0 unchanged\n"
    assert {r["Inactive"] for r in read_csv(tmp_path / "out" / "hris" / "workday" / "job-profiles.csv")} == {"N"}


def test_since_and_changes_only_are_usage_errors_without_what_they_need(tmp_path: Path, runner) -> None:
    alone = invoke(runner, "build", MINI, "--out", tmp_path / "o", "--format", "json", "--since", "v1")
    assert alone.exit_code == 2 and "add --format hris:<profile>" in alone.output
    no_since = build(runner, MINI, tmp_path / "o", "workday", extra=("--changes-only",))
    assert no_since.exit_code == 2 and "--changes-only needs --since REV" in no_since.output
    missing = build(runner, MINI, tmp_path / "o", "workday", extra=("--since", "v9"))
    assert missing.exit_code == 2 and "`v9` is neither a directory nor a git revision" in missing.output
    assert not (tmp_path / "o").exists()


# A copied profile in the project, and the errors it gets when it is wrong --------------------------


def copy_profile(project_root: Path, name: str, *replacements: tuple[str, str]) -> Path:
    content, _, _ = find_profile(name, project_root)
    text = content.decode("utf-8")
    for old, new in replacements:
        assert old in text, old
        text = text.replace(old, new)
    target = project_root / "hris" / f"my-{name}.yaml"
    target.parent.mkdir(exist_ok=True)
    target.write_text(text, encoding="utf-8")
    return target


def test_a_copied_profile_maps_to_tenant_reference_ids(tmp_path: Path, runner, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    copy_profile(
        tmp_path,
        "workday",
        (
            "  management_levels:\n    description: ladder's management_level text → the tenant's Management_Level_ID.\n    missing: keep\n    values: {}",
            "  management_levels:\n    missing: error\n    values: {Manager: MGMT_LEVEL_3, Senior Manager: MGMT_LEVEL_4}",
        ),
    )
    result = invoke(runner, "build", MINI, "--out", "out", "--format", "hris:hris/my-workday.yaml")
    assert result.exit_code == 0, result.output
    rows = read_csv(tmp_path / "out" / "hris" / "workday" / "job-profiles.csv")
    assert [(r["Job_Profile_ID"], r["Management_Level_ID"]) for r in rows] == [
        ("manager-1", "MGMT_LEVEL_3"),
        ("manager-2", "MGMT_LEVEL_4"),
        ("strategist-1", ""),
        ("strategist-2", ""),
    ]


def test_an_unmapped_value_is_a_located_error_and_nothing_is_written(tmp_path: Path, runner, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    copy_profile(
        tmp_path,
        "workday",
        (
            "    missing: keep\n    values: {}\n  compensation_grades",
            "    missing: error\n    values: {Manager: MGMT_LEVEL_3}\n  compensation_grades",
        ),
    )
    result = invoke(runner, "build", MINI, "--out", "out", "--format", "hris:hris/my-workday.yaml,hris:hibob")
    assert result.exit_code == 1
    assert re.search(
        r"hris/my-workday\.yaml:\d+:\d+: error \[hris-map-missing\] map `management_levels` has no entry for `Senior Manager` \(column `Management_Level_ID` of job-profiles\.csv, level `manager-2`\)",
        result.output,
    ), result.output
    # The build made the output directory to lock it, and wrote nothing into it.
    assert "nothing was written" in result.output and [p for p in (tmp_path / "out").rglob("*")] == []


@pytest.mark.parametrize("old, new, expected", [
    ("{header: Job_Title, value: profile.title", "{header: Job_Title, value: profile.titel",
     r"my-workday\.yaml:LINE:36: error \[hris-profile-expression\] `profile` has no field `titel` in the HRIS export contract.*did you mean `title`\?"),
    ("value: profile.summary, type: text", "value: profile.summary | shout, type: text", r"unknown filter `shout`; filters are map, default, join"),
    ("{header: Job_Family_ID, value: family.id, type: id, required: true,\n         description: \"Job_Family_Reference",
     "{header: Job_Family_ID, value: family.competencies, type: id, required: true,\n         description: \"Job_Family_Reference",
     r"`family.competencies` is a list: add `\| join:\", \"`"),
    ("| map:compensation_grades |", "| map:compensation_grade |", r"no value map `compensation_grade` in this profile's `maps`.*did you mean `compensation_grades`\?"),
    ("rows: job_families", "rows: families", r"error \[hris-profile-schema\] files/1/rows: 'families' is not one of"),
    ("  - path: job-families.csv\n    rows:", "  - path: job-families.csv\n    row:", r"my-workday\.yaml:\d+:5: error \[hris-profile-schema\] unknown key `row`.*did you mean `rows`\?"),
    ("{header: Effective_Date, value: record.effective_date, type: date, required: true,\n         description: \"The framework's",
     "{header: Effective_Date, value: profile.title, type: date, required: true,\n         description: \"The framework's",
     r"`profile` is not available in job_families rows"),
])  # fmt: skip
def test_a_wrong_profile_copy_gets_a_located_error(
    old: str, new: str, expected: str, tmp_path: Path, runner, monkeypatch
) -> None:
    monkeypatch.chdir(tmp_path)
    target = copy_profile(tmp_path, "workday", (old, new))
    line = next(number for number, text in enumerate(target.read_text().splitlines(), 1) if new.splitlines()[0] in text)
    expected = expected.replace("LINE", str(line))
    result = invoke(runner, "build", MINI, "--out", "out", "--format", "hris:hris/my-workday.yaml")
    assert result.exit_code == 1, result.output
    assert "hris/my-workday.yaml:" in result.output and re.search(expected, result.output, re.DOTALL), result.output
    assert "Traceback" not in result.output and not (tmp_path / "out").exists()


def test_a_value_of_the_wrong_type_names_the_column_and_row(tmp_path: Path, runner, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    copy_profile(
        tmp_path,
        "personio",
        ("{header: Effective date, value: record.effective_date", "{header: Effective date, value: profile.title"),
    )
    result = invoke(runner, "build", MINI, "--out", "out", "--format", "hris:hris/my-personio.yaml")
    assert result.exit_code == 1
    assert re.search(
        r"my-personio\.yaml:\d+:\d+: error \[hris-column-value\] job-architecture\.csv, column `Effective date`, level `manager-1`: `Manager` is not a date \(YYYY-MM-DD\)",
        result.output,
    ), result.output


def test_profiles_are_found_by_name_or_inside_the_project_only(tmp_path: Path, runner, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path.parent / "outside.yaml").write_text("profile: x\n")
    outside = invoke(runner, "build", MINI, "--out", "out", "--format", "hris:../outside.yaml")
    assert outside.exit_code == 2 and "is outside the project" in outside.output
    (tmp_path / "linked.yaml").symlink_to(tmp_path.parent / "outside.yaml")
    linked = invoke(runner, "build", MINI, "--out", "out", "--format", "hris:linked.yaml")
    assert linked.exit_code == 2 and "`linked.yaml` is outside the project" in linked.output
    unknown = invoke(runner, "build", MINI, "--out", "out", "--format", "hris:workdy")
    assert unknown.exit_code == 2 and "did you mean `workday`?" in unknown.output
    empty = invoke(runner, "build", MINI, "--out", "out", "--format", "hris:")
    assert empty.exit_code == 2 and "`hris:` needs a profile" in empty.output


def test_hris_and_ordinary_formats_build_together(tmp_path: Path, runner) -> None:
    result = invoke(runner, "build", MINI, "--out", tmp_path / "out", "--format", "json,hris:hibob")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / "json" / "framework.json").is_file() and (
        tmp_path / "out" / "hris" / "hibob" / "jobs.csv"
    ).is_file()
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text())
    assert manifest["files"]["hris/hibob/jobs.csv"]["format"] == "hris:hibob"
    # A later build of other formats keeps them: only the formats built now lose their orphans.
    later = invoke(runner, "build", MINI, "--out", tmp_path / "out", "--format", "json", "--force")
    assert later.exit_code == 0, later.output
    assert (tmp_path / "out" / "hris" / "hibob" / "jobs.csv").is_file()
    assert "hris/hibob/jobs.csv" in json.loads((tmp_path / "out" / "manifest.json").read_text())["files"]


# The expression language -------------------------------------------------------------------------


def test_expressions_walk_data_and_apply_filters_only() -> None:
    context = {
        "profile": {
            "title": "Senior PM",
            "leads_to": [{"id": "a"}, {"id": "b"}],
            "grade": None,
            "description": "x < y\n\nz",
        }
    }
    maps = {"levels": ValueMap({"Senior PM": "L4"}), "loose": ValueMap({}, "keep")}
    assert evaluate(parse_expression("profile.title | map:levels"), context, maps) == "L4"
    assert evaluate(parse_expression("profile.title | map:loose | refid"), context, maps) == "Senior_PM"
    assert evaluate(parse_expression('profile.leads_to.id | join:", "'), context, maps) == "a, b"
    assert evaluate(parse_expression("profile.grade | default:none"), context, maps) == "none"
    assert evaluate(parse_expression("profile.description | html"), context, maps) == "<p>x &lt; y</p><p>z</p>"
    assert evaluate(parse_expression("profile.__class__"), context, maps) is None  # keys only: no attributes
    assert render_template(parse_template("{profile.title}\\{{x}}"), context, maps) == "Senior PM\\{x}"


@pytest.mark.parametrize(
    "source, message",
    [
        ("profile.title | upper:x", "takes no argument"),
        ("profile.title | join", "needs an argument"),
        ("profile.Title", "is not a dotted path"),
        ("profile.title()", "is not a dotted path"),
        ('profile.title | join:"x', "is not closed"),
        ("| upper", "expected a dotted path"),
    ],
)
def test_malformed_expressions_say_what_was_expected(source: str, message: str) -> None:
    with pytest.raises(ExpressionError, match=re.escape(message)):
        parse_expression(source)


def test_templates_need_an_expression_and_balanced_braces() -> None:
    with pytest.raises(ExpressionError, match="use `const` for fixed text"):
        parse_template("fixed")
    with pytest.raises(ExpressionError, match="is not closed"):
        parse_template("{profile.title")
    assert html.unescape("&amp;") == "&"


# The docs page shows real output ------------------------------------------------------------------


COLUMNS = re.compile(r"<!-- columns: (\w+) -->\n(.*?)<!-- /columns -->", re.DOTALL)


def columns_of(name: str) -> str:
    from ladder_compiler.hris.reference import columns_table

    profile, _ = load_profile(*find_profile(name, Path.cwd()))
    return columns_table(profile)


def test_docs_excerpts_are_real_output(shipped_output: Path, tmp_path: Path, runner, monkeypatch) -> None:
    from conftest import REPO

    repo = tmp_path / "repo"
    shutil.copytree(MINI, repo / "ladders")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "v1")
    git(repo, "tag", "v1")
    remove_level_manager_2(repo / "ladders")
    monkeypatch.chdir(repo)
    assert (
        build(runner, Path("ladders"), Path("out"), *PROFILES, extra=("--since", "v1", "--changes-only")).exit_code == 0
    )
    roots = {"ladders": shipped_output.parent, "delta": repo / "out"}
    docs = REPO / "docs" / "hris-profiles.md"
    pattern = re.compile(r"<!-- output: (\w+) (\S+) -->\n```(\w+)\n(.*?)```", re.DOTALL)

    def actual(scenario: str, path: str) -> str:
        return (roots[scenario] / path).read_text(encoding="utf-8").replace("\r\n", "\n")

    if os.environ.get("LADDER_REGENERATE_DOCS"):  # LADDER_REGENERATE_DOCS=1 pytest -k docs_excerpts

        def excerpt(m: re.Match) -> str:
            lines = actual(m.group(1), m.group(2)).splitlines(keepends=True)[: m.group(4).count("\n")]
            return f"<!-- output: {m.group(1)} {m.group(2)} -->\n```{m.group(3)}\n{''.join(lines)}```"

        docs.write_text(pattern.sub(excerpt, docs.read_text(encoding="utf-8")), encoding="utf-8")
        text = docs.read_text(encoding="utf-8")
        docs.write_text(
            COLUMNS.sub(lambda m: f"<!-- columns: {m.group(1)} -->\n{columns_of(m.group(1))}<!-- /columns -->", text),
            encoding="utf-8",
        )
    tables = COLUMNS.findall(docs.read_text(encoding="utf-8"))
    assert [name for name, _ in tables] == list(PROFILES)
    for name, table in tables:
        assert table == columns_of(name), f"{name}: regenerate with LADDER_REGENERATE_DOCS=1 pytest -k docs_excerpts"
    excerpts = pattern.findall(docs.read_text(encoding="utf-8"))
    assert len(excerpts) == 9
    for scenario, path, _, excerpt in excerpts:
        assert actual(scenario, path).startswith(excerpt), (
            f"{path}: regenerate with LADDER_REGENERATE_DOCS=1 pytest -k docs_excerpts"
        )


def test_docs_template_mapping_example_is_a_working_profile(tmp_path: Path, runner, monkeypatch) -> None:
    from conftest import REPO

    snippet = re.search(
        r"```yaml\n(.*?)```", (REPO / "docs" / "hris-profiles.md").read_text(encoding="utf-8"), re.DOTALL
    ).group(1)
    profile = (
        "profile: my-workday\nsystem: Workday\nmaps:\n  management_levels:\n    missing: error\n"
        '    values: {Manager: ML3, Senior Manager: ML4}\n  yes_no:\n    values: {"true": Y, "false": N}\n'
        "files:\n  - path: job-profiles.csv\n    rows: job_profiles\n    format: csv\n" + snippet
    )
    monkeypatch.chdir(tmp_path)
    (tmp_path / "my-workday.yaml").write_text(profile, encoding="utf-8")
    result = invoke(runner, "build", MINI, "--out", "out", "--format", "hris:my-workday.yaml")
    assert result.exit_code == 0, result.output
    rows = read_csv(tmp_path / "out" / "hris" / "my-workday" / "job-profiles.csv")
    assert [(r["Spreadsheet Key*"], r["Management Level"], r["Pay Rate Type"]) for r in rows][:2] == [
        ("manager-1", "ML3", "Salary"),
        ("manager-2", "ML4", "Salary"),
    ]


def test_a_removed_track_is_an_inactive_family_with_inactive_profiles_since_a_directory(
    tmp_path: Path, runner, monkeypatch
) -> None:
    project = tmp_path / "new"
    shutil.copytree(MINI, project)
    tracks = project / "tracks.yaml"
    text = tracks.read_text()
    tracks.write_text(text[: text.index("  - id: strategist\n")])  # the track, and the career paths that name it
    monkeypatch.chdir(tmp_path)
    result = build(runner, Path("new"), Path("out"), "workday", extra=("--since", str(MINI), "--changes-only"))
    assert result.exit_code == 0, result.output
    changes = tmp_path / "out" / "hris" / "workday" / "changes"
    assert [(r["Job_Family_ID"], r["Inactive"]) for r in read_csv(changes / "job-families.csv")] == [
        ("strategist", "Y")
    ]
    assert [(r["Job_Profile_ID"], r["Inactive"]) for r in read_csv(changes / "job-profiles.csv")] == [
        ("strategist-1", "Y"),
        ("strategist-2", "Y"),
    ]


def test_a_title_in_two_tracks_is_one_bamboohr_option_and_a_hibob_error(tmp_path: Path, runner, monkeypatch) -> None:
    project = tmp_path / "mini"
    shutil.copytree(MINI, project)
    tracks = project / "tracks.yaml"
    tracks.write_text(tracks.read_text().replace("title: Strategist\n", "title: Manager\n"))
    monkeypatch.chdir(tmp_path)
    bamboo = build(runner, Path("mini"), Path("out"), "bamboohr")
    assert bamboo.exit_code == 0, bamboo.output
    options = json.loads((tmp_path / "out" / "hris" / "bamboohr" / "job-title-options.json").read_text())["options"]
    assert [o["value"] for o in options] == ["Manager", "Senior Manager", "Senior Strategist"]
    hibob = build(runner, Path("mini"), Path("out2"), "hibob")
    assert hibob.exit_code == 1
    assert re.search(
        r"<shipped profile hibob>:\d+:\d+: error \[hris-column-unique\] jobs\.csv, column `Job name`: `Manager` is on two rows, level `manager-1` and level `strategist-1`; it must be unique",
        hibob.output,
    ), hibob.output
    assert [p for p in (tmp_path / "out2").rglob("*")] == []  # locked for the build, nothing written


def test_distinct_by_must_name_a_column(tmp_path: Path, runner, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    copy_profile(tmp_path, "bamboohr", ("distinct_by: value", "distinct_by: title"))
    result = invoke(runner, "build", MINI, "--out", "out", "--format", "hris:hris/my-bamboohr.yaml")
    assert result.exit_code == 1
    assert re.search(
        r"my-bamboohr\.yaml:\d+:18: error \[hris-profile-schema\] `distinct_by: title` names no column; headers are id, value, archived",
        result.output,
    ), result.output


def test_any_text_parses_or_fails_with_an_expression_error() -> None:
    import random

    generator = random.Random(15)
    alphabet = 'abcz_.|: "{}\\0=-'
    for _ in range(3000):
        source = "".join(generator.choice(alphabet) for _ in range(generator.randint(0, 24)))
        for parse in (parse_expression, parse_template):
            try:
                parsed = parse(source)
            except ExpressionError:
                continue
            assert parsed is not None


def test_a_shipped_profile_prints_for_copying(tmp_path: Path) -> None:
    python = [sys.executable, "-m", "ladder_compiler.hris"]
    listed = subprocess.run(python, capture_output=True, text=True, check=True)
    assert listed.stdout.split() == sorted(PROFILES)
    printed = subprocess.run([*python, "hibob"], capture_output=True, text=True, check=True)
    assert printed.stdout.encode("utf-8") == find_profile("hibob", tmp_path)[0]
    wrong = subprocess.run([*python, "sap"], capture_output=True, text=True)
    assert (
        wrong.returncode == 2
        and "usage: python -m ladder_compiler.hris [bamboohr|hibob|personio|workday]" in wrong.stderr
    )


def test_same_input_same_bytes(tmp_path: Path, runner) -> None:
    for out in ("a", "b"):
        assert build(runner, MINI, tmp_path / out, *PROFILES).exit_code == 0
    files = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*") if p.is_file())
    assert len(files) == 6  # five profile files and the manifest
    assert all((tmp_path / "a" / f).read_bytes() == (tmp_path / "b" / f).read_bytes() for f in files)


def test_hris_outputs_are_in_the_manifest_and_checked_like_any_format(tmp_path: Path, runner, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    built = invoke(runner, "build", MINI, "--out", "out", "--format", "md,hris:workday")
    assert built.exit_code == 0, built.output
    files = json.loads((tmp_path / "out" / "manifest.json").read_text())["files"]
    assert {path: entry["format"] for path, entry in files.items() if path.startswith("hris/")} == {
        "hris/workday/job-families.csv": "hris:workday",
        "hris/workday/job-profiles.csv": "hris:workday",
    }
    checked = invoke(runner, "check", MINI, "--out", "out", "--format", "hris:workday")
    assert checked.exit_code == 0 and checked.output == "out: current\n", checked.output
    again = invoke(runner, "build", MINI, "--out", "out", "--format", "md,hris:workday")
    assert again.exit_code == 0 and "0 written" in again.output, again.output
    unknown = invoke(runner, "check", MINI, "--out", "out", "--format", "hris:workdy")
    assert unknown.exit_code == 2 and "did you mean `workday`?" in unknown.output


def test_a_profile_edit_makes_check_fail_until_the_next_build(tmp_path: Path, runner, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    profile = copy_profile(tmp_path, "workday")
    name = "hris:hris/my-workday.yaml"
    assert invoke(runner, "build", MINI, "--out", "out", "--format", f"md,{name}").exit_code == 0
    assert invoke(runner, "check", MINI, "--out", "out", "--format", name).exit_code == 0
    text = profile.read_text(encoding="utf-8")
    assert "header: Job_Title," in text
    profile.write_text(text.replace("header: Job_Title,", "header: Job_Name,"), encoding="utf-8")

    stale = invoke(runner, "check", MINI, "--out", "out", "--format", f"md,{name}")

    assert stale.exit_code == 1
    assert (
        "out/hris/workday/job-families.csv\n" in stale.output and "out/hris/workday/job-profiles.csv\n" in stale.output
    )
    assert "markdown" not in stale.output  # the other formats' outputs stay current
    assert invoke(runner, "build", MINI, "--out", "out", "--format", name).exit_code == 0
    assert "Job_Name" in (tmp_path / "out" / "hris" / "workday" / "job-profiles.csv").read_text(encoding="utf-8")
    assert invoke(runner, "check", MINI, "--out", "out", "--format", f"md,{name}").exit_code == 0


def test_profiles_are_checked_against_the_v2_export_the_records_come_from(tmp_path: Path, runner, monkeypatch) -> None:
    """Fields the v2 export added (external ids, the levelling grade, forks) are known to profiles."""
    monkeypatch.chdir(tmp_path)
    copy_profile(
        tmp_path,
        "workday",
        (
            "{header: Job_Title, value: profile.title,",
            "{header: Job_Title, value: profile.levelling_grade | default:none,",
        ),
        ("{header: Name, value: family.name", "{header: Name, value: family.starts_after | default:trunk"),
    )
    result = invoke(runner, "build", MINI, "--out", "out", "--format", "hris:hris/my-workday.yaml")
    assert result.exit_code == 0, result.output
    families = read_csv(tmp_path / "out" / "hris" / "workday" / "job-families.csv")
    assert [(r["Job_Family_ID"], r["Name"]) for r in families] == [("manager", "trunk"), ("strategist", "trunk")]
    assert {r["Job_Title"] for r in read_csv(tmp_path / "out" / "hris" / "workday" / "job-profiles.csv")} == {"none"}


def test_a_full_build_with_a_profile_still_removes_orphans(tmp_path: Path, runner, monkeypatch) -> None:
    """Profiles come on top of the bundled formats: every bundled format and track is still a full build."""
    monkeypatch.setattr("ladder_compiler.render.available_formats", lambda: ["md"])  # no PDFs to render
    project = tmp_path / "mini"
    shutil.copytree(MINI, project)
    out = tmp_path / "out"
    assert invoke(runner, "build", project, "--out", out, "--format", "md,hris:workday").exit_code == 0
    assert (out / "markdown" / "strategist.md").is_file()
    text = (project / "tracks.yaml").read_text()
    (project / "tracks.yaml").write_text(
        text[: text.index("  - id: strategist")]
        + text[text.index("career_paths:") :]
        .replace(
            "    - {from: manager-2, to: strategist-2, kind: lateral, description: Moves to strategy.}\n"
            "    - {from: strategist-2, to: vp, kind: exit, description: Leaves for an executive role.}\n",
            "    - {from: manager-2, to: vp, kind: exit, description: Leaves.}\n",
        )
        .replace(
            "  peers:\n    - levels: [manager-1, strategist-1]\n    - levels: [manager-2, strategist-2]\n"
            "      note: Same seniority.\n",
            "",
        )
    )

    result = invoke(runner, "build", project, "--out", out, "--format", "md,hris:workday", "-v")

    assert result.exit_code == 0, result.output
    assert not (out / "markdown" / "strategist.md").exists() and "removed" in result.output
    assert (out / "hris" / "workday" / "job-profiles.csv").is_file()
