"""Write ids into ladder source text in place: every other byte (comments, quoting, order, folding) stays;
and find the behaviours written without one (`behaviour-id-missing`, what `ladder ids` writes).

A behaviour written as text becomes a mapping with `id` and `text`; one written as a mapping
without an id gets an `id` key first. The edit is textual, at the positions PyYAML reports, and
is checked by parsing the result: the data must be the old data with exactly those ids added.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ..problems import WARNING, Problem, Rule
from ..value import value_class

if TYPE_CHECKING:  # read, never imported: the model is a layer above
    from ..model import Framework

# The checks this module raises: catalogue.py collects them, docs/rules/ has a page for each.
DECLARED_RULES: tuple[Rule, ...] = (
    Rule(
        "behaviour-id-missing",
        "validate",
        WARNING,
        "A behaviour has no id, so its derived id and UUID change when it is reworded or moved: to an HRIS "
        "or CASE consumer a delete and a create. `ladder ids` writes the id it has today.",
        "behaviours:\n  - Runs the weekly planning.",
        "behaviours:\n  - id: team-lead.delivery.0c5e1f2a9b\n    text: Runs the weekly planning.",
    ),
)


class IdEditError(Exception):
    """The text could not be edited safely (a position names no behaviour, or the result reads
    differently); nothing is written."""


def insert_ids(text: str, ids: Mapping[tuple[int, int], str]) -> str:
    """`text` with each behaviour at (line, column), 1-based, given the id mapped to it."""
    if not ids:
        return text
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    if root is None:
        raise IdEditError("the file is empty")
    found = dict(_items(root))
    missing = sorted(set(ids) - set(found))
    if missing:
        line, column = missing[0]
        raise IdEditError(f"no behaviour at line {line}, column {column}")
    edits = sorted((_edit(text, *found[p], ids[p]) for p in ids), reverse=True)
    for start, end, replacement in edits:  # from the end backwards, so earlier offsets hold
        text = text[:start] + replacement + text[end:]
    return text


def _items(node: Node) -> Iterator[tuple[tuple[int, int], tuple[Node, bool]]]:
    """Every sequence item and mapping value by its 1-based position, with whether its sequence is flow."""
    if isinstance(node, SequenceNode):
        for item in node.value:
            yield (item.start_mark.line + 1, item.start_mark.column + 1), (item, bool(node.flow_style))
            yield from _items(item)
    elif isinstance(node, MappingNode):
        for _key, value in node.value:
            yield from _items(value)


def _edit(text: str, node: Node, flow: bool, new_id: str) -> tuple[int, int, str]:
    start, end = node.start_mark.index, node.end_mark.index
    if isinstance(node, MappingNode):
        if any(isinstance(k, ScalarNode) and k.value == "id" for k, _ in node.value) or not node.value:
            raise IdEditError(f"the behaviour at line {node.start_mark.line + 1} already has an id")
        first = node.value[0][0].start_mark
        separator = ", " if node.flow_style else "\n" + " " * first.column
        return first.index, first.index, f"id: {new_id}{separator}"
    if not isinstance(node, ScalarNode):
        raise IdEditError(f"no behaviour text at line {node.start_mark.line + 1}")
    source = text[start:end]
    if flow:
        return start, end, f"{{id: {new_id}, text: {source}}}"
    column = node.start_mark.column
    # The text becomes the value of a key at the item's column: continuation lines must sit deeper.
    source = "\n".join(
        (line if index == 0 or not line.strip() else "  " + line) for index, line in enumerate(source.split("\n"))
    )
    return start, end, f"id: {new_id}\n{' ' * column}text: {source}"


def check_edit(before: str, after: str, new_ids: set[str]) -> None:
    """Raise unless `after` reads as `before` with exactly `new_ids` added, each to one behaviour."""
    added: list[str] = []
    if _without(yaml.safe_load(after), new_ids, added) != _without(yaml.safe_load(before), set(), []):
        raise IdEditError("the edited file would read differently")
    if sorted(added) != sorted(new_ids):
        raise IdEditError("the edited file would not hold each new id exactly once")


def _without(data: Any, new_ids: set[str], added: list[str]) -> Any:
    """Data with the new ids taken out again, and `{text: t}` read as `t`, so both sides compare."""
    if isinstance(data, dict):
        return {k: _without(v, new_ids, added) for k, v in data.items()}
    if not isinstance(data, list):
        return data
    items = []
    for item in data:
        if isinstance(item, dict) and isinstance(item.get("id"), str) and item["id"] in new_ids:
            added.append(item["id"])
            item = {k: v for k, v in item.items() if k != "id"}
        if isinstance(item, dict) and list(item) == ["text"]:
            item = item["text"]
        items.append(_without(item, new_ids, added))
    return items


@value_class
class Missing:
    """A behaviour written without an id: where, and the id the model derives for it."""

    file: str
    line: int
    column: int
    derived: str


def missing_ids(framework: Framework) -> list[Missing]:
    """Every behaviour the source writes without an id, in file order."""
    found = {
        (e.source.file, e.source.line, e.source.column): e.id
        for track in framework.tracks
        for level in track.levels
        for block in level.expectations
        for e in block.new
        if not e.explicit_id and e.source is not None
    }
    return [Missing(file, line, column, derived) for (file, line, column), derived in sorted(found.items())]


def missing_id_problems(framework: Framework) -> list[Problem]:
    """One warning per file, at its first behaviour without an id: such ids follow the words, so a
    rewording is a delete and a create to HRIS and CASE consumers until `ladder ids` writes them.
    One per file, not per behaviour: `ladder ids --check` lists them all."""
    by_file: dict[str, list[Missing]] = {}
    for item in missing_ids(framework):
        by_file.setdefault(item.file, []).append(item)
    return [
        Problem(
            file,
            items[0].line,
            items[0].column,
            "behaviour-id-missing",
            f"{len(items)} {'behaviour' if len(items) == 1 else 'behaviours'} in this file without an id (the first "
            "here): their ids and "
            "UUIDs change whenever they are reworded or moved",
            WARNING,
            hint="run `ladder ids` to write the ids they have today (`ladder ids --check` lists them)",
        )
        for file, items in by_file.items()
    ]
