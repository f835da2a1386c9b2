"""Translations: extraction, staleness, validate --strict, per-language documents, PO round trip."""

from __future__ import annotations

import re
import shutil
import subprocess
import zlib
from pathlib import Path

import pytest
import yaml

from ladder_compiler.i18n import (
    locale_path,
    read_po,
    template_catalog,
    translated_framework,
    translation_status,
    update_catalog,
    write_po,
)
from ladder_compiler.i18n.catalog import po_bytes
from ladder_compiler.pipeline import read_framework

from conftest import LADDERS, REPO, invoke

BEHAVIOUR = "group-product-manager/lead-pm/delivery/lead-rituals"
OLD_TEXT = (
    "Runs sprint planning, backlog refinement and retrospectives for the area, "
    "and changes one practice after each retrospective."
)
NEW_TEXT = "Runs sprint planning and retrospectives for the area, and changes one practice after each retrospective."
# Values in the YAML that are codes or references, not prose a reader sees in their language.
NOT_PROSE = {
    "id",
    "starts_after",
    "previous_ids",
    "raises",
    "retires",
    "kind",
    "breadth",
    "category",
    "rating",
    "expected",  # a scale value's id
    "competency",
    "competencies",
    "job_code",
    "grade",
    "version",
    "effective_date",
    "approved_on",  # a date; `ladder release` writes it
    "uuid_namespace",
    "brand_colour",
    "logo",
    "templates",
    "from",
    "to",
    "levels",
    "language",
    "languages",
    "draft_languages",
    "job_family_group",
    "job_family",
    "page_size",
    "previous_release",
}


def framework(path: Path = LADDERS):
    compiled = read_framework(path)
    assert compiled.ok, compiled.problems
    return compiled.framework


@pytest.fixture
def ladders(tmp_path: Path) -> Path:
    target = tmp_path / "ladders"
    shutil.copytree(LADDERS, target)
    return target


def change_behaviour(project: Path) -> None:
    track = project / "tracks" / "group-product-manager.yaml"
    text = track.read_text(encoding="utf-8")
    old = "Runs sprint planning, backlog refinement and retrospectives for the area, and changes one"
    assert text.count(old) == 1
    track.write_text(
        text.replace(old, "Runs sprint planning and retrospectives for the area, and changes one"), encoding="utf-8"
    )


def prose(node, key: str | None = None):
    if isinstance(node, dict):
        for child_key, value in node.items():
            if (
                child_key != "peers"
            ):  # peer groups' notes are for ladder authors; the model (and every document) has no place for them
                yield from prose(value, child_key)
    elif isinstance(node, list):
        for item in node:
            yield from prose(item, key)
    elif isinstance(node, str) and key not in NOT_PROSE:
        yield " ".join(node.split())


def test_the_template_holds_every_prose_string_of_the_yaml_once_with_its_id_as_context() -> None:
    catalog = template_catalog(framework())
    msgids = {" ".join(m.id.split()) for m in catalog if m.id and isinstance(m.id, str)}
    sources = [
        yaml.safe_load(p.read_text(encoding="utf-8"))
        for p in sorted(LADDERS.rglob("*.yaml"))
        if not any(part.startswith(".") for part in p.relative_to(LADDERS).parts)
    ]  # .releases/ holds an old version
    missing = {text for data in sources for text in prose(data)} - msgids
    assert missing == set()
    contexts = [m.context for m in catalog if m.id and m.context != "label"]
    assert len(contexts) == len(set(contexts)) and BEHAVIOUR in contexts


def test_every_word_of_the_markdown_goes_through_the_catalogue(ladders: Path) -> None:
    """Pseudo-translate every entry; whatever English is left in the document escaped extraction."""
    model = framework(ladders)
    catalog = update_catalog(read_po(locale_path(model, "de"), "de"), template_catalog(model))
    for message in catalog:
        if message.id:
            message.string = (
                f"«{message.id}»" if isinstance(message.id, str) else (f"«{message.id[0]}»", f"«{message.id[1]}»")
            )
            message.flags.discard("fuzzy")
    write_po(locale_path(model, "de"), catalog)
    from ladder_compiler.render import Planned, RenderOptions, get_renderer

    german = translated_framework(framework(ladders), "de")
    markdown = (
        get_renderer("md")
        .render(german, Planned("markdown/de/group-product-manager.md", "group-product-manager"), RenderOptions())
        .decode()
    )
    # The change log quotes texts of the previous release, which no catalogue entry translates:
    # marked there, and only there, where an old value or an item of an old list opens ("“" inside the
    # pseudo-translation).
    before, rest = markdown.split("## «Changes since 1.0.0»", 1)
    changes, after = rest.split("*«Marks:»*", 1)
    marks = [m.start() for m in re.finditer(re.escape("\\[EN\\]"), changes)]
    assert [changes[at - 1] for at in marks] == ["“"] * 8 + [" "] + ["“"] * 25 + [" "] + ["“"] * 11
    # an old list of evidence examples is one quotation; each untranslated item in it is marked
    inside = [
        changes[changes.rindex("“", 0, at) : at]
        for at in marks
        if changes[at - 1] != "“" and not changes[:at].endswith("changed from ")
    ]
    assert inside == ["“\\[EN\\] A hire made against a written scorecard. "]
    # a breadth renamed since 1.0.0 is printed unquoted, by its old name
    assert "- ««Breadth» changed from \\[EN\\] Several domains to «A product group»»" in changes
    markdown = before + after
    assert "[EN" not in markdown  # no fallback mark, escaped (\\[EN\\]) or not
    leftover = re.sub(r"`[^`]*`|\(#[a-z0-9-]+\)|<a id=\"[^\"]*\"></a>", " ", markdown)
    while "«" in leftover:  # labels hold translated texts: take the innermost first
        leftover, count = re.subn(r"«[^«»]*»", " ", leftover)
        assert count
    words = set(re.findall(r"[A-Za-z]{2,}", leftover))
    # job codes (PM-M1), table cells' line breaks, the effective and approval dates in German
    assert words == {"PM", "br", "Januar", "Dezember"}, words


def test_changing_one_behaviour_makes_exactly_that_entry_stale_in_every_language(ladders: Path) -> None:
    change_behaviour(ladders)
    model = framework(ladders)
    for language in ("de", "ar"):
        status = translation_status(model, language)
        assert [(s.entry.context, s.made_for) for s in status.stale] == [(BEHAVIOUR, OLD_TEXT)]


def test_update_keeps_the_old_translation_fuzzy_with_the_previous_source(ladders: Path, runner) -> None:
    before = read_po(ladders / "locales" / "de.po", "de").get(OLD_TEXT, BEHAVIOUR).string
    change_behaviour(ladders)
    result = invoke(runner, "translations", "update", ladders)
    assert result.exit_code == 0, result.output
    message = read_po(ladders / "locales" / "de.po", "de").get(NEW_TEXT, BEHAVIOUR)
    assert message.fuzzy and message.string == before and message.previous_id == [OLD_TEXT]
    text = (ladders / "locales" / "de.po").read_text(encoding="utf-8")
    assert "#, fuzzy" in text and '#| msgid ""' in text and '#| "Runs sprint planning, backlog refinement' in text
    again = invoke(runner, "translations", "update", ladders)  # idempotent: the stale entry keeps its origin
    assert "(unchanged)" in again.output
    assert translation_status(framework(ladders), "de").stale[0].made_for == OLD_TEXT


ID_MESSAGE = (
    "in this file without an id (the first here): their ids and UUIDs change whenever they are reworded or moved"
)


def test_the_shipped_ladders_pass_the_release_gate_with_arabic_as_a_draft(runner) -> None:
    result = invoke(runner, "validate", LADDERS, "--strict", "--format", "json")
    assert result.exit_code == 0, result.output
    import json

    problems = json.loads(result.output)
    assert [(p["rule"], p["severity"], p["message"]) for p in problems] == [
        (
            "translation-missing",
            "info",
            "ar (draft): 741 of 937 strings not yet translated; they fall back to en, marked",
        )
    ]
    status = invoke(runner, "translations", "status", LADDERS)
    assert status.output.splitlines() == [
        "de: 937/937 current, 0 stale, 0 missing",
        "ar (draft): 196/937 current, 0 stale, 741 missing",
    ]


def test_validate_warns_and_strict_fails_naming_the_stale_entry_in_the_published_language(
    ladders: Path, runner
) -> None:
    change_behaviour(ladders)
    relaxed = invoke(runner, "validate", ladders, "--format", "json")
    assert relaxed.exit_code == 0
    strict = invoke(runner, "validate", ladders, "--strict")
    assert strict.exit_code == 1
    stale = [line for line in strict.output.splitlines() if "[translation-stale]" in line]
    assert [line.split(": ", 1)[1] for line in stale] == [
        f"info [translation-stale] ar: stale translation of `{BEHAVIOUR}`: "
        "the source text changed since it was translated",
        f"warning [translation-stale] de: stale translation of `{BEHAVIOUR}`: "
        "the source text changed since it was translated",
    ]
    assert [line.split(":")[0].rsplit("/", 1)[1] for line in stale] == ["ar.po", "de.po"]
    warnings = [line for line in strict.output.splitlines() if ": warning [" in line or ": error [" in line]
    assert warnings == stale[1:]  # the one stale German entry is the only thing the gate fails on


def test_lint_strict_is_the_same_gate_as_validate_strict(ladders: Path, runner) -> None:
    """One gate: `--strict` means "warnings fail" in both, and a stale translation is a warning."""
    change_behaviour(ladders)
    assert invoke(runner, "lint", ladders).exit_code == 0
    strict = invoke(runner, "lint", ladders, "--strict", "--format", "json")
    assert strict.exit_code == 1
    import json

    findings = [(p["rule"], p["severity"], p["file"].rsplit("/", 1)[-1]) for p in json.loads(strict.output)]
    assert ("translation-stale", "warning", "de.po") in findings
    assert ("translation-stale", "info", "ar.po") in findings


@pytest.mark.parametrize(
    "languages, message",
    [
        (
            "languages: [en, de]\n  draft_languages: [ar, de]",
            "language `de` is listed in both `languages` and `draft_languages`",
        ),
        ("languages: [de]\n  draft_languages: [en]", "language `en` is the source language: it is built from the YAML"),
    ],
)
def test_a_language_is_published_or_a_draft_never_both(ladders: Path, runner, languages: str, message: str) -> None:
    path = ladders / "framework.yaml"
    text = path.read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line.startswith(("  languages:", "  draft_languages:"))]
    assert len(lines) == 2
    path.write_text(text.replace(lines[0] + "\n" + lines[1], "  " + languages), encoding="utf-8")
    result = invoke(runner, "validate", ladders)
    assert result.exit_code == 1
    assert "framework.yaml:9:" in result.output and "error [duplicate-id] " + message in result.output


def test_shipped_german_is_complete_and_arabic_partial() -> None:
    model = framework()
    german, arabic = translation_status(model, "de"), translation_status(model, "ar")
    assert (len(german.missing), len(german.stale)) == (0, 0)
    assert arabic.current > 100 and len(arabic.missing) > 100 and not arabic.stale


def test_german_documents_show_a_stale_behaviour_in_english_marked_and_noted(ladders: Path, runner) -> None:
    change_behaviour(ladders)
    out = ladders.parent / "out"
    assert invoke(runner, "build", ladders, "--out", out, "--format", "md,html").exit_code == 0
    markdown = (out / "markdown" / "de" / "group-product-manager.md").read_text(encoding="utf-8")
    before, rest = markdown.split("## Änderungen seit 1.0.0", 1)
    changes, after = rest.split("*Kennzeichnungen:*", 1)
    # the change log tells the rewording with the new wording as the document shows it: marked
    assert f"„\\[EN\\] {NEW_TEXT}“" in changes
    markdown = before + after  # the rest of the document, where the behaviour appears as before
    # Markdown escapes the brackets (\\[EN\\]); a Markdown viewer shows [EN]
    # Lead PM follows the Senior PM trunk level, which lacks the behaviour: both badges
    assert f"- **Neu auf dieser Stufe:** **In dieser Version geändert:** \\[EN\\] {NEW_TEXT}" in markdown
    shown = markdown.count(NEW_TEXT)  # in the matrix, in its level, and where the level above replaces it
    assert (
        shown == 3 and markdown.count(f"\\[EN\\] {NEW_TEXT}") == shown and markdown.count("[EN") == shown + 1
    )  # + note
    assert (
        "> ⚠ Mit [EN] markierte Passagen haben keine aktuelle Übersetzung (Sprache: Deutsch) "
        "und erscheinen auf Englisch." in markdown
    )
    page = (out / "html" / "de" / "group-product-manager.html").read_text(encoding="utf-8")
    assert f'<span class="fallback" lang="en" dir="ltr">[EN] {NEW_TEXT}</span>' in page
    assert '<html lang="de" dir="ltr">' in page and 'class="fallback-note"' in page
    other = (out / "markdown" / "de" / "portfolio-product-manager.md").read_text(encoding="utf-8")
    other = other.split("## Änderungen seit 1.0.0", 1)[0] + other.split("*Kennzeichnungen:*", 1)[1]
    assert "[EN" not in other  # the change does not touch this track: no mark (escaped or not), no note


def test_source_language_documents_keep_their_paths_and_words(runner, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert invoke(runner, "build", LADDERS, "--out", out, "--format", "md,html").exit_code == 0
    assert (out / "markdown" / "group-product-manager.md").read_bytes() == (
        REPO / "output" / "markdown" / "group-product-manager.md"
    ).read_bytes()
    english = (out / "html" / "group-product-manager.html").read_text(encoding="utf-8")
    assert (
        '<html lang="en" dir="ltr">' in english
        and "[EN]" not in english
        and "fallback" not in english.split("</style>")[1]
    )
    assert sorted(p.relative_to(out).as_posix() for p in (out / "markdown").rglob("*.md")) == [
        "markdown/README.md",
        "markdown/de/README.md",
        "markdown/de/group-product-manager.md",
        "markdown/de/levelling-guide.md",
        "markdown/de/portfolio-product-manager.md",
        "markdown/de/product-manager.md",
        "markdown/group-product-manager.md",
        "markdown/levelling-guide.md",
        "markdown/portfolio-product-manager.md",
        "markdown/product-manager.md",
    ]


def test_arabic_html_is_right_to_left_with_arabic_plurals_and_fallbacks_marked(runner, tmp_path: Path) -> None:
    out = tmp_path / "out"  # a draft language: built only on request, so not in the committed output
    assert invoke(runner, "build", LADDERS, "--out", out, "--format", "html", "--drafts").exit_code == 0
    page = (out / "html" / "ar" / "group-product-manager.html").read_text(encoding="utf-8")
    assert '<html lang="ar" dir="rtl">' in page
    assert "<td>12 شهرًا</td>" in page and "<td>6 أشهر</td>" in page  # CLDR plural forms: many, few
    assert '<div class="fallback" lang="en" dir="ltr"><p>[EN] People leaders who run product execution' in page
    assert "صفحة " in page and "counter(page)" in page


def test_german_pdf_is_tagged_german_and_localised() -> None:
    pdf = REPO / "output" / "pdf" / "de" / "group-product-manager.pdf"
    data = pdf.read_bytes()
    streams = [
        zlib.decompress(data[m.end() : data.find(b"endstream", m.end())])
        for m in re.finditer(rb"stream\r?\n", data)
        if _inflates(data, m.end())
    ]
    assert any(b"/Lang (de)" in s for s in streams + [data])
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert (
        "Seite 2 von" in text
        and "Gültig ab" in text
        and "1. Januar 2027" in text
        and "Beförderung auf die Stufe" in text
    )
    assert "Page 2 of" not in text
    # German is complete: the only English is the change log's diff descriptions, generated by
    # `ladder diff` in the source language and marked as such, on the pages headed by the change log.
    marked = [page for page in text.split("\f") if "[EN]" in page]
    assert marked and all(page.lstrip().splitlines()[0].endswith("Änderungen seit 1.0.0") for page in marked)


def _inflates(data: bytes, start: int) -> bool:
    try:
        zlib.decompress(data[start : data.find(b"endstream", start)])
        return True
    except zlib.error:
        return False


def test_po_files_round_trip_through_babel_byte_for_byte() -> None:
    for language in ("de", "ar"):
        path = LADDERS / "locales" / f"{language}.po"
        assert po_bytes(read_po(path, language)) == path.read_bytes()


def test_translator_text_cannot_inject_markup_or_break_placeholders(ladders: Path, runner) -> None:
    path = ladders / "locales" / "de.po"
    catalog = read_po(path, "de")
    catalog.get("Expectations", "label").string = "<script>alert(1)</script>"
    catalog.get("Promotion into %(level)s", "label").string = "Beförderung %(stufe)s"  # a broken placeholder
    catalog.get("Page %(page)s of %(pages)s", "label").string = 'Seite"; } </style><script>x</script> %(page)s'
    write_po(path, catalog)
    out = ladders.parent / "out"
    assert invoke(runner, "build", ladders, "--out", out, "--format", "md,html").exit_code == 0
    page = (out / "html" / "de" / "group-product-manager.html").read_text(encoding="utf-8")
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "Promotion into Group Product Manager" in page  # the source label, not a crash
    assert (
        'content: "Seite\\22 ; \\7d  \\3c \\2f style\\3e \\3c script\\3e x\\3c \\2f script\\3e  " counter(page)' in page
    )
    markdown = (out / "markdown" / "de" / "group-product-manager.md").read_text(encoding="utf-8")
    assert "### &lt;script&gt;alert(1)&lt;/script&gt;" in markdown


def test_an_unreadable_po_file_is_a_located_error_not_a_traceback(ladders: Path, runner) -> None:
    (ladders / "locales" / "de.po").write_text('msgid "unterminated\n', encoding="utf-8")
    result = invoke(runner, "validate", ladders)
    assert result.exit_code == 1
    assert "de.po:1:1: error [translation-unreadable] de: cannot read the PO file" in result.output


def test_diff_lists_the_translations_a_change_made_stale(ladders: Path, runner) -> None:
    change_behaviour(ladders)
    result = invoke(runner, "diff", LADDERS, ladders)
    assert result.output.rstrip().endswith(f"Translations made stale (2):\n  de  {BEHAVIOUR}\n  ar  {BEHAVIOUR}")
    import json

    data = json.loads(invoke(runner, "diff", LADDERS, ladders, "--format", "json").output)
    assert [(s["language"], s["key"], s["old_text"], s["new_text"]) for s in data["stale_translations"]] == [
        ("de", BEHAVIOUR, OLD_TEXT, NEW_TEXT),
        ("ar", BEHAVIOUR, OLD_TEXT, NEW_TEXT),
    ]


def test_hris_export_carries_current_translations_and_names_stale_ones(ladders: Path) -> None:
    change_behaviour(ladders)
    from ladder_compiler.render.export import framework_export

    export = framework_export(framework(ladders))
    german = export["translations"]["de"]
    assert (german["status"], export["translations"]["ar"]["status"]) == ("published", "draft")
    assert german["strings"]["group-product-manager/gpm/title"] == "Group Product Manager"
    assert german["strings"]["competency/delivery/name"] == "Lieferung und Arbeitsrhythmus"
    assert BEHAVIOUR not in german["strings"] and german["stale"] == [BEHAVIOUR] and german["missing"] == []
    import jsonschema

    from ladder_compiler.source.schema_store import validator

    assert list(validator("hris-export.v2.schema.json").iter_errors(export)) == []
    assert jsonschema  # the official validator, not a hand check


def test_a_changed_po_file_makes_outputs_stale_and_the_build_takes_it_in(ladders: Path, runner) -> None:
    out = ladders.parent / "out"
    assert invoke(runner, "build", ladders, "--out", out, "--format", "md", "--drafts").exit_code == 0
    assert invoke(runner, "check", ladders, "--out", out, "--format", "md", "--drafts").exit_code == 0
    path = ladders / "locales" / "ar.po"
    catalog = read_po(path, "ar")
    catalog.get("Career paths", "label").string = "المسارات المهنية المتاحة"
    write_po(path, catalog)
    assert invoke(runner, "check", ladders, "--out", out, "--format", "md", "--drafts").exit_code == 1
    assert invoke(runner, "build", ladders, "--out", out, "--format", "md", "--drafts").exit_code == 0
    arabic = (out / "markdown" / "ar" / "portfolio-product-manager.md").read_text(encoding="utf-8")
    assert "### المسارات المهنية المتاحة\n" in arabic


def test_a_character_no_installed_font_covers_is_a_build_warning_naming_the_text(mini: Path, runner) -> None:
    framework_file = mini / "framework.yaml"
    framework_file.write_text(
        framework_file.read_text(encoding="utf-8").replace(
            "  version: 1.2.0\n", "  version: 1.2.0\n  languages: [en, de]\n"
        ),
        encoding="utf-8",
    )
    assert invoke(runner, "translations", "update", mini).exit_code == 0
    path = mini / "locales" / "de.po"
    catalog = read_po(path, "de")
    catalog.get("Vision", "competency/vision/name").string = "Vision \U000f0001"  # private use: no font draws it
    write_po(path, catalog)
    result = invoke(runner, "build", mini, "--out", mini.parent / "out", "--format", "pdf")
    assert result.exit_code == 0
    line = next(n for n, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if "\U000f0001" in text)
    assert (
        f"de.po:{line - 1}:1: warning [missing-glyph] de translation of `competency/vision/name` “Vision \U000f0001” has"
        " “\U000f0001” (U+F0001), which neither DejaVu Sans nor any installed font can draw" in result.output
    )
    assert result.output.count("[missing-glyph]") == 1  # German and English text otherwise fully covered


def test_translated_documents_attach_the_one_export_that_carries_every_language() -> None:
    from ladder_compiler.render.export import framework_export

    model = framework()
    assert framework_export(translated_framework(model, "ar")) == framework_export(model)  # the source model's
    assert set(framework_export(model)["translations"]) == {"de", "ar"}


def test_every_translation_rule_is_in_the_rule_catalogue() -> None:
    from ladder_compiler.catalogue import find

    written = set(re.findall(r'"(translation-[a-z-]+)"', (REPO / "compiler" / "i18n" / "status.py").read_text()))
    assert written == {"translation-missing", "translation-stale", "translation-unreadable"}
    assert all(find(rule_id, "validate") is not None for rule_id in written)


def test_case_packages_per_language_state_their_language() -> None:
    import json

    german = json.loads((REPO / "output" / "case" / "de" / "product-management.json").read_text(encoding="utf-8"))
    source = json.loads((REPO / "output" / "case" / "product-management.json").read_text(encoding="utf-8"))
    assert german["CFDocument"]["language"] == "de" and source["CFDocument"]["language"] == "en"
    assert {item["language"] for item in german["CFItems"]} == {"de"}
    assert german["CFDocument"]["title"] == "Karriere-Framework Produktmanagement"


@pytest.mark.slow  # two full PDF builds of a track, English and German
def test_german_pdf_shows_a_stale_behaviour_in_english_marked_and_noted(ladders: Path, runner) -> None:
    change_behaviour(ladders)
    out = ladders.parent / "out"
    result = invoke(runner, "build", ladders, "--out", out, "--format", "pdf", "--track", "group-product-manager")
    assert result.exit_code == 0, result.output
    pdf = out / "pdf" / "de" / "group-product-manager.pdf"
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    flowing = " ".join(text.split())
    assert f"[EN] {NEW_TEXT}" in flowing  # in its level (the "Neu" badge is extracted after the line)
    assert "Mit [EN] markierte Passagen haben keine aktuelle Übersetzung" in flowing
    # the stale German text is not shown as if current: only as the old wording in the change log
    assert flowing.count("Leitet Sprint-Planung") == 1
    assert "Arbeitsrhythmus umformuliert von „Leitet Sprint-Planung" in flowing


def test_format_2_texts_are_translatable_and_reach_the_documents(tmp_path: Path, runner) -> None:
    project = tmp_path / "engineering"
    shutil.copytree(REPO / "examples" / "engineering", project)
    framework_file = project / "framework.yaml"
    framework_file.write_text(
        framework_file.read_text(encoding="utf-8").replace(
            "  language: en-GB\n", "  language: en-GB\n  languages: [en-GB, de]\n"
        ),
        encoding="utf-8",
    )
    assert invoke(runner, "translations", "update", project).exit_code == 0
    path = project / "locales" / "de.po"
    catalog = read_po(path, "de")
    behaviour = "foundation/associate-engineer/craft/assoc-small-changes"
    move = "path/staff-engineer/engineering-manager/criteria"
    keys = {message.context for message in catalog if message.id}
    for key in (
        f"{behaviour}/examples/1",
        f"{behaviour}/links/1/title",
        f"{move}/description",
        "grade/e1/name",
        "levelling/description",
        "scale/rated_against",
    ):
        assert key in keys, key
    assert any(key.startswith("breadth/") for key in keys)
    shipped = read_po(LADDERS / "locales" / "de.po", "de")
    for message in catalog:  # the documents' own words, from the shipped German catalogue
        known = shipped.get(message.id if isinstance(message.id, str) else message.id[0], "label")
        if message.context == "label" and known is not None:
            message.string = known.string
    catalog.get(
        "Adds a missing null check with a unit test that fails without it.", f"{behaviour}/examples/1"
    ).string = "Ergänzt eine fehlende Null-Prüfung mit einem Unit-Test, der ohne sie fehlschlägt."
    catalog.get("Our code review guide", f"{behaviour}/links/1/title").string = "Unser Leitfaden für Code-Reviews"
    write_po(path, catalog)
    out = tmp_path / "out"
    assert invoke(runner, "build", project, "--out", out, "--format", "md").exit_code == 0
    german = (out / "markdown" / "de" / "foundation.md").read_text(encoding="utf-8")
    assert (
        "  - *Beispiel:* Ergänzt eine fehlende Null-Prüfung mit einem Unit-Test, der ohne sie fehlschlägt.\n" in german
    )
    assert "  - *Siehe:* [Unser Leitfaden für Code-Reviews](<https://example.org/engineering/code-review>)\n" in german
    assert "- \\[EN-GB\\] Ships small changes with tests, and answers every review comment before merging.\n" in german
    staff = (out / "markdown" / "de" / "staff.md").read_text(encoding="utf-8")
    assert "*Was der Wechsel voraussetzt:* \\[EN-GB\\] A Staff Engineer already meets the technical bar;" in staff
    guide = (out / "markdown" / "de" / "levelling-guide.md").read_text(encoding="utf-8")
    assert guide.startswith(  # German is published here, and incomplete: the release is a draft
        "> **ENTWURF** Version 2.0.0, gültig ab 1. April 2026, ist nicht zur Veröffentlichung freigegeben.\n\n"
        "# Leitfaden zur Stufeneinordnung — \\[EN-GB\\] Engineering Career Framework\n"
    )
    assert "\n| Entgeltgruppe | \\[EN-GB\\] Engineering Foundation |" in guide
