"""Run a function over chunks of work: in this process, on local processes, or on a Dask cluster.

Every stage that works article by article (cleaning, placing articles in
fitted themes) hands its work over in *chunks* of a fixed size and gets the
results back *in input order*, whoever ran them. The chunking never depends
on the number of workers, and each chunk is computed the same way wherever
it runs (the command line pins BLAS to one thread, :mod:`nlptools._threads`,
and worker processes inherit that), so the results are byte-identical with
``jobs=1``, ``jobs=4`` or a cluster.

At most ``2 x workers`` chunks are in flight at a time, so a million
articles stream through at the memory of a few chunks.

>>> with executor(jobs=1) as run:
...     list(run(len, iter([[1, 2], [3]])))
[2, 1]

Dask (``scheduler="local"`` for a :class:`distributed.LocalCluster` of
``jobs`` worker processes, or the address of a running scheduler,
``tcp://host:8786``) needs the ``dask`` extra (``pip install
'nlptools[dask]'``).
"""

from __future__ import annotations

import contextlib
import logging
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import Any, TypeVar

from .errors import ParameterError

logger = logging.getLogger(__name__)

__all__ = ["executor", "check_jobs", "MAX_JOBS", "Runner"]

T = TypeVar("T")
R = TypeVar("R")

#: The most worker processes accepted (a larger count is a typo on any machine this runs on).
MAX_JOBS = 256

#: ``run(function, chunks, *extra) -> results in order``: what :func:`executor` yields.
Runner = Callable[..., Iterator[Any]]


def check_jobs(jobs: Any, *, what: str = "jobs") -> int:
    """``jobs`` as a whole number of workers from 1 to :data:`MAX_JOBS`; ``-1`` means every core.

    Raises
    ------
    ParameterError
        Naming ``what`` and the accepted range.
    """
    if isinstance(jobs, bool) or not isinstance(jobs, int):
        raise ParameterError(
            f"{what}: must be a whole number of workers (1..{MAX_JOBS}, or -1 for every core), got {jobs!r}"
        )
    if jobs == -1:
        return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1))
    if not 1 <= jobs <= MAX_JOBS:
        raise ParameterError(
            f"{what}: must be a whole number of workers (1..{MAX_JOBS}, or -1 for every core), got {jobs}"
        )
    return jobs


def _serial(function: Callable[..., R], chunks: Iterable[Any], *extra: Any) -> Iterator[R]:
    for chunk in chunks:
        yield function(chunk, *extra)


def _bounded(
    submit: Callable[[Any], Any], result: Callable[[Any], R], chunks: Iterable[Any], depth: int
) -> Iterator[R]:
    """Submit chunks with at most ``depth`` pending, and yield their results in input order."""
    pending: deque[Any] = deque()
    for chunk in chunks:
        pending.append(submit(chunk))
        if len(pending) >= depth:
            yield result(pending.popleft())
    while pending:
        yield result(pending.popleft())


#: A worker process's shared arguments, by the file they came in (read once per worker and run).
_SHARED: dict[str, tuple[Any, ...]] = {}


def _with_shared(function: Callable[..., R], chunk: Any, path: str) -> R:
    """``function(chunk, *extra)`` in a worker, ``extra`` read from ``path`` the first time only."""
    import pickle

    if path not in _SHARED:
        _SHARED.clear()  # one run's arguments at a time
        # written by the parent a moment ago in its private (0700) temporary folder: the same trust as the
        # pipe the process pool unpickles every chunk from; never a file a user gives (models are JSON + arrays)
        with open(path, "rb") as f:
            _SHARED[path] = pickle.load(f)
    return function(chunk, *_SHARED[path])


@contextlib.contextmanager
def _processes(jobs: int) -> Iterator[Runner]:
    import multiprocessing
    import pickle
    import tempfile
    from concurrent.futures import ProcessPoolExecutor

    # "spawn": a fresh interpreter per worker, no inherited locks or BLAS thread pools (fork with
    # threads can deadlock); the workers inherit the pinned thread environment of the command line
    with (
        tempfile.TemporaryDirectory(prefix="nlptools-") as tmp,
        ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("spawn")) as pool,
    ):
        runs = iter(range(1 << 62))

        def run(function: Callable[..., R], chunks: Iterable[Any], *extra: Any) -> Iterator[R]:
            if not extra:
                return _bounded(lambda c: pool.submit(function, c), lambda f: f.result(), chunks, 2 * jobs)
            # large shared arguments (a fitted model) go to a file each worker reads once, not with every chunk
            path = os.path.join(tmp, f"shared-{next(runs)}.pickle")
            with open(path, "wb") as f:
                pickle.dump(extra, f, protocol=pickle.HIGHEST_PROTOCOL)
            return _bounded(
                lambda c: pool.submit(_with_shared, function, c, path), lambda f: f.result(), chunks, 2 * jobs
            )

        yield run


@contextlib.contextmanager
def _dask(jobs: int, scheduler: str) -> Iterator[Runner]:
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise ParameterError(
            "scheduler: Dask is not installed; install the extra: pip install 'nlptools[dask]'"
        ) from None
    with contextlib.ExitStack() as stack:
        if scheduler == "local":
            cluster = stack.enter_context(
                LocalCluster(n_workers=jobs, threads_per_worker=1, processes=True, dashboard_address=None)
            )
            client = stack.enter_context(Client(cluster))
            workers = jobs
        else:
            try:
                client = stack.enter_context(Client(scheduler, timeout="20s"))
            except (OSError, TimeoutError, ValueError) as exc:
                raise ParameterError(f"scheduler: cannot reach the Dask scheduler at {scheduler!r} ({exc})") from None
            workers = max(1, len(client.scheduler_info().get("workers", {})))
        logger.info("dask: %d worker(s) at %s", workers, client.scheduler.address)
        shared: dict[int, Any] = {}

        def run(function: Callable[..., R], chunks: Iterable[Any], *extra: Any) -> Iterator[R]:
            # large shared arguments (a fitted model) go to every worker once, not with every chunk
            futures = []
            for value in extra:
                if id(value) not in shared:
                    shared[id(value)] = client.scatter(value, broadcast=True)
                futures.append(shared[id(value)])
            return _bounded(
                lambda c: client.submit(function, c, *futures, pure=False), lambda f: f.result(), chunks, 2 * workers
            )

        yield run


@contextlib.contextmanager
def executor(jobs: int = 1, scheduler: str | None = None) -> Iterator[Runner]:
    """A runner for ``run(function, chunks, *extra)``: ``function(chunk, *extra)`` for every chunk, results in order.

    Parameters
    ----------
    jobs : int, default=1
        Worker processes (``-1``: every core). With 1 and no scheduler, the
        chunks run here, one after the other.
    scheduler : str, optional
        ``"local"``: a Dask ``LocalCluster`` of ``jobs`` worker processes;
        an address (``tcp://10.0.0.5:8786``): a running Dask scheduler,
        whose workers must have nlptools installed.

    Yields
    ------
    callable
        ``run(function, chunks, *extra)``, an iterator of the results in the
        order of ``chunks``. ``function`` must be a module-level function
        (it is pickled for the workers).
    """
    n = check_jobs(jobs)
    if scheduler is not None:
        if not isinstance(scheduler, str) or not scheduler.strip():
            raise ParameterError(f"scheduler: must be 'local' or a Dask scheduler address, got {scheduler!r}")
        with _dask(n, scheduler.strip()) as run:
            yield run
    elif n == 1:
        yield _serial
    else:
        with _processes(n) as run:
            yield run


def chunked(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """Consecutive lists of ``size`` items (the last may be shorter)."""
    chunk: list[T] = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk
