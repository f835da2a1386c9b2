"""Issue 19's benchmark: every figure is a ratio of two things measured side by side in one run.

    python benchmarks/run.py --revision HEAD --before main   # benchmarks/results.md (~20 min, 2 busy cores)
    python benchmarks/run.py --before main     # also the same rows for another revision, alternating
    python benchmarks/run.py --quick           # a smoke run: small projects, one repeat, no file written

Every command runs in a fresh process. Commands compared with each other run alternately,
--repeat times, and the median is kept. Time is CPU time (user + system of the process and the
workers it waits for): on a shared machine it moves far less than wall time; wall time is used
only where parallelism is the point (--jobs 2 against --jobs 1). Memory is the peak of the whole
process tree's summed PSS (shared pages split between the processes sharing them), sampled every
20 ms, PDF workers included. Projects come from benchmarks/generate.py (deterministic by seed).
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
import tarfile
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
MINI = REPO / "tests" / "fixtures" / "mini"
LADDERS = REPO / "ladders"
sys.path.insert(0, str(HERE))
from generate import generate  # noqa: E402

LIGHT = ["--format", "md,json,html"]
# What `ladder validate` imports: the libraries, then ladder's CLI, loader, checks and model.
VALIDATE_MODULES = (
    "click",
    "yaml",
    "jsonschema_rs",
    "ladder_compiler.cli",
    "ladder_compiler.pipeline",
    "ladder_compiler.commands.validate",
)
PDF_TRACKS = ["track-01", "track-02"]


@dataclass
class Sample:
    cpu: float
    wall: float
    peak_mib: float | None


def measure(command: list[str], cwd: Path, memory: bool = False) -> Sample:
    """One run of `command`: CPU time of it and the children it waited for, wall time, and (when
    asked) the peak summed PSS of its process tree."""
    start = time.perf_counter()
    errors = tempfile.TemporaryFile()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=errors)
    peak = 0
    while True:
        pid, status, usage = os.wait4(process.pid, 0 if not memory else os.WNOHANG)
        if pid:
            break
        peak = max(peak, _tree_pss_kib(process.pid))
        time.sleep(0.02)
    wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    errors.seek(0)
    if process.returncode != 0:
        raise RuntimeError(f"{' '.join(map(str, command))} exited {process.returncode}: {errors.read()[-2000:]!r}")
    return Sample(usage.ru_utime + usage.ru_stime, wall, peak / 1024 if memory else None)


def _tree_pss_kib(pid: int) -> int:
    total = 0
    for member in _tree(pid):
        try:
            text = Path(f"/proc/{member}/smaps_rollup").read_text()
        except OSError:
            continue
        total += next((int(line.split()[1]) for line in text.splitlines() if line.startswith("Pss:")), 0)
    return total


def _tree(pid: int) -> list[int]:
    found, frontier = [pid], [pid]
    while frontier:
        below = []
        for parent in frontier:
            try:
                for task in Path(f"/proc/{parent}/task").iterdir():
                    below += [int(child) for child in (task / "children").read_text().split()]
            except OSError:
                continue
        found += below
        frontier = below
    return found


@dataclass
class Stats:
    cpu: float
    wall: float
    peak_mib: float | None


def side_by_side(commands: dict[str, list[str]], repeat: int, memory: bool = False, before=None) -> dict[str, Stats]:
    """Run each command `repeat` times, alternating; medians of time, the largest memory peak."""
    samples: dict[str, list[Sample]] = {name: [] for name in commands}
    for _ in range(repeat):
        for name, command in commands.items():
            if before:
                before(name)
            samples[name].append(measure(command, REPO, memory))
            print(f"  {name}: {samples[name][-1].cpu:.2f} s CPU, {samples[name][-1].wall:.2f} s", file=sys.stderr)
    return {
        name: Stats(
            statistics.median(s.cpu for s in runs),
            statistics.median(s.wall for s in runs),
            max(s.peak_mib for s in runs) if memory else None,  # type: ignore[type-var]
        )
        for name, runs in samples.items()
    }


@dataclass
class Row:
    measure: str
    value: str
    ratio: float | None
    target: str
    limit: float | None  # the ratio must be at most this
    before: float | None = None  # the same ratio for --before
    note: str = ""
    judged: str | None = None  # the verdict of a target that is not a ratio

    @property
    def verdict(self) -> str:
        if self.judged is not None:
            return self.judged
        if self.limit is None or self.ratio is None:
            return "—"
        if self.ratio <= self.limit:
            return "meets"
        miss = (self.ratio / self.limit - 1) * 100
        return f"misses by {miss:.0f}%" if miss >= 1 else f"misses by {miss:.1f}%"


class Ladders:
    """The ladder under test, and optionally the same commands from another revision."""

    def __init__(self, work: Path, before: str | None, revision: str | None):
        # A revision is measured from its own copy, so the working tree can change meanwhile.
        self.root = _tree_of(revision, work / "after") if revision else None
        self.after = [sys.executable, "-c", _launcher(self.root)] if self.root else [shutil.which("ladder") or "ladder"]
        self.before: list[str] | None = None
        if before:
            self.before = [sys.executable, "-c", _launcher(_tree_of(before, work / "before"))]

    def warm_up(self, work: Path) -> None:
        """Run each ladder once, PDF workers included, so that its bytecode caches exist: users'
        installations have them, and compiling every module on every run would be measured too."""
        for ladder in filter(None, (self.after, self.before)):
            command = [
                *ladder,
                "build",
                MINI,
                "--out",
                work / "warm-up",
                "--force",
                "--jobs",
                "2",
                "--track",
                "manager",
            ]
            subprocess.run(command, check=True, capture_output=True)

    def importing(self, modules: tuple[str, ...]) -> str:
        """Python code that imports `modules` of the ladder under test, and nothing else."""
        path = f"import sys; sys.path.insert(0, {str(self.root)!r}); " if self.root else ""
        return path + f"import {', '.join(modules)}"

    def alone(self) -> Ladders:
        """The ladder under test without the other revision (rows where twice the time is too much)."""
        alone = object.__new__(Ladders)
        alone.root, alone.after, alone.before = self.root, self.after, None
        return alone

    def commands(self, name: str, *args, out: Path | None = None) -> dict[str, list[str]]:
        """`name` runs ladder with `args` (and `--out out`); "`name` (before)" the other revision,
        writing to its own output directory."""
        commands = {name: [*self.after, *map(str, args), *(["--out", str(out)] if out else [])]}
        if self.before:
            commands[f"{name} (before)"] = [*self.before, *map(str, args), *(["--out", f"{out}-before"] if out else [])]
        return commands


def _tree_of(revision: str, where: Path) -> Path:
    """The ladder_compiler package of a git revision, laid out as setup.cfg maps it."""
    archive = subprocess.run(
        ["git", "archive", revision, "compiler", "templates", "schemas"], cwd=REPO, capture_output=True, check=True
    ).stdout
    source = where / "source"
    with tarfile.open(fileobj=BytesIO(archive)) as tar:
        tar.extractall(source, filter="data")
    package = where / "ladder_compiler"
    shutil.copytree(source / "compiler", package)
    shutil.copytree(source / "templates", package / "templates", dirs_exist_ok=True)
    shutil.copytree(source / "schemas", package / "schemas", dirs_exist_ok=True)
    return where


def _launcher(root: Path) -> str:
    return f"import sys; sys.path.insert(0, {str(root)!r}); from ladder_compiler.cli import main; sys.exit(main())"


def ratio_row(measure: str, stats: dict[str, Stats], ours: str, base: str, target: str, limit: float | None) -> Row:
    ratio = stats[ours].cpu / stats[base].cpu
    before = stats[f"{ours} (before)"].cpu / stats[base].cpu if f"{ours} (before)" in stats else None
    value = f"{stats[ours].cpu:.3f} s vs {stats[base].cpu:.3f} s CPU"
    return Row(measure, value, ratio, target, limit, before)


def startup_rows(ladders: Ladders, repeat: int) -> list[Row]:
    print("start-up", file=sys.stderr)
    commands = {
        "click": [sys.executable, "-c", "import click"],
        "libraries": [sys.executable, "-c", "import click, yaml, jsonschema_rs"],
        "imports": [sys.executable, "-c", ladders.importing(VALIDATE_MODULES)],
        **ladders.commands("help", "--help"),
        **ladders.commands("validate", "validate", MINI),
    }
    stats = side_by_side(commands, max(7 * repeat, 21))  # tiny figures: more runs for a steady median
    validate = ratio_row(
        "`ladder validate` (tiny project) / importing click, PyYAML, jsonschema-rs",
        stats,
        "validate",
        "libraries",
        "≤ 1.30×",
        1.30,
    )
    imports, work = stats["imports"].cpu - stats["libraries"].cpu, stats["validate"].cpu - stats["imports"].cpu
    validate.note = (
        f"above the libraries: importing ladder's own modules {imports * 1000:.0f} ms"
        f" (the model's classes, the loader, the checks), the work {work * 1000:.0f} ms"
    )
    rows = [
        ratio_row("`ladder --help` / `python -c 'import click'`", stats, "help", "click", "≤ 1.10×", 1.10),
        validate,
    ]
    checker = shutil.which("check-jsonschema")
    if checker:
        files = sorted(str(p) for p in LADDERS.rglob("*.yaml") if ".releases" not in p.parts)
        schema = REPO / "schemas" / "ladder-source.v2.schema.json"  # the shipped ladders are format 2
        stats = side_by_side(
            {
                **ladders.commands("validate", "validate", LADDERS),
                "check-jsonschema": [checker, "--schemafile", str(schema), *files],
            },
            repeat,
        )
        rows.append(
            ratio_row(
                "`ladder validate` of the shipped ladders / `check-jsonschema` (schema only) on the same files",
                stats,
                "validate",
                "check-jsonschema",
                "≤ 1.00× (keep the lead)",
                1.0,
            )
        )
    return rows


def size_rows(ladders: Ladders, work: Path, sizes: list[int], repeat: int, levels: int, competencies: int) -> list[Row]:
    """Full build, one-track change, no-op rebuild and peak memory at each project size."""
    rows: list[Row] = []
    full: dict[int, Stats] = {}
    checked: dict[int, Stats] = {}  # `ladder validate` of each project
    compared = {10, max(sizes)}  # sizes measured against --before too
    everyone = ladders
    for tracks in sizes:
        ladders = everyone if tracks in compared else everyone.alone()
        print(f"{tracks} tracks", file=sys.stderr)
        project, out = work / f"p{tracks}", work / f"p{tracks}-out"
        generate(project, tracks, levels, competencies, seed=1)
        track_file = project / "tracks" / "track-01.yaml"
        original = track_file.read_text()
        edits = iter(range(1, 10_000))

        def prepare(name: str, out=out, track_file=track_file, original=original, edits=edits) -> None:
            if name.startswith("full"):
                shutil.rmtree(f"{out}-before" if name.endswith("(before)") else out, ignore_errors=True)
            elif name.startswith("one-track"):  # the first level's summary reworded in track 1
                track_file.write_text(original.replace("summary: ", f"summary: Edited {next(edits)}. ", 1))

        builds = [ladders.commands(name, "build", project, *LIGHT, out=out) for name in ("full", "one-track", "no-op")]
        # Ours first, then the other revision's: each one-track change and no-op follows its own build.
        commands = {name: command for b in builds for name, command in b.items() if "(before)" not in name}
        commands |= {name: command for b in builds for name, command in b.items() if "(before)" in name}
        # What every run of this size pays: start-up, and reading and checking the whole project.
        commands |= {"start-up": [*ladders.after, "--help"], "validate": [*ladders.after, "validate", str(project)]}
        stats = side_by_side(commands, repeat, True, prepare)
        track_file.write_text(original)
        full[tracks], checked[tracks] = stats["full"], stats["validate"]
        written, total = _documents_written(ladders, project, out, track_file, original)
        rows.append(Row(f"full build md+json+html, {tracks} tracks", _cpu(stats["full"]), None, "—", None))
        rows.append(_one_track_row(stats, tracks, written, total))
        noop = ratio_row(f"no-op rebuild / full build, {tracks} tracks", stats, "no-op", "full", "< 0.05×", 0.05)
        if "full (before)" in stats:
            noop.before = stats["no-op (before)"].cpu / stats["full (before)"].cpu
        noop.note = (
            f"reads no ladder file, hashes the {total} outputs on disk; start-up (`ladder --help`) is"
            f" {stats['start-up'].cpu:.3f} s of its {stats['no-op'].cpu:.3f} s"
        )
        rows.append(noop)
        memory = Row(f"peak memory, full build, {tracks} tracks", f"{stats['full'].peak_mib:.0f} MiB", None, "—", None)
        if "full (before)" in stats:
            memory.value += f" (before: {stats['full (before)'].peak_mib:.0f} MiB)"
        rows.append(memory)
        full[-tracks] = stats.get("full (before)", stats["full"])
    low, high = min(sizes), max(sizes)
    if low != high:
        growth = full[high].cpu / full[low].cpu
        rows.append(
            Row(
                f"growth of a full build, {low} → {high} tracks",
                f"{growth:.1f}× the CPU for {high / low:.0f}× the tracks",
                growth / (high / low),
                "linear (≤ 1.10× of proportional)",
                1.10,
                note=_linearity(full, sizes),
            )
        )
        mid = 10 if 10 in sizes else low
        memory_ratio = full[high].peak_mib / full[mid].peak_mib  # type: ignore[operator]
        row = Row(
            f"peak memory, full build, {high} / {mid} tracks",
            f"{full[high].peak_mib:.0f} MiB vs {full[mid].peak_mib:.0f} MiB",
            memory_ratio,
            "≤ 1.20×",
            1.20,
        )
        if -high in full and full[-high] is not full[high]:
            row.before = full[-high].peak_mib / full[-mid].peak_mib  # type: ignore[operator]
        row.note = (
            f"`ladder validate` alone peaks at {checked[high].peak_mib:.0f} MiB vs {checked[mid].peak_mib:.0f} MiB:"
            " the whole project's sources and model are in memory while it is read and modelled (the project is"
            " checked whole, and project-wide documents need every track); outputs are written as rendered"
        )
        rows.append(row)
    return rows


def _one_track_row(stats: dict[str, Stats], tracks: int, written: list[str], total: int) -> Row:
    """Judged by the documents rewritten: the changed track's, and the project-wide ones that list every
    track (named without `track-`); the CPU is explained by what reading and checking the project costs."""
    one = ratio_row(
        f"one-track change / full build, {tracks} tracks",
        stats,
        "one-track",
        "full",
        "only that track's documents and the project-wide ones",
        None,
    )
    if "full (before)" in stats:
        one.before = stats["one-track (before)"].cpu / stats["full (before)"].cpu
    others = [path for path in written if "track-" in path and "track-01" not in path]
    one.judged = "meets" if written and not others else f"misses: also {', '.join(others) or 'nothing written'}"
    one.note = (
        f"documents rewritten: {len(written)} of {total} ({', '.join(written)}); reading and checking the whole"
        f" project (`ladder validate`) is {stats['validate'].cpu:.3f} s of its {stats['one-track'].cpu:.3f} s"
    )
    return one


def _cpu(stats: Stats) -> str:
    return f"{stats.cpu:.2f} s CPU ({stats.wall:.2f} s wall)"


def _linearity(full: dict[int, Stats], sizes: list[int]) -> str:
    per_track = ", ".join(f"{n}: {full[n].cpu / n * 1000:.0f} ms" for n in sizes)
    return f"CPU per track — {per_track}"


def _documents_written(
    ladders: Ladders, project: Path, out: Path, track_file: Path, original: str
) -> tuple[list[str], int]:
    """The outputs a one-track change rewrites, and how many outputs there are."""
    subprocess.run([*ladders.after, "build", project, "--out", out, *LIGHT], check=True, capture_output=True)
    track_file.write_text(original.replace("summary: ", "summary: Counted. ", 1))
    result = subprocess.run(
        [*ladders.after, "build", project, "--out", out, *LIGHT, "-v"], check=True, capture_output=True, text=True
    )
    track_file.write_text(original)
    total = len(json.loads((out / "manifest.json").read_text())["files"])
    subprocess.run([*ladders.after, "build", project, "--out", out, *LIGHT], check=True, capture_output=True)
    return _wrote(result.stderr, out), total


def _wrote(stderr: str, out: Path) -> list[str]:
    prefix = f"wrote {out}/"
    return sorted(line[len(prefix) :] for line in stderr.splitlines() if line.startswith(prefix))


def pdf_rows(ladders: Ladders, work: Path, repeat: int, levels: int, competencies: int, big: int) -> list[Row]:
    """The PDF stage against WeasyPrint alone, its scaling with --jobs, and its independence of
    the project's size (the same two tracks built inside a 10- and a `big`-track project)."""
    small_project, big_project = work / "pdf10", work / f"pdf{big}"
    generate(small_project, 10, levels, competencies, seed=2)
    generate(big_project, big, levels, competencies, seed=2)
    prepared = work / "prepared"
    subprocess.run(
        [sys.executable, HERE / "floor.py", "prepare", small_project, prepared]
        + [flag for t in PDF_TRACKS for flag in ("--track", t)],
        check=True,
        env=os.environ | ({"PYTHONPATH": str(ladders.root)} if ladders.root else {}),
    )
    documents = sorted(str(p) for p in prepared.glob("*.pickle"))
    selection = [flag for t in PDF_TRACKS for flag in ("--track", t)]
    rows = []
    timings: dict[str, Stats] = {}
    for jobs in (1, 2):
        print(f"PDF, --jobs {jobs}", file=sys.stderr)
        out = work / f"pdf-out-{jobs}"
        commands = ladders.commands(
            f"ladder-{jobs}", "build", small_project, "--format", "pdf", "--force", "--jobs", jobs, out=out
        )
        commands = {name: [*command, *selection] for name, command in commands.items()}
        commands[f"floor-{jobs}"] = [sys.executable, str(HERE / "floor.py"), "render", "--jobs", str(jobs), *documents]
        stats = side_by_side(commands, repeat)
        timings |= stats
        stage = ratio_row(
            f"PDF stage, {len(documents)} PDFs, --jobs {jobs}: ladder / WeasyPrint alone",
            stats,
            f"ladder-{jobs}",
            f"floor-{jobs}",
            "≤ 1.05×",
            1.05,
        )
        stage.note = (
            "ladder's figure includes making each document's HTML and attachment, which WeasyPrint alone is"
            " given ready-made"
        )
        rows.append(stage)
    scaling = timings["ladder-2"].wall / timings["ladder-1"].wall
    rows.append(
        Row(
            "PDF stage wall time: --jobs 2 / --jobs 1",
            f"{timings['ladder-2'].wall:.1f} s vs {timings['ladder-1'].wall:.1f} s wall",
            scaling,
            "≤ 0.55×",
            0.55,
            before=(
                timings["ladder-2 (before)"].wall / timings["ladder-1 (before)"].wall
                if "ladder-1 (before)" in timings
                else None
            ),
            note=_scaling_note(timings, scaling),
        )
    )
    print(f"PDF, 10 vs {big} tracks", file=sys.stderr)
    outs = {"small": work / "pdf-small", "big": work / "pdf-big"}
    commands = {}
    for size, project in (("small", small_project), ("big", big_project)):
        built = ladders.commands(size, "build", project, "--format", "pdf", "--force", "--jobs", 2, out=outs[size])
        commands |= {name: [*command, *selection] for name, command in built.items()}
        commands[f"validate {size}"] = [*ladders.after, "validate", str(project)]
    stats = side_by_side(commands, repeat, memory=True)
    same = all(
        (outs["small"] / "pdf" / f"{t}{suffix}.pdf").read_bytes()
        == (outs["big"] / "pdf" / f"{t}{suffix}.pdf").read_bytes()
        for t in PDF_TRACKS
        for suffix in ("", "-levels", "-worksheet")
    )
    independent = ratio_row(
        f"the same 2-track PDF build (--jobs 2) in a {big}-track / a 10-track project",
        stats,
        "big",
        "small",
        "≤ 1.05×",
        1.05,
    )
    if "big (before)" in stats:
        independent.before = stats["big (before)"].cpu / stats["small (before)"].cpu
    difference = stats["big"].cpu - stats["small"].cpu
    reading = stats["validate big"].cpu - stats["validate small"].cpu
    independent.note = (
        "the PDFs are byte-identical in both projects" if same else "the PDFs DIFFER between the projects"
    ) + (
        f"; reading and checking {big} tracks instead of 10 (`ladder validate`: {stats['validate big'].cpu:.2f} s vs"
        f" {stats['validate small'].cpu:.2f} s) costs {reading:.2f} s"
        + (f" of the {difference:.2f} s difference" if difference > 0 else " (within this run's noise)")
        + ": the project is checked whole, since career moves, peers and the levelling guide cross tracks"
    )
    rows.append(independent)
    memory = Row(
        f"peak memory of that build (PDF workers included), {big} / 10 tracks",
        f"{stats['big'].peak_mib:.0f} MiB vs {stats['small'].peak_mib:.0f} MiB",
        stats["big"].peak_mib / stats["small"].peak_mib,  # type: ignore[operator]
        "≤ 1.20×",
        1.20,
    )
    if "big (before)" in stats:
        memory.before = stats["big (before)"].peak_mib / stats["small (before)"].peak_mib  # type: ignore[operator]
    rows.append(memory)
    from ladder_compiler.render.pdf import subsetter_missing

    missing = subsetter_missing()
    rows.append(
        Row(
            "HarfBuzz font subsetting (system dependency)",
            "missing: " + missing if missing else "found (libharfbuzz-subset ≥ 4.1.0)",
            None,
            "found, or a build warning",
            None,
        )
    )
    return rows


def _scaling_note(timings: dict[str, Stats], scaling: float) -> str:
    floor = timings["floor-2"].wall / timings["floor-1"].wall
    verdict = (
        "ladder scales at least as well"
        if scaling <= floor * 1.02
        else "ladder scales worse: its main process makes each document's HTML while the two workers print,"
        " three busy processes on two cores, and --jobs 1 prints in-process, without spawning workers"
    )
    reach = "; the target is below it, so out of reach on this machine" if floor > 0.55 else ""
    return (
        f"floor: {floor:.2f}× (WeasyPrint alone, 2 processes / 1, on this machine's 2 shared cores; {verdict}){reach}"
    )


def shard_rows(ladders: Ladders, work: Path, repeat: int) -> list[Row]:
    """Two CI jobs each building half (`--shard I/2`) against one building everything; then the
    merged result must equal the single build byte for byte."""
    print("shards", file=sys.stderr)
    project = work / "pdf10"
    common = ["--format", "md,json,html,pdf", "--jobs", "1", "--force"]
    common += [flag for t in PDF_TRACKS for flag in ("--track", t)]
    outs = {name: work / f"shard-{name}" for name in ("full", "1", "2")}
    stats = side_by_side(
        {
            "full": [*ladders.after, "build", str(project), "--out", str(outs["full"]), *common],
            "1": [*ladders.after, "build", str(project), "--out", str(outs["1"]), "--shard", "1/2", *common],
            "2": [*ladders.after, "build", str(project), "--out", str(outs["2"]), "--shard", "2/2", *common],
        },
        repeat,
    )
    merged = work / "shard-merged"
    subprocess.run(
        [*ladders.after, "merge", str(outs["1"]), str(outs["2"]), "--out", str(merged)], check=True, capture_output=True
    )
    # The download pages are made again after the merge, listing every shard's PDFs (docs/sharding.md).
    finish = [*ladders.after, "build", str(project), "--out", str(merged), *common]
    subprocess.run([part for part in finish if part != "--force"], check=True, capture_output=True)
    identical = _files(merged) == _files(outs["full"])
    slowest = "1" if stats["1"].cpu >= stats["2"].cpu else "2"
    split = ratio_row(
        "slowest of 2 shards / one full build (2 tracks, PDFs included)", stats, slowest, "full", "≤ 0.60×", 0.6
    )
    together = (stats["1"].cpu + stats["2"].cpu) / stats["full"].cpu
    split.note = (
        f"the two shards together cost {together:.2f}× one full build: each also pays what every build pays"
        " (start-up, reading and checking the whole project)"
    )
    return [
        split,
        Row(
            "merged shards (then the download pages rebuilt) == one full build",
            "byte-identical" if identical else "DIFFERENT",
            None,
            "identical",
            None,
            note="" if identical else "merge differs from the full build",
        ),
    ]


def _files(directory: Path) -> dict[str, bytes]:
    return {str(p.relative_to(directory)): p.read_bytes() for p in sorted(directory.rglob("*")) if p.is_file()}


def table(rows: list[Row], header: str, with_before: bool) -> str:
    lines = [header, ""]
    if with_before:
        lines += ["| Measure | Value | Ratio | Before | Target | Verdict | Note |", "|---|---|---|---|---|---|---|"]
    else:
        lines += ["| Measure | Value | Ratio | Target | Verdict | Note |", "|---|---|---|---|---|---|"]
    for r in rows:
        ratio = f"{r.ratio:.2f}×" if r.ratio is not None else "—"
        before = [f"{r.before:.2f}×" if r.before is not None else "—"] if with_before else []
        cells = [r.measure, r.value, ratio, *before, r.target, r.verdict, r.note]
        lines.append("| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |")
    return "\n".join(lines) + "\n"


def _described(revision: str | None) -> str:
    """The commit measured, as `git describe` would name it."""
    name = subprocess.run(
        ["git", "log", "-1", "--format=%h %s", revision or "HEAD"], cwd=REPO, capture_output=True, text=True
    ).stdout.strip()
    dirty = "" if revision else subprocess.run(["git", "status", "--porcelain"], cwd=REPO, capture_output=True).stdout
    return f"commit {name[:60]}{'…' if len(name) > 60 else ''}" + (", with uncommitted changes" if dirty else "")


def machine() -> str:
    cores = os.cpu_count() or 1
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return f"{cores} cores, {memory:.0f} GiB, Python {platform.python_version()}, {platform.machine()}"


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.1f} / {five:.1f} / {fifteen:.1f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--sizes", default="1,10,40,80", help="generated project sizes, in tracks")
    parser.add_argument("--levels", type=int, default=8)
    parser.add_argument("--competencies", type=int, default=15)
    parser.add_argument("--pdf-levels", type=int, default=4, help="levels of the tracks printed as PDF")
    parser.add_argument("--pdf-competencies", type=int, default=6)
    parser.add_argument("--before", metavar="REV", help="also measure this git revision's ladder, alternating")
    parser.add_argument("--quick", action="store_true", help="small projects, one repeat; writes no results")
    parser.add_argument("--revision", help="measure this git revision (from a copy) instead of the installed ladder")
    parser.add_argument("--out", type=Path, default=HERE / "results.md")
    args = parser.parse_args()
    if args.quick:
        args.repeat, args.sizes, args.levels, args.competencies = 1, "1,4", 3, 4
        args.pdf_levels, args.pdf_competencies = 2, 4
    sizes = [int(n) for n in args.sizes.split(",")]
    started, load_at_start = datetime.now(UTC), load()
    work = Path(tempfile.mkdtemp(prefix="ladder-bench-"))
    try:
        os.environ.pop("PYTHONDONTWRITEBYTECODE", None)  # see Ladders.warm_up
        ladders = Ladders(work, args.before, args.revision)
        ladders.warm_up(work)
        rows = startup_rows(ladders, args.repeat)
        rows += size_rows(ladders, work, sizes, args.repeat, args.levels, args.competencies)
        rows += pdf_rows(ladders.alone(), work, args.repeat, args.pdf_levels, args.pdf_competencies, max(sizes))
        rows += shard_rows(ladders.alone(), work, args.repeat)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    minutes = (datetime.now(UTC) - started).total_seconds() / 60
    header = (
        f"Measured {started:%Y-%m-%d %H:%M} UTC by `python benchmarks/run.py"
        f"{' --revision ' + args.revision if args.revision else ''}"
        f"{' --before ' + args.before if args.before else ''}` ({_described(args.revision)}) "
        f"in {minutes:.0f} min on {machine()}; "
        f"load average (1/5/15 min) {load_at_start} at the start and {load()} at the end. Generated "
        f"projects of {args.sizes} tracks × {args.levels} levels × {args.competencies} competencies; PDF "
        f"tracks {args.pdf_levels} levels × {args.pdf_competencies} competencies; medians of {args.repeat} "
        "alternating runs (start-up: of at least 21), bytecode caches warm. Time is CPU time unless it says wall."
        + (
            f" Before: the same commands from `{args.before}` (start-up and the {{10, {max(sizes)}}}-track rows), "
            "ratio against the same base."
            if args.before
            else ""
        )
    )
    text = table(rows, header, bool(args.before))
    print(text)
    if not args.quick:
        args.out.write_text(text)
        args.out.with_suffix(".json").write_text(
            json.dumps(
                {"header": header, "rows": [r.__dict__ | {"verdict": r.verdict} for r in rows]}, indent=2, default=str
            )
            + "\n"
        )
        print(f"recorded {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
