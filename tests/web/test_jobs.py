"""The workbench's jobs: run by worker processes; a killed worker leaves nothing half-written and
its job runs again once (then fails with the reason); a cancelled one leaves nothing; a rerun
reproduces its run."""

from __future__ import annotations

import json
import os
import signal
import time

import pytest

from landplan.web.jobs import JobRunner
from landplan.web.jobspec import JobParams
from landplan.web.service import Workbench
from landplan.web.store import (
    CANCELLED,
    DEFAULT_PROJECT,
    DONE,
    FAILED,
    FINAL,
    QUEUED,
    RUNNING,
    jobs,
    results,
)

#: A quick scenario: the baseline to a loose gap (these tests are about jobs, not plans).
QUICK = "name: quick\nextends: baseline\nsolver: {gap: 0.05}\n"


@pytest.fixture(scope="module")
def bench(running_bench):
    return running_bench


def wait(bench: Workbench, job_id: str, until=FINAL, timeout: float = 120) -> dict:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        row = bench.job(job_id)
        if row["status"] in until and (row["status"] != RUNNING or row["pid"]):
            return row
        time.sleep(0.05)
    raise AssertionError(f"job {job_id} still {row['status']} after {timeout} s")


def left_behind(bench: Workbench, row: dict) -> list[str]:
    """What a job that kept no result left in the data folder."""
    folders = bench.folders
    found = [p.name for p in folders.jobs.iterdir() if p.name.startswith(row["id"])]
    if (folders.results / row["result_id"]).exists():
        found.append(f"results/{row['result_id']}")
    return found


def test_a_run_job_keeps_its_result_and_a_rerun_reproduces_it(bench):
    first = wait(
        bench, bench.jobs.submit("run", JobParams(yaml=QUICK), None, "ana", DEFAULT_PROJECT)
    )
    assert first["status"] == DONE, first["message"]
    result = bench.result(first["result_id"])
    assert (result["kind"], result["scenario_name"], result["who"]) == ("run", "quick", "ana")
    assert set(json.loads(result["data_sha256"])) >= {"parks", "clusters"}
    again = wait(bench, bench.rerun(result["id"], "ben"))
    assert again["status"] == DONE, again["message"]
    for name in ("allocation.csv", "clusters.csv", "parks.csv", "shortfall.csv"):
        before = (bench.result_folder(result["id"]) / name).read_bytes()
        assert (bench.result_folder(again["result_id"]) / name).read_bytes() == before, name
    assert bench.result(again["result_id"])["source"] == "rerun"
    assert not list(bench.folders.jobs.iterdir())  # the jobs' working files are gone


def kill_while_running(bench: Workbench, job_id: str) -> dict:
    """SIGKILL the job's worker a second into its work; the job's row once it is settled."""
    row = wait(bench, job_id, until=(RUNNING,))
    time.sleep(1.0)
    os.kill(row["pid"], signal.SIGKILL)
    end = time.monotonic() + 30
    while bench.job(job_id)["pid"] == row["pid"] and bench.job(job_id)["status"] == RUNNING:
        assert time.monotonic() < end
        time.sleep(0.05)
    return bench.job(job_id)


def test_a_killed_worker_leaves_nothing_and_its_job_runs_again_once(bench):
    job_id = bench.jobs.submit("run", JobParams(yaml=QUICK), None, "", DEFAULT_PROJECT)
    kill_while_running(bench, job_id)
    row = wait(bench, job_id)  # the second worker finishes it
    assert row["status"] == DONE and row["attempts"] == 2
    assert "SIGKILL" in bench.trail(f"job:{job_id}")[1]["detail"]
    assert (bench.result_folder(row["result_id"]) / "allocation.csv").is_file()

    job_id = bench.jobs.submit("run", JobParams(yaml=QUICK), None, "", DEFAULT_PROJECT)
    kill_while_running(bench, job_id)
    kill_while_running(bench, job_id)  # its second worker killed too: failed for good
    row = wait(bench, job_id)
    assert row["status"] == FAILED and row["attempts"] == 2
    assert "SIGKILL" in row["message"] and "nothing was kept" in row["message"]
    assert bench.store.one(results, row["result_id"]) is None
    assert left_behind(bench, row) == []


def test_a_cancelled_job_leaves_no_run_and_no_temporaries(bench):
    job_id = bench.jobs.submit("run", JobParams(yaml=QUICK), None, "", DEFAULT_PROJECT)
    wait(bench, job_id, until=(RUNNING,))
    time.sleep(0.5)
    bench.jobs.cancel(job_id, "ana")
    row = wait(bench, job_id)
    assert row["status"] == CANCELLED
    assert bench.store.one(results, row["result_id"]) is None
    assert left_behind(bench, row) == []


def test_a_queued_job_cancelled_never_starts(tmp_path):
    bench = Workbench(tmp_path)  # no runner watching: the job stays queued
    job_id = bench.jobs.submit("run", JobParams(yaml=QUICK), None, "", DEFAULT_PROJECT)
    assert bench.job(job_id)["status"] == QUEUED
    bench.jobs.cancel(job_id, "ana")
    assert bench.job(job_id)["status"] == CANCELLED
    bench.jobs.tick()
    assert bench.job(job_id)["pid"] is None


@pytest.mark.parametrize(("attempts", "status"), [(1, QUEUED), (2, FAILED)])
def test_a_job_left_running_by_a_stopped_server_runs_again_once(tmp_path, attempts, status):
    bench = Workbench(tmp_path)
    job_id = bench.jobs.submit("run", JobParams(yaml=QUICK), None, "", DEFAULT_PROJECT)
    bench.store.update(jobs, job_id, status=RUNNING, pid=2**22 + 7, attempts=attempts)
    (bench.folders.jobs / job_id).mkdir()  # what its worker had begun
    JobRunner(bench.store).recover()
    row = bench.job(job_id)
    assert row["status"] == status and "stopped while it ran" in row["message"]
    assert not (bench.folders.jobs / job_id).exists()


def test_jobs_on_a_postgresql_store(postgres, tmp_path):
    """The server and its workers share a PostgreSQL store: a run is done and kept, its history
    written by both."""
    bench = Workbench(tmp_path, database=postgres.database())
    bench.jobs.start()
    try:
        row = wait(
            bench, bench.jobs.submit("run", JobParams(yaml=QUICK), None, "ana", DEFAULT_PROJECT)
        )
    finally:
        bench.jobs.stop()
    assert row["status"] == DONE, row["message"]
    assert bench.result(row["result_id"])["scenario_name"] == "quick"
    assert [a["action"] for a in bench.trail(f"job:{row['id']}")] == ["run asked", "run finished"]
