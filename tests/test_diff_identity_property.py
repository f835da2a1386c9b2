"""Property tests (Hypothesis, fixed seed) for the identity of behaviours written without ids:

1. Moving one to another level of its track is exactly one `expectation-moved` record.
2. Rewording one in place (up to 60% of its words replaced, similarity at least the stated
   threshold) is exactly one `expectation-reworded` record with the old and new text.
3. After `ladder ids` wrote the ids, a rewording changes no UUID in the HRIS JSON or CASE export.

The base is tests/fixtures/mini with two unrelated behaviours added to every list, so that a move
never empties a list and every place holds several behaviours a rewording could be confused with.
"""

from __future__ import annotations

import copy
import datetime
import json
import math
import re
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from ladder_compiler.commands.ids import missing_ids
from ladder_compiler.diff import diff
from ladder_compiler.diff.expectations import REWORDING_THRESHOLD, similarity
from ladder_compiler.model import Framework
from ladder_compiler.pipeline import compile_documents
from ladder_compiler.render import RenderOptions, get_renderer
from ladder_compiler.source.ids import insert_ids
from ladder_compiler.source.load import find_source_files, load_file

from conftest import MINI

pytestmark = pytest.mark.one_python  # pure Python, like tests/test_diff_property.py

ROOT = Path("/nonexistent/identity-project")  # compiled from memory
WORDS = ("plans", "quarterly", "roadmap", "peers", "coaches", "reviews", "metrics", "clear", "goals", "budget")
SETTINGS: dict[str, Any] = dict(
    derandomize=True,
    deadline=None,
    database=None,
    max_examples=25,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
UUID = re.compile(rb"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def _strings(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _strings(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_strings(v) for v in value]
    return value.isoformat() if isinstance(value, datetime.date) else value


@cache
def _base_json() -> str:
    files = {p.name: _strings(yaml.safe_load(p.read_text(encoding="utf-8"))) for p in find_source_files(MINI)}
    for track in files["tracks.yaml"]["tracks"]:
        for level in track["levels"]:
            for competency, block in level["expectations"].items():
                if isinstance(block.get("behaviours"), list):
                    block["behaviours"] += [
                        f"Documents {level['id']} decisions in a shared log.",
                        f"Mentors one colleague through a {competency} review at {level['id']}.",
                    ]
    return json.dumps(files)


def base() -> dict[str, Any]:
    return json.loads(_base_json())


def texts(files: dict[str, Any]) -> dict[str, str]:
    return {name: yaml.safe_dump(data, sort_keys=False, allow_unicode=True) for name, data in files.items()}


def compile_texts(sources: dict[str, str]) -> Framework:
    documents, problems = [], []
    for name, text in sources.items():
        document, found = load_file(ROOT / name, text.encode("utf-8"), name)
        problems += found
        if document is not None:
            documents.append(document)
    compiled = compile_documents(documents, problems, ROOT)
    assert compiled.framework is not None, compiled.problems
    return compiled.framework


@cache
def base_with_ids() -> str:
    """The base as `ladder ids` leaves it: files as text, every behaviour with its derived id."""
    sources = texts(base())
    framework = compile_texts(sources)
    by_file: dict[str, dict[tuple[int, int], str]] = {}
    for item in missing_ids(framework):
        by_file.setdefault(item.file, {})[(item.line, item.column)] = item.derived
    return json.dumps({name: insert_ids(text, by_file.get(name, {})) for name, text in sources.items()})


def places(files: dict[str, Any]) -> list[tuple[int, int, str]]:
    """(track index, level index, competency) of every behaviour list."""
    return [
        (t, lv, competency)
        for t, track in enumerate(files["tracks.yaml"]["tracks"])
        for lv, level in enumerate(track["levels"])
        for competency, block in level["expectations"].items()
        if isinstance(block.get("behaviours"), list)
    ]


def behaviours(files: dict[str, Any], place: tuple[int, int, str]) -> list[Any]:
    t, lv, competency = place
    result: list[Any] = files["tracks.yaml"]["tracks"][t]["levels"][lv]["expectations"][competency]["behaviours"]
    return result


def text_of(item: Any) -> str:
    return item if isinstance(item, str) else str(item["text"])


@st.composite
def reworded(draw: st.DrawFn, text: str) -> str:
    words = text.split()
    count = draw(st.integers(1, max(1, math.ceil(len(words) * 0.6))))
    positions = draw(st.lists(st.sampled_from(range(len(words))), min_size=count, max_size=count, unique=True))
    for position in positions:
        words[position] = draw(st.sampled_from(WORDS))
    return " ".join(words)


def pick_rewording(data: st.DataObject, files: dict[str, Any]) -> tuple[tuple[int, int, str], int, str, str]:
    place = data.draw(st.sampled_from(places(files)))
    items = behaviours(files, place)
    index = data.draw(st.sampled_from(range(len(items))))
    old = text_of(items[index])
    new = data.draw(reworded(old))
    assume(new.split() != old.split() and similarity(old, new) >= REWORDING_THRESHOLD)
    return place, index, old, new


@settings(**SETTINGS)
@given(data=st.data())
def test_moving_a_behaviour_without_an_id_is_one_move(data: st.DataObject) -> None:
    files = base()
    source = data.draw(st.sampled_from(places(files)))
    targets = [p for p in places(files) if p[0] == source[0] and p[2] == source[2] and p[1] != source[1]]
    assume(targets)
    target = data.draw(st.sampled_from(targets))
    items = behaviours(files, source)
    candidates = [i for i, item in enumerate(items) if isinstance(item, str)]
    index = data.draw(st.sampled_from(candidates))
    old_sources = texts(files)
    moved = items.pop(index)
    behaviours(files, target).append(moved)
    changes = diff(compile_texts(old_sources), compile_texts(texts(files))).changes
    assert [c.rule for c in changes] == ["expectation-moved"], [c.message for c in changes]
    assert f"“{moved}”" in changes[0].message


@settings(**SETTINGS)
@given(data=st.data())
def test_rewording_a_behaviour_without_an_id_is_one_rewording(data: st.DataObject) -> None:
    files = base()
    place, index, old, new = pick_rewording(data, files)
    assume(isinstance(behaviours(files, place)[index], str))
    old_sources = texts(files)
    behaviours(files, place)[index] = new
    changes = diff(compile_texts(old_sources), compile_texts(texts(files))).changes
    assert [(c.rule, c.old, c.new) for c in changes] == [("expectation-reworded", old, new)]


def uuids(framework: Framework) -> set[bytes]:
    options, track_ids = RenderOptions(), tuple(t.id for t in framework.tracks)
    found: set[bytes] = set()
    for name in ("json", "case"):
        renderer = get_renderer(name)
        for planned in renderer.plan(framework, track_ids):
            found |= set(UUID.findall(renderer.render(framework, planned, options)))
    return found


@settings(**(SETTINGS | {"max_examples": 10}))
@given(data=st.data())
def test_after_ladder_ids_a_rewording_changes_no_uuid(data: st.DataObject) -> None:
    sources = json.loads(base_with_ids())
    files = {name: _strings(yaml.safe_load(text)) for name, text in sources.items()}
    place, index, old, new = pick_rewording(data, files)
    edited = copy.deepcopy(files)
    behaviours(edited, place)[index]["text"] = new
    before, after = compile_texts(sources), compile_texts(texts(edited))
    assert uuids(after) == uuids(before)
    changes = diff(before, after).changes
    assert [(c.rule, c.old, c.new) for c in changes] == [("expectation-reworded", old, new)]


def test_ladder_ids_on_the_base_changes_no_uuid() -> None:
    assert uuids(compile_texts(json.loads(base_with_ids()))) == uuids(compile_texts(texts(base())))
