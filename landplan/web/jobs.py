"""The workbench's jobs: queued in the store, each run by a worker process of its own
(:mod:`landplan.web.worker`), at most ``slots`` at a time, so a solve never blocks the web
server and a crash or a kill of one never takes the server down.

A thread of the server watches the workers: it starts queued jobs as slots free up, and when a
worker ends without having recorded its result (an error it said, a cancel, a kill) it marks the
job failed or cancelled with the reason and removes everything the job wrote.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import threading
from dataclasses import dataclass
from pathlib import Path

from landplan.i18n import N_, keep
from landplan.parallel import Executor
from landplan.web.jobspec import JobParams, Kind
from landplan.web.store import (
    CANCELLED,
    DATABASE_ENV,
    FAILED,
    FINAL,
    QUEUED,
    RUNNING,
    WORKBENCH,
    Store,
    jobs,
    new_id,
    now,
    results,
)

#: How often the watcher looks (seconds).
TICK_S = 0.1
#: How long a cancelled worker has to stop before it is killed (seconds).
GRACE_S = 2.0
#: Workers a job may have: one more after a worker is killed or the server stops under it.
ATTEMPTS = 2
#: What the audit trail says when a job of each kind is asked for.
ASKED: dict[Kind, str] = {
    "run": N_("run asked"),
    "sweep": N_("sweep asked"),
    "explore": N_("explore asked"),
    "compare": N_("compare asked"),
    "tradeoff": N_("trade-off asked"),
}
#: And when it finishes.
FINISHED: dict[Kind, str] = {
    "run": N_("run finished"),
    "sweep": N_("sweep finished"),
    "explore": N_("explore finished"),
    "compare": N_("compare finished"),
    "tradeoff": N_("trade-off finished"),
}


@dataclass(frozen=True)
class JobSettings:
    """Set by whoever starts the server: how many jobs run at once, and the executor sweeps
    and layouts use."""

    slots: int = 2
    executor: Executor = Executor()


class JobRunner:
    """Queue, start, watch and cancel jobs (see the module docstring)."""

    def __init__(self, store: Store, settings: JobSettings = JobSettings()) -> None:
        self.store, self.settings = store, settings
        self._workers: dict[str, subprocess.Popen[bytes]] = {}
        self._cancelled: set[str] = set()
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def submit(
        self, kind: Kind, params: JobParams, scenario_id: str | None, who: str, project_id: str
    ) -> str:
        """Queue a job in the project; its id."""
        params = params.model_copy(
            update={"executor": JobParams.executor_fields(self.settings.executor)}
        )
        job_id = self.store.insert(
            jobs,
            project_id=project_id,
            kind=kind,
            scenario_id=scenario_id,
            params=params.model_dump_json(),
            status=QUEUED,
            done=0,
            total=0,
            step="",
            message="",
            result_id=new_id(),
            attempts=0,
            who=who,
            created_at=now(),
        )
        about = scenario_id or ", ".join(params.compared)
        self.store.record(who, ASKED[kind], f"job:{job_id}", project_id, about)
        return job_id

    def cancel(self, job_id: str, who: str) -> None:
        """A queued job never starts; a running one is stopped and leaves nothing."""
        row = self.store.one(jobs, job_id)
        if row is None or row["status"] in FINAL:
            return
        self.store.record(who, N_("cancel asked"), f"job:{job_id}", row["project_id"])
        if self.store.update(
            jobs,
            job_id,
            jobs.c.status == QUEUED,
            status=CANCELLED,
            message=keep(N_("cancelled before it started")),
            finished_at=now(),
        ):
            return
        with self._lock:
            worker = self._workers.get(job_id)
            if worker is not None:
                self._cancelled.add(job_id)
                _signal(worker, signal.SIGTERM)

    def start(self) -> None:
        """Start watching (after settling what a previous server left running)."""
        self.recover()
        self._thread = threading.Thread(target=self._watch, name="landplan-jobs", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Stop watching and stop the running workers (their jobs cleaned up and queued for the
        next start, or failed if it was their second try)."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
        with self._lock:
            for worker in self._workers.values():
                _signal(worker, signal.SIGKILL)
        for job_id, worker in list(self._workers.items()):
            worker.wait()
            self._settle(job_id, keep(N_("the workbench was stopped while it ran")), killed=True)
        self._workers.clear()

    def recover(self) -> None:
        """Jobs a previous server left running: their workers died with it (they die with their
        parent), so each is cleaned up and run again once (failed if it was its second try)."""
        for row in self.store.all(jobs, jobs.c.status == RUNNING):
            self._settle(row["id"], keep(N_("the workbench stopped while it ran")), killed=True)

    def tick(self) -> None:
        """One look: settle the workers that ended, start queued jobs into free slots."""
        with self._lock:
            ended = {jid: w for jid, w in self._workers.items() if w.poll() is not None}
            for job_id in ended:
                del self._workers[job_id]
        for job_id, worker in ended.items():
            self._settle(job_id, _reason(worker.returncode), killed=worker.returncode < 0)
        free = self.settings.slots - len(self._workers)
        if free <= 0:
            return
        queued = self.store.all(jobs, jobs.c.status == QUEUED, order=jobs.c.created_at)
        for row in queued[:free]:
            self._launch(row["id"])

    def _watch(self) -> None:
        while not self._stop.wait(TICK_S):
            try:
                self.tick()
            except Exception:  # the watcher must outlive one bad look (said in the log)
                import traceback

                traceback.print_exc()

    def _launch(self, job_id: str) -> None:
        started = self.store.update(
            jobs, job_id, jobs.c.status == QUEUED, status=RUNNING, attempts=jobs.c.attempts + 1
        )
        if not started:
            return  # cancelled meanwhile
        command = [
            sys.executable,
            "-m",
            "landplan.web.worker",
            str(self.store.folders.root),
            job_id,
            str(os.getpid()),
        ]
        environment = {**os.environ, DATABASE_ENV: self.store.url}
        with self._lock:
            worker = subprocess.Popen(
                command, start_new_session=True, stdin=subprocess.DEVNULL, env=environment
            )
            self._workers[job_id] = worker
        self.store.update(jobs, job_id, pid=worker.pid)

    def _settle(self, job_id: str, reason: str, killed: bool = False) -> None:
        """After a worker ends: whatever it wrote goes (its folder, and a result folder no row
        names), and a job it did not finish is cancelled, queued again if its worker was
        ``killed`` on its first try (the same inputs give the same result), or failed
        (``reason`` kept by :func:`~landplan.i18n.keep`, as the job's message is)."""
        row = self.store.one(jobs, job_id)
        if row is None:
            return
        cancelled = job_id in self._cancelled
        self._cancelled.discard(job_id)
        remove_job_files(self.store, row["id"], row["result_id"])
        if row["status"] in FINAL:
            return
        if cancelled:
            status, message, action = CANCELLED, keep(CANCELLED), CANCELLED
        elif killed and row["attempts"] < ATTEMPTS:
            message = keep(N_("%(reason)s; queued to run again"), reason=reason)
            status, action = QUEUED, N_("queued again")
        else:
            status, message = FAILED, keep(N_("%(reason)s; nothing was kept"), reason=reason)
            action = FAILED
        final = {"finished_at": now()} if status in FINAL else {"pid": None, "done": 0, "step": ""}
        self.store.update(jobs, job_id, status=status, message=message, **final)
        self.store.record(WORKBENCH, action, f"job:{job_id}", row["project_id"], reason)


def remove_job_files(store: Store, job_id: str, result_id: str) -> None:
    """What a job leaves behind: its working folder and scenario copy, always; its result
    folder, unless a result row holds it."""
    folders = store.folders
    shutil.rmtree(folders.jobs / job_id, ignore_errors=True)
    Path(folders.jobs / f"{job_id}.yaml").unlink(missing_ok=True)
    if store.one(results, result_id) is None:
        shutil.rmtree(folders.results / result_id, ignore_errors=True)


def _signal(worker: subprocess.Popen[bytes], sig: signal.Signals) -> None:
    """Signal the worker and whatever it started (its process group)."""
    if worker.poll() is not None:
        return
    try:
        os.killpg(worker.pid, sig)
    except ProcessLookupError:
        return
    if sig == signal.SIGTERM:
        threading.Timer(GRACE_S, _signal, (worker, signal.SIGKILL)).start()


def _reason(code: int) -> str:
    """Why a worker ended without a result, in words (kept: :func:`~landplan.i18n.keep`)."""
    if code < 0:
        name = signal.Signals(-code).name
        return keep(
            N_("the worker process was stopped by %(signal)s before it finished"), signal=name
        )
    return keep(
        N_("the worker process ended with exit code %(code)s before it finished"), code=str(code)
    )
