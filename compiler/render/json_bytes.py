"""Pretty JSON bytes, identical whichever encoder writes them.

orjson writes the same bytes as `json.dumps(indent=2, ensure_ascii=False)` for our exports at
a fraction of the cost (the standard encoder falls back to pure Python when indenting); the
standard library stays the reference and the fallback for what orjson refuses (ints past 64 bits).
"""

from __future__ import annotations

import json


def pretty_json(data: object) -> bytes:
    try:
        import orjson
    except ImportError:
        return standard_json(data)
    try:
        return orjson.dumps(data, option=orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE)
    except TypeError:  # orjson.JSONEncodeError: an integer past 64 bits, say
        return standard_json(data)


def standard_json(data: object) -> bytes:
    return (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
