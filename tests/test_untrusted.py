"""Untrusted ladders (issue 11): a pull request can read, run and hide nothing; faults lose nothing.

One test (or a few) per class of attack or fault; docs/safety.md states what is promised.
"""

from __future__ import annotations

import html.parser
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import LADDERS, REPO, invoke

SECRET = "TOP-SECRET-CI-TOKEN"


def build(runner, project: Path, out: Path, *args: str):
    return invoke(runner, "build", project, "--out", out, "--jobs", "1", *args)


def validate_json(runner, project: Path) -> tuple[int, list[dict]]:
    result = invoke(runner, "validate", project, "--format", "json")
    return result.exit_code, json.loads(result.output)


def set_presentation(project: Path, **values: str) -> None:
    framework = project / "framework.yaml"
    lines = "".join(f"    {key}: {json.dumps(value)}\n" for key, value in values.items())
    framework.write_text(framework.read_text().replace("framework:\n", "framework:\n  presentation:\n" + lines, 1))


def line_of(path: Path, needle: str) -> int:
    return next(number for number, line in enumerate(path.read_text().splitlines(), 1) if needle in line)


# ---- paths a ladder names ------------------------------------------------------------------------


@pytest.fixture
def secret(tmp_path: Path) -> Path:
    path = tmp_path / "outside" / "secret.png"
    path.parent.mkdir()
    path.write_text(SECRET)
    return path


@pytest.mark.parametrize(
    ("how", "rule"), [("dotdot", "unsafe-path"), ("symlink", "unsafe-path"), ("absolute", "schema-format")]
)
def test_logo_outside_the_project_is_a_located_validation_error(
    runner, mini: Path, secret: Path, how: str, rule: str
) -> None:
    if how == "symlink":
        (mini / "logo.png").symlink_to(secret)
        logo = "logo.png"
    else:
        logo = os.path.relpath(secret, mini) if how == "dotdot" else str(secret)
    set_presentation(mini, logo=logo)
    code, problems = validate_json(runner, mini)
    assert code == 1
    line = line_of(mini / "framework.yaml", "logo:")
    assert [(p["file"].endswith("framework.yaml"), p["line"], p["column"], p["rule"]) for p in problems] == [
        (True, line, 11, rule)
    ]
    if rule == "unsafe-path":
        assert "outside the ladder project" in problems[0]["message"]


def test_logo_symlink_leaks_nothing_into_any_output(runner, mini: Path, secret: Path, tmp_path: Path) -> None:
    (mini / "logo.png").symlink_to(secret)
    set_presentation(mini, logo="logo.png")
    result = build(runner, mini, tmp_path / "out", "--format", "html,md,json")
    assert result.exit_code == 1 and "unsafe-path" in result.output
    assert not (tmp_path / "out").exists() or SECRET not in "".join(
        p.read_text() for p in (tmp_path / "out").rglob("*") if p.is_file()
    )


@pytest.mark.parametrize("kind", ["fifo", "directory", "device"])
def test_logo_that_is_not_a_regular_file_is_refused_without_reading(runner, mini: Path, kind: str) -> None:
    logo = mini / "logo.png"
    if kind == "fifo":
        os.mkfifo(logo)  # reading it would hang the build
    elif kind == "directory":
        logo.mkdir()
    else:
        (mini / "assets").mkdir()
        logo = mini / "assets" / "logo.png"
        logo.symlink_to("/dev/zero")  # outside, and endless
    set_presentation(mini, logo=logo.relative_to(mini).as_posix())
    code, problems = validate_json(runner, mini)
    assert code == 1 and [p["rule"] for p in problems] == ["unsafe-path"]
    expected = {
        "fifo": "not a regular file",
        "directory": "not a regular file",
        "device": "outside the ladder project",
    }[kind]
    assert expected in problems[0]["message"]


def test_templates_directory_outside_the_project_is_refused(runner, mini: Path, tmp_path: Path) -> None:
    (tmp_path / "elsewhere").mkdir()
    (mini / "templates").symlink_to(tmp_path / "elsewhere")
    set_presentation(mini, templates="templates")
    code, problems = validate_json(runner, mini)
    assert code == 1 and [(p["rule"], p["line"]) for p in problems] == [
        ("unsafe-path", line_of(mini / "framework.yaml", "templates:"))
    ]


def test_template_file_symlinked_out_of_the_templates_directory_is_not_read(
    runner, mini: Path, tmp_path: Path, secret: Path
) -> None:
    templates = mini / "templates"
    templates.mkdir()
    (templates / "ladder.css").symlink_to(secret)
    set_presentation(mini, templates="templates")
    result = build(runner, mini, tmp_path / "out", "--format", "html")
    assert result.exit_code == 0, result.output
    assert SECRET not in (tmp_path / "out" / "html" / "manager.html").read_text()  # the bundled stylesheet is used


def test_ladder_file_symlinked_outside_or_to_a_fifo_is_refused(runner, mini: Path, secret: Path) -> None:
    (mini / "stolen.yaml").symlink_to(secret)
    os.mkfifo(mini / "pipe.yaml")
    code, problems = validate_json(runner, mini)
    assert code == 1
    by_file = {Path(p["file"]).name: p for p in problems}
    assert by_file["stolen.yaml"]["rule"] == "unsafe-path" and SECRET not in json.dumps(problems)
    assert by_file["pipe.yaml"]["rule"] == "unreadable" and "not a regular file" in by_file["pipe.yaml"]["message"]
    text = invoke(runner, "validate", mini)  # the text report quotes source lines: never these
    assert text.exit_code == 1 and "stolen.yaml:1:1" in text.output and SECRET not in text.output


def test_size_limit_counts_bytes_read_not_stat(tmp_path: Path) -> None:
    from ladder_compiler.source.paths import FileTooLarge, read_bounded

    proc = Path("/proc/self/status")
    if not proc.exists():
        pytest.skip("needs /proc")
    assert proc.stat().st_size == 0  # what stat reports for it
    with pytest.raises(FileTooLarge):
        read_bounded(proc, limit=16)
    assert len(read_bounded(proc, limit=1 << 20)) > 16


# ---- templates never run code ------------------------------------------------------------------

ESCAPES = [
    "{{ cycler.__init__.__globals__.os.popen('id').read() }}",
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ lipsum.__globals__['os'].system('id') }}",
    "{% set x = framework.__dict__.update({'id': 'pwned'}) %}{{ x }}",
]


@pytest.mark.parametrize("escape", ESCAPES)
@pytest.mark.parametrize("chosen_by", ["ladder", "command line"])
def test_template_escapes_fail_clearly_without_a_traceback(
    runner, mini: Path, tmp_path: Path, escape: str, chosen_by: str
) -> None:
    templates = mini / "templates"
    templates.mkdir()
    (templates / "track.md.j2").write_text(f"# {{{{ track.name }}}}\n{escape}\n")
    args = ["--format", "md"]
    if chosen_by == "ladder":
        set_presentation(mini, templates="templates")
    else:
        args += ["--templates", str(templates)]
    result = build(runner, mini, tmp_path / "out", *args)
    assert result.exit_code == 1
    assert "SecurityError" in result.output and "Traceback" not in result.output
    assert "nothing was written" in result.output and not (tmp_path / "out" / "markdown").exists()


def test_bundled_and_user_templates_use_the_immutable_sandbox(tmp_path: Path) -> None:
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    from ladder_compiler.render.templating import environment

    for user_dir in (None, tmp_path):
        for autoescape in (True, False):
            assert isinstance(environment(user_dir, autoescape), ImmutableSandboxedEnvironment)


# ---- patterns reject a trailing newline ---------------------------------------------------------


def _patterns(node, found: set[str]) -> set[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "pattern" and isinstance(value, str):
                found.add(value)
            else:
                _patterns(value, found)
    elif isinstance(node, list):
        for item in node:
            _patterns(item, found)
    return found


SCHEMA_PATTERNS = sorted(
    {
        p
        for schema in sorted((REPO / "schemas").glob("*.json"))
        for p in _patterns(json.loads(schema.read_text()), set())
    }
)


def test_every_schema_has_been_searched_for_patterns() -> None:
    assert len(SCHEMA_PATTERNS) >= 10  # the id, version, date, colour, hash, uuid, code and logo patterns


@pytest.mark.parametrize("pattern", SCHEMA_PATTERNS)
def test_every_schema_pattern_rejects_a_trailing_newline(pattern: str) -> None:
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from ladder_compiler.source.schema_store import ecma_validator_class

    validators = [ecma_validator_class()({"type": "string", "pattern": pattern})]
    try:  # the native validator that answers "valid?" first must agree
        import jsonschema_rs

        validators.append(jsonschema_rs.validator_for({"type": "string", "pattern": pattern}))
    except ImportError:
        pass

    @settings(max_examples=50, derandomize=True, deadline=None)
    @given(st.from_regex(pattern, fullmatch=True).filter(lambda s: not s.endswith("\n")))
    def check(valid: str) -> None:
        for validator in validators:
            assert validator.is_valid(valid), (validator, valid)
            assert not validator.is_valid(valid + "\n"), (validator, valid)

    check()


def test_id_with_a_trailing_newline_is_a_located_error(runner, mini: Path) -> None:
    tracks = mini / "tracks.yaml"
    tracks.write_text(tracks.read_text().replace("  - id: manager\n", '  - id: "manager\\n"\n', 1))
    code, problems = validate_json(runner, mini)
    assert code == 1
    assert [(p["rule"], p["line"]) for p in problems] == [("schema-format", line_of(tracks, 'id: "manager'))]


# ---- every output escapes ladder text for its own syntax ----------------------------------------

INJECTION = {
    "name": "[Click me](javascript:alert(1)) ![x](https://tracker.example/p.png) <b>bold</b> | pipe",
    "description": (
        "Line one\n# Injected heading\n\n| a | b |\n|---|---|\n| c | d |\n\nSetext\n===\n[ref]: javascript:alert(2)\n"
        "[x][ref] [y]( javascript:alert(3)) [z](<javascript:alert(4)>) [ok](https://example.com)"
    ),
}


class _Links(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.srcs: list[str] = []
        self.headings: list[str] = []
        self.heading_tags: list[str] = []  # h1..h6, one per heading
        self._in_heading = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if "href" in attributes:
            self.hrefs.append(attributes["href"] or "")
        if "src" in attributes:
            self.srcs.append(attributes["src"] or "")
        self._in_heading = tag in ("h1", "h2", "h3", "h4", "h5", "h6")
        if self._in_heading:
            self.headings.append("")
            self.heading_tags.append(tag)

    def handle_endtag(self, tag):
        self._in_heading = False

    def handle_data(self, data):
        if self._in_heading:
            self.headings[-1] += data


def _description_headings_only(found: _Links) -> list[tuple[str, str]]:
    """Ladder text's headings: a description's may stay headings, sunk below the document's own (h4+)."""
    injected = [(tag, h.strip()) for h, tag in zip(found.headings, found.heading_tags, strict=True)]
    injected = [(tag, h) for tag, h in injected if "Injected" in h or h == "Setext"]
    assert all(tag in ("h4", "h5", "h6") for tag, _ in injected), injected
    return injected


def _links_and_headings(html_text: str) -> _Links:
    parser = _Links()
    parser.feed(html_text)
    return parser


@pytest.fixture
def injected(mini: Path) -> Path:
    tracks = mini / "tracks.yaml"
    text = tracks.read_text().replace("    name: Manager\n", f"    name: {json.dumps(INJECTION['name'])}\n", 1)
    lines = text.splitlines(keepends=True)
    index = next(i for i, line in enumerate(lines) if line.startswith("    description:"))
    lines[index] = f"    description: {json.dumps(INJECTION['description'])}\n"
    tracks.write_text("".join(lines))
    return mini


def test_markdown_outputs_render_no_unsafe_link_heading_or_table_from_ladder_text(
    runner, injected: Path, tmp_path: Path
) -> None:
    import markdown

    out = tmp_path / "out"
    result = build(runner, injected, out, "--format", "md")
    assert result.exit_code == 0, result.output
    for document in ("markdown/manager.md", "markdown/README.md"):
        rendered = markdown.markdown((out / document).read_text(), extensions=["tables"])
        found = _links_and_headings(rendered)
        assert [h for h in found.hrefs if not h.startswith(("https:", "#", "manager.md", "strategist.md"))] == [], (
            document
        )
        assert found.srcs == [], document
        shown = [("h4", "Injected heading"), ("h4", "Setext")] if document.endswith("manager.md") else []
        assert _description_headings_only(found) == shown, document  # README.md shows no track description
        assert "<b>" not in rendered


def test_markdown_table_count_is_unchanged_by_ladder_text(runner, injected: Path, mini: Path, tmp_path: Path) -> None:
    import markdown

    plain = tmp_path / "plain"
    shutil.copytree(Path(__file__).parent / "fixtures" / "mini", plain)
    build(runner, plain, tmp_path / "a", "--format", "md")
    build(runner, injected, tmp_path / "b", "--format", "md")
    for name in ("manager.md", "README.md"):
        tables = [
            markdown.markdown((tmp_path / side / "markdown" / name).read_text(), extensions=["tables"]).count("<table>")
            for side in "ab"
        ]
        assert tables[0] == tables[1], name


def test_html_output_has_only_safe_links(runner, injected: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert build(runner, injected, out, "--format", "html").exit_code == 0
    for document in ("html/manager.html", "html/index.html"):
        found = _links_and_headings((out / document).read_text())
        assert [h for h in found.hrefs if not h.startswith(("https:", "#", "manager.html", "strategist.html"))] == [], (
            document
        )
        assert [s for s in found.srcs if not s.startswith("data:")] == [], document
        assert _description_headings_only(found) == [("h4", "Injected heading"), ("h4", "Setext")], document


def test_text_functions_escape_for_their_own_syntax() -> None:
    from ladder_compiler.render import text

    assert text.to_markdown_inline("[x](javascript:alert(1))\n# h") == "\\[x\\](javascript:alert(1)) \\# h"
    assert text.to_markdown_inline("1. first") == "1\\. first" and text.to_markdown_inline("- a") == "\\- a"
    assert text.to_markdown("[a](JAVASCRIPT:x) [b](mailto:a@b.org)") == "a [b](mailto:a@b.org)"
    assert text.to_markdown("a\n---\n# b") == "a\n\\---\n\\# b"
    assert text.to_markdown("\\[x\\](javascript:y)") == "\\\\x\\\\"  # renders as \x\ and links nowhere
    assert str(text.to_html("[a](javascript:alert(1)) [b](data:text/html,x) [c](/etc/passwd)", inline=True)) == "a b c"
    assert str(text.to_html("# Title\n\n![alt](https://x.org/i.png)")) == "<p>Title</p>\n<p>alt</p>"
    assert text.strip_control("red\x1b[31m bell\x07 rtl\u202e ok\tx\ny") == "red[31m bell rtl ok\tx\ny"


# ---- bad input without a traceback or silence ---------------------------------------------------


def test_directory_whose_only_file_holds_null_is_a_located_error(runner, tmp_path: Path) -> None:
    project = tmp_path / "p"
    project.mkdir()
    (project / "only.yaml").write_text("# nothing yet\n~\n")
    result = invoke(runner, "validate", project)
    assert result.exit_code == 1
    assert "only.yaml:2:1" in result.output and "empty-file" in result.output


@pytest.mark.parametrize(
    "literal",
    ["0x" + "f" * 5000, "0b" + "1" * 20000, "0" + "7" * 5000, "9" * 5000, "1.0e+999", "-.inf", ".nan", "0x" + "f" * 16],
)
def test_huge_or_exotic_numbers_are_located_errors(runner, mini: Path, literal: str) -> None:
    tracks = mini / "tracks.yaml"
    tracks.write_text(tracks.read_text().replace("rank: 1", f"rank: {literal}", 1))
    result = invoke(runner, "validate", mini)
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert f"tracks.yaml:{line_of(tracks, 'rank: ' + literal[:10])}:15: error [yaml-value]" in result.output
    assert len(result.output) < 2000  # the literal is shortened, not printed in full


def test_deep_nesting_is_a_located_limit_whichever_parser(runner, tmp_path: Path) -> None:
    project = tmp_path / "p"
    project.mkdir()
    (project / "deep.yaml").write_text("a: " + "[" * 5000 + "]" * 5000 + "\n")
    code, problems = validate_json(runner, project)
    assert code == 1
    assert [(p["rule"], p["line"]) for p in problems] == [("yaml-limit", 1)] and "nesting" in problems[0]["message"]
    assert 4 <= problems[0]["column"] <= 200


# ---- the cache and the manifest -----------------------------------------------------------------


def test_full_build_after_a_track_build_writes_the_other_tracks(runner, mini: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert build(runner, mini, out, "--format", "md", "--track", "manager").exit_code == 0
    check = invoke(runner, "check", mini, "--out", out, "--format", "md")
    assert check.exit_code == 1 and "strategist.md" in check.output
    result = build(runner, mini, out, "--format", "md", "-v")
    assert "1 written, 2 unchanged" in result.output and (out / "markdown" / "strategist.md").exists()
    assert invoke(runner, "check", mini, "--out", out, "--format", "md").exit_code == 0


def test_missing_output_or_lost_manifest_entry_is_rebuilt(runner, mini: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(runner, mini, out, "--format", "md,json")
    (out / "json" / "strategist.json").unlink()
    check = invoke(runner, "check", mini, "--out", out, "--format", "md,json")
    assert check.exit_code == 1 and "json/strategist.json" in check.output
    assert "1 written" in build(runner, mini, out, "--format", "md,json").output
    manifest = json.loads((out / "manifest.json").read_text())
    del manifest["files"]["markdown/manager.md"]  # as a bad merge would
    (out / "manifest.json").write_text(json.dumps(manifest))
    assert invoke(runner, "check", mini, "--out", out, "--format", "md,json").exit_code == 1
    assert "1 written" in build(runner, mini, out, "--format", "md,json").output


def test_format_and_track_builds_merge_into_the_manifest(runner, mini: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(runner, mini, out, "--format", "md")
    build(runner, mini, out, "--format", "json", "--track", "strategist")
    files = json.loads((out / "manifest.json").read_text())["files"]
    assert sorted(files) == [
        "json/framework.json",
        "json/strategist.json",
        "markdown/README.md",
        "markdown/manager.md",
        "markdown/strategist.md",
    ]
    assert invoke(runner, "check", mini, "--out", out, "--format", "md").exit_code == 0


def test_stale_temporary_files_are_removed(runner, mini: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(runner, mini, out, "--format", "md")
    leftovers = [out / "markdown" / ".manager.md.k2j4x9_a.tmp", out / ".manifest.json.abcdefgh.tmp"]
    for path in leftovers:
        path.write_text("half a file")
    keep = out / "markdown" / "notes.tmp"
    keep.write_text("not ours")
    assert build(runner, mini, out, "--format", "md").exit_code == 0
    assert [path.exists() for path in leftovers] == [False, False] and keep.exists()


@pytest.mark.parametrize(
    "manifest",
    [
        "[" * 100_000 + "]" * 100_000,
        json.dumps(
            {
                "files": {
                    name: {"sha256": "x", "cache_key": "y", "format": "md"} for name in ("markdown", "../../escape")
                }
            }
        ),
        '{"files": []}',
        "\xff\xfe not json",
    ],
)
def test_corrupt_manifest_counts_as_absent(runner, mini: Path, tmp_path: Path, manifest: str) -> None:
    out = tmp_path / "out"
    build(runner, mini, out, "--format", "md")
    (out / "manifest.json").write_bytes(
        manifest.encode("utf-8", "surrogateescape") if manifest.isascii() else manifest.encode("latin-1")
    )
    check = invoke(runner, "check", mini, "--out", out, "--format", "md")
    assert check.exit_code == 1 and "Traceback" not in check.output
    result = invoke(runner, "build", mini, "--out", out, "--format", "md", "--jobs", "1")
    assert result.exit_code == 0, result.output
    assert (out / "markdown").is_dir() and json.loads((out / "manifest.json").read_text())["files"]
    assert invoke(runner, "check", mini, "--out", out, "--format", "md").exit_code == 0


def test_manifest_that_is_a_directory_counts_as_absent_for_check(runner, mini: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    (out / "manifest.json").mkdir(parents=True)
    check = invoke(runner, "check", mini, "--out", out, "--format", "md")
    assert check.exit_code == 1 and "markdown/manager.md" in check.output


def test_manifest_that_is_a_directory_is_a_clear_build_error_or_replaced(runner, mini: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    (out / "manifest.json").mkdir(parents=True)
    assert build(runner, mini, out, "--format", "md").exit_code == 0  # an empty directory is replaced
    assert (out / "manifest.json").is_file()
    (out / "manifest.json").unlink()
    (out / "manifest.json").mkdir()
    (out / "manifest.json" / "keep.txt").write_text("someone's file")
    result = build(runner, mini, out, "--format", "md")
    assert result.exit_code == 1 and "manifest.json" in result.output and "is a directory" in result.output
    assert "Traceback" not in result.output and (out / "manifest.json" / "keep.txt").exists()


@pytest.mark.parametrize("command", ["diff", "lint", "assess"])
def test_inputs_named_on_the_command_line_are_read_bounded_and_regular_only(
    runner, mini: Path, tmp_path: Path, command: str
) -> None:
    fifo = tmp_path / "input.yaml"
    os.mkfifo(fifo)  # reading it unbounded would hang
    args = {
        "diff": ["diff", mini, mini, "--severity-config", fifo],
        "lint": ["lint", mini, "--config", fifo],
        "assess": ["assess", fifo, "--ladders", mini],
    }[command]
    result = invoke(runner, *args)
    assert result.exit_code == 2 and "Traceback" not in result.output  # a bad input file is a usage error for each
    assert "not a regular file" in result.output


def test_cache_keys_follow_the_code(runner, mini: Path, tmp_path: Path, monkeypatch) -> None:
    from ladder_compiler.build import keys as build_module

    package = Path(build_module.__file__).parent.parent
    copy = tmp_path / "package"
    shutil.copytree(package, copy, ignore=shutil.ignore_patterns("__pycache__"))
    before = build_module.tree_digest([copy / "render"])
    renderer = copy / "render" / "markdown.py"
    renderer.write_text(renderer.read_text().replace('"""Markdown rubrics', '"""Markdown rubrics (edited)', 1))
    assert build_module.tree_digest([copy / "render"]) != before

    out = tmp_path / "out"
    build(runner, mini, out, "--format", "md")
    assert invoke(runner, "check", mini, "--out", out, "--format", "md").exit_code == 0
    monkeypatch.setattr(build_module, "code_digest", lambda: "the code changed")
    check = invoke(runner, "check", mini, "--out", out, "--format", "md")
    assert check.exit_code == 1 and "3 outputs are missing or stale" in check.output
    assert "3 written" in build(runner, mini, out, "--format", "md").output


def test_renderers_have_no_hand_bumped_versions() -> None:
    from ladder_compiler.render import available_formats, get_renderer

    assert [name for name in available_formats() if hasattr(get_renderer(name), "version")] == []


def _wait_for(condition, what: str, limit: float = 120.0):
    """Poll until `condition()` is truthy; the limit only bounds a hung test, it asserts no speed."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"gave up waiting for {what}")


def _ladder_command() -> list[str]:
    return [sys.executable, "-c", "from ladder_compiler.cli import main; main()"]


def test_concurrent_builds_of_different_formats_keep_both_in_the_manifest(mini: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    builds = [
        subprocess.Popen(
            [*_ladder_command(), "build", str(mini), "--out", str(out), "--format", name, "--jobs", "1", "-q"]
        )
        for name in ("md", "json", "csv")
    ]
    assert [b.wait(timeout=300) for b in builds] == [0, 0, 0]
    formats = {entry["format"] for entry in json.loads((out / "manifest.json").read_text())["files"].values()}
    assert formats == {"md", "json", "csv"}


def test_second_build_waits_for_the_lock(mini: Path, tmp_path: Path) -> None:
    from ladder_compiler.write import output_lock

    out = tmp_path / "out"
    with output_lock(out):
        second = subprocess.Popen(
            [*_ladder_command(), "build", str(mini), "--out", str(out), "--format", "md", "--jobs", "1"],
            stderr=subprocess.PIPE,
            text=True,
        )
        first_line = _wait_for(lambda: second.stderr.readline(), "the second build to report that it waits")
        assert "waiting for another ladder build on" in first_line
        assert second.poll() is None and not (out / "markdown").exists()
    _, rest = second.communicate(timeout=300)
    assert second.returncode == 0, rest
    assert (out / "markdown" / "manager.md").exists()


# ---- PDF workers end with the build -------------------------------------------------------------


def _descendants(pid: int) -> list[int]:
    """Every process below `pid` (workers may be grandchildren, e.g. under a forkserver)."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parents[int(entry.name)] = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
    found, frontier = [], [pid]
    while frontier:
        below = [child for child, parent in parents.items() if parent in frontier]
        found += below
        frontier = below
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="finds the workers through /proc")
@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGTERM], ids=["kill-9", "sigterm"])
def test_pdf_workers_end_when_the_build_is_killed(tmp_path: Path, how: signal.Signals) -> None:
    project = tmp_path / "ladders"
    shutil.copytree(LADDERS, project)
    main = subprocess.Popen(
        [
            *_ladder_command(),
            "build",
            str(project),
            "--out",
            str(tmp_path / "out"),
            "--format",
            "pdf",
            "--jobs",
            "2",
            "--force",
            "-q",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        workers = _wait_for(lambda: _descendants(main.pid), "the PDF workers to start")
    finally:
        main.send_signal(how)
        main.wait()
    _wait_for(lambda: not any(_alive(pid) for pid in workers), "the orphaned workers to end")


def test_terminal_output_of_validate_has_no_control_characters(runner, mini: Path) -> None:
    tracks = mini / "tracks.yaml"
    tracks.write_text(tracks.read_text().replace("    title: Manager", '    title: "Man\\e[2Jager\\a"', 1))
    result = invoke(runner, "validate", mini, "--verbose")
    assert result.exit_code == 0, result.output
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f]", result.output)


def test_diff_markdown_report_renders_no_link_or_heading_from_ladder_text(runner, mini: Path, tmp_path: Path) -> None:
    import markdown

    new = tmp_path / "new"
    shutil.copytree(mini, new)
    tracks = new / "tracks.yaml"
    tracks.write_text(
        tracks.read_text().replace("        title: Manager\n", f"        title: {json.dumps(INJECTION['name'])}\n", 1)
    )
    result = invoke(runner, "diff", mini, new, "--format", "markdown")
    assert "Traceback" not in result.output and "Click me" in result.output
    found = _links_and_headings(markdown.markdown(result.output, extensions=["tables"]))
    assert found.hrefs == [] and found.srcs == [] and "<b>" not in result.output


def test_cache_does_not_depend_on_how_the_project_path_is_written(
    runner, mini: Path, tmp_path: Path, monkeypatch
) -> None:
    out = tmp_path / "out"
    build(runner, mini, out, "--format", "md")
    monkeypatch.chdir(mini.parent)
    for spelling in (mini, Path("mini"), Path("./mini/"), Path("../") / mini.parent.name / "mini"):
        assert invoke(runner, "check", spelling, "--out", out, "--format", "md").exit_code == 0, spelling


def test_assess_markdown_report_renders_no_link_heading_or_table_from_its_text(runner, tmp_path: Path) -> None:
    import markdown
    import yaml

    case = tmp_path / "case.yaml"
    data = yaml.safe_load((REPO / "examples" / "assessment-gpm.yaml").read_text())
    data["person"] = INJECTION["name"]
    data["summary"] = INJECTION["description"]
    case.write_text(yaml.safe_dump(data, sort_keys=False))
    result = invoke(runner, "assess", case, "--ladders", LADDERS, "--format", "markdown")
    assert "Traceback" not in result.output and "Click me" in result.output
    rendered = markdown.markdown(result.output, extensions=["tables"])
    found = _links_and_headings(rendered)
    assert found.hrefs == ["https://example.com"] and found.srcs == [] and "<b>" not in rendered
    assert [h for h in found.headings if "Injected" in h] == [] and rendered.count("<table>") == 1


@pytest.mark.skipif(shutil.which("pdfinfo") is None, reason="poppler-utils not installed")
def test_pdf_links_are_only_http_https_or_mailto(runner, injected: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert build(runner, injected, out, "--format", "pdf", "--track", "manager").exit_code == 0
    listing = subprocess.run(
        ["pdfinfo", "-url", out / "pdf" / "manager.pdf"], capture_output=True, text=True, check=True
    ).stdout
    urls = [line.split()[-1] for line in listing.splitlines()[1:] if line.strip()]
    assert "https://example.com" in urls
    assert [url for url in urls if not url.startswith(("https:", "http:", "mailto:"))] == []
