"""`ladder init`: a new ladder project with a small, valid example to edit."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .common import EXIT_PROBLEMS

SCHEMAS = ("ladder-source.v1.schema.json", "assessment.v1.schema.json")


def scaffold_files() -> dict[str, bytes]:
    """Relative path in the new project → content. `dot-` names become dotfiles (packaging
    tools skip dotfiles, so the bundled copies are stored without the dot)."""
    from ..render.templating import bundled_templates
    from ..source.schema_store import schema_text

    root = bundled_templates() / "scaffold"
    files = {}
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        relative = "/".join("." + part[4:] if part.startswith("dot-") else part for part in path.relative_to(root).parts)
        files[relative] = path.read_bytes()
    for name in SCHEMAS:
        files[f".ladder/schemas/{name}"] = schema_text(name).encode("utf-8")
    return files


@click.command(epilog="""\b
Examples:
  ladder init                 create ./ladders
  ladder init new && ladder build new""")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path), default="ladders", required=False)
@click.option("-q", "--quiet", is_flag=True, help="Print nothing on success.")
@click.option("-v", "--verbose", is_flag=True, help="List every file written.")
def command(directory: Path, quiet: bool, verbose: bool) -> None:
    """Create a ladder project in DIRECTORY (default: ladders/).

    Writes two example tracks of three levels over four competencies, career paths, lint
    settings, a .gitignore for output/, local copies of the JSON Schemas for your editor, and an
    example assessment. Never overwrites: if any file exists, nothing is written.
    """
    from ..write import write_atomically

    files = scaffold_files()
    existing = sorted(name for name in files if (directory / name).exists())
    if existing:
        click.echo(f"Error: {directory} already has {', '.join(existing)}; nothing was written", err=True)
        sys.exit(EXIT_PROBLEMS)
    for name, content in files.items():
        write_atomically(directory / name, content)
        if verbose:
            click.echo(f"wrote {directory / name}", err=True)
    if not quiet:
        click.echo(f"Created a ladder project in {directory}/. Next:\n"
                   f"  ladder validate {directory}\n"
                   f"  ladder build {directory}\n"
                   f"  ladder assess {directory}/.ladder/assessment.example.yaml --ladders {directory}", err=True)
