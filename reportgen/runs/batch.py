"""Many year files at once: :func:`build_many` and :func:`check_many`.

Inputs are files, directories (every ``*.toml`` in them and in the folders below, template
folders left out) and glob patterns (``depts/**/*.toml``). What a directory or a pattern finds
that is not a year file (no ``format``, given or inherited) nor a shared file is left out. A
file that another file of the batch ``extends`` is a shared-defaults file, not a department's
report, and is skipped. Everything that can be known before building is checked first: two
files that would write the same report into the same directory are refused before anything is
written.

Files are built in worker processes (``jobs``; one builds in this process), each file on its
own: a broken file is a failed result, never the end of the batch. Results come back one per
file as each finishes, and nothing of a file is kept once its result has been handed on, so
memory stays flat however long the batch. For PDF and page images, a worker renders a chunk of
files and converts all their .docx with one LibreOffice process, which costs far more to start
than a report costs to convert.
"""

from __future__ import annotations

import contextlib
import importlib
import math
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from reportgen.messages.describe import of_error
from reportgen.messages.findings import Location
from reportgen.runs import single as pipeline
from reportgen.runs.building import Workshop, build_reports
from reportgen.runs.planning import FileResult, expand, plan, refuse_collisions
from reportgen.runs.single import CONVERTED, OUTPUTS, Checked

if TYPE_CHECKING:
    from concurrent.futures import Future
    from multiprocessing.context import BaseContext

PDF_CHUNK = 20  # files per LibreOffice call: one start-up shared, a failure costs few files
IN_FLIGHT = 4  # tasks queued per worker: enough to keep it busy, few enough to stay small
JOBS_PER_CORE = 2  # workers at most per core

# What each worker process (this one, with one job) keeps for the batch: the Jinja
# environments (templates loaded and compiled once, not once per report) and a resident
# LibreOffice, started for its first conversion (a start costs seconds, a report's conversion a
# fraction of one).
_WORKSHOP = Workshop(resident=True)


@dataclass(frozen=True)
class Options:
    output_dir: Path | None = None
    outputs: tuple[str, ...] = OUTPUTS
    strict: bool = False
    templates: tuple[Path, ...] = ()


@dataclass
class Batch:
    """A planned batch. ``files`` will be processed, ``shared`` were skipped as shared-defaults
    files, ``missing`` are inputs that named no file. Iterating runs it: one
    :class:`FileResult` per file (first one per missing input), as each finishes."""

    files: list[Path]
    shared: list[Path]
    missing: list[FileResult]
    options: Options
    work: Callable[[tuple[Path, ...], Options], list[FileResult]]
    jobs: int = 1
    fail_fast: bool = False
    chunk: int = 1
    not_run: int = field(default=0, init=False)  # files left undone after --fail-fast stopped
    asked: int | None = field(default=None, init=False)  # the jobs asked for, before the cap
    # Files the workers finished after the batch was stopped (Ctrl-C): done, never reported.
    late: list[FileResult] = field(default_factory=list, init=False)

    def __len__(self) -> int:
        return len(self.files) + len(self.missing)

    def __iter__(self) -> Iterator[FileResult]:
        from reportgen.writers import output

        _WORKSHOP.environments.clear()  # a batch reads the templates as they are when it starts
        output.forget_sweeps()  # and sweeps each output folder once (workers inherit this)
        written: set[Path] = set()
        results = self._results()
        try:
            for result in results:
                written.update(path.parent for path in result.written)
                yield result
        finally:
            results.close()  # a stopped batch stops its workers now, not when collected
            written.update(path.parent for result in self.late for path in result.written)
            output.sync_batch(written)  # the files and renames made durable once

    def _results(self) -> Iterator[FileResult]:
        yield from self.missing
        if self.fail_fast and self.missing:
            self.not_run = len(self.files)
            return
        chunks = [
            tuple(self.files[start : start + self.chunk])
            for start in range(0, len(self.files), self.chunk)
        ]
        if self.jobs <= 1 or len(chunks) <= 1:
            yield from self._here(chunks)
        else:
            yield from self._in_workers(chunks)

    def _here(self, chunks: list[tuple[Path, ...]]) -> Iterator[FileResult]:
        try:
            for index, chunk in enumerate(chunks):
                results = self.work(chunk, self.options)
                yield from results
                if self.fail_fast and any(result.failed for result in results):
                    self.not_run = sum(map(len, chunks[index + 1 :]))
                    return
        finally:
            _WORKSHOP.close()

    def _in_workers(self, chunks: list[tuple[Path, ...]]) -> Iterator[FileResult]:
        # Imported here: `reportgen check` of one file, which imports this module to tell a
        # file from a pattern, does not pay for them.
        from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait

        _preload(self.options)  # forked workers inherit the imported modules
        queue = iter(chunks)
        pending: dict[Future[list[FileResult]], tuple[Path, ...]] = {}
        stopped = False
        with ProcessPoolExecutor(
            self.jobs, mp_context=_context(), initializer=_worker, initargs=(os.getpid(),)
        ) as pool:
            try:
                while True:
                    while not stopped and len(pending) < self.jobs * IN_FLIGHT:
                        chunk = next(queue, None)
                        if chunk is None:
                            break
                        pending[pool.submit(self.work, chunk, self.options)] = chunk
                    if not pending:
                        break
                    done, _ = wait(pending, return_when=FIRST_COMPLETED)
                    for future in done:
                        results = _results(future, pending.pop(future))
                        yield from results
                        if self.fail_fast and any(result.failed for result in results):
                            stopped = True
                    if stopped:
                        for future, chunk in list(pending.items()):
                            if future.cancel():
                                self.not_run += len(chunk)
                                del pending[future]
                self.not_run += sum(map(len, queue))
            except BaseException:  # Ctrl-C or an abandoned iteration: queued work is dropped
                pool.shutdown(wait=True, cancel_futures=True)
                for future in pending:  # what the workers were doing is finished, not undone
                    if future.done() and not future.cancelled() and future.exception() is None:
                        self.late.extend(future.result())
                raise


def build_many(
    inputs: Iterable[str | Path],
    output_dir: str | Path | None = None,
    to: Iterable[str] = OUTPUTS,
    *,
    strict: bool = False,
    templates: Iterable[str | Path] = (),
    jobs: int | None = None,
    fail_fast: bool = False,
) -> Batch:
    """Plan the build of many year files; iterate the returned :class:`Batch` to build them.

    Raises InputError, before anything is written, when two files would write the same report
    (same agency and year into the same directory). Each file's own problems are in its result.
    """
    outputs = tuple(to)
    options = Options(
        Path(output_dir) if output_dir is not None else None,
        outputs,
        strict,
        tuple(Path(directory) for directory in templates),
    )
    files, shared, missing, looks = plan(inputs)
    refuse_collisions(files, looks, options.output_dir)
    workers = worker_count(jobs, len(files))
    converting = any(output in CONVERTED for output in outputs)
    chunk = min(PDF_CHUNK, math.ceil(len(files) / workers)) if converting and files else 1
    batch = Batch(files, shared, missing, options, _build_chunk, workers, fail_fast, chunk)
    batch.asked = jobs
    return batch


def check_many(
    inputs: Iterable[str | Path],
    *,
    strict: bool = False,
    templates: Iterable[str | Path] = (),
    jobs: int | None = None,
    fail_fast: bool = False,
) -> Batch:
    """Plan the check of many year files; iterate the returned :class:`Batch` to check them."""
    options = Options(None, (), strict, tuple(Path(directory) for directory in templates))
    files, shared, missing = expand(inputs)
    workers = worker_count(jobs, len(files))
    batch = Batch(files, shared, missing, options, _check_chunk, workers, fail_fast)
    batch.asked = jobs
    return batch


def worker_count(asked: int | None, files: int) -> int:
    """The worker processes for ``files`` files: as asked (default: the cores), but never more
    than the files nor than JOBS_PER_CORE per core (more only thrash the machine; --jobs 10000
    would start thousands of processes). ValueError for fewer than 1."""
    if asked is not None and asked < 1:
        raise ValueError(f"jobs must be 1 or more, not {asked}")
    cores = cpu_count()
    return max(1, min(asked or cores, files, JOBS_PER_CORE * cores))


def cpu_count() -> int:
    """The cores this process may use (fewer than the machine's under a CPU affinity mask)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0)) or 1
    return os.cpu_count() or 1


def _results(future: Future[list[FileResult]], chunk: tuple[Path, ...]) -> list[FileResult]:
    """A worker's results; a worker that died (killed, out of memory) fails its files."""
    try:
        return future.result()
    except Exception as error:
        return [_failed(path, error) for path in chunk]


def _context() -> BaseContext | None:
    """fork on Linux: workers start at once with everything imported. Elsewhere the
    platform's default (fork is unsafe on macOS, absent on Windows)."""
    import multiprocessing

    return multiprocessing.get_context("fork") if sys.platform.startswith("linux") else None


def _worker(parent: int) -> None:
    """How a worker starts. Ctrl-C is the parent's to handle: it stops giving out work, and
    each worker ends after the file it is writing, so no report is left half-written. A worker
    ends when the parent dies, however it died (kill -9 included): Linux is asked to kill it
    then (PR_SET_PDEATHSIG), and a watchdog thread checks that the parent is still there, for
    other systems and for a parent that died before the request was made."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if sys.platform.startswith("linux"):
        import ctypes

        with contextlib.suppress(OSError, AttributeError):
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:
        os._exit(EXIT_ORPHANED)
    threading.Thread(target=_watch, args=(parent,), name="parent-watchdog", daemon=True).start()


PR_SET_PDEATHSIG = 1  # linux/prctl.h
EXIT_ORPHANED = 130  # a worker whose batch was killed ends as an interrupted command does


def _watch(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(EXIT_ORPHANED)


def _preload(options: Options) -> None:
    """Import in the parent what each worker needs: forked workers start with it."""
    names = ["reportgen.render.templating", "reportgen.writers.html"] if options.outputs else []
    if any(output != "html" for output in options.outputs):
        names.append("reportgen.writers.docx")
    for name in names:
        importlib.import_module(name)


def _check_chunk(paths: tuple[Path, ...], options: Options) -> list[FileResult]:
    results = []
    for path in paths:
        try:
            checked = pipeline.check(path, templates=options.templates)
        except Exception as error:
            results.append(_failed(path, error))
            continue
        found = tuple(checked.findings)
        results.append(FileResult(path, (), found, checked.failed(options.strict)))
    return results


def _build_chunk(paths: tuple[Path, ...], options: Options) -> list[FileResult]:
    results: dict[Path, FileResult] = {}
    ready: list[tuple[Path, Checked]] = []
    for path in paths:
        try:
            checked = pipeline.check(path, templates=options.templates)
        except Exception as error:
            results[path] = _failed(path, error)
            continue
        if checked.failed(options.strict):
            results[path] = FileResult(path, (), tuple(checked.findings), True)
        else:
            ready.append((path, checked))
    reports = [
        (checked, options.output_dir if options.output_dir is not None else path.parent)
        for path, checked in ready
    ]
    built = build_reports(reports, options.outputs, _WORKSHOP, sync=False)
    for (path, checked), result in zip(ready, built, strict=True):
        if isinstance(result, Exception):
            results[path] = _failed(path, result)
        else:
            results[path] = FileResult(path, tuple(result), tuple(checked.findings))
    return [results[path] for path in paths]


def _failed(path: Path, error: BaseException) -> FileResult:
    return FileResult(path, (), tuple(of_error(error, Location(str(path)))), True)
