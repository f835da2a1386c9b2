"""The expression language of import profiles: a dotted path and a few filters. Nothing else.

    profile.title                          a value of the HRIS export contract
    profile.management_level | map:levels  a value through one of the profile's value maps
    profile.description | html             rich text: escaped, in <p> paragraphs
    profile.leads_to.id | join:" "         a list (a path through a list maps over it), joined
    profile.grade | map:grades | refid     a reference id: runs of other characters become `_`
    {family.name}\\{profile.title}          a template: text with {expression} placeholders

Profiles are untrusted, like ladder text: an expression is parsed here into a path and a list
of known filters, and evaluated by walking dictionaries. No eval, no attribute access, no
template engine; an unknown name is a located error before anything renders.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from typing import Any

from ..value import value_class

_NAME = re.compile(r"[a-z_][a-z0-9_]*\Z")
FILTERS_WITH_ARGUMENT = ("map", "default", "join")
FILTERS_WITHOUT_ARGUMENT = ("html", "text", "upper", "lower", "refid")
FILTERS = FILTERS_WITH_ARGUMENT + FILTERS_WITHOUT_ARGUMENT


class ExpressionError(ValueError):
    """A malformed expression; the message says what was expected."""


@value_class
class Filter:
    name: str
    argument: str | None = None


@value_class
class Expression:
    path: tuple[str, ...]
    filters: tuple[Filter, ...] = ()

    @property
    def text(self) -> str:
        parts = [".".join(self.path)] + [
            f.name if f.argument is None else f"{f.name}:{_quote(f.argument)}" for f in self.filters
        ]
        return " | ".join(parts)


@value_class
class Template:
    """Literal text and expressions, in order."""

    parts: tuple[str | Expression, ...]

    @property
    def expressions(self) -> tuple[Expression, ...]:
        return tuple(p for p in self.parts if isinstance(p, Expression))


def parse_expression(source: str) -> Expression:
    segments = _split_pipes(source)
    path_text = segments[0].strip()
    if not path_text:
        raise ExpressionError("expected a dotted path such as `profile.title` before any `|`")
    path = tuple(part.strip() for part in path_text.split("."))
    for part in path:
        if not _NAME.match(part):
            raise ExpressionError(
                f"`{path_text}` is not a dotted path: each part is lower-case letters, digits and `_`"
            )
    return Expression(path, tuple(_parse_filter(segment) for segment in segments[1:]))


def parse_template(source: str) -> Template:
    """Text with {expression} placeholders; `{{` and `}}` stand for literal braces."""
    parts: list[str | Expression] = []
    text, index = [], 0
    while index < len(source):
        char = source[index]
        if source.startswith("{{", index) or source.startswith("}}", index):
            text.append(char)
            index += 2
        elif char == "{":
            end = source.find("}", index)
            if end < 0:
                raise ExpressionError(f"`{{` at character {index + 1} is not closed; write `{{{{` for a literal brace")
            if text:
                parts.append("".join(text))
                text = []
            parts.append(parse_expression(source[index + 1 : end]))
            index = end + 1
        elif char == "}":
            raise ExpressionError(f"`}}` at character {index + 1} closes nothing; write `}}}}` for a literal brace")
        else:
            text.append(char)
            index += 1
    if text:
        parts.append("".join(text))
    if not any(isinstance(p, Expression) for p in parts):
        raise ExpressionError("a template needs at least one {expression}; use `const` for fixed text")
    return Template(tuple(parts))


def _split_pipes(source: str) -> list[str]:
    """Split on `|` outside double quotes."""
    segments: list[str] = []
    current: list[str] = []
    quoted = False
    for char in source:
        if char == '"':
            quoted = not quoted
        if char == "|" and not quoted:
            segments.append("".join(current))
            current = []
        else:
            current.append(char)
    if quoted:
        raise ExpressionError('a `"` is not closed')
    segments.append("".join(current))
    return segments


def _parse_filter(segment: str) -> Filter:
    name, colon, argument = segment.strip().partition(":")
    name = name.strip()
    if name not in FILTERS:
        raise ExpressionError(f"unknown filter `{name}`; filters are {', '.join(FILTERS)}")
    if name in FILTERS_WITHOUT_ARGUMENT:
        if colon:
            raise ExpressionError(f"filter `{name}` takes no argument")
        return Filter(name)
    if not colon:
        raise ExpressionError(f"filter `{name}` needs an argument: `{name}:…`")
    argument = argument.strip()
    if len(argument) >= 2 and argument[0] == argument[-1] == '"':
        argument = argument[1:-1]
    elif '"' in argument:
        raise ExpressionError(f'filter `{name}`: quote the whole argument, as in `{name}:"…"`')
    return Filter(name, argument)


def _quote(argument: str) -> str:
    return f'"{argument}"' if argument != argument.strip() or not argument or "|" in argument else argument


# Evaluation ------------------------------------------------------------------------------------


class MissingMapValue(LookupError):
    def __init__(self, map_name: str, value: str):
        super().__init__(f"map `{map_name}` has no entry for `{value}`")
        self.map_name, self.value = map_name, value


@value_class
class ValueMap:
    values: dict[str, str]
    missing: str = "error"  # error, keep or empty


def text_of(value: Any) -> str:
    """How one value reads in a cell: null is empty, booleans are true/false."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return " ".join(text_of(item) for item in value)
    return str(value)


def lookup(context: dict, path: tuple[str, ...]) -> Any:
    """Walk dictionaries by key; a list on the way maps the rest of the path over its items."""
    value: Any = context
    for index, key in enumerate(path):
        if isinstance(value, list):
            return [lookup(item, path[index:]) for item in value]
        if not isinstance(value, dict):
            return None
        value = value.get(key)
    return value


def evaluate(expression: Expression, context: dict, maps: dict[str, ValueMap]) -> Any:
    value = lookup(context, expression.path)
    for step in expression.filters:
        value = _FILTER_FUNCTIONS[step.name](value, step.argument, maps)
    return value


def render_template(template: Template, context: dict, maps: dict[str, ValueMap]) -> str:
    return "".join(part if isinstance(part, str) else text_of(evaluate(part, context, maps)) for part in template.parts)


def _map(value: Any, name: str, maps: dict[str, ValueMap]) -> Any:
    table = maps[name]
    if isinstance(value, list):
        return [_map(item, name, maps) for item in value]
    key = text_of(value)
    if key == "":
        return value  # nothing to map: an empty value stays empty
    if key in table.values:
        return table.values[key]
    if table.missing == "keep":
        return value
    if table.missing == "empty":
        return ""
    raise MissingMapValue(name, key)


def _html(value: Any, _argument, _maps) -> str:
    """Ladder text as rich text: every character escaped, blank lines make paragraphs."""
    paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s*\n", text_of(value).strip()) if p.strip()]
    return "".join(f"<p>{html.escape(p, quote=True)}</p>" for p in paragraphs)


_FILTER_FUNCTIONS: dict[str, Callable[[Any, str | None, dict], Any]] = {
    "map": lambda value, name, maps: _map(value, name or "", maps),
    "default": lambda value, fallback, _maps: fallback if text_of(value) == "" else value,
    "join": lambda value, separator, _maps: (
        (separator or "").join(text_of(v) for v in value) if isinstance(value, list) else text_of(value)
    ),
    "html": _html,
    "text": lambda value, _argument, _maps: " ".join(text_of(value).split()),
    "upper": lambda value, _argument, _maps: text_of(value).upper(),
    "lower": lambda value, _argument, _maps: text_of(value).lower(),
    "refid": lambda value, _argument, _maps: "_".join(re.split(r"[^A-Za-z0-9_-]+", text_of(value).strip())).strip("_"),
}
