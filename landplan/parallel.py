"""Run independent tasks in parallel: a process pool on this machine, or a Dask cluster.

Where tasks run is one value, :class:`Executor` (the kind, the number of workers, a Dask
scheduler), which sweeps (many samples of one scenario) and layouts (one park at a time) take
alike. Its :meth:`Executor.map` yields each task's result as it finishes, in any order: callers
sort what they collect, so the outcome never depends on which worker finished first.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import queue
import re
import signal
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from typing import Any, TypeVar

from landplan.errors import InputError, LandplanError

T = TypeVar("T")
EXECUTORS = ("local", "dask")
#: A Dask scheduler's address: a protocol, a host and a port (1 to 65535).
_ADDRESS = re.compile(
    r"(tcp|tls|ws|wss|ucx)://[\w.\-]+:(6553[0-5]|655[0-2]\d|65[0-4]\d{2}|6[0-4]\d{3}|[1-5]\d{4}|[1-9]\d{0,3})"
)
#: Seconds to wait for a scheduler to answer.
CONNECT_S = 5


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
        if self.scheduler is not None and not _ADDRESS.fullmatch(self.scheduler):
            raise InputError(
                "--scheduler",
                f"'{self.scheduler}' is not a Dask scheduler address (like tcp://10.0.0.5:8786)",
            )

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
    already run HiGHS can hang for good. Each dies with this process, however it ends."""
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(
        max_workers=workers,
        mp_context=context,
        initializer=die_with_parent,
        initargs=(os.getpid(),),
    ) as pool:
        futures = [pool.submit(function, *task) for task in tasks]
        try:
            for future in as_completed(futures):
                yield future.result()
        finally:
            for future in futures:
                future.cancel()


def _connect(client: Callable[..., Any], scheduler: str) -> Any:
    """A Dask client of the scheduler at ``scheduler``, or an InputError within CONNECT_S
    seconds: whatever answers there instead (or nothing), the command ends in one line. The
    attempt runs in a thread of its own, since a server that accepts the connection and then
    says nothing can hold Dask's handshake past its own timeout."""
    answer: queue.Queue[Any] = queue.Queue()

    def attempt() -> None:
        try:
            answer.put(client(scheduler, timeout=CONNECT_S))
        except BaseException as exc:  # anything it raises is the address's fault: said below
            answer.put(exc)

    threading.Thread(target=attempt, daemon=True).start()
    try:
        result = answer.get(timeout=CONNECT_S + 2)
    except queue.Empty:
        result = TimeoutError()
    if isinstance(result, BaseException):
        raise InputError(
            "--scheduler", f"no Dask scheduler answers at {scheduler} ({type(result).__name__})"
        )
    return result


def die_with_parent(parent: int) -> None:
    """In a worker: be killed when the process that started it ends (Linux's parent-death
    signal; killed with -9, a parent cannot stop its workers itself). Where the system has no
    such signal, the pool's own shutdown is all there is."""
    if sys.platform != "linux":
        return
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # the parent ended before the signal was asked for
        os._exit(1)


#: prctl's option asking for a signal when the parent ends (linux/prctl.h).
PR_SET_PDEATHSIG = 1


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
        client = Client(cluster)
    else:
        client = _connect(Client, scheduler)
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
