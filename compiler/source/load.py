"""Load stage: read ladder YAML files strictly into plain data that remembers where it came from.

Untrusted input never runs code or exhausts memory: only plain YAML tags are accepted, aliases,
nesting and expansion are capped, duplicate keys are rejected, and every failure is a Problem
with a file, line and column instead of an exception.
"""

from __future__ import annotations

import math
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TypeAlias, cast

import yaml
import yaml.constructor
from yaml.composer import Composer
from yaml.parser import Parser
from yaml.reader import Reader
from yaml.resolver import Resolver
from yaml.scanner import Scanner

from ..problems import ERROR, Problem, Rule
from ..value import value_class
from .paths import MAX_FILE_BYTES as MAX_FILE_BYTES  # re-exported: callers bound their reads by it
from .paths import YAML_SUFFIXES as YAML_SUFFIXES  # re-exported, with find_source_files: loaders of a project
from .paths import FileTooLarge, UnsafePath, inside, read_bounded
from .paths import find_source_files as find_source_files

# The checks this module raises: catalogue.py collects them, docs/rules/ has a page for each.
DECLARED_RULES: tuple[Rule, ...] = (
    Rule(
        "no-files",
        "validate",
        ERROR,
        "The path holds no ladder files (*.yaml, *.yml).",
        "an empty directory",
        "a directory with framework.yaml",
    ),
    Rule(
        "unreadable",
        "validate",
        ERROR,
        "A ladder file cannot be read, or is not a regular file (a FIFO, a device, a directory).",
        "tracks.yaml as a named pipe",
        "a readable regular file",
    ),
    Rule(
        "file-too-large",
        "validate",
        ERROR,
        "A ladder file is larger than the loader accepts.",
        "a 20 MiB tracks.yaml",
        "tracks split over several files",
    ),
    Rule(
        "encoding",
        "validate",
        ERROR,
        "A ladder file is not valid UTF-8.",
        "summary: caf\\xe9 (Latin-1 bytes)",
        "summary: café (saved as UTF-8)",
    ),
    Rule(
        "empty-file",
        "validate",
        ERROR,
        "A ladder file holds nothing.",
        "(an empty file)",
        "framework: {...}",
    ),
    Rule(
        "yaml-syntax",
        "validate",
        ERROR,
        "The file is not well-formed YAML.",
        "tracks: [unclosed",
        "tracks: []",
    ),
    Rule(
        "yaml-limit",
        "validate",
        ERROR,
        "Nesting, aliases or size beyond the loader's limits.",
        "a billion-laughs alias bomb",
        "plain nested mappings",
    ),
    Rule(
        "yaml-key",
        "validate",
        ERROR,
        "A mapping key is not plain text.",
        "? [a, b]\n: value",
        "a: value",
    ),
    Rule(
        "yaml-value",
        "validate",
        ERROR,
        "A scalar cannot be read as the type its tag names.",
        "rank: !!int one",
        "rank: 1",
    ),
    Rule(
        "unsafe-tag",
        "validate",
        ERROR,
        "A YAML tag that could construct objects.",
        "summary: !!python/object:os.system x",
        "summary: x",
    ),
    Rule(
        "duplicate-key",
        "validate",
        ERROR,
        "The same key twice in one mapping.",
        "id: gpm\nid: gpm-2",
        "id: gpm",
    ),
)

MAX_ALIASES = 500
MAX_NODES = 250_000
MAX_DEPTH = 50
_SURROGATE = re.compile("[\ud800-\udfff]")
MAX_INTEGER = 2**63 - 1  # larger literals are mistakes, and Python refuses to print them past 4300 digits

_TAG = "tag:yaml.org,2002:"
_PLAIN_TAGS = {_TAG + t for t in ("str", "int", "float", "bool", "null", "timestamp", "merge")}

Path_: TypeAlias = tuple[str | int, ...]  # a JSON path: keys and list indexes from the document root


@value_class
class Mark:
    line: int
    column: int


def packed(line: int, column: int) -> int:
    """PyYAML's 0-based position as one int: line and column, 1-based."""
    return (line + 1) << 32 | (column + 1)


def unpacked(position: int) -> Mark:
    return Mark(position >> 32, position & 0xFFFFFFFF)


@dataclass
class SourceDocument:
    """One parsed file: its data plus the position of every key and value in it."""

    path: Path
    display: str
    text: str
    data: Any = None
    # Positions as `packed` ints, a fifth of the memory of Mark objects (there is one per node).
    value_marks: dict[Path_, int] = field(default_factory=dict)
    key_marks: dict[Path_, int] = field(default_factory=dict)
    # Plain scalars YAML turned into something other than text: path -> source text.
    retyped: dict[Path_, str] = field(default_factory=dict)

    def locate(self, path: Path_) -> Mark:
        """Position of the value at `path`, or of its nearest ancestor that has one."""
        path = tuple(path)
        while path:
            if path in self.value_marks:
                return unpacked(self.value_marks[path])
            path = path[:-1]
        return unpacked(self.value_marks.get((), packed(0, 0)))

    def locate_key(self, path: Path_) -> Mark:
        """Position of the key that introduces `path` (falls back to the value)."""
        key = self.key_marks.get(tuple(path))
        return unpacked(key) if key is not None else self.locate(path)

    def problem(self, path: Path_, rule: str, message: str, *, key: bool = False, hint: str = "") -> Problem:
        mark = self.locate_key(path) if key else self.locate(path)
        return Problem(self.display, mark.line, mark.column, rule, message, hint=hint)


@dataclass
class LoadResult:
    documents: list[SourceDocument]
    problems: list[Problem]


class Position(Protocol):
    """Where PyYAML or libyaml found something (0-based), whichever of their two mark types it is."""

    @property
    def line(self) -> int: ...
    @property
    def column(self) -> int: ...


class LimitExceeded(Exception):
    def __init__(self, message: str, mark: Position | None):
        super().__init__(message)
        self.message = message
        self.mark = mark


class _StrictComposition(Composer, Resolver):
    """PyYAML's safe composer with caps on aliases and nesting depth."""

    def __init__(self) -> None:
        Composer.__init__(self)
        Resolver.__init__(self)
        self.alias_count = 0
        self.depth = 0

    if TYPE_CHECKING:  # supplied by the parser this class is mixed with (PyYAML's, or libyaml's events)

        def check_event(self, *choices: type[yaml.Event]) -> bool: ...
        def peek_event(self) -> yaml.Event | None: ...

    def _next_mark(self) -> Position | None:
        event = self.peek_event()
        return event.start_mark if event is not None else None

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        if self.check_event(yaml.AliasEvent):
            self.alias_count += 1
            if self.alias_count > MAX_ALIASES:
                raise LimitExceeded(
                    f"more than {MAX_ALIASES} aliases; ladder files do not need that many", self._next_mark()
                )
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise LimitExceeded(f"nesting deeper than {MAX_DEPTH} levels", self._next_mark())
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


class _PythonComposer(Reader, Scanner, Parser, _StrictComposition):
    def __init__(self, text: str):
        Reader.__init__(self, text)
        Scanner.__init__(self)
        Parser.__init__(self)
        _StrictComposition.__init__(self)


class _LibYamlComposer(_StrictComposition):
    """Events from libyaml's C parser (several times faster), composed by the same strict code."""

    def __init__(self, text: str):
        events = yaml.CBaseLoader(text)  # PyYAML's public handle on libyaml's parser
        _StrictComposition.__init__(self)
        # The parser's own methods, bound here: a wrapper method per call cost a tenth of a large parse.
        self.check_event = events.check_event  # type: ignore[method-assign]
        self.peek_event = events.peek_event  # type: ignore[method-assign]
        self.get_event = events.get_event
        self.dispose = events.dispose


# yaml.CBaseLoader exists only when PyYAML was built with libyaml.
_StrictComposer = _LibYamlComposer if hasattr(yaml, "CBaseLoader") else _PythonComposer


def display_path(path: Path) -> str:
    relative = os.path.relpath(path)
    return str(path) if relative.startswith("..") else relative


def load_project(root: Path) -> LoadResult:
    """Load every ladder file under `root`; a file that is a symlink leaving the project is refused."""
    files = find_source_files(root)
    if not files:
        return LoadResult(
            [], [Problem(display_path(root), 1, 1, "no-files", "no ladder files (*.yaml, *.yml) found here")]
        )
    documents, problems = [], []
    for path in files:
        if root.is_dir() and not inside(root, path):
            problems.append(
                Problem(
                    display_path(path),
                    1,
                    1,
                    "unsafe-path",
                    "this file is a symbolic link that leads outside the ladder project (or nowhere); it is not read",
                )
            )
            continue
        document, file_problems = load_file(path)
        problems += file_problems
        if document is not None:
            documents.append(document)
    return LoadResult(documents, sorted(problems))


def load_file(
    path: Path, text_bytes: bytes | None = None, display: str | None = None
) -> tuple[SourceDocument | None, list[Problem]]:
    """Parse one file. `text_bytes` lets callers load content that is not on disk (e.g. from git)."""
    display = display or display_path(path)
    if text_bytes is None:
        try:
            text_bytes = read_bounded(path, MAX_FILE_BYTES)
        except FileTooLarge:
            return None, [_too_large(display)]
        except UnsafePath as error:
            return None, [Problem(display, 1, 1, "unreadable", str(error))]
    if len(text_bytes) > MAX_FILE_BYTES:
        return None, [_too_large(display)]
    try:
        text = text_bytes.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line, column = _byte_position(text_bytes, error.start)
        return None, [
            Problem(
                display,
                line,
                column,
                "encoding",
                f"invalid UTF-8 (byte 0x{text_bytes[error.start]:02x}); save the file as UTF-8",
            )
        ]
    document = SourceDocument(path, display, text)
    problems = _parse(document)
    if document.data is None and not problems:  # `~` or `null` alone: a file that says nothing
        mark = document.locate(())
        problems = [
            Problem(
                display,
                mark.line,
                mark.column,
                "empty-file",
                "file holds only `null`; a ladder file holds a mapping such as `framework:` or `tracks:`",
            )
        ]
    return (None if document.data is None else document), problems


def _too_large(display: str) -> Problem:
    return Problem(
        display,
        1,
        1,
        "file-too-large",
        f"file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MiB; split the ladder into several files",
    )


def _byte_position(data: bytes, offset: int) -> tuple[int, int]:
    line_start = data.rfind(b"\n", 0, offset) + 1
    return data.count(b"\n", 0, offset) + 1, len(data[line_start:offset].decode("utf-8", "replace")) + 1


def _parse(document: SourceDocument, composer_class: type = _StrictComposer) -> list[Problem]:
    composer = None
    try:
        composer = composer_class(document.text)
        node = composer.get_single_node()
    except LimitExceeded as error:
        return [_at_mark(document, error.mark, "yaml-limit", error.message)]
    except yaml.MarkedYAMLError as error:
        if composer_class is not _PythonComposer:
            # libyaml's errors (and limits, which change between releases) are described by the
            # Python parser instead, so a problem reads the same whichever parser PyYAML has.
            return _parse(document, _PythonComposer)
        return [_syntax_problem(document, error)]
    except yaml.reader.ReaderError as error:
        line, column = _char_position(document.text, error.position)
        return [
            Problem(
                document.display,
                line,
                column,
                "yaml-syntax",
                f"character U+{error.character:04X} is not allowed in YAML (control characters must be removed)",
            )
        ]
    except RecursionError:
        return [Problem(document.display, 1, 1, "yaml-limit", f"nesting deeper than {MAX_DEPTH} levels")]
    finally:
        if composer is not None:
            composer.dispose()
    if node is None:
        return [
            Problem(
                document.display,
                1,
                1,
                "empty-file",
                "file is empty; a ladder file holds a mapping such as `framework:` or `tracks:`",
            )
        ]
    builder = _Builder(document)
    try:
        document.data = builder.build(node, ())
    except LimitExceeded as error:
        document.data = None
        return builder.problems + [_at_mark(document, error.mark, "yaml-limit", error.message)]
    if builder.problems:
        document.data = None
    return builder.problems


def _char_position(text: str, offset: int) -> tuple[int, int]:
    line_start = text.rfind("\n", 0, offset) + 1
    return text.count("\n", 0, offset) + 1, offset - line_start + 1


def _at_mark(document: SourceDocument, mark: Position | None, rule: str, message: str) -> Problem:
    if mark is None:
        return Problem(document.display, 1, 1, rule, message)
    return Problem(document.display, mark.line + 1, mark.column + 1, rule, message)


def _syntax_problem(document: SourceDocument, error: yaml.MarkedYAMLError) -> Problem:
    mark = error.problem_mark or error.context_mark
    message = f"invalid YAML: {error.problem}" if error.problem else "invalid YAML"
    hint = ""
    if error.context:
        hint = error.context
        if error.context_mark is not None and error.context_mark is not mark:
            hint += f" (line {error.context_mark.line + 1}, column {error.context_mark.column + 1})"
    if error.problem and error.problem.startswith("expected <block end>") and mark is not None:
        # PyYAML's words for a line indented unlike the block around it: name the indentation.
        hint = "check the indentation of this line: a mapping's keys, and a list's items, start in the same column" + (
            f" ({hint})" if hint else ""
        )
    problem = _at_mark(document, mark, "yaml-syntax", message)
    return Problem(problem.file, problem.line, problem.column, problem.rule, problem.message, hint=hint)


class _Builder:
    """Turns a composed node graph into plain data, recording positions and refusing unsafe input."""

    def __init__(self, document: SourceDocument):
        self.document = document
        self.problems: list[Problem] = []
        self.nodes = 0
        self.active: set[int] = set()
        self.constructor = yaml.constructor.SafeConstructor()

    def build(self, node: yaml.Node, path: Path_) -> Any:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise LimitExceeded(
                f"the document expands to more than {MAX_NODES} values (an alias bomb?)", node.start_mark
            )
        if id(node) in self.active:
            raise LimitExceeded("an alias refers to a node that contains it (a recursive alias)", node.start_mark)
        self.document.value_marks[path] = packed(node.start_mark.line, node.start_mark.column)
        self.active.add(id(node))
        try:
            if isinstance(node, yaml.MappingNode):
                return self._mapping(node, path)
            if isinstance(node, yaml.SequenceNode):
                return self._sequence(node, path)
            return self._scalar(cast(yaml.ScalarNode, node), path)  # a composer makes no other node kind
        finally:
            self.active.discard(id(node))

    def _refuse_tag(self, node: yaml.Node, expected: str) -> bool:
        if node.tag == expected:
            return False
        tag = node.tag.replace(_TAG, "!!")
        self._problem(node, "unsafe-tag", f"YAML tag `{tag}` is not allowed; ladder files hold plain data only")
        return True

    def _mapping(self, node: yaml.MappingNode, path: Path_) -> dict[str, Any] | None:
        if self._refuse_tag(node, _TAG + "map"):
            return None
        result: dict[str, Any] = {}
        first_seen: dict[str, yaml.Node] = {}
        merged: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == _TAG + "merge":
                merged.update(self._merge_source(value_node, path))
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                self._problem(key_node, "yaml-key", "mapping keys must be plain text, not lists or mappings")
                continue
            key = key_node.value  # the key as written: `on:` stays "on", never a boolean
            if _SURROGATE.search(key):
                self._problem(key_node, "yaml-key", "the key holds a lone surrogate (a `\\ud800`-style escape)")
                continue
            if key in first_seen:
                self._problem(
                    key_node,
                    "duplicate-key",
                    f"duplicate key `{key}` (first defined on line {first_seen[key].start_mark.line + 1})",
                )
                continue
            first_seen[key] = key_node
            child = path + (key,)
            self.document.key_marks[child] = packed(key_node.start_mark.line, key_node.start_mark.column)
            result[key] = self.build(value_node, child)
        for key, value in merged.items():
            result.setdefault(key, value)
        return result

    def _merge_source(self, node: yaml.Node, path: Path_) -> dict[str, Any]:
        sources = node.value if isinstance(node, yaml.SequenceNode) else [node]
        merged: dict[str, Any] = {}
        for source in sources:
            if not isinstance(source, yaml.MappingNode):
                self._problem(source, "yaml-key", "a merge key (<<) must refer to a mapping")
                continue
            value = self.build(source, path)
            for key, item in (value or {}).items():
                merged.setdefault(key, item)
        return merged

    def _sequence(self, node: yaml.SequenceNode, path: Path_) -> list[Any] | None:
        if self._refuse_tag(node, _TAG + "seq"):
            return None
        return [self.build(item, path + (index,)) for index, item in enumerate(node.value)]

    def _scalar(self, node: yaml.ScalarNode, path: Path_) -> Any:
        if node.tag not in _PLAIN_TAGS:
            self._refuse_tag(node, _TAG + "str")
            return None
        # Dates stay as written: YAML 1.1 would turn them into timestamps (and crash on 2024-02-30).
        if node.tag in (_TAG + "str", _TAG + "timestamp", _TAG + "merge"):
            if _SURROGATE.search(node.value):  # no UTF-8 output can hold it: every writer would fail on it
                self._problem(
                    node, "yaml-value", "the text holds a lone surrogate (a `\\ud800`-style escape); use `\\U` escapes"
                )
                return None
            return node.value
        if not node.style:  # plain (PyYAML says None, libyaml says "")
            self.document.retyped[path] = node.value
        shown = node.value if len(node.value) <= 40 else node.value[:40] + "…"
        try:
            value = self.constructor.construct_object(node)
        except (ValueError, yaml.constructor.ConstructorError):
            self._problem(node, "yaml-value", f"cannot read `{shown}` as {node.tag.replace(_TAG, '')}")
            return None
        if isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_INTEGER:
            self._problem(node, "yaml-value", f"the number `{shown}` is too large (at most {MAX_INTEGER})")
            return None
        if isinstance(value, float) and not math.isfinite(value):
            self._problem(node, "yaml-value", f"`{shown}` is not a finite number")
            return None
        return value

    def _problem(self, node: yaml.Node, rule: str, message: str) -> None:
        mark = node.start_mark
        self.problems.append(Problem(self.document.display, mark.line + 1, mark.column + 1, rule, message))
