"""A PO catalogue is untrusted input: read confined and bounded, its lines and plural forms checked
before Babel parses it (Babel pads every plural msgstr to `nplurals`, trusts the plural expression
and skips malformed lines silently)."""

from __future__ import annotations

import gettext
import re
from pathlib import Path

from ..source.paths import UnsafePath, confine, read_bounded

MAX_CATALOGUE_BYTES = 8 * 1024 * 1024  # the shipped catalogues are ~100 KiB
MAX_PLURAL_FORMS = 6  # the most any language has (Arabic)
MAX_PLURAL_EXPRESSION = 200

_STRING = r'"(?:[^"\\]|\\.)*"'
_LINE = re.compile(rf"\A(?:#.*|(?:msgctxt|msgid|msgid_plural|msgstr(?:\[(\d+)\])?)\s*{_STRING}|{_STRING})?\s*\Z")
_PLURAL_FORMS = re.compile(r"\A\s*nplurals\s*=\s*(\d+)\s*;\s*plural\s*=\s*(.*?);?\s*\Z")


class CatalogueError(ValueError):
    """A catalogue ladder refuses: the message says why, `line` where (1-based)."""

    def __init__(self, message: str, line: int = 1, unsafe: bool = False):
        super().__init__(message)
        self.line = line
        self.unsafe = unsafe  # refused as a path (outside the project, not a regular file, too large)


def read_catalogue_text(path: Path, root: Path) -> bytes:
    """The bytes of a catalogue that must be a regular file inside `root`, checked line by line."""
    try:
        resolved = confine(root, path.relative_to(root).as_posix())
        data = read_bounded(resolved, MAX_CATALOGUE_BYTES)
    except (UnsafePath, ValueError) as error:
        raise CatalogueError(str(error), unsafe=True) from None
    check_lines(data.decode("utf-8"))
    return data


def check_lines(text: str) -> None:
    """Every line a PO keyword, a quoted continuation, a comment or blank; plural forms bounded."""
    plural_forms = _plural_forms(text)
    for number, line in enumerate(text.splitlines(), 1):
        match = _LINE.match(line)
        if match is None:
            raise CatalogueError(f"line {number} is not a PO keyword, a quoted string or a comment", number)
        if match[1] is not None and int(match[1]) >= plural_forms:
            raise CatalogueError(f"msgstr[{match[1]}] is beyond the {plural_forms} plural forms", number)


def _plural_forms(text: str) -> int:
    """`nplurals` from the header (when absent Babel takes the language's own, at most the bound),
    bounded, its expression valid."""
    start = text.find("Plural-Forms:", max(text.find('msgid ""'), 0))  # in the header entry, not a comment
    if start < 0:
        return MAX_PLURAL_FORMS
    line = text.count("\n", 0, start) + 1
    end = text.find("\\n", start)
    header = re.sub(r'"\s*\n\s*"', "", text[start + len("Plural-Forms:") : end if end >= 0 else len(text)])
    match = _PLURAL_FORMS.match(header.split('"')[0])
    if match is None:
        raise CatalogueError("the Plural-Forms header is not `nplurals=N; plural=EXPRESSION;`", line)
    count, expression = (int(match[1]) if len(match[1]) < 4 else 0), match[2]
    if not 1 <= count <= MAX_PLURAL_FORMS:
        raise CatalogueError(f"nplurals={match[1][:12]} is not between 1 and {MAX_PLURAL_FORMS}", line)
    if len(expression) > MAX_PLURAL_EXPRESSION:
        raise CatalogueError(f"the plural expression is longer than {MAX_PLURAL_EXPRESSION} characters", line)
    try:
        gettext.c2py(expression)
    except (ValueError, SyntaxError, RecursionError):
        raise CatalogueError(f"`{expression}` is not a valid plural expression", line) from None
    return count
