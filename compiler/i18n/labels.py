"""The documents' own words ("Promotion criteria", "Page %(page)s of %(pages)s"): found in the
templates by Jinja2's Babel extractor, plus the few names the render context supplies."""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any

from ..value import value_class

LABEL_CONTEXT = "label"
GETTEXT_KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2)}

# The names the render context supplies, kept here so that i18n lists them without importing render.
MOVE_NAMES = {"promotion": "Promotion", "lateral": "Lateral move", "exit": "Beyond this framework"}
TRACK_KIND_NAMES = {"management": "Management", "individual-contributor": "Individual contributor"}
# The PDF documents of one track, in the order the download page lists them: (file suffix, label).
TRACK_DOCUMENTS = (
    ("", "Career ladder and promotion criteria"),
    ("-levels", "One-page summary of each level"),
    ("-worksheet", "Self and manager assessment worksheet (fillable)"),
)
# What a reader of the rubric's change log calls each kind of change.
CHANGE_KIND_NAMES = {"breaking": "Major change", "warning": "Change", "info": "Wording or detail"}
CHANGED = (
    "%(count)s changes to this track since version %(version)s (%(date)s). Changes to bars and records are "
    "listed one by one; wording and detail changes are counted; `ladder diff` lists every one."
)
UNCHANGED = "This track is unchanged since version %(version)s (%(date)s)."


def bundled_templates() -> Path:
    return Path(str(resources.files("ladder_compiler.templates")))


def search_path(user_dir: Path | None) -> tuple[Path, ...]:
    """The template directories, the ladder's own first: the renderer and the label extractor read the same."""
    return ((user_dir,) if user_dir else ()) + (bundled_templates(),)


@value_class
class Label:
    msgid: str | tuple[str, str]  # a pair for plural forms
    locations: tuple[tuple[str, int], ...]


def process_kind_name(kind: str) -> str:
    """`committee-review` → "Committee review", the English label translators see."""
    return kind.replace("-", " ").capitalize()


def document_labels(template_dirs: tuple[Path, ...]) -> list[Label]:
    """Every gettext call in the templates (first directory wins for a name), then the context's names.
    Templates are read like the renderer reads them: confined to their directory, size-bounded."""
    found: dict[str | tuple[str, str], list[tuple[str, int]]] = {}
    seen_names: set[str] = set()
    for directory in template_dirs:
        for path in sorted(directory.rglob("*.j2")):
            name = path.relative_to(directory).as_posix()
            if name in seen_names:
                continue
            seen_names.add(name)
            for line, msgid in _template_labels(directory, path):
                found.setdefault(msgid, []).append((f"templates/{name}", line))
    for msgid in _context_labels():
        found.setdefault(msgid, []).append(("ladder_compiler/render/context.py", 0))
    return [Label(msgid, tuple(locations)) for msgid, locations in found.items()]


def _template_labels(directory: Path, path: Path) -> list[tuple[int, str | tuple[str, str]]]:
    import io

    import jinja2
    from jinja2.ext import babel_extract

    from ..source.paths import MAX_ASSET_BYTES, UnsafePath, inside, read_bounded

    if not inside(directory, path):
        return []  # a symlink out of the template directory: the renderer does not read it either
    try:
        source = io.BytesIO(read_bounded(path.resolve(), MAX_ASSET_BYTES))
        options = {"trim_blocks": "true", "lstrip_blocks": "true"}
        calls = list(babel_extract(source, tuple(GETTEXT_KEYWORDS), [], options))
    except (UnsafePath, jinja2.TemplateError, UnicodeDecodeError):
        return []  # rendering reports a broken template with its name and line
    return [(line, msgid) for line, function, message, _comments in calls if (msgid := _msgid(function, message))]


QUOTED = "“%(text)s”"  # a quotation inside a change-log sentence, in the language's quotation marks
# The mark and banner of a release the publish gate has not passed (render.document), in the document's language.
DRAFT_MARK = "DRAFT"
DRAFT_NOTICE = "Version %(version)s, effective %(date)s, is not approved for publication."
UNVERSIONED_NOTICE = "Unversioned draft, not approved for publication."  # no version or effective date yet
# Words the code, not a template, puts into documents (i18n.document and render.context).
CODE_LABELS = (
    "Page %(page)s of %(pages)s",
    "Version %(version)s",
    "effective %(date)s",
    "Passages marked %(mark)s have no current translation into %(language)s and are shown in %(source)s.",
    "None",
    "every %(category)s competency",
    "Promotion into %(level)s",
    "Joining as %(level)s",
    "Draft translation",  # the watermark of a draft language's HTML and PDF pages (render.html)
    DRAFT_MARK,
    DRAFT_NOTICE,
    UNVERSIONED_NOTICE,
    QUOTED,
)


def _msgid(function: str, message: Any) -> str | tuple[str, str] | None:  # what Babel's extractor found
    """The literal words of one call; keyword arguments (the placeholders' values) show up as None."""
    parts = (message,) if isinstance(message, str) or message is None else tuple(message)
    if function == "ngettext":
        return (parts[0], parts[1]) if len(parts) > 1 and parts[0] and parts[1] else None
    return parts[0] or None


def _context_labels() -> list[str]:
    return [  # breadth names are the model's (framework.breadths), translated with it
        *(name for _suffix, name in TRACK_DOCUMENTS),
        *MOVE_NAMES.values(),
        *TRACK_KIND_NAMES.values(),
        *CHANGE_KIND_NAMES.values(),
        CHANGED,
        UNCHANGED,
        *map(process_kind_name, _process_kinds()),
        *CODE_LABELS,
    ]


def _process_kinds() -> list[str]:
    """Every process kind the source schema allows: each is a document label."""
    from ..source.schema_store import SOURCE_SCHEMA, load_schema

    kinds: list[str] = load_schema(SOURCE_SCHEMA)["$defs"]["process_step"]["properties"]["kind"]["enum"]
    return kinds
