"""Reporters: how a list of findings looks, one module per format, shared by every command that
reports findings (validate, lint, diff, assess). Each module has `render(findings, context) -> str`.

text      for people at a terminal: caret excerpts, optional colour, ladder text made inert
json      the findings as a JSON array
github    GitHub Actions workflow commands (annotations on the pull request)
markdown  a GFM table, for a pull-request comment or a job summary
sarif     SARIF 2.1.0, for GitHub code scanning and other SARIF viewers
gitlab    GitLab Code Quality (Code Climate issues), for the merge-request widget
"""

from __future__ import annotations

import importlib

from ..problems import Problem, Rule
from ..value import value_class

FORMATS = ("text", "json", "github", "markdown", "sarif", "gitlab")
CI_FORMATS = ("github", "sarif", "gitlab")


@value_class
class Context:
    """What a reporter may need besides the findings."""

    command: str = "validate"  # whose rules the findings are (SARIF lists them)
    colour: bool = False
    # The rules the findings may name, for formats that describe them (SARIF); the caller, which
    # knows the commands, passes them in: the catalogue sits above the reporters.
    rules: tuple[Rule, ...] = ()


def render(problems: list[Problem], output_format: str, context: Context | None = None) -> str:
    if output_format not in FORMATS:
        raise ValueError(f"unknown report format {output_format!r}")
    if output_format != "text":  # machines resolve paths from the repository's root; people from where they are
        from dataclasses import replace

        from .paths import repository_relative

        problems = [replace(p, file=repository_relative(p.file)) for p in problems]
    module = importlib.import_module(f"{__name__}.{output_format}")
    text: str = module.render(sorted(problems), context or Context())
    return text
