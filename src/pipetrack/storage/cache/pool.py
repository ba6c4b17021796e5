"""The cold path: parsing many files, over a process per core when there are many.

The parse of one file is given by the caller (``parse``), so this module knows
nothing of YAML or the store; the workers are forked and inherit it.
"""

from __future__ import annotations

import contextlib
import gc
import os
import pickle
import sys
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from typing import Any

from pipetrack.domain.errors import Problem
from pipetrack.storage.cache import codec

#: From this many files to parse, use a process per core (measured: 1.7x on 2
#: cores for 4,000 files; below ~1,000 the pool's start-up eats the gain).
POOL_MIN = 1000
#: From this many files to parse (about a second of work), show progress.
PROGRESS_MIN = 1000

#: One file to parse: (kind, path, display path, id).
Job = tuple[str, str, str, str]
#: A parsed file: (record or None, problems, sha256 of the bytes read or None).
Parsed = tuple[Any, list[Problem], bytes | None]
Parse = Callable[[Job], Parsed]
Advance = Callable[[int], None]
#: ``progress(total)``: a context manager yielding ``advance(n)`` (the CLI's bar on a terminal).
Progress = Callable[[int], AbstractContextManager[Advance]]


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while building many objects.

    Loading a folder allocates hundreds of thousands of objects and no cycles;
    the collector's repeated passes over them cost ~20% of a cold load.
    Objects are still freed when no longer referenced.
    """
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


@contextlib.contextmanager
def _no_bar(total: int) -> Iterator[Advance | None]:
    yield None


def parse_many(parse: Parse, jobs: list[Job], progress: Progress | None = None) -> list[Parsed]:
    """``parse`` each job, in order, with ``progress`` shown from PROGRESS_MIN jobs.

    Many files are split over a process per core (fork only: a spawned
    interpreter would re-import everything); any failure of the pool falls
    back to parsing here.
    """
    if not jobs:
        return []
    bar = progress if progress is not None and len(jobs) >= PROGRESS_MIN else _no_bar
    with bar(len(jobs)) as advance:
        workers = min(os.cpu_count() or 1, 8)
        if len(jobs) >= POOL_MIN and workers > 1 and sys.platform == "linux":
            try:
                return _parse_in_pool(parse, jobs, workers, advance)
            except Exception:
                pass
        out = []
        for i, job in enumerate(jobs):
            out.append(parse(job))
            if advance is not None and i % 100 == 99:
                advance(100)
        return out


_pool_parse: Parse | None = None


def _parse_chunk(jobs: list[Job]) -> bytes:
    gc.disable()
    assert _pool_parse is not None
    return codec.dump_one([_pool_parse(job) for job in jobs])


def _parse_in_pool(parse: Parse, jobs: list[Job], workers: int, advance: Advance | None) -> list[Parsed]:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    global _pool_parse
    _pool_parse = parse  # inherited by the forked workers
    size = max(50, min(500, len(jobs) // (workers * 4)))
    chunks = [jobs[i : i + size] for i in range(0, len(jobs), size)]
    out: list[Parsed] = []
    try:
        with ProcessPoolExecutor(
            workers,
            mp_context=multiprocessing.get_context("fork"),
            initializer=_die_with_parent,
            initargs=(os.getpid(),),
        ) as pool:
            for chunk, data in zip(chunks, pool.map(_parse_chunk, chunks), strict=True):
                out.extend(pickle.loads(data))
                if advance is not None:
                    advance(len(chunk))
    finally:
        _pool_parse = None
    return out


def _die_with_parent(parent: int) -> None:
    """In a pool worker: be killed when the parent dies (a killed cold load left
    its workers running). Linux: PR_SET_PDEATHSIG; elsewhere a thread watches
    the parent's pid."""
    import signal
    import threading

    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        if libc.prctl(1, signal.SIGKILL, 0, 0, 0) == 0:  # PR_SET_PDEATHSIG = 1
            if os.getppid() != parent:  # the parent died before the prctl
                os._exit(1)
            return
    except (OSError, AttributeError):
        pass

    def watch() -> None:
        import time

        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, daemon=True).start()
