"""Benchmark ladder side by side with its floors, and record the results.

    python3 benchmarks/run.py                  # 40 tracks × 8 levels × 15 competencies, ~5 minutes
    python3 benchmarks/run.py --tracks 10 --pdf-tracks 4 --repeat 1   # a quick look

Every figure is a median of --repeat runs of the installed `ladder` command in a fresh process,
and is reported as a ratio to something measured in the same run: this machine is shared.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
MINI = HERE.parent / "tests" / "fixtures" / "mini"
sys.path.insert(0, str(HERE))
from generate import generate  # noqa: E402


def timed(command: list[str], cwd: Path) -> tuple[float, int]:
    """Wall time and peak RSS (KiB) of one command and its children, in a fresh process."""
    wrapper = [
        sys.executable,
        "-c",
        (
            "import resource, subprocess, sys, time\n"
            "start = time.perf_counter()\n"
            "code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode\n"
            "elapsed = time.perf_counter() - start\n"
            "print(elapsed, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, code)"
        ),
        *command,
    ]
    out = subprocess.run(wrapper, cwd=cwd, capture_output=True, text=True, check=True).stdout.split()
    if out[2] not in ("0",):
        raise RuntimeError(f"{' '.join(command)} exited {out[2]}")
    return float(out[0]), int(out[1])


def median_time(commands: dict[str, list[str]], cwd: Path, repeat: int, before=None) -> dict[str, tuple[float, int]]:
    """Run each command `repeat` times, interleaved, and return median time and max memory."""
    samples: dict[str, list[tuple[float, int]]] = {name: [] for name in commands}
    for _ in range(repeat):
        for name, command in commands.items():
            if before:
                before(name)
            samples[name].append(timed(command, cwd))
    return {name: (statistics.median(t for t, _ in runs), max(m for _, m in runs)) for name, runs in samples.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tracks", type=int, default=40)
    parser.add_argument("--levels", type=int, default=8)
    parser.add_argument("--competencies", type=int, default=15)
    parser.add_argument("--pdf-tracks", type=int, default=4, help="tracks rendered in the PDF stage")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    cores = os.cpu_count() or 1
    work = Path(tempfile.mkdtemp(prefix="ladder-bench-"))
    try:
        rows = run(args, work, cores)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    record(args, rows, cores)


def run(args, work: Path, cores: int) -> list[dict]:
    project, small = work / "big", work / "small"
    generate(project, args.tracks, args.levels, args.competencies, args.seed)
    generate(small, max(args.tracks // 4, 1), args.levels, args.competencies, args.seed)
    rows = []
    ladder = shutil.which("ladder") or "ladder"
    light = ["--format", "md,json,html"]

    # 5. start-up, against bare Python
    start = median_time(
        {
            "python": [sys.executable, "-c", "pass"],
            "click": [sys.executable, "-c", "import click"],
            "libraries": [sys.executable, "-c", "import click, yaml, jsonschema_rs"],
            "help": [ladder, "--help"],
            "validate-mini": [ladder, "validate", str(MINI)],
        },
        work,
        max(args.repeat, 5),
    )
    rows.append(row("`ladder --help` vs `python -c 'import click'`", start["help"][0], start["click"][0], "≤ 1.1×"))
    rows.append(
        row(
            "`ladder validate` (tiny project) vs importing click, PyYAML, jsonschema-rs",
            start["validate-mini"][0],
            start["libraries"][0],
            "≤ 1.3×",
        )
    )

    # 1. validate, 2. full build without PDF
    out = work / "out"
    clear = lambda name: shutil.rmtree(out, ignore_errors=True)  # noqa: E731
    big = median_time(
        {
            "validate": [ladder, "validate", str(project)],
            "build": [ladder, "build", str(project), "--out", str(out), *light],
        },
        work,
        args.repeat,
        before=clear,
    )
    rows.append(absolute(f"`ladder validate`, {args.tracks} tracks", big["validate"][0]))
    rows.append(absolute(f"full build md+json+html, {args.tracks} tracks (incl. validation)", big["build"][0], "< 2 s"))

    # 4. no-op rebuild and one-track change, as ratios to the full build
    subprocess.run([ladder, "build", str(project), "--out", str(out), *light], check=True, capture_output=True)
    noop = median_time({"noop": [ladder, "build", str(project), "--out", str(out), *light]}, work, args.repeat)["noop"][
        0
    ]
    rows.append(row("no-op rebuild / full build", noop, big["build"][0], "< 0.05×"))
    track_file = project / "tracks" / "track-01.yaml"
    original = track_file.read_text()
    flip = {"n": 0}

    def touch_one(name: str) -> None:
        flip["n"] += 1
        track_file.write_text(original.replace("Track 1\n", f"Track 1 (edit {flip['n']})\n", 1))

    one = median_time(
        {"one": [ladder, "build", str(project), "--out", str(out), *light]}, work, args.repeat, before=touch_one
    )["one"][0]
    track_file.write_text(original)
    rows.append(row("one-track change / full build", one, big["build"][0], None))

    # 6. peak memory, and whether it grows with the number of tracks
    small_out = work / "small-out"
    memory = median_time(
        {
            "small": [ladder, "build", str(small), "--out", str(small_out), *light, "--force"],
            "big": [ladder, "build", str(project), "--out", str(out), *light, "--force"],
        },
        work,
        1,
    )
    rows.append(
        {
            "measure": f"peak memory, full build: {max(args.tracks // 4, 1)} vs {args.tracks} tracks",
            "value": f"{memory['small'][1] / 1024:.0f} MiB vs {memory['big'][1] / 1024:.0f} MiB",
            "ratio": memory["big"][1] / memory["small"][1],
            "target": "flat (≈1×)",
            "verdict": verdict(memory["big"][1] / memory["small"][1], 1.5),
        }
    )

    # 3. the PDF stage against WeasyPrint alone on the same HTML, same process count
    tracks = [f"track-{i:02d}" for i in range(1, min(args.pdf_tracks, args.tracks) + 1)]
    html_files = [str(out / "html" / f"{t}.html") for t in tracks]
    selection = [flag for t in tracks for flag in ("--track", t)]
    floor_script = str(HERE / "floor.py")
    for jobs in sorted({1, cores}):
        pdf = median_time(
            {
                "ladder": [
                    ladder,
                    "build",
                    str(project),
                    "--out",
                    str(out),
                    "--format",
                    "pdf",
                    "--force",
                    "--jobs",
                    str(jobs),
                    *selection,
                ],
                "floor": [sys.executable, floor_script, "--jobs", str(jobs), *html_files],
            },
            work,
            args.repeat,
        )
        rows.append(
            row(
                f"PDF stage, {len(tracks)} tracks, --jobs {jobs}: ladder / WeasyPrint alone",
                pdf["ladder"][0],
                pdf["floor"][0],
                "≤ 1.10×",
            )
        )
        rows[-1]["value"] = f"{pdf['ladder'][0]:.2f} s vs {pdf['floor'][0]:.2f} s"
        if jobs == 1:
            single = pdf["ladder"][0]
        else:
            rows.append(
                {
                    "measure": f"PDF scaling: --jobs 1 / --jobs {jobs}",
                    "value": f"{single:.2f} s / {pdf['ladder'][0]:.2f} s",
                    "ratio": single / pdf["ladder"][0],
                    "target": f"≈ {jobs}×",
                    "verdict": verdict(jobs / (single / pdf["ladder"][0]), 1.25),
                }
            )
    rows += shard_rows(ladder, project, work, tracks, args.repeat)
    return rows


def shard_rows(ladder: str, project: Path, work: Path, tracks: list[str], repeat: int) -> list[dict]:
    """Two CI jobs, each building half (`--shard I/2`), against one job building everything;
    then the merged result must equal the single build byte for byte."""
    selection = [flag for t in tracks for flag in ("--track", t)]
    common = ["--format", "md,json,html,pdf", "--jobs", "1", "--force", *selection]
    outs = {name: work / f"shard-{name}" for name in ("full", "1", "2")}
    times = median_time(
        {
            "full": [ladder, "build", str(project), "--out", str(outs["full"]), *common],
            "1": [ladder, "build", str(project), "--out", str(outs["1"]), "--shard", "1/2", *common],
            "2": [ladder, "build", str(project), "--out", str(outs["2"]), "--shard", "2/2", *common],
        },
        work,
        repeat,
    )
    merged = work / "shard-merged"
    shutil.rmtree(merged, ignore_errors=True)
    subprocess.run(
        [ladder, "merge", str(outs["1"]), str(outs["2"]), "--out", str(merged)], check=True, capture_output=True
    )
    identical = _tree(merged) == _tree(outs["full"])
    slowest = max(times["1"][0], times["2"][0])
    return [
        row(
            f"slowest of 2 shards / one full build ({len(tracks)} tracks, PDFs incl.)",
            slowest,
            times["full"][0],
            "≤ 0.60×",
        ),
        {
            "measure": "merged shards == one full build",
            "value": "byte-identical" if identical else "DIFFERENT",
            "ratio": None,
            "target": "identical",
            "verdict": "meets" if identical else "misses",
        },
    ]


def _tree(directory: Path) -> dict[str, bytes]:
    return {str(p.relative_to(directory)): p.read_bytes() for p in sorted(directory.rglob("*")) if p.is_file()}


def row(measure: str, ours: float, base: float, target: str | None) -> dict:
    ratio = ours / base
    limit = float(target.strip("≤<× ").replace("0.05", "0.05")) if target else None
    return {
        "measure": measure,
        "value": f"{ours:.3f} s vs {base:.3f} s",
        "ratio": ratio,
        "target": target or "—",
        "verdict": verdict(ratio, limit) if limit else "—",
    }


def absolute(measure: str, seconds: float, target: str | None = None) -> dict:
    limit = float(target.strip("< s")) if target else None
    return {
        "measure": measure,
        "value": f"{seconds:.2f} s",
        "ratio": None,
        "target": target or "—",
        "verdict": verdict(seconds, limit) if limit else "—",
    }


def verdict(value: float, limit: float) -> str:
    return "meets" if value <= limit else "misses"


def record(args, rows: list[dict], cores: int) -> None:
    machine = f"{cores} cores, {_memory_gib():.0f} GiB, Python {platform.python_version()}, {platform.machine()}"
    lines = [
        f"Measured {date.today().isoformat()} on {machine}; project {args.tracks} tracks × {args.levels} levels"
        f" × {args.competencies} competencies, median of {args.repeat}.",
        "",
        "| Measure | Value | Ratio | Target | |",
        "|---|---|---|---|---|",
    ]
    for r in rows:
        ratio = f"{r['ratio']:.2f}×" if r["ratio"] is not None else "—"
        lines.append(f"| {r['measure']} | {r['value']} | {ratio} | {r['target']} | {r['verdict']} |")
    table = "\n".join(lines)
    print(table)
    stem = HERE / "results" / f"{date.today().isoformat()}-{platform.node() or 'local'}"
    stem.parent.mkdir(exist_ok=True)
    stem.with_suffix(".md").write_text(table + "\n")
    stem.with_suffix(".json").write_text(
        json.dumps({"date": date.today().isoformat(), "machine": machine, "args": vars(args), "rows": rows}, indent=2)
        + "\n"
    )
    print(f"\nrecorded {stem}.md and .json")


def _memory_gib() -> float:
    try:
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    except (ValueError, OSError):
        return 0.0


if __name__ == "__main__":
    main()
