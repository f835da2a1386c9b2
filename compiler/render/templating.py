"""The Jinja2 environment: user templates first, then the bundled ones, with the text filters."""

from __future__ import annotations

import hashlib
from functools import lru_cache
from importlib import resources
from pathlib import Path

from . import text


def bundled_templates() -> Path:
    return Path(str(resources.files("ladder_compiler.templates")))


def search_path(user_dir: Path | None) -> tuple[Path, ...]:
    return ((user_dir,) if user_dir else ()) + (bundled_templates(),)


@lru_cache(maxsize=8)
def environment(user_dir: Path | None, autoescape: bool):
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(p) for p in search_path(user_dir)]),
        autoescape=autoescape,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(html=text.to_html, md=text.to_markdown, cell=text.to_table_cell)
    return env


def render_template(name: str, user_dir: Path | None, **context) -> str:
    autoescape = not name.endswith(".md.j2")
    return environment(user_dir, autoescape).get_template(name).render(**context)


def read_asset(name: str, user_dir: Path | None) -> str:
    """A non-template file (such as the stylesheet), user copy first."""
    for directory in search_path(user_dir):
        candidate = directory / name
        if candidate.is_file():
            return candidate.read_text(encoding="utf-8")
    raise FileNotFoundError(name)


def templates_digest(user_dir: Path | None) -> str:
    """Hash of every template file that could shape an output (part of the build cache key)."""
    digest = hashlib.sha256()
    for directory in search_path(user_dir):
        for path in sorted(p for p in directory.rglob("*") if p.is_file() and p.suffix not in (".py", ".pyc")):
            digest.update(path.relative_to(directory).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()
