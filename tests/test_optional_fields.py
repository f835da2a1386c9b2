"""Nothing required that a real framework does not publish: levels without title, summary or scope;
competencies that start at a later level; forks from any level; progression per track or competency."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from ladder_compiler.pipeline import read_framework
from ladder_compiler.render import RenderOptions
from ladder_compiler.render.html import render_html

from conftest import FAIR, invoke


@pytest.fixture
def fair_copy(tmp_path: Path) -> Path:
    target = tmp_path / "fair"
    shutil.copytree(FAIR, target)
    return target


def edit(path: Path, change: Callable[[Any], None]) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")


def level(data: dict[str, Any], level_id: str) -> dict[str, Any]:
    return next(lv for t in data["tracks"] for lv in t["levels"] if lv["id"] == level_id)


def errors(project: Path) -> list[tuple[str, str]]:
    return [(p.rule, p.message) for p in read_framework(project).problems if p.severity == "error"]


def build(runner, project: Path, formats: str = "md,html,json") -> Path:
    out = project.parent / "out"
    result = invoke(runner, "build", project, "--out", out, "--format", formats, "--quiet")
    assert result.exit_code == 0, result.output
    return out


def section(text: str, start: str, end: str) -> str:
    return text[text.index(start) : text.index(end, text.index(start))]


def test_a_level_without_title_summary_or_scope_prints_no_empty_heading_or_separator(runner, fair_copy: Path) -> None:
    def bare(data: dict[str, Any]) -> None:
        for key in ("title", "summary", "scope"):
            del level(data, "manager-2")[key]

    edit(fair_copy / "tracks.yaml", bare)
    assert errors(fair_copy) == []
    linted = invoke(runner, "lint", fair_copy, "--format", "json")
    assert [p for p in json.loads(linted.output) if p["rule"] == "placeholder-text"] == []
    out = build(runner, fair_copy)
    markdown = (out / "markdown" / "manager.md").read_text(encoding="utf-8")
    # a level with a band or job code is headed without its rank; the band line follows the heading
    assert section(markdown, "\n## manager-2\n", "### Expectations") == (
        "\n## manager-2\n\n*G7 · M2*\n\n- **HR:** job code `M2` · Senior Manager · grade G7\n\n"
    )
    page = (out / "html" / "manager.html").read_text(encoding="utf-8")
    level_html = section(page, '<section id="manager-2"', "<h3>")
    assert 'class="summary"' not in level_html and ">Scope<" not in level_html
    framework = read_framework(fair_copy).framework
    assert framework is not None
    one_pagers = render_html(framework, "manager", RenderOptions(), "levels")
    facts = section(one_pagers, 'id="manager-2"', "<h3>")
    assert '<p class="facts-line"><strong>Grade:</strong> G7</p>' in facts
    exported = json.loads((out / "json" / "manager.json").read_text(encoding="utf-8"))
    profile = exported["job_families"][0]["job_profiles"][1]
    assert (profile["title"], profile["summary"], profile["scope"]["summary"]) == ("manager-2", "", "")


def test_a_scope_needs_at_least_one_fact(fair_copy: Path) -> None:
    edit(fair_copy / "tracks.yaml", lambda data: level(data, "manager-2").update(scope={}))
    assert [rule for rule, _ in errors(fair_copy)] == ["schema-value"]


def test_a_competency_that_starts_later_is_not_yet_rated_below_its_first_level(runner, fair_copy: Path) -> None:
    edit(fair_copy / "tracks.yaml", lambda data: level(data, "strategist-1")["expectations"].pop("planning"))
    assert errors(fair_copy) == []
    framework = read_framework(fair_copy).framework
    assert framework is not None
    block = framework.level("strategist-1").expectations_for("planning")
    assert (block.rated, block.applicable, block.not_applicable) == (False, False, None)
    assert framework.level("strategist-2").expectations_for("planning").rated is True
    out = build(runner, fair_copy)
    markdown = (out / "markdown" / "strategist.md").read_text(encoding="utf-8")
    assert "| **Planning** | *Not yet rated* | **Proficient**<br>• Runs the annual planning forum. |" in markdown
    assert "#### Planning\n\n*Not yet rated*\n\n" in section(markdown, "\n## Strategist\n", "\n## Senior Strategist\n")
    exported = json.loads((out / "json" / "strategist.json").read_text(encoding="utf-8"))
    planning = next(c for c in exported["job_families"][0]["job_profiles"][0]["competencies"] if c["id"] == "planning")
    assert (planning["rated"], planning["applicable"], planning["not_applicable_reason"]) == (False, False, None)


def test_a_competency_left_out_above_a_level_that_rates_it_is_still_an_error(fair_copy: Path) -> None:
    edit(fair_copy / "tracks.yaml", lambda data: level(data, "strategist-2")["expectations"].pop("planning"))
    assert errors(fair_copy) == [("missing-expectation", "level `strategist-2` says nothing for competency `planning`")]


def fork(track_id: str, level_id: str) -> dict[str, Any]:
    return {
        "id": track_id,
        "name": track_id.capitalize(),
        "kind": "individual-contributor",
        "description": f"Forks from the first manager level into {track_id}.",
        "starts_after": "manager-1",
        "competencies": ["vision"],
        "levels": [
            {
                "id": level_id,
                "rank": 2,
                "expectations": {"vision": {"expected": "proficient", "behaviours": [f"Sets {track_id} direction."]}},
                "promotion": {"description": f"Ready for {track_id}."},
            }
        ],
    }


def test_two_tracks_fork_from_a_level_that_is_not_the_last_of_its_track(runner, fair_copy: Path) -> None:
    edit(
        fair_copy / "tracks.yaml",
        lambda data: data["tracks"].extend([fork("coach", "coach-2"), fork("guide", "guide-2")]),
    )
    assert errors(fair_copy) == []
    framework = read_framework(fair_copy).framework
    assert framework is not None
    assert [m.to for m in framework.level("manager-1").moves] == ["manager-2", "coach-2", "guide-2"]
    for track_id, level_id in (("coach", "coach-2"), ("guide", "guide-2")):
        assert framework.track(track_id).trunk == ("manager-1",)
        assert framework.level(level_id).follows == "manager-1"
        vision = framework.level(level_id).expectations_for("vision")
        assert [e.id for e in vision.inherited] == ["vision-quarter"]
    out = build(runner, fair_copy, "md,json,csv,case")
    exported = json.loads((out / "json" / "coach.json").read_text(encoding="utf-8"))
    assert (exported["job_families"][0]["starts_after"], exported["job_families"][0]["trunk"]) == (
        "manager-1",
        ["manager-1"],
    )


NOTE = "Behaviours carry up from level to level, except in Planning: there, what a level lists replaces what the levels below list."
ALL = "In every competency of this track, what a level lists replaces what the levels below list."


def test_documents_state_the_progression_per_competency_where_a_track_mixes_them(runner, fair_copy: Path) -> None:
    def mixed(data: dict[str, Any]) -> None:
        next(c for c in data["competencies"] if c["id"] == "planning")["progression"] = "replace"

    edit(fair_copy / "competencies.yaml", mixed)
    out = build(runner, fair_copy, "md,html")
    strategist = (out / "markdown" / "strategist.md").read_text(encoding="utf-8")
    manager = (out / "markdown" / "manager.md").read_text(encoding="utf-8")
    assert strategist.count(NOTE) == 1 and f"\n\n{NOTE}\n\n| Competency |" in strategist
    assert NOTE not in manager and ALL not in manager
    assert f'<p class="lede progression">{NOTE}</p>' in (out / "html" / "strategist.html").read_text(encoding="utf-8")


def test_a_track_that_replaces_in_every_competency_says_so_once(runner, fair_copy: Path) -> None:
    edit(fair_copy / "tracks.yaml", lambda data: data["tracks"][0].update(progression="replace"))
    out = build(runner, fair_copy, "md")
    manager = (out / "markdown" / "manager.md").read_text(encoding="utf-8")
    strategist = (out / "markdown" / "strategist.md").read_text(encoding="utf-8")
    assert manager.count(ALL) == 1 and ALL not in strategist and NOTE not in strategist
