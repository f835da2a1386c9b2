"""`ladder init`: a new ladder project with a small, valid example to edit."""

from __future__ import annotations

from pathlib import Path

import click

from .common import QUIET_HELP, Outcome

SCHEMAS = ("ladder-source.v2.schema.json", "assessment.v1.schema.json", "ladder-lint-config.v1.schema.json")
OUTPUT = "output"  # `ladder build`'s default --out, relative to where it runs
IGNORE_LINE = f"/{OUTPUT}/"


def scaffold_files() -> dict[str, bytes]:
    """Relative path in the new project → content. `dot-` names become dotfiles (packaging
    tools skip dotfiles, so the bundled copies are stored without the dot)."""
    from ..render.templating import bundled_templates
    from ..source.schema_store import schema_text

    root = bundled_templates() / "scaffold"
    files = {}
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        relative = "/".join(
            "." + part[4:] if part.startswith("dot-") else part for part in path.relative_to(root).parts
        )
        files[relative] = path.read_bytes()
    for name in SCHEMAS:
        files[f".ladder/schemas/{name}"] = schema_text(name).encode("utf-8")
    return files


def build_command(directory: Path) -> str:
    """The build to run next: from DIRECTORY's parent's view, output/ lands next to the project."""
    if directory.parent == Path("."):
        return f"ladder build {directory}"
    return f"ladder build {directory} --out {directory.parent / OUTPUT}"


@click.command(
    epilog="""\b
Examples:
  ladder init                 create ./ladders
  ladder init new && ladder build new"""
)
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path), default="ladders", required=False)
@click.option("-q", "--quiet", is_flag=True, help=QUIET_HELP)
@click.option("-v", "--verbose", is_flag=True, help="List every file written.")
def command(directory: Path, quiet: bool, verbose: bool) -> Outcome:
    """Create a ladder project in DIRECTORY (default: ladders/).

    Writes two example tracks of three levels over four competencies, career paths, lint
    settings, local copies of the JSON Schemas for your editor, and an example assessment; and,
    when DIRECTORY is in the current directory (where `ladder build` writes output/), a
    .gitignore for output/ unless one is there. Never overwrites: if any file exists, nothing is
    written.
    """
    from ..write import write_atomically

    files = scaffold_files()
    existing = sorted(name for name in files if (directory / name).exists())
    if existing:
        click.echo(f"Error: {directory} already has {', '.join(existing)}; nothing was written", err=True)
        return Outcome.USAGE  # 1 is kept for problems found in ladders
    for name, content in files.items():
        write_atomically(directory / name, content)
        if verbose:
            click.echo(f"wrote {directory / name}", err=True)
    _ignore_output(directory.parent / ".gitignore", quiet, verbose)
    if not quiet:
        click.echo(
            f"Created a ladder project in {directory}/. Next:\n"
            f"  ladder validate {directory}\n"
            f"  {build_command(directory)}   # every output marked DRAFT until the release is approved:\n"
            f"  ladder release {directory} --owner ROLE --approver ROLE --approved-on YYYY-MM-DD\n"
            f"  ladder assess {directory}/.ladder/assessment.example.yaml {directory}",
            err=True,
        )
    return Outcome.OK


def _ignore_output(gitignore: Path, quiet: bool, verbose: bool) -> None:
    """A .gitignore for the build's output/ beside the project, created only in the current
    directory (never somewhere the user did not look, like their home); never edited."""
    from ..write import write_atomically

    if gitignore.exists() or gitignore.parent.resolve() != Path.cwd().resolve():
        listed = set()
        if gitignore.exists():
            listed = {line.strip() for line in gitignore.read_text(encoding="utf-8", errors="replace").splitlines()}
        if not quiet and not listed & {OUTPUT, f"{OUTPUT}/", IGNORE_LINE, f"/{OUTPUT}"}:
            click.echo(f"note: add {IGNORE_LINE} to {gitignore} unless you commit the built outputs", err=True)
        return
    write_atomically(
        gitignore, f"# Build results of `ladder build`: regenerate them, do not commit them.\n{IGNORE_LINE}\n".encode()
    )
    if verbose:
        click.echo(f"wrote {gitignore}", err=True)
