"""The HTML index is HR's download page: checked in a real browser (headless Chromium) at phone
and desktop widths, and every link on it is followed to a file (and to its anchor)."""

from __future__ import annotations

import html.parser
import json
import shutil
import subprocess
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

REPO = Path(__file__).resolve().parent.parent
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = [
    pytest.mark.skipif(CHROMIUM is None, reason="needs Debian's chromium (apt-get install -y chromium)"),
    pytest.mark.one_python,  # a real browser measuring committed HTML: the interpreter plays no part
]

# Appended to a copy of the page: measures layout and lists links after the browser has laid it out,
# and posts them to the harness page that frames it.
PROBE = """<script>
window.addEventListener('load', () => {
  const root = document.documentElement;
  const scrolls = e => { for (let p = e.parentElement; p; p = p.parentElement) { if (['auto', 'scroll'].includes(getComputedStyle(p).overflowX)) return true; } return false; };
  const widest = [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > window.innerWidth + 1 && !scrolls(e)).map(e => e.tagName + '.' + e.className);
  const report = {viewport: window.innerWidth, scrollWidth: root.scrollWidth, overflowing: widest.slice(0, 5), links: [...document.querySelectorAll('a[href]')].map(a => a.href), bodyFont: getComputedStyle(document.body).fontSize};
  parent.postMessage(JSON.stringify(report), '*');
});
</script>"""


def browse(page: Path, width: int) -> dict:
    """Load `page` in a frame exactly `width` CSS pixels wide (headless Chromium's window is at least
    500 px wide, so a phone's viewport is the frame's) and return what the probe measured."""
    harness = page.with_name(f"_harness_{width}_{page.stem}.html")
    harness.write_text(
        f"<!DOCTYPE html><html><body style='margin:0'><iframe src='{page.name}' style='border:0;width:{width}px;height:900px'></iframe>"
        "<script>addEventListener('message', e => { const out = document.createElement('pre'); out.id = 'probe';"
        " out.textContent = e.data; document.body.appendChild(out); });</script></body></html>",
        encoding="utf-8",
    )
    try:
        run = subprocess.run(
            [
                CHROMIUM,
                "--headless",
                "--no-sandbox",
                "--disable-background-networking",
                "--disable-gpu",
                "--no-first-run",
                "--allow-file-access-from-files",
                f"--window-size={width + 200},1000",
                "--virtual-time-budget=5000",
                "--dump-dom",
                harness.as_uri(),
            ],
            capture_output=True,
            text=True,
            timeout=120,
            check=True,
        )
    finally:
        harness.unlink()
    marker = '<pre id="probe">'
    assert marker in run.stdout, run.stderr[-2000:]
    payload = run.stdout.split(marker, 1)[1].split("</pre>", 1)[0]
    return json.loads(html.unescape(payload))


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    """A copy of the committed output with the probe added to the index."""
    copy = tmp_path_factory.mktemp("site") / "output"
    shutil.copytree(REPO / "output", copy)
    index = copy / "html" / "index.html"
    index.write_text(index.read_text(encoding="utf-8").replace("</body>", PROBE + "</body>"), encoding="utf-8")
    return copy


@pytest.mark.parametrize("width", [360, 390, 1280])
def test_the_page_fits_the_screen_without_sideways_scrolling(site: Path, width: int) -> None:
    report = browse(site / "html" / "index.html", width)
    assert report["viewport"] == width
    assert report["scrollWidth"] <= width, report["overflowing"]
    assert report["overflowing"] == []
    assert report["bodyFont"] == "16px"  # readable on a phone without zooming


def test_every_link_resolves_to_a_file_and_anchor(site: Path) -> None:
    report = browse(site / "html" / "index.html", 390)
    links = report["links"]
    framework = {t.stem for t in (REPO / "output" / "html").glob("*.html")} - {"index"}
    pdfs = {p.name for p in (REPO / "output" / "pdf").glob("*.pdf")}
    assert {
        urlparse(link).path.rsplit("/", 1)[-1] for link in links if link.endswith(".pdf")
    } == pdfs  # every PDF is offered
    assert framework <= {Path(urlparse(link).path).stem for link in links if ".html" in link}
    followed = {}
    for link in links:
        parsed = urlparse(link)
        assert parsed.scheme == "file", link
        target = Path(unquote(parsed.path))
        assert target.is_file(), f"{link} does not resolve to a file"
        if parsed.fragment:
            if target not in followed:
                followed[target] = _ids(target)
            assert parsed.fragment in followed[target], f"{link}: no element with id {parsed.fragment!r}"
    assert len(followed) >= 2  # the anchors of the index itself and of the track pages were checked


@pytest.mark.parametrize("width", [390, 1280])
def test_the_track_pages_linked_from_the_index_fit_the_screen(site: Path, width: int) -> None:
    for track_page in sorted(p for p in (site / "html").glob("*.html") if p.name != "index.html"):
        track_page.write_text(
            track_page.read_text(encoding="utf-8").replace("</body>", PROBE + "</body>"), encoding="utf-8"
        )
        report = browse(track_page, width)
        assert report["scrollWidth"] <= width and report["overflowing"] == [], (track_page.name, report["overflowing"])
        track_page.write_text(track_page.read_text(encoding="utf-8").replace(PROBE, ""), encoding="utf-8")


class _IdCollector(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs) -> None:
        self.ids.update(value for name, value in attrs if name == "id" and value)


def _ids(path: Path) -> set[str]:
    collector = _IdCollector()
    collector.feed(path.read_text(encoding="utf-8"))
    return collector.ids
