"""Compiled templates are reused while their file reads the same, and compiled again once it changes."""

from __future__ import annotations

from pathlib import Path

import jinja2
import pytest

from ladder_compiler.render.templating import environment, render_template


def test_an_unchanged_template_is_compiled_once(tmp_path: Path) -> None:
    (tmp_path / "note.md.j2").write_text("Hello {{ person }}.\n", encoding="utf-8")
    env = environment(tmp_path, False)
    first = env.get_template("note.md.j2")
    assert render_template("note.md.j2", tmp_path, person="Ada") == "Hello Ada.\n"
    assert env.get_template("note.md.j2") is first


def test_an_edited_template_is_compiled_again(tmp_path: Path) -> None:
    (tmp_path / "note.md.j2").write_text("Hello {{ person }}.\n", encoding="utf-8")
    assert render_template("note.md.j2", tmp_path, person="Ada") == "Hello Ada.\n"
    (tmp_path / "note.md.j2").write_text("Goodbye {{ person }}.\n", encoding="utf-8")
    assert render_template("note.md.j2", tmp_path, person="Ada") == "Goodbye Ada.\n"


def test_a_removed_template_is_not_served_from_the_cache(tmp_path: Path) -> None:
    (tmp_path / "note.md.j2").write_text("Hello {{ person }}.\n", encoding="utf-8")
    assert render_template("note.md.j2", tmp_path, person="Ada") == "Hello Ada.\n"
    (tmp_path / "note.md.j2").unlink()
    with pytest.raises(jinja2.TemplateNotFound):
        render_template("note.md.j2", tmp_path, person="Ada")
