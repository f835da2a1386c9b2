"""Identity in the diff: behaviours without ids paired across levels and rewordings, renamed ids shown whole."""

from __future__ import annotations

from pathlib import Path

from test_diff import WITHOUT_ID_HIRING, WITHOUT_ID_ONE_TO_ONES, changes_between

from ladder_compiler.diff.expectations import REWORDING_THRESHOLD, similarity
from ladder_compiler.diff.report import _values

M1_COACHING = "              - Runs weekly one-to-ones with each report.\n"
M2_COACHING = "              - Coaches managers on hiring decisions.\n"


def test_behaviour_without_id_moved_to_another_level_is_one_move(tmp_path: Path) -> None:
    changes = changes_between(
        tmp_path,
        ("tracks.yaml", M1_COACHING, M1_COACHING + M2_COACHING),
        (
            "tracks.yaml",
            M2_COACHING + "        promotion:\n",
            "              - Sponsors a manager's first hire.\n        promotion:\n",
        ),
        plant=(WITHOUT_ID_ONE_TO_ONES, WITHOUT_ID_HIRING),
    )
    assert [(c.rule, c.old, c.new) for c in changes] == [
        ("expectation-moved", "manager-2/coaching", "manager-1/coaching"),
        ("expectation-added", None, "Sponsors a manager's first hire."),
    ]
    assert "Coaches managers on hiring decisions." in changes[0].message


def test_rewording_under_half_the_words_is_one_rewording(tmp_path: Path) -> None:
    before, after = "Coaches managers on hiring decisions.", "Coaches new managers through every hard hiring call."
    assert REWORDING_THRESHOLD <= similarity(before, after) < 0.5
    changes = changes_between(tmp_path, ("tracks.yaml", f"- {before}", f"- {after}"), plant=(WITHOUT_ID_HIRING,))
    assert [(c.rule, c.old, c.new) for c in changes] == [("expectation-reworded", before, after)]


def test_similarity_ignores_case_and_punctuation() -> None:
    assert similarity("Ships, weekly!", "ships weekly") == 1.0
    assert similarity("Runs the annual planning forum.", "Chairs the quarterly review.") < REWORDING_THRESHOLD


def test_renamed_competency_whose_old_id_prefixes_the_new_prints_both(tmp_path: Path) -> None:
    changes = changes_between(
        tmp_path,
        ("competencies.yaml", "- id: vision\n", "- id: vision-setting\n    previous_ids: [vision]\n"),
        ("tracks.yaml", "competencies: [vision,", "competencies: [vision-setting,"),
        ("tracks.yaml", "          vision:\n", "          vision-setting:\n"),
        ("tracks.yaml", "competency: vision\n", "competency: vision-setting\n"),
    )
    renamed = [c for c in changes if c.rule == "competency-id-changed"]
    assert [(c.old, c.new, _values(c)) for c in renamed] == [
        ("vision", "vision-setting", ": “vision” → “vision-setting”")
    ]
