"""The Jinja2 environment: user templates first, then the bundled ones, with the text filters.

Templates are code, and a ladder can choose its own (`presentation.templates`), so every template
runs in Jinja2's immutable sandbox, and every template or asset file is read through the confined,
bounded reader: a file in a template directory that is a symlink leaving it is not read.
"""

from __future__ import annotations

import hashlib
import posixpath
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..i18n.labels import bundled_templates as bundled_templates
from ..i18n.labels import search_path
from ..source.paths import MAX_ASSET_BYTES, UnsafePath, inside, read_bounded
from ..value import is_value_class

if TYPE_CHECKING:
    import jinja2
    from markupsafe import Markup


def _find(name: str, user_dir: Path | None) -> Path | None:
    """The first copy of `name` in the search path that is a regular file inside its directory."""
    parts = [part for part in name.replace("\\", "/").split("/") if part not in ("", ".")]
    if not parts or ".." in parts or posixpath.isabs(name):
        return None
    for directory in search_path(user_dir):
        candidate = directory.joinpath(*parts)
        if candidate.is_file() and inside(directory, candidate):
            return candidate
    return None


def read_template_file(name: str, user_dir: Path | None) -> str:
    path = _find(name, user_dir)
    if path is None:
        raise FileNotFoundError(name)
    try:
        return read_bounded(path.resolve(), MAX_ASSET_BYTES).decode("utf-8")
    except UnicodeDecodeError as error:
        raise UnsafePath(f"{name} is not UTF-8 text") from error


@lru_cache(maxsize=8)
def environment(user_dir: Path | None, autoescape: bool) -> jinja2.Environment:
    import jinja2
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    class ConfinedLoader(jinja2.BaseLoader):
        def get_source(self, env: jinja2.Environment, template: str) -> tuple[str, str, Callable[[], bool]]:
            try:
                source = read_template_file(template, user_dir)
            except FileNotFoundError:
                raise jinja2.TemplateNotFound(template) from None
            # Compiled once and reused while the file's text is the same (compiling costs far more
            # than reading it again: a build renders each template once per track).
            return source, template, lambda: _unchanged(template, user_dir, source)

    class ModelSandbox(ImmutableSandboxedEnvironment):
        """The sandbox, remembering its answer for the model's frozen classes: whether an attribute
        is safe depends only on the class and the name there, and asking again for every access
        cost a third of rendering a large project."""

        def __init__(self, **options: Any) -> None:
            super().__init__(**options)
            self.safe_on_values: dict[tuple[type, str], bool] = {}

        def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
            if not is_value_class(type(obj)):
                return bool(super().is_safe_attribute(obj, attr, value))
            key = (type(obj), attr)
            safe = self.safe_on_values.get(key)
            if safe is None:
                safe = self.safe_on_values[key] = bool(super().is_safe_attribute(obj, attr, value))
            return safe

    env = ModelSandbox(
        loader=ConfinedLoader(),
        autoescape=autoescape,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        extensions=["jinja2.ext.i18n"],
        finalize=_inert_values(),
    )
    env.install_null_translations(newstyle=True)  # type: ignore[attr-defined]  # from jinja2.ext.i18n; each render passes its gettext
    from . import text

    env.filters.update(
        html=_marking_fallbacks(text.to_html),
        md=text.to_markdown,
        mdblock=text.to_markdown_block,
        mdi=text.to_markdown_inline,
        cell=text.to_table_cell,
    )
    return env


def _inert_values() -> Callable[[Any], Any]:
    """Every printed value without control characters (ESC, BEL, bidi overrides), whichever filter it
    took or none: ladder and catalogue text reach plain `{{ level.title }}` too. Markup stays Markup:
    removing characters cannot open a tag."""
    from markupsafe import Markup

    from ..value import strip_control

    def inert(value: Any) -> Any:
        if isinstance(value, Markup):
            return Markup(strip_control(str(value)))
        return strip_control(value) if isinstance(value, str) else value

    return inert


def _marking_fallbacks(to_html: Callable[..., Markup]) -> Callable[..., Markup]:
    from ..i18n.document import mark_fallback_html

    return lambda value, inline=False, headings=False: mark_fallback_html(value, to_html(value, inline, headings))


def _unchanged(name: str, user_dir: Path | None, source: str) -> bool:
    try:
        return read_template_file(name, user_dir) == source
    except (OSError, UnsafePath):
        return False


def render_template(name: str, user_dir: Path | None, **context: Any) -> str:
    from ..i18n.document import document_context
    from . import text

    autoescape = not name.endswith(".md.j2")
    track = context.get("track")
    language = document_context(
        context.get("framework"), markup=autoescape, escape=text.to_markdown, track_id=getattr(track, "id", None)
    )
    return environment(user_dir, autoescape).get_template(name).render(**language, **context)


def read_asset(name: str, user_dir: Path | None) -> str:
    """A non-template file (such as the stylesheet), user copy first."""
    return read_template_file(name, user_dir)


def templates_digest(user_dir: Path | None) -> str:
    """Hash of every template file that could shape an output (part of the build cache key)."""
    digest = hashlib.sha256()
    for directory in search_path(user_dir):
        for path in sorted(p for p in directory.rglob("*") if p.is_file() and p.suffix not in (".py", ".pyc")):
            try:
                content = read_bounded(path.resolve(), MAX_ASSET_BYTES) if inside(directory, path) else b"<outside>"
            except UnsafePath as error:
                content = str(error).encode()
            digest.update(path.relative_to(directory).as_posix().encode() + b"\0" + content + b"\0")
    return digest.hexdigest()
