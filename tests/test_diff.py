"""`ladder diff` between two versions of a ladder, from directories and from git revisions."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from ladder_compiler.diff import diff, word_diff
from ladder_compiler.pipeline import read_framework

from conftest import MINI, invoke

GIT_ENV = {
    "GIT_AUTHOR_NAME": "t",
    "GIT_AUTHOR_EMAIL": "t@example.com",
    "GIT_COMMITTER_NAME": "t",
    "GIT_COMMITTER_EMAIL": "t@example.com",
}


def edit(project: Path, name: str, old: str, new: str) -> None:
    path = project / name
    text = path.read_text()
    assert old in text, f"{old!r} not in {name}"
    path.write_text(text.replace(old, new))


# mini's behaviours carry the ids `ladder ids` wrote; a test about a behaviour without one plants
# it in both copies (`plant`)
WITHOUT_ID_ONE_TO_ONES = (
    "tracks.yaml",
    "- id: manager-1.coaching.333f886ebd\n                text: Runs weekly one-to-ones with each report.",
    "- Runs weekly one-to-ones with each report.",
)
WITHOUT_ID_HIRING = (
    "tracks.yaml",
    "- id: manager-2.coaching.e3ddde5d18\n                text: Coaches managers on hiring decisions.",
    "- Coaches managers on hiring decisions.",
)


def changes_between(tmp_path: Path, *edits: tuple[str, str, str], plant: tuple[tuple[str, str, str], ...] = ()) -> list:
    old, new = tmp_path / "old", tmp_path / "new"
    shutil.copytree(MINI, old)
    shutil.copytree(MINI, new)
    for name, before, after in plant:
        edit(old, name, before, after)
        edit(new, name, before, after)
    for name, before, after in edits:
        edit(new, name, before, after)
    a, b = read_framework(old), read_framework(new)
    assert a.ok and b.ok, (a.problems, b.problems)
    return diff(a.framework, b.framework).changes


def rules(changes) -> list[tuple[str, str]]:
    return sorted((c.rule, c.severity) for c in changes)


def test_no_changes(tmp_path: Path) -> None:
    assert changes_between(tmp_path) == []


def test_whitespace_only_rewording_is_not_a_change(tmp_path: Path) -> None:
    assert (
        changes_between(
            tmp_path,
            (
                "tracks.yaml",
                "text: Writes the team's quarterly plan.",
                'text: "Writes  the team\'s\\n quarterly plan."',
            ),
        )
        == []
    )


def test_level_renamed_is_a_warning_and_keeps_identity(tmp_path: Path) -> None:
    changes = changes_between(tmp_path, ("tracks.yaml", "title: Senior Manager", "title: Group Manager"))
    assert rules(changes) == [("level-renamed", "warning")]
    assert (changes[0].old, changes[0].new, changes[0].path) == (
        "Senior Manager",
        "Group Manager",
        ("manager", "manager-2"),
    )
    assert changes[0].file.endswith("tracks.yaml") and changes[0].line == 30


def test_major_bump_satisfies_the_version_check(tmp_path: Path) -> None:
    changes = changes_between(
        tmp_path,
        ("tracks.yaml", "job_code: M2", "job_code: M2B"),
        ("framework.yaml", "version: 1.2.0", "version: 2.0.0"),
    )
    assert rules(changes) == [("job-code-changed", "breaking"), ("version-changed", "info")]


def test_level_moved_between_tracks_keeps_its_id(tmp_path: Path) -> None:
    """strategist-2 leaves the strategist track for the manager track, as its rank 3."""
    strategist_2 = text_between(MINI / "tracks.yaml", "      - id: strategist-2", "career_paths:")
    planning = "          planning:\n            behaviours: [{id: strategist-2.planning.25c70c79eb, text: Runs the annual planning forum.}]"
    assert planning in strategist_2
    in_manager_track = strategist_2.replace("rank: 2", "rank: 3").replace(
        planning, "          coaching:\n            behaviours: [Coaches the group's leads.]"
    )
    changes = changes_between(
        tmp_path,
        ("tracks.yaml", strategist_2, ""),
        ("tracks.yaml", "  - id: strategist\n", in_manager_track + "  - id: strategist\n"),
        (
            "tracks.yaml",
            "    - {from: manager-2, to: strategist-2, kind: lateral, description: Moves to strategy.}\n",
            "",
        ),
        ("tracks.yaml", "    - levels: [manager-2, strategist-2]\n      note: Same seniority.\n", ""),
    )
    assert rules(changes) == sorted(
        [
            ("level-moved", "breaking"),
            ("level-rank-changed", "breaking"),
            ("career-move-removed", "warning"),
            ("peers-changed", "info"),
            ("peers-changed", "info"),
            ("expectation-added", "info"),
            ("expectation-removed", "info"),
            ("version-not-bumped", "breaking"),
        ]
    )
    moved = next(c for c in changes if c.rule == "level-moved")
    assert (moved.path, moved.old, moved.new) == (("manager", "strategist-2"), "strategist", "manager")


def text_between(path: Path, start: str, end: str) -> str:
    text = path.read_text()
    return text[text.index(start) : text.index(end)]


def test_promotion_tightened_in_every_direction(tmp_path: Path) -> None:
    changes = changes_between(
        tmp_path,
        (
            "tracks.yaml",
            "- competency: vision\n              rating: proficient",
            "- competency: vision\n              rating: advanced",
        ),
        ("tracks.yaml", "min_months_in_role: 12", "min_months_in_role: 18"),
        (
            "tracks.yaml",
            "          evidence:\n            - id: led-group-plan",
            "          evidence:\n            - id: hired-two\n              description: Hired two managers.\n            - id: led-group-plan",
        ),
        (
            "tracks.yaml",
            "          min_months_in_role: 18\ncareer_paths",
            "          min_months_in_role: 18\n          min_ratings:\n            - {competency: planning, rating: proficient}\ncareer_paths",
        ),
    )
    assert {c.message: c.severity for c in changes} == {
        "minimum rating in `vision` raised from `proficient` to `advanced`": "warning",
        "time in role raised from 12 to 18 months": "warning",
        "new required evidence `hired-two`": "warning",
        "now requires at least `proficient` in `planning`": "warning",
    }
    assert {c.rule for c in changes} == {"promotion-tightened"}


def test_promotion_loosened_is_a_warning(tmp_path: Path) -> None:
    changes = changes_between(
        tmp_path,
        (
            "tracks.yaml",
            "- category: leadership\n              rating: advanced",
            "- category: leadership\n              rating: developing",
        ),
        ("tracks.yaml", "min_months_in_role: 12", "min_months_in_role: 6"),
        (
            "tracks.yaml",
            "          process:\n            - id: sponsor\n              kind: sponsorship\n              description: A director sponsors the case.\n",
            "",
        ),
        (
            "tracks.yaml",
            "            - id: led-group-plan\n              description: Led one annual planning cycle.\n",
            "            - id: led-group-plan\n              description: Led one annual planning cycle.\n            - id: stray\n              description: Stray.\n",
        ),
    )
    loosened = {c.message: (c.rule, c.severity) for c in changes}
    assert loosened == {
        "minimum rating in `leadership` (category) lowered from `advanced` to `developing`": (
            "promotion-loosened",
            "warning",
        ),
        "time in role lowered from 12 to 6 months": ("promotion-loosened", "warning"),
        "process step `sponsor` is no longer required": ("promotion-loosened", "warning"),
        "new required evidence `stray`": ("promotion-tightened", "warning"),
    }


def test_time_in_role_set_and_unset_says_so(tmp_path: Path) -> None:
    unset = changes_between(tmp_path / "a", ("tracks.yaml", "          min_months_in_role: 12\n", ""))
    assert [(c.rule, c.message) for c in unset] == [
        ("promotion-loosened", "time in role no longer required (was 12 months)")
    ]
    without, with_months = (
        read_framework(tmp_path / "a" / "new").framework,
        read_framework(tmp_path / "a" / "old").framework,
    )
    added = diff(without, with_months).changes
    assert [(c.rule, c.message) for c in added] == [
        ("promotion-tightened", "time in role now at least 12 months (none was required)")
    ]


def test_reordered_scale_is_compared_by_order(tmp_path: Path) -> None:
    """proficient and advanced swap places: ratings that name the same value are not raised or lowered."""
    changes = changes_between(
        tmp_path,
        (
            "framework.yaml",
            "      - id: proficient\n        name: Proficient\n        description: Shows the behaviour on their own.\n      - id: advanced\n        name: Advanced\n        description: Teaches the behaviour to others.\n",
            "      - id: advanced\n        name: Advanced\n        description: Teaches the behaviour to others.\n      - id: proficient\n        name: Proficient\n        description: Shows the behaviour on their own.\n",
        ),
        (
            "tracks.yaml",
            "- competency: vision\n              rating: proficient",
            "- competency: vision\n              rating: advanced",
        ),
    )
    assert [(c.rule, c.message) for c in changes if c.entity == "promotion"] == [
        (
            "promotion-changed",
            "minimum rating in `vision` changed from `proficient` to `advanced`, at the same place on the scale",
        )
    ]
    assert rules(changes) == [
        ("promotion-changed", "warning"),
        ("scale-reordered", "breaking"),
        ("version-not-bumped", "breaking"),
    ]


def test_expectations_reworded_added_removed_and_moved(tmp_path: Path) -> None:
    changes = changes_between(
        tmp_path,
        (
            "tracks.yaml",
            "- Coaches managers on hiring decisions.",
            "- Coaches new managers on their first hiring decisions.",
        ),
        (
            "tracks.yaml",
            "text: Maps the market for one area.}]",
            "text: Maps the market for one area.}, Names the top three competitors.]",
        ),
        (
            "tracks.yaml",
            "behaviours: [{id: strategist-2.planning.25c70c79eb, text: Runs the annual planning forum.}]",
            "behaviours: [Chairs the quarterly review.]",
        ),
        plant=(WITHOUT_ID_HIRING,),
    )
    reworded = [c for c in changes if c.rule == "expectation-reworded"]
    assert len(reworded) == 1 and reworded[0].severity == "info"
    assert ("+", "new") in reworded[0].words and ("+", "their first") in reworded[0].words
    assert {c.new for c in changes if c.rule == "expectation-added"} == {
        "Names the top three competitors.",
        "Chairs the quarterly review.",
    }
    assert [c.old for c in changes if c.rule == "expectation-removed"] == [
        "Runs the annual planning forum."
    ]  # too different to be a rewording
    assert {c.rule for c in changes} == {"expectation-reworded", "expectation-added", "expectation-removed"}


def test_behaviour_renamed_through_previous_ids_is_a_rename(tmp_path: Path) -> None:
    changes = changes_between(
        tmp_path,
        (
            "tracks.yaml",
            "              - id: vision-quarter\n",
            "              - id: vision-q\n                previous_ids: [vision-quarter]\n",
        ),
        ("tracks.yaml", "raises: vision-quarter", "raises: vision-q"),
    )
    assert [(c.rule, c.old, c.new) for c in changes] == [
        ("expectation-id-changed", "vision-quarter", "vision-q"),
        ("previous-ids-changed", [], ["vision-quarter"]),
    ]


def test_removed_raises_grows_the_cumulative_view(tmp_path: Path) -> None:
    changes = changes_between(tmp_path, ("tracks.yaml", "                raises: vision-quarter\n", ""))
    assert [(c.rule, c.severity, c.path, c.message) for c in changes] == [
        (
            "expectation-raises-changed",
            "warning",
            ("manager", "manager-2", "vision"),
            "no longer replaces “Writes the team's quarterly plan.”: it stays required from this level on",
        ),
    ]


def test_competency_description_and_evidence_examples(tmp_path: Path) -> None:
    changes = changes_between(
        tmp_path,
        ("competencies.yaml", "description: Grows people.", "description: Grows people and teams."),
        ("tracks.yaml", "evidence: [The plan document.]", "evidence: [The plan document., The retro notes.]"),
    )
    assert [(c.rule, c.message) for c in changes] == [
        ("metadata-changed", "competency `coaching` description changed"),
        ("evidence-examples-changed", "evidence examples for `vision` changed"),
    ]


def test_career_paths_moves_peers_and_roles(tmp_path: Path) -> None:
    changes = changes_between(
        tmp_path,
        (
            "tracks.yaml",
            "    - {from: manager-2, to: strategist-2, kind: lateral, description: Moves to strategy.}\n",
            "    - {from: manager-1, to: strategist-2, kind: promotion, description: Jumps to strategy.}\n",
        ),
        ("tracks.yaml", "    - levels: [manager-2, strategist-2]\n      note: Same seniority.\n", ""),
        ("tracks.yaml", "title: VP\n", "title: VP of Product\n"),
    )
    assert sorted((c.rule, c.path, c.message) for c in changes) == [
        ("career-move-added", ("manager", "manager-1"), "career move to `strategist-2` (Jumps to strategy.) was added"),
        (
            "career-move-removed",
            ("manager", "manager-2"),
            "career move to `strategist-2` (Moves to strategy.) was removed",
        ),
        ("peers-changed", ("manager", "manager-2"), "no longer a peer of `strategist-2`"),
        ("peers-changed", ("strategist", "strategist-2"), "no longer a peer of `manager-2`"),
        ("role-renamed", (), "role `vp` renamed"),
    ]


def test_a_reworded_peer_note_is_one_record_per_level_of_its_group(tmp_path: Path) -> None:
    changes = changes_between(
        tmp_path, ("tracks.yaml", "      note: Same seniority.\n", "      note: Same seniority and pay band.\n")
    )
    assert sorted((c.rule, c.path, c.message, c.old, c.new) for c in changes) == [
        (
            "peers-changed",
            ("manager", "manager-2"),
            "peer note changed",
            "Same seniority.",
            "Same seniority and pay band.",
        ),
        (
            "peers-changed",
            ("strategist", "strategist-2"),
            "peer note changed",
            "Same seniority.",
            "Same seniority and pay band.",
        ),
    ]


def test_explicit_id_moves_between_competencies(tmp_path: Path) -> None:
    changes = changes_between(
        tmp_path,
        (
            "tracks.yaml",
            "              - id: vision-year\n                text: Writes the group's annual plan.\n                raises: vision-quarter\n          coaching:\n            behaviours:\n",
            "              - Writes the group's long-range plan.\n          coaching:\n            behaviours:\n              - id: vision-year\n                text: Writes the group's annual plan.\n",
        ),
    )
    moved = [c for c in changes if c.rule == "expectation-moved"]
    assert [(c.old, c.new, c.message) for c in moved] == [
        (
            "manager-2/vision",
            "manager-2/coaching",
            "behaviour “Writes the group's annual plan.” moved from “Senior Manager” in Vision to “Senior Manager” in Coaching",
        )
    ]


def test_competency_recategorised_and_dropped(tmp_path: Path) -> None:
    changes = changes_between(
        tmp_path,
        (
            "competencies.yaml",
            "category: strategy\n    description: Plans the work.",
            "category: leadership\n    description: Plans the work.",
        ),
        (
            "tracks.yaml",
            "          planning:\n            behaviours: [{id: strategist-2.planning.25c70c79eb, text: Runs the annual planning forum.}]",
            "          planning:\n            not_applicable: Moved to the portfolio team.",
        ),
    )
    assert rules(changes) == [
        ("competency-dropped", "warning"),
        ("competency-recategorised", "info"),
        ("expectation-removed", "info"),
    ]
    dropped = [c for c in changes if c.rule == "competency-dropped"]
    assert dropped[0].path == ("strategist", "strategist-2")


def test_report_lists_levels_by_rank(tmp_path: Path) -> None:
    from ladder_compiler.diff.report import render_text

    old, new = tmp_path / "old", tmp_path / "new"
    shutil.copytree(MINI, old)
    shutil.copytree(MINI, new)
    edit(new, "tracks.yaml", "title: Senior Manager", "title: Zeta Manager")
    edit(new, "tracks.yaml", "title: Manager\n", "title: Alpha Manager\n")
    edit(new, "tracks.yaml", "- id: manager-2\n", "- id: a-manager-2\n        previous_ids: [manager-2]\n")
    edit(new, "tracks.yaml", "- id: manager-1\n", "- id: z-manager-1\n        previous_ids: [manager-1]\n")
    for old_id, new_id in (("manager-2", "a-manager-2"), ("manager-1", "z-manager-1")):
        edit(new, "tracks.yaml", f"[{old_id},", f"[{new_id},")
    edit(new, "tracks.yaml", "from: manager-2,", "from: a-manager-2,")
    text = render_text(diff(read_framework(old).framework, read_framework(new).framework))
    assert text.index("level Alpha Manager (z-manager-1)") < text.index("level Zeta Manager (a-manager-2)")


def test_word_diff() -> None:
    assert word_diff("Runs weekly reviews", "Runs monthly reviews") == [
        ("=", "Runs"),
        ("-", "weekly"),
        ("+", "monthly"),
        ("=", "reviews"),
    ]


# Through the CLI, with git revisions.


def git(repo: Path, *args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=repo, check=True, capture_output=True, text=True, env={**os.environ, **GIT_ENV}
    ).stdout


@pytest.fixture
def repo(tmp_path: Path, monkeypatch) -> Path:
    root = tmp_path / "repo"
    shutil.copytree(MINI, root / "ladders")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", ".")
    git(root, "commit", "-qm", "v1")
    git(root, "tag", "v1")
    edit(root / "ladders", "tracks.yaml", "title: Senior Manager", "title: Group Manager")
    edit(root / "ladders", "tracks.yaml", "min_months_in_role: 12", "min_months_in_role: 15")
    git(root, "commit", "-qam", "v2")
    git(root, "tag", "v2")
    monkeypatch.chdir(root)
    return root


def test_revision_against_working_tree(runner, repo: Path) -> None:
    edit(repo / "ladders", "tracks.yaml", "job_code: M1", "job_code: M1X")
    result = invoke(runner, "diff", "v2")
    assert result.exit_code == 0
    assert "breaking [job-code-changed] HRIS job code changed: “M1” → “M1X”" in result.output
    assert result.output.strip().endswith("2 breaking, 0 warnings, 0 info")
    assert git(repo, "status", "--porcelain").strip() == "M ladders/tracks.yaml"  # the repository is untouched


def test_two_revisions_markdown_and_fail_on(runner, repo: Path) -> None:
    result = invoke(runner, "diff", "v1", "v2", "--format", "markdown")
    assert result.exit_code == 0
    assert result.output.startswith("## Ladder changes: 1.2.0 → 1.2.0\n\n**0 breaking, 2 warnings, 0 info**")
    assert "- **Warning** `level-renamed` level renamed: “Senior Manager” → “Group Manager”" in result.output
    assert invoke(runner, "diff", "v1", "v2", "--fail-on", "warning").exit_code == 1
    assert invoke(runner, "diff", "v1", "v2", "--fail-on", "breaking").exit_code == 0
    assert invoke(runner, "diff", "v1", "v2", "--fail-on", "any").exit_code == 1


def test_rev_colon_path_and_json(runner, repo: Path) -> None:
    result = invoke(runner, "diff", "v1:ladders", "ladders", "--format", "json")
    data = json.loads(result.output)
    assert data["summary"] == {"breaking": 0, "warning": 2, "info": 0}
    assert {c["rule"] for c in data["changes"]} == {"level-renamed", "promotion-tightened"}
    assert data["changes"][0]["file"].startswith("ladders/")


def test_html_report_escapes_and_highlights(runner, repo: Path) -> None:
    edit(
        repo / "ladders",
        "tracks.yaml",
        "text: Coaches managers on hiring decisions.",
        "text: Coaches managers on <b>hiring</b> decisions.",
    )
    result = invoke(runner, "diff", "v2", "--format", "html")
    assert "<ins>&lt;b&gt;hiring&lt;/b&gt;</ins>" in result.output and "<b>hiring" not in result.output


def test_track_filter(runner, repo: Path) -> None:
    edit(repo / "ladders", "tracks.yaml", "title: Strategist\n", "title: Analyst\n")
    only = invoke(runner, "diff", "v2", "--track", "strategist", "--format", "json")
    assert [c["path"][0] for c in json.loads(only.output)["changes"]] == ["strategist"]
    assert invoke(runner, "diff", "v2", "--track", "nope").exit_code == 2


def test_severity_overrides(runner, repo: Path, tmp_path: Path) -> None:
    config = tmp_path / "severity.yaml"
    config.write_text("level-renamed: ignore\npromotion-tightened: breaking\n")
    result = invoke(runner, "diff", "v1", "v2", "--severity-config", config, "--format", "json")
    assert json.loads(result.output)["summary"] == {"breaking": 2, "warning": 0, "info": 0}  # + version-not-bumped
    config.write_text("level-renamd: ignore\n")
    bad = invoke(runner, "diff", "v1", "v2", "--severity-config", config)
    assert bad.exit_code == 2 and "severity.yaml:1:1: error [severity-config] unknown key `level-renamd`" in bad.output
    assert "did you mean `level-renamed`?" in bad.output


def test_usage_and_input_errors(runner, repo: Path) -> None:
    missing = invoke(runner, "diff", "v9")
    assert missing.exit_code == 2 and "`v9` is neither a directory nor a git revision" in missing.output
    (repo / "v1").mkdir()
    ambiguous = invoke(runner, "diff", "v1")
    assert (
        ambiguous.exit_code == 2 and "both a path and a git revision" in ambiguous.output and "./v1" in ambiguous.output
    )
    assert invoke(runner, "diff", "nope:ladders").exit_code == 2
    edit(repo / "ladders", "tracks.yaml", "title: Manager\n", "title: [Manager\n")
    invalid = invoke(runner, "diff", "v2")
    assert invalid.exit_code == 2 and "ladders/tracks.yaml" in invalid.output and "yaml-syntax" in invalid.output


def test_untrusted_revision_content_gets_the_same_limits(runner, repo: Path) -> None:
    (repo / "ladders" / "bomb.yaml").write_text(
        "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
        + "".join(f"a{i}: &a{i} [{', '.join(['*a' if i == 0 else f'*a{i - 1}'] * 10)}]\n" for i in range(8))
    )
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "bomb")
    result = invoke(runner, "diff", "HEAD", "v2")
    assert result.exit_code == 2 and "HEAD:ladders/bomb.yaml" in result.output and "yaml-limit" in result.output


def test_a_retargeted_move_is_one_change_in_career_paths_and_reads_as_words(runner, tmp_path: Path) -> None:
    """Titles, not only ids; one `retargeted` change where the move is written; no literal
    backticks in the HTML report; an expectation-moved line that says its places once."""
    from conftest import LADDERS

    old, new = tmp_path / "old", tmp_path / "new"
    shutil.copytree(LADDERS, old)
    shutil.copytree(LADDERS, new)
    paths = new / "career-paths.yaml"
    paths.write_text(
        paths.read_text().replace("    - from: gpm\n      to: ppm\n", "    - from: gpm\n      to: senior-ppm\n", 1)
    )
    github = invoke(runner, "diff", old, new, "--format", "github").output.splitlines()
    moves = [line for line in github if "title=career-move" in line]
    assert len(moves) == 1
    assert moves[0].startswith(f"::warning file={display(paths)},line=54,col=1,title=career-move-retargeted::")
    assert (
        "now leads to Senior Portfolio Product Manager (`senior-ppm`) instead of Portfolio Product Manager (`ppm`)"
        in moves[0]
    )
    page = invoke(runner, "diff", old, new, "--format", "html").output
    assert "<code>senior-ppm</code>" in page
    assert "`" not in page


def display(path: Path) -> str:
    from ladder_compiler.reporters.paths import repository_relative
    from ladder_compiler.source.load import display_path

    return repository_relative(display_path(path))


def test_a_moved_behaviour_says_where_from_and_to_once(runner, tmp_path: Path) -> None:
    old, new = tmp_path / "old", tmp_path / "new"
    shutil.copytree(MINI, old)
    shutil.copytree(MINI, new)
    tracks = new / "tracks.yaml"
    text = tracks.read_text()
    moved = "              - id: vision-year\n                text: Writes the group's annual plan.\n                raises: vision-quarter\n"
    assert moved in text
    text = text.replace(moved, "              - Placeholder plan review.\n", 1)
    hiring = "                text: Coaches managers on hiring decisions.\n"
    assert hiring in text
    text = text.replace(hiring, hiring + moved.replace("                raises: vision-quarter\n", ""), 1)
    tracks.write_text(text)
    lines = [line for line in invoke(runner, "diff", old, new).output.splitlines() if "[expectation-moved]" in line]
    assert len(lines) == 1
    assert "moved from “Senior Manager” in Vision to “Senior Manager” in Coaching  (" in lines[0]
    assert "→" not in lines[0]
