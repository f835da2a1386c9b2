"""build/project.py, the core of `ladder build`, driven without the command line: what it returns,
what it says through its notices, and what stops it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from ladder_compiler.build.plan import UnknownTrack
from ladder_compiler.build.project import BuildStopped, build_project
from ladder_compiler.build.run import BuildReport, BuildRequest
from ladder_compiler.model import Framework
from ladder_compiler.pipeline import read_framework
from ladder_compiler.problems import Problem


class Recorded:
    """Notices that remember what the build said."""

    def __init__(self) -> None:
        self.said: list[tuple[object, ...]] = []

    def waiting(self) -> None:
        self.said.append(("waiting",))

    def problems(self, problems: list[Problem]) -> None:
        self.said.append(("problems", [problem.rule for problem in problems]))

    def warning(self, message: str) -> None:
        self.said.append(("warning", message))

    def draft(self, reasons: list[Problem]) -> None:
        self.said.append(("draft", len(reasons)))

    @contextmanager
    def rendering(self, pdfs: int) -> Iterator[Callable[[str], None]]:
        self.said.append(("rendering", pdfs))
        yield lambda path: self.said.append(("rendered", path))


def read(path: Path) -> Framework:
    compiled = read_framework(path)
    assert compiled.framework is not None, compiled.problems
    return compiled.framework


def unread(path: Path) -> Framework:
    raise AssertionError(f"{path} was parsed")


def test_a_build_then_a_no_op_that_reads_no_ladder(mini: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    request = BuildRequest(mini, out, ("md", "json"), (), jobs=1)
    notices = Recorded()
    built = build_project(request, read, notices)
    written = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file() and p.name != "manifest.json")
    assert built.report == BuildReport(written=written, unchanged=[], removed=[])
    assert (built.unchanged_drafts, built.changes) == (False, {})
    # mini does not pass the publish gate (no document control): a draft, said once, before rendering
    assert [what for what, *_ in notices.said] == ["draft", "rendering"]
    assert notices.said[1] == ("rendering", 0)

    again = Recorded()
    unchanged = build_project(request, unread, again)
    assert unchanged.report == BuildReport(written=[], unchanged=written, removed=[])
    assert (unchanged.unchanged_drafts, again.said) == (True, [])


def test_an_unknown_profile_stops_before_anything_is_written(mini: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    with pytest.raises(BuildStopped) as stopped:
        build_project(BuildRequest(mini, out, ("md", "hris:no-such-profile"), ()), read, Recorded())
    assert stopped.value.usage is True
    assert not out.exists()


def test_an_unknown_track_is_named_with_the_nearest_one(mini: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    with pytest.raises(UnknownTrack, match=r"^unknown track 'managr'; did you mean 'manager'\?$"):
        build_project(BuildRequest(mini, out, ("md",), ("managr",)), read, Recorded())
    assert not out.exists()
