"""One job of the workbench, in a process of its own: ``python -m landplan.web.worker ROOT JOB
PARENT``.

The worker reads what its job asks from the store, calls the same workflow the CLI calls
(:mod:`landplan.workflows`), writes into the job's own folder, and only when all is written
moves the result into ``results/<id>/`` and records it, the job marked done in the same
transaction. Anything short of that (an error, a cancel, a kill) leaves no result: the server
removes the job's folder, and a result folder that no row names.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import time
import traceback
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path
from typing import Any

import yaml

from landplan.atomic import write_text_atomically
from landplan.errors import LandplanError
from landplan.i18n import N_, keep
from landplan.inputs.scenario import load_scenario
from landplan.outputs.readback import read_run_scenario
from landplan.parallel import Executor, die_with_parent
from landplan.progress import Report
from landplan.tradeoff.front import Point
from landplan.web.jobs import FINISHED
from landplan.web.jobspec import POINTS_SEEN, JobParams
from landplan.web.store import (
    DATABASE_ENV,
    DONE,
    FAILED,
    RUNNING,
    WORKBENCH,
    Store,
    audit,
    jobs,
    now,
    results,
)
from landplan.workflows import (
    compare_scenarios,
    explore_scenario,
    run_scenarios,
    sweep_scenario,
    tradeoff_scenario,
)

#: Jobs yield the processor to the server's pages (and to each other's none): a page waits
#: for no solve, and a solve still has every cycle the pages leave.
NICENESS = 10
#: Progress is written at most this often (seconds): a sweep's samples come faster.
PROGRESS_EVERY_S = 0.25
#: An analysis's status when all its work was done; a comparison's one stage.
COMPLETE, COMPARING = N_("complete"), N_("comparing the runs and drawing their maps")


class Job:
    """The job's row, its folders and its progress as the worker sees them."""

    def __init__(self, store: Store, row: dict[str, Any]) -> None:
        self.store, self.row = store, row
        self.id: str = row["id"]
        self.params = JobParams.model_validate_json(row["params"])
        self.out = store.folders.jobs / self.id
        self._written = 0.0
        self._done = 0
        self._stage: tuple[str, str] | None = None

    def scenario_file(self) -> Path:
        """The scenario as it was when the job was asked, one level under the data folder like
        the scenarios' own files (so their paths to uploads hold)."""
        path = self.store.folders.jobs / f"{self.id}.yaml"
        path.write_text(self.params.yaml, encoding="utf-8")
        return path

    @property
    def executor(self) -> Executor:
        return Executor(**self.params.executor)

    def report(self, report: Report) -> None:
        """The work's report (:mod:`landplan.progress`) onto the job's row, which its page
        reads (as JSON: the page says it in its own language): at once when the stage changes,
        else at most every PROGRESS_EVERY_S."""
        stage = (report.task, report.stage)
        if stage == self._stage and time.monotonic() - self._written < PROGRESS_EVERY_S:
            return
        self._stage, self._written = stage, time.monotonic()
        self._done = report.done or 0
        counts = {} if report.total is None else {"done": self._done, "total": report.total}
        self.store.update(jobs, self.id, step=json.dumps(asdict(report)), **counts)

    def finish(self, folder: Path, **values: Any) -> None:
        """Move the written folder into place, remove the job's working files, and record the
        result, the job done with it (killed before that, the server removes the result)."""
        target = self.store.folders.results / self.row["result_id"]
        os.replace(folder, target)
        shutil.rmtree(self.out, ignore_errors=True)  # the job's working files, before it is done
        (self.store.folders.jobs / f"{self.id}.yaml").unlink(missing_ok=True)
        with self.store.engine.begin() as conn:
            conn.execute(
                results.insert().values(
                    id=self.row["result_id"],
                    project_id=self.row["project_id"],
                    job_id=self.id,
                    scenario_id=self.row["scenario_id"],
                    who=self.row["who"],
                    created_at=now(),
                    **values,
                )
            )
            conn.execute(
                jobs.update()
                .where(jobs.c.id == self.id)
                .values(status=DONE, done=self._done, finished_at=now())
            )
            conn.execute(
                audit.insert().values(
                    at=now(),
                    who=WORKBENCH,
                    action=FINISHED[self.row["kind"]],
                    project_id=self.row["project_id"],
                    target=f"job:{self.id}",
                    detail=self.row["result_id"],
                )
            )


def run(job: Job) -> None:
    """Solve the scenario (laid out if it says so) and write its run folder."""
    source = job.params.rerun_of
    if source is not None:  # the scenario exactly as that run had it
        scenario = read_run_scenario(job.store.folders.results / source)
    else:
        scenario = load_scenario(job.scenario_file())
    (outcome,) = run_scenarios(
        [scenario],
        out=job.out,
        executor=job.executor,
        xlsx=True,
        progress=job.report,
    )
    assert outcome.folder is not None
    resolved_text = (outcome.folder / "scenario.resolved.yaml").read_text(encoding="utf-8")
    provenance = yaml.safe_load(resolved_text).get("provenance") or {}
    kpis = (outcome.folder / "kpis.json").read_text(encoding="utf-8")
    job.finish(
        outcome.folder,
        kind="run",
        scenario_name=scenario.name,
        status=json.loads(kpis)["status"],
        figures=kpis,
        resolved_yaml=resolved_text,
        data_sha256=json.dumps(provenance.get("data_sha256", {})),
        versions=json.dumps(provenance.get("versions", {})),
        source=N_("rerun") if source else WORKBENCH,
    )


def sweep(job: Job) -> None:
    """Solve perturbed samples of the scenario and write the sweep's folder."""
    scenario = load_scenario(job.scenario_file())
    outcome = sweep_scenario(
        scenario,
        job.params.sweep_spec(),
        executor=job.executor,
        out=job.out,
        progress=job.report,
    )
    assert outcome.folder is not None
    status = N_("interrupted") if outcome.interrupted else COMPLETE
    job.finish(
        outcome.folder,
        kind="sweep",
        scenario_name=scenario.name,
        status=status,
        figures=json.dumps(outcome.timing),
        source=WORKBENCH,
    )


def explore(job: Job) -> None:
    """Look around the scenario's plan and write the exploration's folder."""
    scenario = load_scenario(job.scenario_file())
    found = explore_scenario(
        scenario,
        job.params.explore_spec(),
        out=job.out,
        progress=job.report,
    )
    if found.folder is None:
        said = N_("%(scenario)s: no plan to explore around (%(status)s)")
        raise LandplanError(keep(said, scenario=scenario.name, status=str(found.plan.status)))
    job.finish(
        found.folder,
        kind="explore",
        scenario_name=scenario.name,
        status=COMPLETE,
        source=WORKBENCH,
    )


def tradeoff(job: Job) -> None:
    """Trade the scenario's objectives off as the page asked and write the trade-off's folder;
    each point, as it is solved, added to ``points.json`` in the job's folder (its page lists
    them while the others are solved)."""
    asked = load_scenario(job.scenario_file())
    scenario = asked.with_settings({"tradeoff": job.params.tradeoff}, "the Trade-offs form")
    seen: list[dict[str, Any]] = []

    def on_point(point: Point) -> None:
        seen.append({"number": point.number, "found": point.found, "values": point.values})
        job.out.mkdir(parents=True, exist_ok=True)
        write_text_atomically(job.out / POINTS_SEEN, json.dumps(seen))

    outcome = tradeoff_scenario(scenario, out=job.out, progress=job.report, on_point=on_point)
    assert outcome.folder is not None
    document = yaml.safe_load(job.params.yaml) or {}
    document["tradeoff"] = {**(document.get("tradeoff") or {}), **job.params.tradeoff}
    document.get("tradeoff", {}).pop("plan", None)  # (a trade-off is of the scenario's rules)
    job.finish(
        outcome.folder,
        kind="tradeoff",
        scenario_name=scenario.name,
        status=COMPLETE,
        resolved_yaml=yaml.safe_dump(document, allow_unicode=True, sort_keys=False),
        source=WORKBENCH,
    )


def compare(job: Job) -> None:
    """Compare finished runs and write the comparison's folder (the runs copied into it)."""
    folders = [str(job.store.folders.results / rid) for rid in job.params.compared]
    job.report(Report("", COMPARING, 0.0))
    comparison, folder = compare_scenarios(folders, job.out)
    job.finish(
        folder,
        kind="compare",
        scenario_name=" · ".join(comparison.names),
        status=COMPLETE,
        compared=json.dumps(job.params.compared),
        source=WORKBENCH,
    )


#: What each kind of job does (the kinds marked for the catalog: the pages show them translated).
TASKS: dict[str, Callable[[Job], None]] = {
    N_("run"): run,
    N_("sweep"): sweep,
    N_("explore"): explore,
    N_("compare"): compare,
    N_("tradeoff"): tradeoff,
}


def main(argv: list[str]) -> int:
    root, job_id, parent = argv
    die_with_parent(int(parent))  # a worker never outlives the server that started it
    os.nice(NICENESS)
    store = Store(root, database=os.environ.get(DATABASE_ENV), migrate=False)
    row = store.one(jobs, job_id)
    if row is None or row["status"] != RUNNING:
        return 1
    job = Job(store, row)
    try:
        TASKS[row["kind"]](job)
    except LandplanError as exc:
        _failed(store, row, str(exc))
        return 2
    except Exception as exc:  # said on the job's page; the traceback goes to the server's log
        traceback.print_exc()
        error = f"{type(exc).__name__}: {exc}"
        _failed(
            store,
            row,
            keep(N_("internal error (%(error)s); the server's log has the details"), error=error),
        )
        return 1
    return 0


def _failed(store: Store, row: dict[str, Any], message: str) -> None:
    """The job failed, said on its page: the files it names relative to the data folder, whose
    place on the server is no planner's to know."""
    for root in dict.fromkeys((str(store.folders.root.resolve()), str(store.folders.root))):
        message = message.replace(root + os.sep, "")
    store.update(jobs, row["id"], status=FAILED, message=message, finished_at=now())
    store.record(WORKBENCH, FAILED, f"job:{row['id']}", row["project_id"], message)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
