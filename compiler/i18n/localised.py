"""Where translated documents go."""

from __future__ import annotations

# Documents people read, plus CASE (one package per language). The HRIS JSON and CSV carry every
# language in one file instead (see i18n.export).
LOCALISED_FORMATS = ("md", "html", "pdf", "case")


def localised_path(path: str, language: str) -> str:
    """`markdown/x.md` → `markdown/de/x.md`: each format keeps its folder, one sub-folder per language."""
    folder, _, rest = path.partition("/")
    return f"{folder}/{language}/{rest}" if rest else f"{language}/{folder}"
