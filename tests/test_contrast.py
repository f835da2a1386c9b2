"""WCAG 2.1 AA contrast measured on what headless Chromium renders: every HTML page of a build (each
language folder), at 360, 390 and 1280 CSS pixels, every element that holds text, its computed colour
against the background its ancestors paint (semi-transparent layers composited). Normal text needs
4.5:1, large text (24 px, or 18.66 px bold) 3:1."""

from __future__ import annotations

import html
import json
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import LADDERS, invoke

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = [
    pytest.mark.skipif(CHROMIUM is None, reason="needs Debian's chromium (apt-get install -y chromium)"),
    pytest.mark.one_python,  # a real browser measuring built HTML: the interpreter plays no part
]

AA_NORMAL_TEXT = 4.5
AA_LARGE_TEXT = 3.0
WIDTHS = (360, 390, 1280)

# Added to each page: walks every element with its own visible text and reports its computed colour,
# the background painted behind it (ancestors' colours composited, white canvas below), size and weight.
PROBE = """<script>
window.addEventListener('load', () => {
  const rgba = s => { const m = s.match(/[\\d.]+/g) || [0, 0, 0, 0]; return [+m[0], +m[1], +m[2], m.length > 3 ? +m[3] : 1]; };
  const over = (top, below) => { const a = top[3] + below[3] * (1 - top[3]); if (!a) return [255, 255, 255, 1];
    return [0, 1, 2].map(i => (top[i] * top[3] + below[i] * below[3] * (1 - top[3])) / a).concat([a]); };
  const ground = e => { const layers = []; let image = '';
    for (let p = e; p; p = p.parentElement) { const s = getComputedStyle(p); layers.push(rgba(s.backgroundColor));
      if (s.backgroundImage !== 'none' && !image) image = s.backgroundImage; }
    let colour = [255, 255, 255, 1]; for (const layer of layers.reverse()) colour = over(layer, colour); return [colour, image]; };
  const path = e => { const parts = []; for (let p = e; p && p !== document.body; p = p.parentElement)
    parts.unshift(p.tagName.toLowerCase() + (p.className && typeof p.className === 'string' ? '.' + p.className.trim().split(/\\s+/).join('.') : ''));
    return parts.join(' > '); };
  const found = [];
  for (const e of document.body.querySelectorAll('*')) {
    const own = [...e.childNodes].filter(n => n.nodeType === 3).map(n => n.textContent).join('').trim();
    if (!own || ['SCRIPT', 'STYLE', 'NOSCRIPT'].includes(e.tagName)) continue;
    const s = getComputedStyle(e);
    if (s.visibility !== 'visible' || !e.getClientRects().length || +s.opacity === 0) continue;
    const [background, image] = ground(e);
    found.push({path: path(e), text: own.slice(0, 60), colour: over(rgba(s.color), background), background,
                image, size: parseFloat(s.fontSize), weight: parseInt(s.fontWeight, 10)});
  }
  parent.postMessage(JSON.stringify({page: location.pathname.split('/').slice(-2).join('/'), width: innerWidth, found}), '*');
});
</script>"""


def luminance(rgb: list[float]) -> float:
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in (v / 255 for v in rgb[:3])]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(foreground: list[float], background: list[float]) -> float:
    high, low = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def is_large(size_px: float, weight: int) -> bool:
    return size_px >= 24 or (size_px >= 18.66 and weight >= 700)


def measure(pages: list[Path], widths: tuple[int, ...] = WIDTHS) -> list[dict]:
    """One Chromium run: a harness frames every page at every width and collects the probes' reports
    (a few pages a run: a run dumps the page when its time budget ends, whether or not all reported)."""
    for page in pages:
        text = page.read_text(encoding="utf-8")
        if PROBE not in text:
            page.write_text(text.replace("</body>", PROBE + "</body>"), encoding="utf-8")
    root = Path(*_common(pages))
    frames = "".join(
        f"<iframe src='{page.relative_to(root).as_posix()}' style='border:0;width:{width}px;height:800px'></iframe>"
        for page in pages
        for width in widths
    )
    harness = root / "_contrast_harness.html"
    harness.write_text(
        f"<!DOCTYPE html><html><body style='margin:0'>{frames}<pre id='probe'>[]</pre>"
        "<script>const reports = []; addEventListener('message', e => { reports.push(JSON.parse(e.data));"
        " document.getElementById('probe').textContent = JSON.stringify(reports); });</script></body></html>",
        encoding="utf-8",
    )
    run = subprocess.run(
        [
            str(CHROMIUM),
            "--headless",
            "--no-sandbox",
            "--disable-background-networking",
            "--disable-gpu",
            "--no-first-run",
            "--allow-file-access-from-files",
            "--window-size=1600,1000",
            "--virtual-time-budget=20000",
            "--dump-dom",
            harness.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    payload = run.stdout.split('<pre id="probe">', 1)[1].split("</pre>", 1)[0]
    reports: list[dict] = json.loads(html.unescape(payload))
    reported = sorted((r["page"], r["width"]) for r in reports)
    assert len(reports) == len(pages) * len(widths), (reported, run.stderr[-2000:])
    return reports


def _common(pages: list[Path]) -> tuple[str, ...]:
    parts = [p.parent.parts for p in pages]
    prefix: list[str] = []
    for column in zip(*parts, strict=False):
        if len(set(column)) != 1:
            break
        prefix.append(column[0])
    return tuple(prefix)


def failures(reports: list[dict]) -> list[str]:
    """Each text below its AA ratio: page, width, where, the text, the colours and the ratio."""
    found = []
    for report in reports:
        for item in report["found"]:
            needed = AA_LARGE_TEXT if is_large(item["size"], item["weight"]) else AA_NORMAL_TEXT
            ratio = contrast(item["colour"], item["background"])
            if ratio < needed:
                found.append(
                    f"{report['page']} @{report['width']}px {item['path']} {item['text']!r}: "
                    f"rgb{tuple(round(c) for c in item['colour'][:3])} on rgb{tuple(round(c) for c in item['background'][:3])}"
                    f" is {ratio:.2f}:1, below {needed}:1"
                )
    return found


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("contrast") / "out"
    result = invoke(CliRunner(), "build", LADDERS, "--out", out, "--format", "html", "--drafts")
    assert result.exit_code == 0, result.output
    return out / "html"


@pytest.mark.slow  # a build of the site, then Chromium renders every page in every language
def test_every_page_in_every_language_meets_wcag_aa_as_rendered(site: Path) -> None:
    pages = sorted(site.rglob("*.html"))
    names = {p.relative_to(site).as_posix() for p in pages}
    assert {"index.html", "levelling-guide.html", "de/index.html", "ar/levelling-guide.html"} <= names
    # index, levelling guide and three tracks (the Senior PM trunk too) in English, German and the Arabic draft
    assert len(pages) == 15
    reports = [report for page in pages for report in measure([page])]
    assert all(report["found"] for report in reports)  # every page at every width had text to measure
    bad = failures(reports)
    assert bad == [], f"{len(bad)} texts below WCAG AA:\n" + "\n".join(bad[:25])


def test_the_probe_catches_dark_links_on_a_dark_band(tmp_path: Path) -> None:
    """The case the issue found: brand-blue links and grey italic on a brand-blue header band."""
    page = tmp_path / "band.html"
    page.write_text(
        "<!DOCTYPE html><html><head><style>thead { background: #1f4e79; color: #fff; } a { color: #1f4e79; }"
        " .muted { color: #5f6670; font-style: italic; }</style></head><body><table><thead><tr>"
        "<th>Grade</th><th><a href='#'>Track</a><br><span class='muted'>Management</span></th></tr></thead>"
        "</table><p>Body text</p></body></html>",
        encoding="utf-8",
    )
    bad = failures(measure([page], (390,)))
    assert [line.split(" ", 2)[2].split(":")[0] for line in bad] == [
        "table > thead > tr > th > a 'Track'",
        "table > thead > tr > th > span.muted 'Management'",
    ]


def test_contrast_arithmetic_matches_wcag() -> None:
    assert round(contrast([0, 0, 0], [255, 255, 255]), 2) == 21.0
    assert round(contrast([119, 119, 119], [255, 255, 255]), 2) == 4.48  # #777 on white: just below AA
    assert is_large(24, 400) and is_large(18.67, 700) and not is_large(18.67, 400)
