"""Findings as a JSON array of {file, line, column, rule, severity, message, hint}."""

from __future__ import annotations

import json
import re

from ..problems import Problem
from . import Context

# JSON may carry DEL, C1 and bidi controls raw (it escapes only C0), but a terminal acts on a raw
# U+009B (CSI) and bidi overrides reorder what is shown. Escaped, they decode to the same string.
_RAW_CONTROL = re.compile("[\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def dumps(value: object) -> str:
    """`value` as indented JSON, non-ASCII text kept, every control and bidi character escaped, so it
    prints inert on a terminal and parses to the same value anywhere."""
    text = json.dumps(value, indent=2, ensure_ascii=False)
    return _RAW_CONTROL.sub(lambda match: f"\\u{ord(match.group()):04x}", text)


def render(problems: list[Problem], context: Context) -> str:
    return dumps([p.as_dict() for p in problems])
