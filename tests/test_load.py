"""The strict loader on hostile input: every failure is a located Problem, never an exception."""

from __future__ import annotations

import json
import resource
from pathlib import Path

import pytest

from ladder_compiler.source.load import MAX_FILE_BYTES, load_file, load_project

from conftest import invoke


def problems_of(content: bytes):
    document, problems = load_file(Path("case.yaml"), content, "case.yaml")
    return document, [(p.line, p.column, p.rule, p.message) for p in problems]


def test_invalid_utf8_names_line_and_column() -> None:
    _, problems = problems_of(b"a: ok\nb: caf\xe9\n")
    assert problems == [(2, 7, "encoding", "invalid UTF-8 (byte 0xe9); save the file as UTF-8")]


def test_byte_order_mark_is_accepted() -> None:
    document, problems = problems_of("\ufeffa: 1\n".encode())
    assert problems == [] and document.data == {"a": 1}


@pytest.mark.parametrize("content", [b"", b"\n\n", b"# only a comment\n"])
def test_empty_file(content: bytes) -> None:
    _, problems = problems_of(content)
    assert [p[:3] for p in problems] == [(1, 1, "empty-file")]


def test_billion_laughs_is_refused_with_bounded_memory() -> None:
    lines = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10)]
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    _, problems = problems_of("\n".join(lines).encode())
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 200_000  # KiB; 9^10 values would need far more
    assert len(problems) == 1 and problems[0][2] == "yaml-limit" and "alias bomb" in problems[0][3]


def test_too_many_aliases() -> None:
    content = "a: &a x\nb: [" + ", ".join(["*a"] * 600) + "]\n"
    _, problems = problems_of(content.encode())
    assert [p[2] for p in problems] == ["yaml-limit"] and "aliases" in problems[0][3]
    assert problems[0][0] == 2


def test_recursive_alias() -> None:
    _, problems = problems_of(b"a: &a [1, *a]\n")
    assert problems == [(1, 4, "yaml-limit", "an alias refers to a node that contains it (a recursive alias)")]


@pytest.mark.parametrize(
    ("content", "line", "column"),
    [
        (b"a: " + b"[" * 5000 + b"]" * 5000 + b"\n", 1, 53),
        (b"".join(b" " * i + b"k:\n" for i in range(2000)), 50, 50),
    ],
)
def test_deep_nesting(content: bytes, line: int, column: int) -> None:
    """Whatever limit the installed libyaml has (6.0.4's fires first), the problem is ours: located, at our depth."""
    _, problems = problems_of(content)
    assert problems == [(line, column, "yaml-limit", "nesting deeper than 50 levels")]


def test_file_too_large(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    big.write_bytes(b"a: '" + b"x" * MAX_FILE_BYTES + b"'\n")
    document, problems = load_file(big)
    assert document is None and [(p.line, p.rule) for p in problems] == [(1, "file-too-large")]


def test_several_documents_in_one_file() -> None:
    _, problems = problems_of(b"a: 1\n---\nb: 2\n")
    assert [p[:3] for p in problems] == [(2, 1, "yaml-syntax")]


def test_control_character() -> None:
    _, problems = problems_of(b"a: bell\x07\n")
    assert problems[0][:3] == (1, 8, "yaml-syntax") and "U+0007" in problems[0][3]


def test_every_duplicate_and_tag_is_reported() -> None:
    _, problems = problems_of(b"a: 1\na: 2\nb: !!python/name:os.system x\nb: 3\n")
    assert [p[:3] for p in problems] == [(2, 1, "duplicate-key"), (3, 4, "unsafe-tag"), (4, 1, "duplicate-key")]


def test_no_python_object_is_ever_constructed(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    content = f"a: !!python/object/apply:os.system ['touch {marker}']\n".encode()
    _, problems = problems_of(content)
    assert problems[0][2] == "unsafe-tag" and not marker.exists()


def test_dates_and_keys_stay_as_written() -> None:
    document, problems = problems_of(b"effective_date: 2026-02-30\non: x\nwhen: 2026-01-01\n")
    assert problems == []
    assert document.data == {"effective_date": "2026-02-30", "on": "x", "when": "2026-01-01"}


def test_merge_keys_are_plain_yaml() -> None:
    document, problems = problems_of(b"base: &b {x: 1, y: 1}\nc:\n  <<: *b\n  y: 2\n")
    assert problems == [] and document.data["c"] == {"x": 1, "y": 2}


def test_positions_of_keys_and_values() -> None:
    document, _ = problems_of(b"tracks:\n  - id: a\n    name: B\n")
    assert document.locate(("tracks", 0, "name")).__dict__ == {"line": 3, "column": 11}
    assert document.locate_key(("tracks", 0, "name")).__dict__ == {"line": 3, "column": 5}


def test_project_without_yaml_files(tmp_path: Path) -> None:
    result = load_project(tmp_path)
    assert [p.rule for p in result.problems] == ["no-files"]


def test_project_reports_problems_of_every_file_sorted(mini: Path) -> None:
    (mini / "a.yaml").write_bytes(b"x: [\n")
    (mini / "z.yaml").write_bytes(b"\xff\n")
    result = load_project(mini)
    assert [(Path(p.file).name, p.rule) for p in result.problems] == [("a.yaml", "yaml-syntax"), ("z.yaml", "encoding")]


def test_cli_exit_codes_and_no_traceback(runner, mini: Path) -> None:
    assert invoke(runner, "validate", mini).exit_code == 0
    (mini / "broken.yaml").write_bytes(b"a: !!python/object:os.system\n")
    result = invoke(runner, "validate", mini)
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "broken.yaml:1:4: error [unsafe-tag]" in result.output
    missing = invoke(runner, "validate", mini / "nope")
    assert missing.exit_code == 2 and "does not exist" in missing.output
    assert invoke(runner, "validate", mini, "--format", "xml").exit_code == 2


def test_cli_json_and_github_formats(runner, mini: Path) -> None:
    (mini / "broken.yaml").write_bytes(b"competencies:\n  - id: x\n    nmae: 'y, with: comma'\n")
    problems = json.loads(invoke(runner, "validate", mini, "--format", "json").output)
    assert {p["rule"] for p in problems} == {"schema-unknown-key", "schema-required"}
    assert set(problems[0]) == {"file", "line", "column", "rule", "severity", "message", "hint"}
    github = invoke(runner, "validate", mini, "--format", "github").output.splitlines()
    assert github[0].startswith("::error file=") and ",line=2,col=5,title=schema-required::" in github[0]


def test_cli_json_is_an_empty_list_when_valid(runner, mini: Path) -> None:
    assert invoke(runner, "ids", mini).exit_code == 0  # no behaviour-id-missing warning either
    result = invoke(runner, "validate", mini, "--format", "json")
    assert result.exit_code == 0 and json.loads(result.stdout) == []


def test_validate_does_not_import_the_pdf_engine(mini: Path) -> None:
    import subprocess
    import sys

    code = f"import sys; from ladder_compiler.cli import main\ntry:\n    main(['validate', {str(mini)!r}])\nexcept SystemExit: pass\nprint('weasyprint' in sys.modules, 'jinja2' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip().endswith("False False")


@pytest.mark.parametrize(
    "content",
    [
        b"a: 1\na: 2\n",
        b"a: !!python/name:os.system x\n",
        b"a: &a [1, *a]\n",
        b"a: [1, 2\nb: 3\n",
        b"a: " + b"[" * 200 + b"]" * 200 + b"\n",
        b"a: &a x\nb: [" + b", ".join([b"*a"] * 600) + b"]\n",
        b"name: No\nversion: 1.0\nwhen: 2026-01-01\n",
    ],
)
def test_libyaml_and_pure_python_composers_agree(content: bytes, monkeypatch) -> None:
    from ladder_compiler.source import load

    fast_document, fast = load_file(Path("c.yaml"), content, "c.yaml")
    monkeypatch.setattr(load, "_StrictComposer", load._PythonComposer)
    slow_document, slow = load_file(Path("c.yaml"), content, "c.yaml")
    assert [(p.line, p.column, p.rule) for p in fast] == [(p.line, p.column, p.rule) for p in slow]
    assert (fast_document and (fast_document.data, fast_document.retyped)) == (
        slow_document and (slow_document.data, slow_document.retyped)
    )
