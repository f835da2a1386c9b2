"""The PDF floor: WeasyPrint alone, printing the very documents ladder prints, with the same options.

    python benchmarks/floor.py prepare PROJECT DIR --track ID ...   # not timed: what ladder hands WeasyPrint
    python benchmarks/floor.py render --jobs 2 DIR/*.pickle          # timed: WeasyPrint alone

`prepare` asks ladder's PDF renderer for each document of the tracks (the HTML, the attached
JSON, the date, the identifier, whether it has form fields) and pickles it; `render` prints each
one with WeasyPrint's own API and the options ladder uses (tagged PDF, the attachment, the PDF
identifier, custom metadata, forms), in a plain process pool of the given size.
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import pickle
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path


def prepare(project: Path, out: Path, tracks: list[str]) -> None:
    from ladder_compiler.pipeline import read_framework
    from ladder_compiler.render import RenderOptions
    from ladder_compiler.render.pdf import PdfRenderer

    framework = read_framework(project).framework
    renderer = PdfRenderer()
    out.mkdir(parents=True, exist_ok=True)
    for planned in renderer.plan(framework, tuple(tracks)):
        prepared = renderer.prepare(framework, planned, RenderOptions())
        (out / (Path(planned.path).stem + ".pickle")).write_bytes(pickle.dumps(prepared))


def render(path: str) -> int:
    import weasyprint

    html, date, attachments, identifier, forms = pickle.loads(Path(path).read_bytes())
    moment = datetime.datetime.fromisoformat(date).replace(tzinfo=datetime.UTC)
    files = [
        weasyprint.Attachment(string=content, name=name, description=description, created=moment, modified=moment)
        for name, content, description in attachments
    ]
    document = weasyprint.HTML(string=html, base_url="about:blank")
    return len(
        document.write_pdf(
            attachments=files,
            pdf_tags=True,
            pdf_identifier=hashlib.sha256(identifier.encode()).hexdigest()[:32].encode(),
            custom_metadata=True,
            pdf_forms=forms,
        )
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    preparing = commands.add_parser("prepare")
    preparing.add_argument("project", type=Path)
    preparing.add_argument("out", type=Path)
    preparing.add_argument("--track", action="append", required=True)
    rendering = commands.add_parser("render")
    rendering.add_argument("--jobs", type=int, default=1)
    rendering.add_argument("files", nargs="+")
    args = parser.parse_args()
    if args.command == "prepare":
        prepare(args.project, args.out, args.track)
        return
    if args.jobs <= 1:
        sizes = [render(f) for f in args.files]
    else:
        with ProcessPoolExecutor(max_workers=args.jobs) as pool:
            sizes = list(pool.map(render, args.files))
    print(sum(sizes))


if __name__ == "__main__":
    main()
