"""What the subcommands share: exit outcomes, options, colour, reporting, completion, stdin.

Commands return an `Outcome`; a helper that must end the command early raises `Stop(outcome)`.
`cli.LazyGroup.invoke` is the one place that turns either into the process's exit code.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from enum import IntEnum
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, TypeVar

import click

from ..problems import Problem, Rule

if TYPE_CHECKING:
    from click.shell_completion import CompletionItem

    from ..model import Framework
    from ..pipeline import Compiled

DEFAULT_LADDERS = "ladders"
STDIN = "-"
F = TypeVar("F", bound=Callable[..., Any])


class Outcome(IntEnum):
    OK = 0  # ran, and nothing blocks
    PROBLEMS = 1  # ran, and found what the command fails on
    USAGE = 2  # could not run: bad options, settings or input files


class Stop(Exception):
    """End the command now with `outcome`; whatever had to be said has been said."""

    def __init__(self, outcome: Outcome) -> None:
        super().__init__(outcome.name)
        self.outcome = outcome


def use_colour() -> bool | None:
    """NO_COLOR (non-empty) turns colour off; FORCE_COLOR (non-empty) turns it on; otherwise None
    lets the terminal decide. Empty values are unset, as no-color.org and force-color.org say."""
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return None


def colour_for(stream: IO[str] | None) -> bool:
    choice = use_colour()
    if choice is not None:
        return choice
    stream = stream or sys.stdout
    return bool(getattr(stream, "isatty", lambda: False)())


def discovered_project(ctx: click.Context | None, param: click.Parameter | None, value: Path | None) -> Path:
    """PATH as given, else the project found from the working directory upwards (discover.py)."""
    if value is not None:
        return value
    from .discover import DiscoveryError, find_project

    try:
        return find_project()
    except DiscoveryError as error:
        raise click.BadParameter(str(error), ctx=ctx, param=param) from None


def project_argument(function: F) -> F:
    return click.argument(
        "path", type=click.Path(exists=True, path_type=Path), default=None, required=False, callback=discovered_project
    )(function)


def project_or_stdin_argument(function: F) -> F:
    """PATH, where `-` is one ladder file on standard input."""
    return click.argument(
        "path",
        type=click.Path(exists=True, allow_dash=True, path_type=Path),
        default=None,
        required=False,
        callback=discovered_project,
    )(function)


PROJECT_HELP = "The ladder project [default: found from the working directory upwards]."


def project_option(*, must_exist: bool = True, discover: bool = True) -> Callable[[F], F]:
    """`--path PATH`, the project, for commands whose arguments are something else (diff's versions,
    calibrate's cases). `discover=False` leaves it None when omitted, for a command that also reads
    an old spelling of it and discovers the project itself."""
    return click.option(
        "--path",
        "path",
        metavar="PATH",
        type=click.Path(exists=must_exist, path_type=Path),
        default=None,
        callback=discovered_project if discover else None,
        help=PROJECT_HELP,
    )


# One spelling set for every command: each name on a line is accepted wherever the others are.
FORMAT_SPELLINGS = (("markdown", "md"),)


def spelling_of(name: str, choices: tuple[str, ...] | list[str]) -> str:
    """`name` as this command spells it (`md` where it says `markdown`, and back)."""
    for spellings in FORMAT_SPELLINGS:
        if name in spellings:
            return next((choice for choice in choices if choice in spellings), name)
    return name


class FormatChoice(click.Choice):  # type: ignore[type-arg]
    """A Choice that also accepts the other spelling of a format (see FORMAT_SPELLINGS)."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        return super().convert(spelling_of(str(value), list(map(str, self.choices))), param, ctx)


FORMAT_HELP = "Output format."


def format_option(*choices: str, default: str = "text") -> Callable[[F], F]:
    return click.option(
        "--format",
        "output_format",
        type=FormatChoice(choices),
        default=default,
        show_default=True,
        help=FORMAT_HELP,
    )


QUIET_HELP = "Print only problems; nothing on success."


def quiet_option(function: F) -> F:
    return click.option("-q", "--quiet", is_flag=True, help=QUIET_HELP)(function)


STRICT_HELP = "Exit 1 on warnings too, not only errors (missing and stale translations of published languages)."


def strict_option(function: F) -> F:
    """--strict: the one gate. `validate` and `lint` fail on the same findings with it (docs/cli.md)."""
    return click.option("--strict", is_flag=True, help=STRICT_HELP)(function)


def verbose_option(function: F) -> F:
    return click.option("-v", "--verbose", is_flag=True, help="Print more detail about what is done.")(function)


def report_problems(
    problems: list[Problem], output_format: str, *, command: str = "validate", stream: IO[str] | None = None
) -> None:
    from ..reporters import Context, render

    colour = output_format == "text" and colour_for(stream)
    rules: tuple[Rule, ...] = ()
    if output_format == "sarif":  # the only format that describes its rules: spare the others the imports
        from ..catalogue import all_rules

        rules = all_rules()
    text = render(problems, output_format, Context(command=command, colour=colour, rules=rules))
    if text:
        click.echo(text, file=stream, color=colour)


def is_stdin(path: Path | str) -> bool:
    return str(path) == STDIN


def read_stdin() -> bytes:
    from ..source.load import MAX_FILE_BYTES

    stream: IO[bytes] = sys.stdin.buffer  # click.get_binary_stream is deprecated (click 8.5)
    return stream.read(MAX_FILE_BYTES + 1)  # one byte over: the loader refuses it


def read_project(path: Path, stdin_data: bytes | None = None) -> Compiled:
    """The project at `path`, or the one file on standard input when `path` is `-` (`stdin_data`
    when the caller has read it already)."""
    from ..pipeline import read_project

    if is_stdin(path) and stdin_data is None:
        stdin_data = read_stdin()
    return read_project(path, stdin=stdin_data)


def framework_or_stop(
    path: Path,
    output_format: str = "text",
    outcome: Outcome = Outcome.PROBLEMS,
    stream: IO[str] | None = None,
    command: str = "validate",
    stdin_data: bytes | None = None,
) -> Framework:
    """The project's model; on invalid ladders, report the problems and stop with `outcome`."""
    compiled = read_project(path, stdin_data)
    if compiled.problems:
        report_problems(compiled.problems, output_format, command=command, stream=stream)
    if compiled.framework is None:
        raise Stop(outcome)
    return compiled.framework


def complete_track_ids(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[CompletionItem]:
    """Shell completion for --track: the track ids of the project named on the command line."""
    from click.shell_completion import CompletionItem

    from ..pipeline import read_project
    from .discover import find_project

    try:
        compiled = read_project(Path(_typed_project(ctx) or find_project()))
    except Exception:  # completion must never break the user's shell
        return []
    if compiled.framework is None:
        return []
    return [CompletionItem(t.id, help=t.name) for t in compiled.framework.tracks if t.id.startswith(incomplete)]


def _typed_project(ctx: click.Context) -> str | None:
    """The project PATH (or --path/--ladders) typed so far. While completing an option's value,
    click may leave the PATH typed before it unparsed in `ctx.args` and report the default."""
    from click.core import ParameterSource

    for name in ("path", "ladder_path", "ladders_path"):
        value = ctx.params.get(name)
        if value and not is_stdin(value) and ctx.get_parameter_source(name) is not ParameterSource.DEFAULT:
            return str(value)
    for word in ctx.args:
        if not word.startswith("-") and any(param.name == "path" for param in ctx.command.params):
            return word
    return None


def complete_formats(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[CompletionItem]:
    """Completion for a comma-separated --format: the formats not yet typed, after the last comma."""
    from click.shell_completion import CompletionItem

    from ..render import available_formats

    done, _, partial = incomplete.rpartition(",")
    typed = set(done.split(",")) if done else set()
    prefix = done + "," if done else ""
    return [
        CompletionItem(prefix + name)
        for name in ["all", *available_formats()]
        if name.startswith(partial) and name not in typed and not (done and name == "all")
    ]
