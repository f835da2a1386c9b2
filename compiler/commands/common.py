"""Options and output helpers shared by the subcommands."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from ..problems import Problem

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2
DEFAULT_LADDERS = "ladders"


def use_colour() -> bool | None:
    """None lets click decide by terminal; NO_COLOR (any value) always wins."""
    return False if "NO_COLOR" in os.environ else None


def project_argument(function):
    return click.argument("path", type=click.Path(exists=True, path_type=Path), default=DEFAULT_LADDERS, required=False)(function)


def format_option(*choices: str, default: str = "text"):
    return click.option("--format", "output_format", type=click.Choice(choices), default=default, show_default=True, help="Output format.")


def quiet_option(function):
    return click.option("-q", "--quiet", is_flag=True, help="Print only problems; nothing on success.")(function)


def verbose_option(function):
    return click.option("-v", "--verbose", is_flag=True, help="Print more detail about what is done.")(function)


def report_problems(problems: list[Problem], output_format: str, *, stream=None) -> None:
    from ..reporters import render_problems

    text = render_problems(problems, output_format, colour=use_colour() is not False and _isatty(stream))
    if text:
        click.echo(text, file=stream, color=use_colour())


def _isatty(stream) -> bool:
    stream = stream or sys.stdout
    return hasattr(stream, "isatty") and stream.isatty()


def complete_track_ids(ctx: click.Context, param: click.Parameter, incomplete: str) -> list:
    """Shell completion for --track: the track ids of the project named on the command line."""
    from click.shell_completion import CompletionItem

    from ..pipeline import read_framework

    project = ctx.params.get("path") or ctx.params.get("ladder_path") or DEFAULT_LADDERS
    try:
        compiled = read_framework(Path(project))
    except Exception:  # completion must never break the user's shell
        return []
    if not compiled.ok:
        return []
    return [CompletionItem(t.id, help=t.name) for t in compiled.framework.tracks if t.id.startswith(incomplete)]


def framework_or_exit(path: Path, output_format: str = "text", exit_code: int = EXIT_PROBLEMS, stream=None):
    """The project's model; on invalid ladders, report the problems and exit with `exit_code`."""
    from ..pipeline import read_framework

    compiled = read_framework(path)
    if compiled.problems:
        report_problems(compiled.problems, output_format, stream=stream)
    if not compiled.ok:
        sys.exit(exit_code)
    return compiled.framework
