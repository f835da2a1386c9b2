"""Render the planned jobs into the staging: light formats in this process, PDFs in a process pool.

A failure names the output and its track, and stops the build before anything is renamed into place.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterator
from functools import partial
from typing import TYPE_CHECKING, Any, TypeVar

from ..problems import Problem, ProblemsFound
from ..render import Planned, RenderOptions, StreamingRenderer, get_heavy_renderer, get_renderer
from ..write import Staging
from .plan import Job, model_of, renderer_for

if TYPE_CHECKING:
    from concurrent.futures import Future

    from ..model import Framework

T = TypeVar("T")


class RenderFailed(Exception):
    """A renderer failed; the message names the output, its track and the reason (picklable), and
    `problems` locates the failure in the user's input when it is there (an HRIS profile's column)."""

    def __init__(self, message: str, problems: tuple[Problem, ...] = ()) -> None:
        super().__init__(message, problems)
        self.message, self.problems = message, problems

    def __str__(self) -> str:
        return self.message


def render_light(jobs: list[Job], framework: Framework, options: RenderOptions, staged: Staging) -> None:
    for job in jobs:
        renderer, model = renderer_for(job.renderer, options), model_of(framework, job)
        content: bytes | Iterator[bytes]
        if isinstance(renderer, StreamingRenderer):  # written piece by piece: never held whole
            content = _streamed(job.planned, renderer.render_chunks(model, job.planned, options))
        else:
            content = _failing_as(job.planned, partial(renderer.render, model, job.planned, options))
        staged.add(job.planned.path, content)


def render_heavy(
    jobs: list[Job],
    framework: Framework,
    options: RenderOptions,
    workers: int,
    progress: Callable[[str], None],
    staged: Staging,
) -> None:
    if workers <= 1 or len(jobs) <= 1:
        for job in jobs:
            staged.add(job.planned.path, _render_one(job.renderer, model_of(framework, job), job.planned, options))
            progress(job.planned.path)
        return
    _render_in_pool(jobs, framework, options, min(workers, len(jobs)), progress, staged)


def _render_in_pool(
    jobs: list[Job],
    framework: Framework,
    options: RenderOptions,
    workers: int,
    progress: Callable[[str], None],
    staged: Staging,
) -> None:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    from ..render.pdf_engine import finish
    from ..workers import end_with_parent

    # Spawned, not forked: a forked worker would carry a copy of the whole model, so the PDF
    # stage's memory would grow with the project.
    pool = ProcessPoolExecutor(workers, multiprocessing.get_context("spawn"), initializer=end_with_parent)
    try:
        pending: deque[tuple[Planned, Future[bytes]]] = deque()
        for job in jobs:  # workers start on the first PDF while the next one is prepared
            if len(pending) >= 2 * workers:  # a few prepared documents in flight, not every one
                _collect(*pending.popleft(), staged, progress)
            prepared = _prepare_one(job.renderer, model_of(framework, job), job.planned, options)
            # The workers import the PDF engine only (render/pdf_engine.py), not the compiler.
            pending.append((job.planned, pool.submit(finish, prepared)))
        while pending:
            _collect(*pending.popleft(), staged, progress)
    except BaseException:
        pool.shutdown(wait=False, cancel_futures=True)  # a failure or Ctrl-C: do not wait for the rest
        raise
    pool.shutdown(wait=True)


def _collect(planned: Planned, future: Future[bytes], staged: Staging, progress: Callable[[str], None]) -> None:
    staged.add(planned.path, _failing_as(planned, future.result))
    progress(planned.path)


def _prepare_one(renderer_name: str, framework: Framework, planned: Planned, options: RenderOptions) -> tuple[Any, ...]:
    return _failing_as(planned, lambda: get_heavy_renderer(renderer_name).prepare(framework, planned, options))


def _render_one(renderer_name: str, framework: Framework, planned: Planned, options: RenderOptions) -> bytes:
    return _failing_as(planned, lambda: get_renderer(renderer_name).render(framework, planned, options))


def _failing_as(planned: Planned, work: Callable[[], T]) -> T:
    try:
        return work()
    except Exception as error:  # a renderer bug or a broken user template: name the output and why
        raise _failure(planned, error) from error


def _streamed(planned: Planned, pieces: Iterator[bytes]) -> Iterator[bytes]:
    try:
        yield from pieces
    except Exception as error:
        raise _failure(planned, error) from error


def _failure(planned: Planned, error: Exception) -> RenderFailed:
    track = f" (track `{planned.track_id}`)" if planned.track_id else ""
    if isinstance(error, ProblemsFound):  # the user's input, located: the problems say the rest
        return RenderFailed(f"cannot render {planned.path}{track} (problems above)", tuple(error.problems))
    return RenderFailed(f"cannot render {planned.path}{track}: {type(error).__name__}: {error}")
