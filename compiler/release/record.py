"""Record a release's approval in the framework file's text, leaving every other byte alone.

Each field's value is replaced where it is written, or its line is inserted beside its siblings:
comments, key order, quoting and blank lines elsewhere stay as the author wrote them. Positions
come from composing the YAML (the file has passed the strict loader first, so composing it is
bounded); nothing is dumped back from data.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

import yaml

from ..value import value_class

Keys = tuple[str, ...]
# Where a missing document-control field goes: after the field before it in this order, when present.
CONTROL_ORDER = ("owner", "approver", "approved_on")


class CannotRecord(Exception):
    """The file's layout does not allow a surgical edit (a flow-style mapping); the message says where."""

    def __init__(self, message: str, line: int, column: int) -> None:
        super().__init__(message)
        self.message, self.line, self.column = message, line, column


@value_class
class Field:
    keys: Keys  # from the document root, e.g. ("framework", "presentation", "approver")
    value: str


def record(text: str, fields: Iterable[Field]) -> str:
    """`text` with each field set to its value (one edit at a time, positions read afresh)."""
    for item in fields:
        text = _set(text, item)
    return text


def scalar(value: str, written: yaml.ScalarNode | None = None) -> str:
    """`value` as YAML, in the style of the scalar it replaces when it has one: double-quoted when
    that was, else plain when YAML reads it back as the text written (a date stays a plain date
    where one was), else double-quoted."""
    if written is not None and written.style == '"':
        return json.dumps(value, ensure_ascii=False)
    read = _plain_reading(value)
    same_kind = written is not None and not written.style and type(read) is type(_plain_reading(written.value))
    if read == value or (same_kind and str(read) == value):
        return value
    return json.dumps(value, ensure_ascii=False)


def _plain_reading(value: str) -> object:
    """What YAML makes of `value` written plain (None when it cannot be written plain)."""
    if value != value.strip() or "\n" in value or value.startswith(("'", '"')):
        return None
    try:
        loaded = yaml.safe_load(f"k: {value}")
    except yaml.YAMLError:
        return None
    return loaded.get("k") if isinstance(loaded, dict) and list(loaded) == ["k"] else None


def _set(text: str, item: Field) -> str:
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    parent, node = _find(root, item.keys)
    if node is not None:  # written already: replace the value's characters
        start, end = node.start_mark.index, node.end_mark.index
        if isinstance(node, yaml.ScalarNode) and node.style in ("|", ">"):
            end = _block_end(text, node)  # a block scalar: its lines go, what follows them stays
        return text[:start] + scalar(item.value, node if isinstance(node, yaml.ScalarNode) else None) + text[end:]
    if parent is None or _find(root, item.keys[:-1])[1] is None:
        return _add_mapping(text, root, item)
    return _insert(text, parent, item.keys[-1], scalar(item.value))


def _find(root: yaml.Node | None, keys: Keys) -> tuple[yaml.MappingNode | None, yaml.Node | None]:
    """(the mapping that holds the last key, the value node) — either None when not written."""
    node: yaml.Node | None = root
    parent: yaml.MappingNode | None = None
    for key in keys:
        if not isinstance(node, yaml.MappingNode):
            return None, None
        parent, node = node, next((v for k, v in node.value if k.value == key), None)
        if node is None:
            return parent, None
    return parent, node


def _insert(text: str, mapping: yaml.MappingNode, key: str, value: str) -> str:
    """A `key: value` line in a block mapping: after the control field before it, else after the last entry."""
    if mapping.flow_style:
        raise _flow_style(mapping)
    keys = {k.value: k for k, _ in mapping.value}
    values = {k.value: v for k, v in mapping.value}
    line = f"{' ' * mapping.value[0][0].start_mark.column}{key}: {value}"
    if key in CONTROL_ORDER:
        position = CONTROL_ORDER.index(key)
        earlier = [name for name in CONTROL_ORDER[:position] if name in values]
        later = [name for name in CONTROL_ORDER[position + 1 :] if name in keys]
        if earlier:
            return _insert_line(text, values[earlier[-1]], line)
        if later:  # before the later field's line
            at = keys[later[0]].start_mark.index - keys[later[0]].start_mark.column
            return text[:at] + line + _newline(text) + text[at:]
    return _insert_line(text, mapping.value[-1][1], line)


def _insert_line(text: str, after: yaml.Node, line: str) -> str:
    newline = _newline(text)
    line = line.replace("\n", newline)
    if after.end_mark.column == 0:  # a block value ends at the start of the next line
        at = after.end_mark.index
        return text[:at] + line + newline + text[at:]
    at = _line_end(text, after.end_mark.index)  # after a trailing comment, if any
    return text[:at] + newline + line + text[at:]


def _newline(text: str) -> str:
    """The file's own line ending."""
    return "\r\n" if "\r\n" in text else "\n"


def _add_mapping(text: str, root: yaml.Node | None, item: Field) -> str:
    """The field's mapping is not written (`presentation:` missing): add it, with the field, to its parent."""
    parent, node = _find(root, item.keys[:-2])
    holder = node if node is not None else root
    if not isinstance(holder, yaml.MappingNode) or not holder.value:
        raise CannotRecord(f"`{'.'.join(item.keys[:-1])}` cannot be added here", 1, 1)
    if holder.flow_style:
        raise _flow_style(holder)
    column = holder.value[0][0].start_mark.column
    step = column - (parent.value[0][0].start_mark.column if parent is not None and parent.value else 0) or 2
    lines = f"{' ' * column}{item.keys[-2]}:\n{' ' * (column + step)}{item.keys[-1]}: {scalar(item.value)}"
    return _insert_line(text, holder.value[-1][1], lines)


def _flow_style(mapping: yaml.MappingNode) -> CannotRecord:
    mark = mapping.start_mark
    message = "this mapping is written in flow style ({...}); write it as one key per line"
    return CannotRecord(message, mark.line + 1, mark.column + 1)


def _line_end(text: str, index: int) -> int:
    end = text.find("\n", index)
    if end < 0:
        return len(text)
    return end - 1 if end > index and text[end - 1] == "\r" else end


def _block_end(text: str, node: yaml.ScalarNode) -> int:
    """Where a block scalar's text ends: the end of its last non-blank line."""
    end = node.end_mark.index
    while end > node.start_mark.index and text[end - 1] in " \r\n":
        end -= 1
    return end
