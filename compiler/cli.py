"""The `ladder` command: a thin click layer; each subcommand lives in ladder_compiler.commands.<name>.

Subcommands are imported only when invoked (or listed by --help), so `ladder validate` never
pays for the PDF machinery. Each returns an Outcome (or raises Stop); `LazyGroup.invoke` is the one
place that turns it into the exit code: 0 ok, 1 problems found, 2 usage or input errors.
"""

from __future__ import annotations

import importlib
from types import ModuleType
from typing import Any

import click

from . import __version__

COMMANDS = (
    "validate",
    "build",
    "release",
    "merge",
    "check",
    "diff",
    "lint",
    "assess",
    "calibrate",
    "init",
    "schema",
    "translations",
    "ids",
)

# Each command's summary (the first paragraph of its help), so that `ladder --help` lists them
# without importing every command module; a test keeps these equal to the commands' own help.
SUMMARIES = {
    "validate": "Check ladder files against the schema and each other.",
    "build": "Validate PATH (default: ladders/) and compile it into OUT.",
    "release": "Record a release's approval in PATH's framework file (default: ladders/).",
    "merge": "Merge shard directories into OUT: every slice exactly once, built from the same inputs.",
    "check": "Exit 1, listing files, when outputs are missing or stale; 0 when current. Writes nothing.",
    "diff": "Compare two versions of a ladder project.",
    "lint": "Check the quality of the rubric text and criteria in PATH (default: ladders/; - reads one file from "
    "standard input).",
    "assess": "Check a promotion case against the target level's criteria and expectations.",
    "calibrate": "Assess a round of promotion cases and write a committee pack per target level.",
    "init": "Create a ladder project in DIRECTORY (default: ladders/).",
    "schema": "Print one of the JSON Schemas ladder uses, byte for byte as shipped.",
    "ids": "Write a stable id into every behaviour of PATH (default: ladders/) that has none.",
    "translations": "Gettext catalogues of a ladder project: one entry per translatable string, its id as context.",
}

EPILOG = """\b
Examples:
  ladder validate                  check ladders/ and report every problem
  ladder build --format md,pdf     compile rubrics into output/
  ladder diff v1.0.0               what changed since the tag v1.0.0
"""


class LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return [name for name in COMMANDS if self._module(name) is not None]

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        module = self._module(name)
        command: click.Command | None = getattr(module, "command", None) if module else None
        return command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """As click does, from SUMMARIES where it can (a command without one is imported)."""
        names = [name for name in COMMANDS if name in SUMMARIES or self._module(name) is not None]
        if not names:
            return
        limit = formatter.width - 6 - max(map(len, names))
        rows = []
        for name in names:
            # A stand-in command shortens the summary as click would (make_default_short_help is deprecated).
            command = click.Command(name, help=SUMMARIES[name]) if name in SUMMARIES else self.get_command(ctx, name)
            summary = command.get_short_help_str(limit) if command is not None else ""
            rows.append((name, summary.strip()))
        with formatter.section("Commands"):
            formatter.write_dl(rows)

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        """As click does, and a mistyped command name gets the nearest command suggested."""
        name = click.utils.make_str(args[0])
        if self.get_command(ctx, name) is None and not name.startswith("-"):
            import difflib

            close = difflib.get_close_matches(name, COMMANDS, n=1, cutoff=0.6)
            if close:
                ctx.fail(f"No such command {name!r}. Did you mean {close[0]!r}?")
        return super().resolve_command(ctx, args)

    def invoke(self, ctx: click.Context) -> Any:
        from .commands.common import Outcome, Stop

        try:
            outcome = super().invoke(ctx)
        except Stop as stop:
            outcome = stop.outcome
        ctx.exit(int(outcome if outcome is not None else Outcome.OK))

    @staticmethod
    def _module(name: str) -> ModuleType | None:
        if name not in COMMANDS:
            return None
        try:
            return importlib.import_module(f"ladder_compiler.commands.{name}")
        except ModuleNotFoundError as error:
            if error.name == f"ladder_compiler.commands.{name}":
                return None
            raise


@click.group(
    cls=LazyGroup, epilog=EPILOG, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100}
)
@click.version_option(__version__, "-V", "--version", prog_name="ladder")
def main() -> None:
    """Compile declarative YAML career ladders into PDF, Markdown and HRIS-ready JSON."""
