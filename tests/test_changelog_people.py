"""The change log for people (templates/changelog.j2): sentences grouped by level with old and new
values, no ids or Markdown syntax, a summary on top, in Markdown, HTML and every built language; the
level pages' "New at this level" badge and "Changed in this version" mark with their legend."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import LADDERS, invoke

# the module build of the shipped ladders runs once, on one worker
pytestmark = pytest.mark.xdist_group("changelog_people")

SUMMARY = (
    "Since version 1.0.0 (2026-01-01): 4 levels have new behaviours; 36 behaviours were added; 13 behaviours were"
    " reworded; 2 behaviours were removed; 4 levels have new or changed promotion criteria; 4 levels have new HR"
    " record values (grade, job code, management level). Each change is listed below, level by level. 31 editorial"
    " changes (order, internal references) are not listed."
)
SUMMARY_DE = (
    "Seit Version 1.0.0 (1. Januar 2026): 4 Stufen haben neue Verhaltensweisen; 36 Verhaltensweisen wurden"
    " hinzugefügt; 13 Verhaltensweisen wurden umformuliert; 2 Verhaltensweisen wurden entfernt; 4 Stufen haben neue"
    " oder geänderte Beförderungskriterien; 4 Stufen haben neue HR-Stammdaten (Band, Jobcode, Managementebene)."
    " Jede Änderung ist unten aufgeführt, Stufe für Stufe. 31 redaktionelle Änderungen (Reihenfolge, interne"
    " Verweise) sind nicht aufgeführt."
)


def _build(project: Path, out: Path, *args: str) -> Path:
    result = invoke(CliRunner(), "build", project, "--out", out, "--format", "md,html", *args)
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _build(LADDERS, tmp_path_factory.mktemp("changelog") / "out", "--track", "group-product-manager")


def _section(markdown: str, heading: str, end: str) -> str:
    return markdown.split(heading, 1)[1].split(end, 1)[0]


def test_markdown_has_a_change_log_of_sentences_by_level(built: Path) -> None:
    markdown = (built / "markdown" / "group-product-manager.md").read_text()
    section = _section(markdown, "## Changes since 1.0.0\n", "*Marks:*")
    assert section.split("\n\n")[0].strip() == SUMMARY
    headings = re.findall(r"^### (.+)$", section, re.M)
    assert headings == [
        "The whole track",
        "Lead Product Manager",
        "Group Product Manager",
        "Senior Group Product Manager",
        "Director of Product",
    ]
    lead = _section(section, "### Lead Product Manager\n", "### ")
    assert "- Levelling grade set to Band 2\n" in lead
    assert "- Expected proficiency in People leadership and coaching set to Developing\n" in lead
    director = _section(section, "### Director of Product\n", "\n\n\n")
    assert "- Fewest direct reports changed from 3 to 4\n" in director
    assert "- Most direct reports changed from 7 to 8\n" in director
    assert "- Breadth changed from Several domains to A product group\n" in director
    # People read it: no Markdown code spans, no ids of levels, competencies or rules.
    assert "`" not in section
    for internal in ("lead-pm", "people-leadership", "band-1", "levelling-changed", "expectation-added"):
        assert internal not in section, internal


def test_grade_and_hris_values_are_told_old_to_new(tmp_path: Path) -> None:
    project = tmp_path / "ladders"
    shutil.copytree(LADDERS, project)
    track = project / "tracks" / "group-product-manager.yaml"
    text = track.read_text()
    old = "hris: {job_code: PM-M2, management_level: Manager}"
    assert old in text
    track.write_text(text.replace(old, "hris: {job_code: PM-M2, management_level: Senior Manager, grade: M4}"))
    out = _build(project, tmp_path / "out", "--track", "group-product-manager")
    lead = _section((out / "markdown" / "group-product-manager.md").read_text(), "### Lead Product Manager\n", "### ")
    assert "- Grade changed from M3 to M4\n" in lead
    assert "- Management level changed from Manager to Senior Manager\n" in lead
    german = (out / "markdown" / "de" / "group-product-manager.md").read_text()
    lead_de = _section(german, "### Lead Product Manager\n", "### ")
    # the new value has no German translation yet: shown in English, marked
    assert "- Führungsebene von Manager zu \\[EN\\] Senior Manager geändert\n" in lead_de


def test_html_lists_the_same_sentences(built: Path) -> None:
    html = (built / "html" / "group-product-manager.html").read_text()
    section = html.split('<section id="changes" class="changelog">', 1)[1].split("</section>", 1)[0]
    assert f'<p class="changes-summary">{SUMMARY}</p>' in section
    assert '<h3 class="changes-level">Lead Product Manager</h3>' in section
    assert "<li>Levelling grade set to Band 2</li>" in section
    assert "`" not in section and "[EN]" not in section


def test_german_change_log_is_translated_and_marks_only_old_texts(built: Path) -> None:
    markdown = (built / "markdown" / "de" / "group-product-manager.md").read_text()
    section = _section(markdown, "## Änderungen seit 1.0.0\n", "*Kennzeichnungen:*")
    assert section.split("\n\n")[0].strip() == SUMMARY_DE
    assert "- Einstufungsband auf Band 2 festgelegt\n" in section
    assert "- Erwartete Ausprägung in Personalführung und Coaching auf Im Aufbau festgelegt\n" in section
    # [EN] marks only a value of the previous release that the catalogue has no translation for:
    # it opens a quoted old value (or an item of a quoted old list), never a sentence.
    marks = [m.start() for m in re.finditer(re.escape("\\[EN\\]"), section)]
    assert len(marks) == 46
    assert len([at for at in marks if section[at - 1] == "„"]) == 44
    # an old list of evidence examples is one quotation; each untranslated item in it is marked
    inside = [
        section[section.rindex("„", 0, at) : at]
        for at in marks
        if section[at - 1] != "„" and not section[:at].endswith("Reichweite von ")
    ]
    assert inside == ["„\\[EN\\] A hire made against a written scorecard. "]
    # a breadth renamed since 1.0.0 is named unquoted, by its old name
    assert "- Reichweite von \\[EN\\] Several domains zu Eine Produktgruppe geändert\n" in section
    assert not re.search(r"^- \\\[EN\\\]", section, re.M)


def test_badges_say_what_they_mean_and_a_legend_explains_them(built: Path) -> None:
    html = (built / "html" / "group-product-manager.html").read_text()
    # the legend opens the first level's page, so it names that level for the running header
    legend = html.split('<p class="legend" data-title="Lead Product Manager · Band 2 · PM-M2">', 1)[1].split("</p>", 1)[
        0
    ]
    assert legend == (
        '<span class="badge">New at this level</span> marks a behaviour the level below does not list.'
        ' <span class="badge changed">Changed in this version</span> marks a behaviour added, reworded or moved'
        " since version 1.0.0."
    )
    assert '<span class="badge">New</span>' not in html
    assert html.count('<span class="badge changed">Changed in this version</span>') == 1 + 36 + 13
    markdown = (built / "markdown" / "group-product-manager.md").read_text()
    assert markdown.count("**Changed in this version:**") == 1 + 36 + 13
    assert "**New:**" not in markdown


def test_every_sentence_is_of_a_diff_rule() -> None:
    from ladder_compiler.diff.rules import RULES
    from ladder_compiler.render.changelog import SENTENCES

    assert set(SENTENCES) <= set(RULES)
