"""Run independent tasks in parallel: a process pool on this machine, or a Dask cluster.

Where tasks run is one value, :class:`Executor` (the kind, the number of workers, a Dask
scheduler), which sweeps (many samples of one scenario) and layouts (one park at a time) take
alike. Its :meth:`Executor.map` yields each task's result as it finishes, in any order: callers
sort what they collect, so the outcome never depends on which worker finished first.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from typing import Any, TypeVar

from landplan.errors import InputError, LandplanError

T = TypeVar("T")
EXECUTORS = ("local", "dask")


@dataclass(frozen=True)
class Executor:
    """Where independent tasks run: ``kind`` ``local`` (a pool of ``workers`` processes on this
    machine; one worker runs them here, in order) or ``dask`` (the cluster at ``scheduler``, or a
    LocalCluster of ``workers`` single-threaded processes). Results never depend on it."""

    kind: str = "local"
    workers: int = 2
    scheduler: str | None = None

    def __post_init__(self) -> None:
        if self.kind not in EXECUTORS:
            raise InputError(
                "--executor", f"unknown executor '{self.kind}' ({' or '.join(EXECUTORS)})"
            )
        if self.workers < 1:
            raise InputError("--workers", f"at least one worker (got {self.workers})")
        if self.scheduler is not None and self.kind != "dask":
            raise InputError("--scheduler", "a scheduler address needs --executor dask")

    def map(self, function: Callable[..., T], tasks: Sequence[tuple[Any, ...]]) -> Iterator[T]:
        """``function(*task)`` for each task, yielded as each finishes."""
        if self.kind == "dask":
            return _map_dask(function, tasks, self.workers, self.scheduler)
        if self.workers <= 1:
            return (function(*task) for task in tasks)
        return _map_local(function, tasks, self.workers)


def _map_local(
    function: Callable[..., T], tasks: Sequence[tuple[Any, ...]], workers: int
) -> Iterator[T]:
    """A pool of spawned processes, not forked ones: a forked child of a process that has
    already run HiGHS can hang for good."""
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        futures = [pool.submit(function, *task) for task in tasks]
        try:
            for future in as_completed(futures):
                yield future.result()
        finally:
            for future in futures:
                future.cancel()


def _map_dask(
    function: Callable[..., T],
    tasks: Sequence[tuple[Any, ...]],
    workers: int,
    scheduler: str | None,
) -> Iterator[T]:
    try:
        from dask.distributed import Client, LocalCluster
        from dask.distributed import as_completed as dask_completed
    except ImportError:
        raise LandplanError(
            "the dask executor needs dask.distributed: pip install 'landplan[dask]'"
        ) from None

    cluster = None
    if scheduler is None:
        cluster = LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None
        )
    client = Client(scheduler or cluster)
    try:
        futures = [client.submit(function, *task, pure=False) for task in tasks]
        try:
            for future in dask_completed(futures):
                yield future.result()
        finally:
            client.cancel(futures)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
