"""`ladder diff`: what changed between two ladder versions, and whether it breaks anything."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .common import DEFAULT_LADDERS, EXIT_PROBLEMS, EXIT_USAGE, complete_track_ids, report_problems, use_colour


@click.command(epilog="""\b
Examples:
  ladder diff v1.0.0                         the tag v1.0.0 against the working tree
  ladder diff v1.0.0 v1.1.0 --format markdown
  ladder diff main:ladders ./ladders --fail-on breaking
  ladder diff old-copy/ ladders/ --format json""")
@click.argument("old")
@click.argument("new", required=False)
@click.option("--format", "output_format", type=click.Choice(["text", "markdown", "json", "html"]), default="text", show_default=True, help="Report format.")
@click.option("--fail-on", type=click.Choice(["breaking", "warning", "any"]), default=None, help="Exit 1 when a change of this severity (or higher) exists.")
@click.option("--track", "tracks", multiple=True, metavar="ID", shell_complete=complete_track_ids, help="Only changes in this track (repeatable).")
@click.option("--severity-config", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None, help="YAML mapping rule-id: breaking|warning|info|ignore.")
@click.option("--path", "ladder_path", default=DEFAULT_LADDERS, show_default=True, help="Ladder directory used for a bare revision.")
@click.option("-q", "--quiet", is_flag=True, help="Print nothing; only the exit code tells.")
@click.option("-v", "--verbose", is_flag=True, help="Also list the rules and their severities in text output.")
def command(old: str, new: str | None, output_format: str, fail_on: str | None, tracks: tuple[str, ...], severity_config: Path | None, ladder_path: str, quiet: bool, verbose: bool) -> None:
    """Compare two versions of a ladder project.

    OLD and NEW are each a directory, a git revision (the ladder directory at that revision) or
    REV:PATH. NEW defaults to the ladder directory in the working tree. Items are matched by id.
    Exits 0 when it ran, 1 when --fail-on is met, 2 on usage or input errors.
    """
    from ..diff import RULES, diff
    from ..diff.report import render
    from ..source.gitsource import SourceError

    try:
        overrides = _overrides(severity_config) if severity_config else {}
        before = _framework(old, ladder_path)
        after = _framework(new or ladder_path, ladder_path)
    except SourceError as error:
        click.echo(f"Error: {error}", err=True)
        sys.exit(EXIT_USAGE)
    unknown = [t for t in tracks if t not in {tr.id for fw in (before, after) for tr in fw.tracks}]
    if unknown:
        click.echo(f"Error: unknown track {unknown[0]!r}", err=True)
        sys.exit(EXIT_USAGE)
    result = diff(before, after, overrides, tracks)
    if not quiet:
        colour = use_colour() is not False and sys.stdout.isatty() and output_format == "text"
        click.echo(render(result, output_format, colour), color=colour)
        if verbose and output_format == "text":
            for rule, (severity, description) in RULES.items():
                click.echo(f"  {overrides.get(rule, severity):<8} {rule}: {description}")
    if result.fails(fail_on):
        sys.exit(EXIT_PROBLEMS)


def _framework(argument: str, ladder_path: str):
    from ..source.gitsource import Revision, SourceError, load_revision, resolve
    from ..pipeline import compile_documents, read_framework

    source = resolve(argument, Path.cwd(), ladder_path)
    if isinstance(source, Revision):
        loaded = load_revision(Path.cwd(), source)
        compiled = compile_documents(loaded.documents, loaded.problems, Path(source.path or "."))
    else:
        compiled = read_framework(source)
    if not compiled.ok:
        report_problems(compiled.problems, "text", stream=sys.stderr)
        raise SourceError(f"`{argument}` is not a valid ladder project (problems above)")
    return compiled.framework


def _overrides(path: Path) -> dict[str, str]:
    from ..diff import RULES
    from ..source.gitsource import SourceError
    from ..source.load import load_file

    document, problems = load_file(path)
    if document is not None and not isinstance(document.data, dict):
        problems = [document.problem((), "severity-config", "expected a mapping of rule-id: breaking|warning|info|ignore")]
    if document is not None and not problems:
        for rule, severity in document.data.items():
            if rule not in RULES:
                problems.append(document.problem((rule,), "severity-config", f"unknown rule `{rule}`", key=True, hint=_suggest(rule, RULES)))
            elif severity not in ("breaking", "warning", "info", "ignore"):
                problems.append(document.problem((rule,), "severity-config", f"`{severity}` is not a severity; use breaking, warning, info or ignore"))
    if problems:
        report_problems(problems, "text", stream=sys.stderr)
        raise SourceError(f"invalid severity config {path}")
    return dict(document.data)


def _suggest(word: str, known) -> str:
    import difflib

    close = difflib.get_close_matches(word, list(known), n=1)
    return f"did you mean `{close[0]}`?" if close else ""
