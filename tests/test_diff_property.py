"""Property tests (Hypothesis, fixed seed): the diff sees exactly the edits the outputs see.

1. Every source field of the base projects (tests/fixtures/mini plus every optional field, and each
   example project under examples/) is edited in turn, at each place the schema puts it (the first
   list item stands for the others), to values Hypothesis draws: an edit that changes the HRIS
   JSON, the Markdown, the CASE package, the CSV or the HTML yields at least one diff record, and an
   edit that changes none of them yields none.
2. Rewriting the same projects with comments, another key order, other quoting and line folding
   changes no output and yields no record.
Outputs are compared with the source hash masked: it hashes the file bytes, so it changes with a
comment by design. Whitespace inside a value is not a change either (the diff compares words).
Cost: each file is parsed once per text, compiled templates and OLD's outputs are reused, and an
edit renders its outputs only up to the first that differs (one is enough to require a record).
"""

from __future__ import annotations

import datetime
import json
import random
import re
from collections.abc import Iterator
from functools import cache, lru_cache
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, assume, event, given, settings
from hypothesis import strategies as st

from ladder_compiler.diff import diff
from ladder_compiler.model import BREADTHS, Framework
from ladder_compiler.pipeline import compile_documents
from ladder_compiler.render import RenderOptions, get_renderer
from ladder_compiler.source.load import SourceDocument, find_source_files, load_file

from conftest import MINI, REPO

# A full-size Hypothesis search over every edit site; the diff it checks is pure Python that the rest
# of the suite runs on every interpreter, so only the default Python runs it (docs/development.md).
pytestmark = [pytest.mark.one_python, pytest.mark.slow]  # a full-size search: minutes

# Draws per edit site (fixture and example projects alike) and formatting rewrites per project.
EXAMPLES_PER_VALUE = 4
NON_SEMANTIC_EXAMPLES = 100
FORMATS = ("json", "csv", "case", "md", "html")  # cheapest first: an edit stops at the first output it changes
ROOT = Path("/nonexistent/property-project")  # nothing is read from disk: files are compiled from memory
WORDS = (
    "plans",
    "the",
    "quarterly",
    "roadmap",
    "with",
    "peers",
    "coaches",
    "new",
    "leads",
    "reviews",
    "metrics",
    "every",
    "team",
    "clear",
    "goals",
)
SCHEMAS = [
    json.loads(path.read_text(encoding="utf-8")) for path in sorted((REPO / "schemas").glob("ladder-source*.json"))
]
NOT_EDITED = {
    "rank": "levels are numbered 1, 2, 3 in the order written: no other value is valid",
    "logo": "names a file; the property test compiles from memory",
    "templates": "names a directory; the property test compiles from memory",
    "previous_release": "names a directory of an earlier release; the property test compiles from memory",
    "languages": "each names a translation catalogue (locales/<tag>.po) on disk; the property test compiles from memory",
    "draft_languages": "each names a translation catalogue on disk, like `languages`",
}
UNRENDERED = {  # source values the diff compares that no output shows yet (the diff still reports them)
    ("career_paths", "roles", "description"),  # the exports name roles by id and title only
    ("career_paths", "roles", "external_id"),
    ("career_paths", "roles", "uuid"),
    ("framework", "breadths", "description"),  # breadths show by name
}
EXTRAS = {  # optional fields the fixture leaves out, so that every source field is edited
    ("framework.yaml", "framework", "description"): "A small framework for tests.",
    ("framework.yaml", "framework", "uuid_namespace"): "0b6f9e42-31f4-4c39-9d3e-5d8d1f0c2a11",
    ("framework.yaml", "framework", "presentation"): {
        "brand_colour": "#1F4E79",
        "page_size": "A4",
        "classification": "Internal",
        "owner": "People team",
        "approver": "Chief Product Officer",
    },
    ("framework.yaml", "framework", "scale", "description"): "How well someone shows a behaviour.",
    ("framework.yaml", "framework", "scale", "evidence_rule"): {"min_share": 0.5},
    ("competencies.yaml", "competencies", 0, "previous_ids"): ["direction"],
    ("competencies.yaml", "competencies", 1, "requires_direct_reports"): True,
    ("tracks.yaml", "tracks", 0, "previous_ids"): ["people-manager"],
    ("tracks.yaml", "tracks", 0, "hris", "job_family"): "Product Management",
    ("tracks.yaml", "tracks", 0, "levels", 0, "previous_ids"): ["manager-one"],
    ("tracks.yaml", "tracks", 0, "levels", 0, "description"): "The first rung of people leadership.",
    ("tracks.yaml", "tracks", 0, "levels", 0, "scope", "direct_reports", "description"): "Usually three.",
    ("tracks.yaml", "tracks", 0, "levels", 0, "expectations", "vision", "behaviours", 0, "previous_ids"): ["vision-q"],
    # Given uuids sit on items after the first, so the first item's id edits still move derived uuids.
    ("tracks.yaml", "tracks", 1, "uuid"): "5f0c8a52-7d1e-4b9a-8c3f-2e6d4a1b9c07",
    ("tracks.yaml", "tracks", 0, "levels", 1, "uuid"): "a3d9e6f1-2b4c-4e8a-9f17-6c5b0d2e8a43",
    ("tracks.yaml", "tracks", 0, "levels", 1, "expectations", "vision", "behaviours", 0, "uuid"): (
        "c81e4b27-9a3f-4d6c-b5e0-7f2a1d8c6e95"
    ),
    ("framework.yaml", "framework", "categories", 1, "uuid"): "2d7b9c41-5e8f-4a06-9b3d-8e1f6c2a7d50",
    ("framework.yaml", "framework", "scale", "values", 1, "uuid"): "e6a1f3b8-0c2d-4e57-a9b4-3f8d7c1e2b96",
    ("tracks.yaml", "career_paths", "choosing"): {
        "title": "How to choose a track",
        "description": "Choose the management track to grow through a team.",
    },
    ("tracks.yaml", "career_paths", "roles"): [
        {"id": "vp", "title": "VP", "description": "Runs the function."},
        {"id": "cpo", "title": "CPO", "description": "Runs product.", "uuid": "7c3e9a15-4b8d-4f2e-8a61-d5b0e9c4f372"},
    ],
}


# The project as data, and back to files


BASES = {"mini": MINI} | {
    f"examples/{p.name}": p for p in sorted((REPO / "examples").iterdir()) if (p / "framework.yaml").is_file()
}  # ladder projects only: examples/calibration-round holds cases


def base_project(name: str = "mini") -> dict[str, object]:
    """A fresh copy of a project as data: relative file path → parsed YAML."""
    return json.loads(_base_json(name))


@cache
def _base_json(name: str) -> str:
    """The files in the order the loader reads them: in a directory, its files before its folders."""
    root = BASES[name]
    files = {
        p.relative_to(root).as_posix(): _strings(yaml.safe_load(p.read_text(encoding="utf-8")))
        for p in find_source_files(root)
    }
    for path, value in (EXTRAS if name == "mini" else {}).items():
        _set(files, path, value)
    return json.dumps(files)


def _strings(value):
    """PyYAML reads 2026-03-01 as a date; the ladder loader keeps it text."""
    if isinstance(value, dict):
        return {k: _strings(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_strings(v) for v in value]
    return value.isoformat() if isinstance(value, datetime.date) else value


def _set(files: dict, path: tuple, value) -> None:
    target = files
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value


def _get(files: dict, path: tuple):
    for key in path:
        files = files[key]
    return files


def dump(files: dict[str, object], dumper: type = yaml.CSafeDumper, **options) -> dict[str, str]:
    return {
        name: yaml.dump(data, Dumper=dumper, sort_keys=False, allow_unicode=True, **options)
        for name, data in files.items()
    }


@cache
def base_texts(name: str) -> dict[str, str]:
    return dump(base_project(name))


def edited_texts(name: str, files: dict[str, object]) -> dict[str, str]:
    """The base project's texts, with only the files an edit changed written again."""
    base = base_project(name)
    return base_texts(name) | dump({path: data for path, data in files.items() if data != base[path]})


@lru_cache(maxsize=64)  # the base files stay in; an edited text is seldom seen twice
def _load(name: str, text: str) -> tuple[SourceDocument | None, tuple]:
    """A file's text parsed once: an edit re-reads only the file it changed (loading never mutates a document)."""
    document, found = load_file(ROOT / name, text.encode("utf-8"), name)
    return document, tuple(found)


def compile_texts(texts: dict[str, str]) -> Framework | None:
    documents, problems = [], []
    for name, text in texts.items():
        document, found = _load(name, text)
        problems += found
        if document is not None:
            documents.append(document)
    compiled = compile_documents(documents, problems, ROOT)
    return compiled.framework


def rendered(framework: Framework) -> Iterator[tuple[str, bytes]]:
    """(path, bytes) of every output, format by format, the source hash masked."""
    options, track_ids = RenderOptions(), tuple(t.id for t in framework.tracks)
    for name in FORMATS:
        renderer = get_renderer(name)
        for planned in renderer.plan(framework, track_ids):
            data = renderer.render(framework, planned, options)
            yield (
                planned.path,
                data.replace(framework.source_hash.encode(), b"<hash>").replace(
                    framework.source_hash[:12].encode(), b"<hash>"
                ),
            )


def outputs(framework: Framework) -> dict[str, bytes]:
    return dict(rendered(framework))


def first_difference(framework: Framework, old_outputs: dict[str, bytes]) -> str | None:
    """The first output that differs from OLD's (added, removed or changed), or None when none does.
    One is enough to require a diff record, so the rest is not rendered."""
    seen = set()
    for path, data in rendered(framework):
        if old_outputs.get(path) != data:
            return path
        seen.add(path)
    return min(old_outputs.keys() - seen, default=None)


@cache
def old_side(name: str = "mini") -> tuple[Framework, dict[str, bytes]]:
    framework = compile_texts(base_texts(name))
    assert framework is not None, "the base project must be valid"
    return framework, outputs(framework)


# Which values can be edited, and to what


def leaves(value, path: tuple = ()) -> list[tuple]:
    if isinstance(value, dict):
        return [leaf for key, item in value.items() for leaf in leaves(item, path + (key,))]
    if isinstance(value, list):
        return [leaf for index, item in enumerate(value) for leaf in leaves(item, path + (index,))]
    return [path]


def key_of(path: tuple) -> str:
    return next(key for key in reversed(path) if isinstance(key, str) and not key.endswith(".yaml"))


def signature(path: tuple) -> tuple:
    """Where a value sits in the schema: list positions and the competency keys of `expectations` do not count."""
    return tuple(
        "*" if isinstance(k, int) or (i and path[i - 1] == "expectations") else k for i, k in enumerate(path[1:])
    )


def editable_paths() -> list[tuple[str, tuple]]:
    """(project, path) for the first value at each place of each base project's schema."""
    chosen: dict[tuple, tuple[str, tuple]] = {}
    for name in BASES:
        for path in leaves(base_project(name)):
            if key_of(path) not in NOT_EDITED:
                chosen.setdefault((name, signature(path)), (name, path))
    return list(chosen.values())


def _ids(files: dict, *where: str) -> list[str]:
    found = []
    for path in leaves(files):
        if key_of(path) == "id" and all(w in path for w in where):
            found.append(_get(files, path))
    return found


def _scale_ids(files: dict) -> list[str]:
    """The ids of the framework's scale and of its named `scales` (not of their values)."""
    return [
        _get(files, path)
        for path in leaves(files)
        if key_of(path) == "id" and (path[-2] == "scale" or (len(path) > 2 and path[-3] == "scales"))
    ]


def _scale_values(files: dict) -> list[str]:
    """The value ids of every scale: a competency on a named scale takes that scale's values."""
    return [
        _get(files, path)
        for path in leaves(files)
        if key_of(path) == "id" and "values" in path and ("scale" in path or "scales" in path)
    ]


def _shared_set_ids(files: dict) -> list[str]:
    return [
        _get(files, path) for path in leaves(files) if path[1:2] == ("shared",) and len(path) == 4 and path[-1] == "id"
    ]


def _enum(*names: str) -> list[str]:
    """An enumeration of the source schemas (every version that defines it)."""
    found: list[str] = []
    for schema in SCHEMAS:
        node = schema["$defs"]
        for name in names:
            node = node.get(name, {}) if isinstance(node, dict) else {}
        found += [value for value in node.get("enum", []) if value not in found]
    return found


def candidates(files: dict, path: tuple) -> list[str] | None:
    """The values a reference or enumeration may take, or None for a free value."""
    key = key_of(path)
    if key == "kind":
        if "process" in path:
            return _enum("promotion", "properties", "process", "items", "properties", "kind")
        if "moves" in path:
            return _enum("career_paths", "properties", "moves", "items", "properties", "kind")
        return _enum("track", "properties", "kind")
    levels, roles = _ids(files, "levels"), _ids(files, "roles")
    return {
        "breadth": _ids(files, "breadths") or list(BREADTHS),
        "expected": _scale_values(files),
        "scale": _scale_ids(files),
        "shared": _shared_set_ids(files),
        "progression": ["accumulate", "replace"],
        "page_size": ["A4", "Letter"],
        "starts_after": levels,
        "language": ["en", "en-GB", "de", "fr-CA"],
        "category": _ids(files, "categories"),
        "competency": _ids(files, "competencies"),
        "competencies": _ids(files, "competencies"),
        "rating": _scale_values(files),
        "to": levels + roles,
        "from": levels,
        "levels": levels,
        "raises": _ids(files, "behaviours"),
        "retires": _ids(files, "behaviours"),
        "rule": _enum("declared_exception", "properties", "rule"),
    }.get(key)


def rename_everywhere(value, old: str, new: str):
    """An id changes, and every reference to it with it."""
    if isinstance(value, dict):
        return {(new if k == old else k): rename_everywhere(v, old, new) for k, v in value.items()}
    if isinstance(value, list):
        return [rename_everywhere(v, old, new) for v in value]
    return new if value == old else value


IDS = st.from_regex(r"[a-z][a-z0-9]{2,8}(-[a-z0-9]{2,6})?", fullmatch=True)
TEXT = st.lists(st.sampled_from(WORDS), min_size=1, max_size=6).map(lambda words: " ".join(words).capitalize() + ".")


def new_value(data: st.DataObject, files: dict, path: tuple):
    key, current = key_of(path), _get(files, path)
    if key in ("id", "previous_ids"):
        return data.draw(IDS, label="id")
    choices = candidates(files, path)
    if choices is not None:
        return data.draw(st.sampled_from(choices), label=key)
    if isinstance(current, int):
        return data.draw(st.integers(0, 48), label=key)
    if key == "min_share":  # a share in (0, 1]: twentieths keep it exact in YAML and JSON
        return data.draw(st.integers(1, 20).map(lambda n: n / 20), label=key)
    if key == "version":
        return data.draw(st.tuples(*[st.integers(0, 12)] * 3).map(lambda v: f"{v[0]}.{v[1]}.{v[2]}"), label=key)
    if key in ("effective_date", "reviewed_on", "approved_on"):
        return data.draw(
            st.dates(datetime.date(2000, 1, 1), datetime.date(2099, 12, 31)).map(datetime.date.isoformat), label=key
        )
    if key in ("uuid_namespace", "uuid"):
        return str(data.draw(st.uuids(), label=key))
    if key == "brand_colour":
        return data.draw(st.integers(0, 0xFFFFFF).map(lambda n: f"#{n:06X}"), label=key)
    if key == "url":
        return data.draw(st.from_regex(r"https://example\.org/[a-z]{1,12}", fullmatch=True), label=key)
    if key in ("job_code", "grade", "external_id"):
        return data.draw(st.from_regex(r"[A-Z][A-Z0-9]{1,4}", fullmatch=True), label=key)
    return data.draw(TEXT, label=key)


def edited(files: dict, path: tuple, value) -> dict:
    current = _get(files, path)
    if key_of(path) in ("id", "previous_ids"):
        return rename_everywhere(files, current, value)
    copy = json.loads(json.dumps(files))
    _set(copy, path, value)
    return copy


PATHS = editable_paths()


def _name(path: tuple) -> str:
    return "/".join(map(str, path))


SETTINGS = dict(
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.differing_executors],
)
FIXTURE_PATHS = [path for name, path in PATHS if name == "mini"]
EXAMPLE_PATHS = [(name, path) for name, path in PATHS if name != "mini"]


@pytest.mark.parametrize("path", FIXTURE_PATHS, ids=map(_name, FIXTURE_PATHS))
@settings(max_examples=EXAMPLES_PER_VALUE, **SETTINGS)
@given(data=st.data())
def test_an_edit_the_outputs_see_is_a_diff_record(path: tuple, data: st.DataObject) -> None:
    check_edit("mini", path, data)


@pytest.mark.parametrize(
    "project, path", EXAMPLE_PATHS, ids=[f"{name}:{_name(path)}" for name, path in PATHS if name != "mini"]
)
@settings(max_examples=EXAMPLES_PER_VALUE, **SETTINGS)
@given(data=st.data())
def test_an_edit_of_an_example_project_the_outputs_see_is_a_diff_record(project: str, path: tuple, data) -> None:
    check_edit(project, path, data)


def check_edit(project: str, path: tuple, data: st.DataObject) -> None:
    old_framework, old_outputs = old_side(project)
    files = base_project(project)
    changed = edited(files, path, new_value(data, files, path))
    new_framework = compile_texts(edited_texts(project, changed))
    assume(new_framework is not None)  # an invalid ladder is validate's business, not diff's
    differing = first_difference(new_framework, old_outputs)
    records = [f"{c.rule}: {c.message}" for c in diff(old_framework, new_framework).changes]
    event("outputs changed" if differing else "no output changed")
    if differing:
        assert records, f"{_name(path)} changed {differing} but the diff saw nothing"
    elif (path[1], path[2] if len(path) > 2 else None, key_of(path)) not in UNRENDERED:
        assert records == [], f"{_name(path)} changed no output but the diff reported {records}"


# Edits that are not changes


class _StyledDumper(yaml.CSafeDumper):
    string_style: str | None = None


def _styled_string(dumper: _StyledDumper, value: str):
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=dumper.string_style)


_StyledDumper.add_representer(str, _styled_string)


def shuffled(value, rng: random.Random):
    """Mapping keys in another order; lists keep theirs (their order is content)."""
    if isinstance(value, dict):
        items = list(value.items())
        rng.shuffle(items)
        return {k: shuffled(v, rng) for k, v in items}
    if isinstance(value, list):
        return [shuffled(v, rng) for v in value]
    return value


_BLOCK_KEY = re.compile(r"^(\s*)(- )?[A-Za-z_][\w-]*:(\s|$)")


def with_comments(text: str, rng: random.Random) -> str:
    """Comment lines before block-style keys (inside a quoted or flow value a '#' line would be content or an error)."""
    lines = text.splitlines()
    safe = [
        i
        for i, line in enumerate(lines)
        if _BLOCK_KEY.match(line) and not (i and lines[i - 1].rstrip().endswith((",", "[", "{")))
    ]
    for at in sorted(rng.sample(safe, min(len(safe), rng.randint(1, 6))), reverse=True):
        lines.insert(at, f"{_BLOCK_KEY.match(lines[at]).group(1)}# {rng.choice(WORDS)} {rng.choice(WORDS)}")
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("project", sorted(BASES))
@settings(
    derandomize=True,
    max_examples=NON_SEMANTIC_EXAMPLES,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(
    seed=st.integers(0, 2**32 - 1),
    style=st.sampled_from([None, "'", '"']),
    width=st.sampled_from([20, 40, 80, 1000]),
    flow=st.sampled_from([False, None]),
    comments=st.booleans(),
)
def test_formatting_is_not_a_change(
    project: str, seed: int, style: str | None, width: int, flow: bool | None, comments: bool
) -> None:
    old_framework, old_outputs = old_side(project)
    rng = random.Random(seed)
    _StyledDumper.string_style = style
    # Keys are shuffled inside each file, not the files themselves: the loader reads a project's
    # files in path order (tracks/1-foundation.yaml before tracks/2-staff.yaml), and that order is the
    # order of the tracks, which every output shows. Renaming files is not formatting.
    files = {name: shuffled(data, rng) for name, data in base_project(project).items()}
    texts = dump(files, _StyledDumper, width=width, default_flow_style=flow)
    if comments:
        texts = {name: with_comments(text, rng) for name, text in texts.items()}
    new_framework = compile_texts(texts)
    assert new_framework is not None
    assert outputs(new_framework) == old_outputs
    assert diff(old_framework, new_framework).changes == []


def test_every_source_field_is_edited() -> None:
    """Every property the source schemas define is a value the property test edits (or says why not)."""
    schema_keys = {key for schema in SCHEMAS for node in _schema_nodes(schema) for key in node.get("properties", {})}
    containers = {
        key_of(path[: i + 1])
        for name in BASES
        for path in leaves(base_project(name))
        for i in range(1, len(path))
        if isinstance(path[i], str)
    }
    edited_keys = {key_of(path) for _, path in PATHS} | containers
    assert sorted(schema_keys - edited_keys - set(NOT_EDITED)) == []


def _schema_nodes(node):
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from _schema_nodes(value)
    elif isinstance(node, list):
        for value in node:
            yield from _schema_nodes(value)
