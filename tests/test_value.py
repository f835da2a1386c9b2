"""value_class behaves as @dataclass(frozen=True) does, with its methods shared instead of compiled."""

from __future__ import annotations

import dataclasses
from dataclasses import FrozenInstanceError, dataclass, field
from pathlib import Path

import pytest

from ladder_compiler.model import Framework, SourceRef, Track
from ladder_compiler.pipeline import read_framework
from ladder_compiler.value import value_class

from conftest import LADDERS


@value_class
class Shared:
    name: str
    tags: tuple[str, ...]
    note: str = field(default="", compare=False)
    cache: dict[str, int] = field(default_factory=dict, compare=False, repr=False)


@dataclass(frozen=True)
class Compiled:
    name: str
    tags: tuple[str, ...]
    note: str = field(default="", compare=False)
    cache: dict[str, int] = field(default_factory=dict, compare=False, repr=False)


def pair(*args: object, **kwargs: object) -> tuple[Shared, Compiled]:
    return Shared(*args, **kwargs), Compiled(*args, **kwargs)  # type: ignore[arg-type]


def test_equality_hash_and_repr_follow_dataclasses() -> None:
    shared, compiled = pair("a", ("x", "y"), note="one")
    twin, compiled_twin = pair("a", ("x", "y"), note="two")  # notes are not compared
    other, compiled_other = pair("a", ("x",))
    assert (shared == twin, shared == other) == (compiled == compiled_twin, compiled == compiled_other) == (True, False)
    assert hash(shared) == hash(twin) == hash(("a", ("x", "y")))
    assert hash(compiled) == hash(("a", ("x", "y")))
    assert (
        repr(shared)
        == repr(compiled).replace("Compiled(", "Shared(")
        == "Shared(name='a', tags=('x', 'y'), note='one')"
    )


def test_another_class_is_never_equal() -> None:
    shared, compiled = pair("a", ())
    assert shared != compiled
    assert shared != ("a", ())
    assert shared.__eq__(compiled) is NotImplemented


def test_fields_are_set_once_by_init_and_never_again() -> None:
    shared = Shared("a", ())
    with pytest.raises(FrozenInstanceError, match="cannot assign to field 'name'"):
        shared.name = "b"  # type: ignore[misc]
    with pytest.raises(FrozenInstanceError, match="cannot assign to field 'extra'"):
        shared.extra = 1  # type: ignore[attr-defined]
    with pytest.raises(FrozenInstanceError, match="cannot delete field 'name'"):
        del shared.name  # type: ignore[misc]
    assert (shared.name, shared.cache) == ("a", {})


def test_replace_and_fields_work_as_on_any_dataclass() -> None:
    shared = Shared("a", ("x",), note="n")
    changed = dataclasses.replace(shared, name="b")
    assert (changed.name, changed.tags, changed.note, shared.name) == ("b", ("x",), "n", "a")
    assert [f.name for f in dataclasses.fields(Shared)] == ["name", "tags", "note", "cache"]
    assert dataclasses.is_dataclass(Shared)


def shipped(path: Path = LADDERS) -> Framework:
    compiled = read_framework(path)
    assert compiled.ok, compiled.problems
    assert compiled.framework is not None
    return compiled.framework


def test_the_model_compares_by_value() -> None:
    first, second = shipped(), shipped()
    assert first is not second
    assert first == second
    assert [hash(track) for track in first.tracks] == [hash(track) for track in second.tracks]
    renamed: Track = dataclasses.replace(first.tracks[0], name="Renamed")
    assert renamed != first.tracks[0]
    assert SourceRef("ladders/a.yaml", 3) == SourceRef("ladders/a.yaml", 3, 1)
    with pytest.raises(FrozenInstanceError):
        first.tracks[0].name = "Renamed"  # type: ignore[misc]


def test_what_the_shared_init_cannot_honour_is_refused_when_the_class_is_made() -> None:
    with pytest.raises(TypeError, match="does not call __post_init__"):

        @value_class
        class Checked:
            name: str

            def __post_init__(self) -> None: ...

    with pytest.raises(TypeError, match=r"Hidden\.cache: value_class fields are positional and set by __init__"):

        @value_class
        class Hidden:
            cache: dict[str, int] = field(default_factory=dict, init=False)
