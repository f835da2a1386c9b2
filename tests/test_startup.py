"""`ladder --help` costs little more than importing click: it lists the commands without importing them."""

from __future__ import annotations

import subprocess
import sys

import click

from ladder_compiler.cli import COMMANDS, SUMMARIES, main


def test_each_summary_is_the_commands_own_help() -> None:
    from click.utils import make_default_short_help

    context = click.Context(main)
    assert set(SUMMARIES) == set(COMMANDS)
    for name in COMMANDS:
        command = main.get_command(context, name)
        assert command is not None and command.help is not None
        assert SUMMARIES[name] == " ".join(command.help.split("\n\n")[0].split()), name
        for limit in (20, 45, 74, 200):
            assert make_default_short_help(SUMMARIES[name], limit) == command.get_short_help_str(limit), (name, limit)


def test_help_imports_no_command_module() -> None:
    script = (
        "import sys\n"
        "from ladder_compiler.cli import main\n"
        "try:\n"
        "    main(['--help'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "print(sorted(m for m in sys.modules if m.startswith('ladder_compiler')), file=sys.stderr)\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert result.stderr.strip() == "['ladder_compiler', 'ladder_compiler.cli']"
    for name in COMMANDS:
        assert f"\n  {name} " in result.stdout
