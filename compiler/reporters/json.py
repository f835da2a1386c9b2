"""Findings as a JSON array of {file, line, column, rule, severity, message, hint}."""

from __future__ import annotations

import json

from ..problems import Problem
from . import Context


def render(problems: list[Problem], context: Context) -> str:
    return json.dumps([p.as_dict() for p in problems], indent=2, ensure_ascii=False)
