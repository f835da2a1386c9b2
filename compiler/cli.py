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

COMMANDS = ("validate", "build", "merge", "check", "diff", "lint", "assess", "init", "schema", "translations")

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
