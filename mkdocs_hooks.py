"""MkDocs hook: publish the bundled JSON Schemas at `<site_url>schemas/<name>`, where their `$id`s point.

The files are taken from schemas/ as they are, so the site never holds a stale copy; ladder itself
never fetches them (validation reads the schemas shipped in the package).
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files

SCHEMAS = Path(__file__).parent / "schemas"


def on_files(files: Files, config: MkDocsConfig) -> Files:
    for schema in sorted(SCHEMAS.glob("*.schema.json")):
        files.append(File.generated(config, f"schemas/{schema.name}", abs_src_path=str(schema)))
    return files
