"""A build costs what changed: a track's documents depend on that track (and the project's shared
parts), not on the rest of the project."""

from __future__ import annotations

import sys
from pathlib import Path

from conftest import REPO, invoke

sys.path.insert(0, str(REPO / "benchmarks"))
from generate import generate

ENGINEERING = REPO / "examples" / "engineering"


def build(runner, project: Path, out: Path, *args: str):
    result = invoke(runner, "build", project, "--out", out, "--jobs", "1", "-v", *args)
    assert result.exit_code == 0, result.output
    return result


def written(result, out: Path) -> list[str]:
    prefix = f"wrote {out}/"
    return sorted(line[len(prefix) :] for line in result.output.splitlines() if line.startswith(prefix))


def stale(runner, project: Path, out: Path, formats: str) -> list[str]:
    result = invoke(runner, "check", project, "--out", out, "--format", formats)
    return sorted(line.strip()[len(f"{out}/") :] for line in result.output.splitlines() if line.startswith("  "))


def test_editing_one_track_file_rebuilds_only_that_tracks_documents(runner, tmp_path: Path) -> None:
    project, out = tmp_path / "project", tmp_path / "out"
    generate(project, tracks=4, levels=3, competencies=4, seed=3)
    build(runner, project, out, "--format", "md,html,json")
    track_file = project / "tracks" / "track-03.yaml"
    track_file.write_text(track_file.read_text().replace("Track 3 Level 2", "Track 3 Second Level"))
    project_wide = ["html/index.html", "json/framework.json", "markdown/README.md"]
    # Track 3 level 2 is a peer of track 4's (the generator pairs tracks 3 and 4): its pages name it.
    named_by_peer = ["html/track-04.html", "json/track-04.json", "markdown/track-04.md"]
    own = ["html/track-03.html", "json/track-03.json", "markdown/track-03.md"]
    assert stale(runner, project, out, "md,html,json") == sorted(project_wide + own + named_by_peer)
    assert written(build(runner, project, out, "--format", "md,html,json"), out) == sorted(
        project_wide + own + named_by_peer
    )
    assert stale(runner, project, out, "md,html,json") == []
    # A behaviour's words are seen by its own track only.
    track_file.write_text(track_file.read_text().replace("Sets", "Settles", 1))
    assert stale(runner, project, out, "md,html,json") == sorted(project_wide + own)
    assert written(build(runner, project, out, "--format", "md,html,json"), out) == sorted(project_wide + own)


def test_a_tracks_export_and_attachment_do_not_depend_on_the_size_of_the_project(runner, tmp_path: Path) -> None:
    from ladder_compiler.pipeline import read_framework
    from ladder_compiler.render import Planned, RenderOptions, get_renderer
    from ladder_compiler.render.pdf import PdfRenderer

    exports = {}
    for tracks in (2, 6):
        generate(tmp_path / f"p{tracks}", tracks=tracks, levels=3, competencies=4, seed=3)
        framework = read_framework(tmp_path / f"p{tracks}").framework
        export = get_renderer("json").render(framework, Planned("json/track-01.json", "track-01"), RenderOptions())
        _, _, attachments, _, _ = PdfRenderer().prepare(
            framework, Planned("pdf/track-01.pdf", "track-01", heavy=True), RenderOptions()
        )
        assert [(name, content) for name, content, _ in attachments] == [("track-01.json", export)]
        exports[tracks] = export
    assert exports[2] == exports[6]


def test_a_tracks_export_carries_only_what_the_track_uses() -> None:
    from ladder_compiler.pipeline import read_framework
    from ladder_compiler.render.export import framework_export
    from ladder_compiler.render.fingerprint import track_digest
    from ladder_compiler.render.hris_json import validate_export

    framework = read_framework(ENGINEERING).framework
    for track in framework.tracks:
        export = framework_export(framework, (track.id,))
        assert validate_export(export) == []
        own_levels = {level.id for level in track.levels}
        grades = export["levelling_guide"]["grades"]
        assert grades and all(grade["levels"] and set(grade["levels"]) <= own_levels for grade in grades)
        assert {level for grade in grades for level in grade["levels"]} == {
            level.id for level in track.levels if level.levelling_grade
        }
        competencies = {c["id"] for c in export["competency_library"]["competencies"]}
        assert set(track.competency_ids) <= competencies
        assert competencies <= {c.id for c in framework.competencies}
        categories = {c["id"] for c in export["competency_library"]["categories"]}
        assert categories == {framework.competency(c).category_id for c in competencies} - {None} | {
            r.category_id for lv in track.levels if lv.promotion for r in lv.promotion.min_ratings if r.category_id
        }
        assert export["framework"]["source_hash"] == track_digest(framework, track.id)
    whole = framework_export(framework)
    assert whole["framework"]["source_hash"] == framework.source_hash
    assert len(whole["competency_library"]["competencies"]) == len(framework.competencies)


def test_a_tracks_translations_are_its_own_strings_and_the_shared_ones() -> None:
    from ladder_compiler.i18n.translate import translated_framework
    from ladder_compiler.pipeline import read_framework
    from ladder_compiler.render import Planned, RenderOptions, get_renderer
    from ladder_compiler.render.export import framework_export
    from ladder_compiler.render.pdf import PdfRenderer

    framework = read_framework(REPO / "ladders").framework
    whole = framework_export(framework)["translations"]
    for track in framework.tracks:
        other = next(t.id for t in framework.tracks if t.id != track.id)
        export = framework_export(framework, (track.id,))
        used = {c["id"] for c in export["competency_library"]["competencies"]}
        assert set(export["translations"]) == set(whole) == {"de", "ar"}
        for language, entry in export["translations"].items():
            kept = entry["strings"]
            assert kept and not any(key.startswith(f"{other}/") for key in kept)
            own = {k for k in whole[language]["strings"] if k.startswith(f"{track.id}/")}
            assert own <= kept.keys() and (own or language == "ar")  # the draft has none of the trunk's yet
            assert {key.split("/")[1] for key in kept if key.startswith("competency/")} <= used
            shared = {k: v for k, v in whole[language]["strings"].items() if k.startswith(("framework/", "scale/"))}
            assert shared.items() <= kept.items()
        translated = translated_framework(framework, "de")
        _, _, attachments, _, _ = PdfRenderer().prepare(
            translated, Planned(f"pdf/de/{track.id}.pdf", track.id, heavy=True), RenderOptions()
        )
        source_json = get_renderer("json").render(
            framework, Planned(f"json/{track.id}.json", track.id), RenderOptions()
        )
        assert [content for _, content, _ in attachments] == [source_json]


def test_a_no_op_build_counts_every_language_and_notices_a_missing_translation(runner, tmp_path: Path) -> None:
    """The same unit as a fresh build: the German documents are outputs too (Arabic, a draft
    language, is built only with `--drafts`)."""
    out = tmp_path / "out"
    fresh = invoke(runner, "build", REPO / "ladders", "--out", out, "--format", "md,csv")
    assert fresh.exit_code == 0
    assert fresh.stderr.splitlines()[-1] == f"{out}: 15 written, 0 unchanged"
    again = invoke(runner, "build", REPO / "ladders", "--out", out, "--format", "md,csv")
    assert again.stderr.splitlines()[-1] == f"{out}: 0 written, 15 unchanged"
    (out / "markdown" / "de" / "README.md").unlink()
    mended = invoke(runner, "build", REPO / "ladders", "--out", out, "--format", "md,csv")
    assert mended.stderr.splitlines()[-1] == f"{out}: 1 written, 14 unchanged"
    assert (out / "markdown" / "de" / "README.md").is_file()
