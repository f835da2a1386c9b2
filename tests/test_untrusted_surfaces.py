"""Untrusted ladders, the newer surfaces (issue 29): previous releases, catalogues, HRIS profiles,
shard slices and the names of outputs. Each test names the threat it stops; docs/safety.md lists
them with the promise each keeps. The older surfaces are in test_untrusted.py."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from pathlib import Path

import pytest
from test_untrusted import _links_and_headings, line_of, set_presentation, validate_json

from conftest import LADDERS, MINI, invoke

SECRET = "TOP-SECRET-CI-TOKEN"
CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def build(runner, project: Path, out: Path, *args: str):
    return invoke(runner, "build", project, "--out", out, "--jobs", "1", *args)


def translated(runner, project: Path) -> Path:
    """`project` publishing German, with a fresh de.po; returns the catalogue."""
    framework = project / "framework.yaml"
    framework.write_text(
        framework.read_text().replace("  version: 1.2.0\n", "  version: 1.2.0\n  languages: [en, de]\n")
    )
    assert invoke(runner, "translations", "update", project).exit_code == 0
    return project / "locales" / "de.po"


def translate_everything(catalogue: Path, text: str) -> None:
    from ladder_compiler.i18n.catalog import read_po, write_po

    catalog = read_po(catalogue, "de")
    for message in catalog:
        if message.id:
            message.string = text if isinstance(message.id, str) else (text, text)
    write_po(catalogue, catalog)


def all_text(directory: Path) -> str:
    return (
        "".join(p.read_text(errors="replace") for p in directory.rglob("*") if p.is_file())
        if directory.exists()
        else ""
    )


# ---- previous releases ------------------------------------------------------------------------------


@pytest.mark.parametrize("how", ["dotdot", "absolute", "proc", "symlink"])
def test_previous_release_outside_the_project_is_a_located_unsafe_path(
    runner, mini: Path, tmp_path: Path, how: str
) -> None:
    """Threat: the change log reads (and shows the version of) a ladder project outside the repository."""
    outside = tmp_path / "outside"
    shutil.copytree(MINI, outside)
    release = {"dotdot": "../outside", "absolute": str(outside), "proc": "/proc/self/environ"}.get(how)
    if how == "symlink":
        (mini / ".releases").mkdir()
        (mini / ".releases" / "1.0.0").symlink_to(outside)
        release = ".releases/1.0.0"
    set_presentation(mini, previous_release=release)
    code, problems = validate_json(runner, mini)
    assert code == 1
    assert [(Path(p["file"]).name, p["line"], p["rule"]) for p in problems] == [
        ("framework.yaml", line_of(mini / "framework.yaml", "previous_release:"), "unsafe-path")
    ]
    result = build(runner, mini, tmp_path / "out", "--format", "md")
    assert result.exit_code == 1 and "unsafe-path" in result.output and not (tmp_path / "out" / "markdown").exists()


def test_malformed_previous_release_is_a_located_validation_error(runner, mini: Path) -> None:
    """Threat: a broken `.releases/` copy passes validate and fails later without a location."""
    shutil.copytree(MINI, mini / ".releases" / "1.0.0")
    (mini / ".releases" / "1.0.0" / "tracks.yaml").write_text("tracks: [\n")
    set_presentation(mini, previous_release=".releases/1.0.0")
    code, problems = validate_json(runner, mini)
    assert code == 1
    assert [(p["file"].endswith(".releases/1.0.0/tracks.yaml"), p["rule"]) for p in problems] == [(True, "yaml-syntax")]


# ---- catalogues: read and written inside the project only -------------------------------------------


@pytest.mark.parametrize("what", ["file", "folder"])
def test_catalogue_symlinked_out_of_the_project_is_refused_and_not_read(
    runner, mini: Path, tmp_path: Path, what: str
) -> None:
    """Threat: a symlinked `locales/de.po` (or `locales/`) pulls text from outside into nine outputs."""
    catalogue = translated(runner, mini)
    translate_everything(catalogue, SECRET)
    outside = tmp_path / "outside"
    if what == "file":
        outside.mkdir()
        catalogue.rename(outside / "de.po")
        catalogue.symlink_to(outside / "de.po")
    else:
        (mini / "locales").rename(outside)
        (mini / "locales").symlink_to(outside)
    code, problems = validate_json(runner, mini)
    assert code == 1
    assert [(Path(p["file"]).name, p["line"], p["rule"]) for p in problems] == [("de.po", 0, "unsafe-path")]
    assert "outside" in problems[0]["message"] and SECRET not in json.dumps(problems)
    text = invoke(runner, "validate", mini)  # the text report quotes source lines: never this file's
    assert text.exit_code == 1 and "de.po: error [unsafe-path]" in text.output and "German" not in text.output
    result = build(runner, mini, tmp_path / "out", "--format", "md,html,json")
    assert result.exit_code == 1 and "de.po: error [unsafe-path] de: " in result.output
    assert "leads outside" in result.output and "German" not in result.output
    assert SECRET not in result.output + all_text(tmp_path / "out") and not (tmp_path / "out").exists()


@pytest.mark.parametrize("command", ["update", "extract"])
def test_translations_commands_do_not_write_through_a_symlinked_locales(
    runner, mini: Path, tmp_path: Path, command: str
) -> None:
    """Threat: `ladder translations update|extract` create or rewrite files wherever `locales/` points."""
    translated(runner, mini)
    outside = tmp_path / "outside"
    (mini / "locales").rename(outside)
    (outside / "de.po").unlink()
    (mini / "locales").symlink_to(outside)
    result = invoke(runner, "translations", command, mini)
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "[unsafe-path]" in result.output and "leads outside" in result.output
    assert sorted(p.name for p in outside.iterdir()) == []


def test_catalogue_larger_than_its_limit_is_refused_unread(runner, mini: Path, tmp_path: Path) -> None:
    """Threat: a 94 MB catalogue read whole (37 s CPU, 1.65 GB) although every other input is bounded."""
    from ladder_compiler.i18n.catalogue_check import MAX_CATALOGUE_BYTES

    catalogue = translated(runner, mini)
    with catalogue.open("a") as handle:
        handle.write("# padding\n" * (MAX_CATALOGUE_BYTES // 10 + 1))
    code, problems = validate_json(runner, mini)
    assert code == 1 and [(p["rule"], p["line"]) for p in problems] == [("unsafe-path", 0)]
    assert "larger than 8 MiB" in problems[0]["message"]
    result = build(runner, mini, tmp_path / "out", "--format", "md")
    assert result.exit_code == 1 and "[unsafe-path] de: file is larger than 8 MiB" in result.output


# ---- catalogues: checked by validate ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (("nplurals=2; plural=(n != 1);", "nplurals=200000000; plural=(n != 1);"), "nplurals=200000000 is not between"),
        (("nplurals=2; plural=(n != 1);", "nplurals=2; plural=__import__('os');"), "is not a valid plural expression"),
        (("nplurals=2; plural=(n != 1);", "nplurals=2; plural=n ! 1 +;"), "is not a valid plural expression"),
        (('msgstr ""\n\n', 'msgstr ""\ngarbage entry\n\n'), "is not a PO keyword"),
        (('msgstr ""\n\n', 'msgstr[5] ""\n\n'), "beyond the 2 plural forms"),
    ],
    ids=["nplurals-huge", "plural-code", "plural-syntax", "garbage-line", "plural-index"],
)
def test_catalogue_syntax_and_plural_forms_are_located_validation_errors(
    runner, mini: Path, tmp_path: Path, edit: tuple[str, str], message: str
) -> None:
    """Threat: a MemoryError (nplurals=200000000) in validate, update and build; an invalid plural
    expression or garbage entries passing validate and failing later without a location."""
    catalogue = translated(runner, mini)
    old, new = edit
    text = catalogue.read_text()
    assert old in text
    index = text.index(old, text.index("msgctxt") if "msgstr" in old else 0)
    catalogue.write_text(text[:index] + new + text[index + len(old) :])
    expected_line = text[:index].count("\n") + (1 if new.startswith('msgstr ""\n') else 0) + 1
    code, problems = validate_json(runner, mini)
    assert code == 1
    assert [(Path(p["file"]).name, p["rule"]) for p in problems] == [("de.po", "translation-unreadable")]
    assert problems[0]["line"] == expected_line and message in problems[0]["message"]
    update = invoke(runner, "translations", "update", mini)
    assert update.exit_code == 1 and "Traceback" not in update.output and message in update.output
    result = build(runner, mini, tmp_path / "out", "--format", "md")
    assert result.exit_code == 0 and "Traceback" not in result.output  # documents fall back to English, marked


def test_language_tags_are_case_insensitive_and_listed_once(runner, mini: Path) -> None:
    """Threat: `languages: [en, de, DE]` builds one language into two folders."""
    framework = mini / "framework.yaml"
    framework.write_text(
        framework.read_text().replace("  version: 1.2.0\n", "  version: 1.2.0\n  languages: [en, de, DE]\n")
    )
    code, problems = validate_json(runner, mini)
    assert code == 1
    assert [(p["rule"], p["line"], p["column"]) for p in problems] == [
        ("duplicate-id", line_of(framework, "languages:"), 23)
    ]
    assert "`DE` is `de`" in problems[0]["message"]


# ---- catalogue and ladder text never becomes markup or control sequences --------------------------------

HOSTILE = (
    "X\x1b[2J\x07\u202e <script>alert(1)</script> <img src=x onerror=alert(1)> "
    "[link](javascript:alert(1)) ![img](https://tracker.example/p.png)\n# Injected heading"
)


# description blocks per German document: Markdown shows the track's; HTML also the tracks' on the
# index, and on a track page each competency's description and the description of each category its
# competencies fall in (manager: strategy and leadership; strategist: strategy)
DESCRIPTION_BLOCKS = {
    "README.md": 0,
    "manager.md": 1,
    "strategist.md": 1,
    "index.html": 2,
    "manager.html": 5,
    "strategist.html": 4,
}


def test_catalogue_text_is_inert_in_markdown_and_html(runner, mini: Path, tmp_path: Path) -> None:
    """Threat: a msgstr becomes markup (script, onerror image, javascript: link, image, heading) or
    carries ESC, BEL and bidi overrides into HTML and PDF."""
    import markdown

    translate_everything(translated(runner, mini), HOSTILE)
    out = tmp_path / "out"
    assert build(runner, mini, out, "--format", "md,html").exit_code == 0
    documents = sorted((out / "markdown" / "de").glob("*.md")) + sorted((out / "html" / "de").glob("*.html"))
    assert len(documents) == 6  # README, two tracks; index, two tracks
    for document in documents:
        text = document.read_text()
        assert not CONTROLS.search(text), document.name
        rendered = markdown.markdown(text, extensions=["tables"]) if document.suffix == ".md" else text
        found = _links_and_headings(rendered)
        assert [h for h in found.hrefs if "javascript" in h or "tracker" in h] == [], document.name
        assert [s for s in found.srcs if not s.startswith("data:")] == [], document.name
        # a description block keeps its headings sunk to h4 (as an English one does); nothing else makes one
        injected = [
            tag for h, tag in zip(found.headings, found.heading_tags, strict=True) if h.strip().startswith("Injected")
        ]
        assert injected == ["h4"] * DESCRIPTION_BLOCKS[document.name], document.name
        assert "<script>" not in rendered and "<img src=x" not in rendered, document.name


def test_levelling_guide_grade_name_escape_never_reaches_html(runner, tmp_path: Path) -> None:
    """Threat: ESC in a grade name (printed without a filter) reaches the levelling guide's HTML."""
    project = tmp_path / "ladders"
    shutil.copytree(LADDERS, project)
    guide = project / "levelling.yaml"
    first_grade_name = re.compile(r"^(      name: ).*$", re.M)  # the first grade's name, whatever it is
    guide.write_text(first_grade_name.sub(r'\1"Band\\e[31m 1\\a (M3)\\u202e"', guide.read_text(), count=1))
    out = tmp_path / "out"
    assert build(runner, project, out, "--format", "html", "--track", "group-product-manager").exit_code == 0
    page = (out / "html" / "levelling-guide.html").read_text()
    assert "Band[31m 1 (M3)" in page and not CONTROLS.search(page)


def test_lone_surrogate_in_ladder_text_is_a_located_error(runner, mini: Path, tmp_path: Path) -> None:
    """Threat: `\\ud800` passes validate and lint, then build dies with a traceback (no UTF-8 can hold it)."""
    tracks = mini / "tracks.yaml"
    tracks.write_text(tracks.read_text().replace("    title: Manager", '    title: "Man\\ud800ager"', 1))
    code, problems = validate_json(runner, mini)
    assert code == 1
    assert [(p["rule"], p["line"], p["column"]) for p in problems] == [
        ("yaml-value", line_of(tracks, "ud800"), 16)
    ] and "lone surrogate" in problems[0]["message"]
    result = build(runner, mini, tmp_path / "out", "--format", "md")
    assert result.exit_code == 1 and "Traceback" not in result.output


# ---- output names are planned before anything is written -------------------------------------------


@pytest.mark.parametrize(
    ("track_id", "collides_with"),
    [
        ("framework", "the framework-wide json/framework.json"),
        ("index", "the framework-wide html/index.html"),
        ("readme", "the framework-wide markdown/README.md"),
        ("manager-levels", "track `manager`'s pdf/manager-levels.pdf"),
        ("manager-worksheet", "track `manager`'s pdf/manager-worksheet.pdf"),
        ("con", "a device name Windows reserves"),
        ("nul", "a device name Windows reserves"),
        ("com1", "a device name Windows reserves"),
    ],
)
def test_track_id_that_names_another_output_is_a_located_error(
    runner, mini: Path, tmp_path: Path, track_id: str, collides_with: str
) -> None:
    """Threat: a track id overwrites another output (exit 0, a `.tmp` left, `ladder check` says current)."""
    tracks = mini / "tracks.yaml"
    tracks.write_text(tracks.read_text().replace("  - id: strategist\n", f"  - id: {track_id}\n", 1))
    code, problems = validate_json(runner, mini)
    assert code == 1
    assert [(p["rule"], p["line"]) for p in problems] == [("output-name", line_of(tracks, f"- id: {track_id}"))]
    assert collides_with in problems[0]["message"]
    result = build(runner, mini, tmp_path / "out", "--format", "md")
    assert result.exit_code == 1 and "[output-name]" in result.output and not (tmp_path / "out").exists()


def test_output_sub_folder_symlinked_out_is_not_written_through(runner, mini: Path, tmp_path: Path) -> None:
    """Threat: a symlinked `output/markdown` makes the build write outside the output directory."""
    out, elsewhere = tmp_path / "out", tmp_path / "elsewhere"
    out.mkdir()
    elsewhere.mkdir()
    (out / "markdown").symlink_to(elsewhere)
    result = build(runner, mini, out, "--format", "md")
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "[unsafe-path]: markdown/manager.md leads outside" in result.output
    assert list(elsewhere.iterdir()) == []


# ---- HRIS profiles --------------------------------------------------------------------------------------


def _profile_copy(project: Path, name: str, replacements: tuple[tuple[str, str], ...] = ()) -> Path:
    from ladder_compiler.hris.profile import find_profile

    text = find_profile("workday", project)[0].decode()
    for old, new in replacements:
        assert old in text
        text = text.replace(old, new)
    target = project / "hris" / name
    target.parent.mkdir(exist_ok=True)
    target.write_text(text)
    return target


def test_two_profiles_with_one_id_are_refused(runner, tmp_path: Path, monkeypatch) -> None:
    """Threat: two profiles with one id overwrite each other's files in hris/<id>/."""
    monkeypatch.chdir(tmp_path)
    _profile_copy(tmp_path, "a.yaml")
    _profile_copy(tmp_path, "b.yaml", (("system: Workday", "system: Workday (second tenant)"),))
    result = invoke(runner, "build", MINI, "--out", "out", "--format", "hris:hris/a.yaml,hris:hris/b.yaml")
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert re.search(
        r"hris/b\.yaml:\d+:\d+: error \[hris-profile-id\] profile id `workday` names the same folder hris/workday/ as hris/a.yaml",
        result.output,
    )
    assert not (tmp_path / "out" / "hris").exists()


def test_profile_id_that_windows_reserves_is_refused(runner, tmp_path: Path, monkeypatch) -> None:
    """Threat: a profile id `nul` names an output folder Windows cannot make (the build fails halfway there)."""
    monkeypatch.chdir(tmp_path)
    _profile_copy(tmp_path, "nul.yaml", (("profile: workday", "profile: nul"),))
    result = invoke(runner, "build", MINI, "--out", "out", "--format", "hris:hris/nul.yaml")
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert re.search(
        r"hris/nul\.yaml:7:\d+: error \[hris-profile-id\] profile id `nul` names the folder", result.output
    )
    assert not (tmp_path / "out" / "hris").exists()


def test_profile_csv_headers_are_neutralised_like_cells(runner, tmp_path: Path, monkeypatch) -> None:
    """Threat: a column header starting with = + - @ runs as a formula in a spreadsheet."""
    monkeypatch.chdir(tmp_path)
    _profile_copy(tmp_path, "evil.yaml", (("header: Job_Profile_ID,", 'header: "=HYPERLINK(\\"https://x\\")",'),))
    result = invoke(runner, "build", MINI, "--out", "out", "--format", "hris:hris/evil.yaml")
    assert result.exit_code == 0, result.output
    first = (tmp_path / "out" / "hris" / "workday" / "job-profiles.csv").read_text().splitlines()[0]
    assert first.startswith('"\'=HYPERLINK(""https://x"")",')


# ---- ladder merge --------------------------------------------------------------------------------------


@pytest.fixture
def slice_dir(runner, mini: Path, tmp_path: Path) -> Path:
    shard = tmp_path / "shard"
    assert build(runner, mini, shard, "--format", "md", "--shard", "1/1", "-q").exit_code == 0
    return shard


def _edit_manifest(shard: Path, edit) -> None:
    manifest = json.loads((shard / "manifest.json").read_text())
    edit(manifest)
    (shard / "manifest.json").write_text(json.dumps(manifest))


def test_merge_refuses_a_path_no_build_writes(runner, slice_dir: Path, tmp_path: Path) -> None:
    """Threat: a slice that lists `.github/workflows/evil.yml` gets it merged into the output and manifest."""
    evil = slice_dir / ".github" / "workflows" / "evil.yml"
    evil.parent.mkdir(parents=True)
    evil.write_text("on: push\n")
    entry = {"sha256": hashlib.sha256(evil.read_bytes()).hexdigest(), "cache_key": "x", "format": "md"}
    _edit_manifest(slice_dir, lambda m: m["files"].update({".github/workflows/evil.yml": entry}))
    result = invoke(runner, "merge", slice_dir, "--out", tmp_path / "merged")
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "lists '.github/workflows/evil.yml', which no `ladder build` writes" in result.output
    assert not (tmp_path / "merged" / ".github").exists() and not (tmp_path / "merged" / "manifest.json").exists()


@pytest.mark.parametrize("value", ["banana", "0/0", "1/1000000000000", "2/1"])
def test_merge_of_a_shard_value_that_is_no_slice_is_a_clear_error(
    runner, slice_dir: Path, tmp_path: Path, value: str
) -> None:
    """Threat: `"shard": "banana"`, `"0/0"` or `1/1000000000000` end `ladder merge` in a traceback (or memory)."""
    _edit_manifest(slice_dir, lambda m: m.update(shard=value))
    result = invoke(runner, "merge", slice_dir, "--out", tmp_path / "merged")
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "`shard` is not a slice: expected I/N with 1 ≤ I ≤ N ≤ 1000" in result.output
    assert "nothing was written" in result.output and not (tmp_path / "merged").exists()


def test_every_output_a_build_plans_is_one_merge_accepts() -> None:
    """The merge allow-list must not drift from the renderers: every planned path, in every language."""
    from dataclasses import replace

    from ladder_compiler.i18n.localised import LOCALISED_FORMATS, localised_path
    from ladder_compiler.pipeline import read_framework
    from ladder_compiler.render import FORMATS, get_renderer
    from ladder_compiler.shard import buildable

    framework = read_framework(LADDERS).framework
    assert framework is not None and framework.translated_languages == ("de", "ar")
    tracks = tuple(t.id for t in framework.tracks)
    refused = []
    for name in FORMATS:
        planned = get_renderer(name).plan(framework, tracks)
        if name in LOCALISED_FORMATS:
            planned += [replace(p, path=localised_path(p.path, lang)) for lang in ("de", "ar") for p in planned]
        refused += [(name, p.path) for p in planned if not buildable(p.path, name)]
    assert refused == []
