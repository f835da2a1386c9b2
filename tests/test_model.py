"""The model computes what every renderer reads: cumulative and new expectations, ids, UUIDs."""

from __future__ import annotations

import uuid
from pathlib import Path

from ladder_compiler.model.assemble import derived_expectation_id
from ladder_compiler.pipeline import read_framework

from conftest import MINI


def framework(path: Path = MINI):
    compiled = read_framework(path)
    assert compiled.ok, compiled.problems
    return compiled.framework


def test_cumulative_inherits_and_raises_replace() -> None:
    senior = framework().level("manager-2")
    vision = senior.expectations_for("vision")
    assert [e.id for e in vision.new] == ["vision-year"]
    assert [e.id for e in vision.cumulative] == ["vision-year"]  # raised the quarterly plan away
    coaching = senior.expectations_for("coaching")
    assert [e.text for e in coaching.inherited] == ["Runs weekly one-to-ones with each report."]
    assert [e.text for e in coaching.new] == ["Coaches managers on hiring decisions."]
    assert coaching.inherited[0].level_id == "manager-1"


def test_not_applicable_has_no_expectations() -> None:
    planning = framework().level("strategist-1").expectations_for("planning")
    assert not planning.applicable and planning.cumulative == () and "next level" in planning.not_applicable


def test_derived_ids_ignore_whitespace_and_case_but_not_words() -> None:
    a = derived_expectation_id("l1", "c", "Runs  weekly one-to-ones.")
    assert a == derived_expectation_id("l1", "c", "runs weekly\none-to-ones.")
    assert a != derived_expectation_id("l1", "c", "Runs monthly one-to-ones.")
    assert a.startswith("l1.c.")


def test_uuids_are_v5_stable_and_unique() -> None:
    first, second = framework(), framework()
    level = first.level("manager-2")
    assert uuid.UUID(level.uuid).version == 5
    assert level.uuid == second.level("manager-2").uuid
    every = [first.uuid] + [t.uuid for t in first.tracks] + [lv.uuid for t in first.tracks for lv in t.levels]
    every += [c.uuid for c in first.competencies] + [
        e.uuid for t in first.tracks for lv in t.levels for ce in lv.expectations for e in ce.new
    ]
    assert len(every) == len(set(every))


def test_renaming_a_title_keeps_ids_and_uuids(mini: Path) -> None:
    before = framework(mini).level("manager-2")
    tracks = mini / "tracks.yaml"
    tracks.write_text(tracks.read_text().replace("title: Senior Manager", "title: Group Manager"))
    after = framework(mini).level("manager-2")
    assert after.title == "Group Manager" and (after.id, after.uuid) == (before.id, before.uuid)


def test_uuid_namespace_setting(mini: Path) -> None:
    default = framework(mini).uuid_namespace
    path = mini / "framework.yaml"
    path.write_text(
        path.read_text().replace("  id: mini\n", "  id: mini\n  uuid_namespace: 6ba7b811-9dad-11d1-80b4-00c04fd430c8\n")
    )
    assert framework(mini).uuid_namespace == "6ba7b811-9dad-11d1-80b4-00c04fd430c8" != default


def test_moves_peers_and_promotion() -> None:
    model = framework()
    manager = model.level("manager-1")
    assert [(m.to, m.kind, m.implied) for m in manager.moves] == [("manager-2", "promotion", True)]
    assert manager.peers == ("strategist-1",)
    exits = model.level("strategist-2").moves
    assert [(m.to, m.to_kind, m.kind) for m in exits] == [("vp", "role", "exit")]
    promotion = model.level("manager-2").promotion
    assert promotion.min_months_in_role == 12
    by_category = next(r for r in promotion.min_ratings if r.category_id == "leadership")
    assert by_category.competency_ids == ("coaching",) and by_category.rating == "advanced"
    assert model.scale.order("advanced") == 2


def test_source_hash_tracks_content_not_location(mini: Path, tmp_path: Path) -> None:
    original = framework(mini).source_hash
    moved = tmp_path / "elsewhere"
    mini.rename(moved)
    assert framework(moved).source_hash == original
    (moved / "competencies.yaml").write_text((moved / "competencies.yaml").read_text() + "\n# a comment\n")
    assert framework(moved).source_hash != original
