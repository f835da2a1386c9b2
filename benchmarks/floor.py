"""The PDF floor: WeasyPrint alone rendering given HTML files, in a pool of the same size, with
the options ladder uses (tagged PDF, the track's JSON attached from json/ beside html/).

    python3 benchmarks/floor.py --jobs 2 output/html/a.html output/html/b.html
"""

from __future__ import annotations

import argparse
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path


def render(path: str) -> int:
    import weasyprint

    source = Path(path)
    data = source.parent.parent / "json" / source.with_suffix(".json").name
    attachments = [weasyprint.Attachment(filename=str(data), name=data.name)] if data.exists() else []
    return len(weasyprint.HTML(filename=path).write_pdf(pdf_tags=True, attachments=attachments))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("files", nargs="+", type=Path)
    args = parser.parse_args()
    files = [str(f) for f in args.files]
    if args.jobs <= 1:
        sizes = [render(f) for f in files]
    else:
        with ProcessPoolExecutor(max_workers=args.jobs) as pool:
            sizes = list(pool.map(render, files))
    print(sum(sizes))


if __name__ == "__main__":
    main()
