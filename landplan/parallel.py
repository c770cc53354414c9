"""Run independent tasks in parallel: a process pool on this machine, or a Dask cluster.

Both executors take a function and a list of argument tuples and yield each task's result as it
finishes (in any order: callers sort what they collect, so the outcome never depends on which
worker finished first). Sweeps (many samples of one scenario) and layouts (one park at a time)
share them.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from typing import Any, TypeVar

from landplan.errors import LandplanError

T = TypeVar("T")
EXECUTORS = ("local", "dask")


def map_local(
    function: Callable[..., T], tasks: Sequence[tuple[Any, ...]], workers: int = 1
) -> Iterator[T]:
    """``function(*task)`` for each task in a pool of ``workers`` processes on this machine.
    Processes are spawned, not forked: a forked child of a process that has already run HiGHS
    can hang for good."""
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        futures = [pool.submit(function, *task) for task in tasks]
        try:
            for future in as_completed(futures):
                yield future.result()
        finally:
            for future in futures:
                future.cancel()


def map_dask(
    function: Callable[..., T],
    tasks: Sequence[tuple[Any, ...]],
    workers: int = 1,
    scheduler: str | None = None,
) -> Iterator[T]:
    """``function(*task)`` for each task on a Dask cluster: the one at ``scheduler``, or a
    LocalCluster of ``workers`` single-threaded worker processes."""
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


def map_tasks(
    function: Callable[..., T],
    tasks: Sequence[tuple[Any, ...]],
    executor: str = "local",
    workers: int = 1,
    scheduler: str | None = None,
) -> Iterator[T]:
    """Run ``tasks`` with the executor named (``local`` or ``dask``); one worker and the local
    executor run them here, in order, with no process to start."""
    if executor not in EXECUTORS:
        raise LandplanError(f"unknown executor '{executor}'; choose one of {', '.join(EXECUTORS)}")
    if executor == "dask":
        return map_dask(function, tasks, workers, scheduler)
    if workers <= 1:
        return (function(*task) for task in tasks)
    return map_local(function, tasks, workers)
