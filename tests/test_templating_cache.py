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


def test_the_sandbox_answers_for_model_objects_as_jinja_does_and_remembers_per_class() -> None:
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    from ladder_compiler.pipeline import read_framework
    from ladder_compiler.render.templating import environment

    from conftest import MINI

    framework = read_framework(MINI).framework
    assert framework is not None
    env, reference = environment(None, True), ImmutableSandboxedEnvironment()
    samples = [framework, framework.tracks[0], framework.tracks[0].levels[0], framework.scale]
    names = ["id", "name", "tracks", "track", "levels", "_translated_memo", "__class__", "__init__", "mro", "index"]
    for obj in samples:
        for name in names:
            value = getattr(obj, name, None)
            expected = reference.is_safe_attribute(obj, name, value)
            assert [env.is_safe_attribute(obj, name, value) for _ in range(2)] == [expected, expected], (obj, name)
    assert env.safe_on_values[(type(framework), "__class__")] is False
    assert env.safe_on_values[(type(framework), "tracks")] is True
    assert env.is_safe_attribute([], "append", [].append) is False  # not a model class: asked afresh, refused
