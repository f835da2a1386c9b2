"""WCAG 2.1 AA contrast for every text colour of the bundled stylesheet, computed from the CSS itself."""

from __future__ import annotations

import re

import pytest
import tinycss2

from ladder_compiler.model import DEFAULT_BRAND_COLOUR
from ladder_compiler.render.templating import bundled_templates

AA_NORMAL_TEXT = 4.5
WHITE = "#ffffff"
NAMED = {"#fff": WHITE, "#000": "#000000"}


def luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(foreground: str, background: str) -> float:
    high, low = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def _colour(value: str) -> str | None:
    value = value.strip().replace("var(--brand)", DEFAULT_BRAND_COLOUR).lower()
    match = re.fullmatch(r"#([0-9a-f]{3}|[0-9a-f]{6})", value)
    if not match:
        return None
    if len(match.group(1)) == 3:
        return "#" + "".join(ch * 2 for ch in match.group(1))
    return value


def rules(css: str):
    """(selector, {property: colour}) for every rule, @page margin boxes and @media blocks included."""

    def walk(nodes, prefix=""):
        for node in nodes:
            if node.type == "qualified-rule":
                yield prefix + tinycss2.serialize(node.prelude).strip(), _declarations(node.content)
            elif node.type == "at-rule" and node.content is not None:
                name = f"{prefix}@{node.at_keyword} {tinycss2.serialize(node.prelude).strip()} "
                yield name.strip(), _declarations(node.content)
                yield from walk(
                    tinycss2.parse_blocks_contents(node.content, skip_comments=True, skip_whitespace=True), name
                )

    yield from walk(tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True))


def _declarations(content) -> dict[str, str]:
    found = {}
    for item in tinycss2.parse_blocks_contents(content, skip_comments=True, skip_whitespace=True):
        if item.type == "declaration" and item.lower_name in ("color", "background", "background-color"):
            colour = _colour(tinycss2.serialize(item.value))
            if colour:
                found["background" if item.lower_name.startswith("background") else "color"] = colour
    return found


STYLESHEET = (bundled_templates() / "ladder.css").read_text(encoding="utf-8")
RULES = list(rules(STYLESHEET))
# Tinted panels a text may sit on without setting its own background (zebra rows, badges' parents).
PANELS = sorted({d["background"] for _, d in RULES if "background" in d and "color" not in d} | {WHITE})
PAIRS = sorted({(selector, d["color"], d.get("background")) for selector, d in RULES if "color" in d})


def test_the_stylesheet_declares_colours_to_check() -> None:
    assert len(PAIRS) >= 20
    assert "#f4f6f9" in PANELS


@pytest.mark.parametrize(("selector", "foreground", "background"), PAIRS, ids=[p[0] for p in PAIRS])
def test_text_colour_meets_wcag_aa(selector: str, foreground: str, background: str | None) -> None:
    backgrounds = [background] if background else PANELS
    for ground in backgrounds:
        ratio = contrast(foreground, ground)
        assert ratio >= AA_NORMAL_TEXT, (
            f"{selector}: {foreground} on {ground} is {ratio:.2f}:1, below {AA_NORMAL_TEXT}:1"
        )


def test_the_colours_the_review_flagged_fail_and_their_replacements_pass() -> None:
    assert contrast("#ffffff", "#888888") < AA_NORMAL_TEXT  # the old category label
    assert contrast("#777777", "#f4f6f9") < AA_NORMAL_TEXT  # the old muted text on a zebra row
    assert "#888" not in STYLESHEET and "#777" not in STYLESHEET
