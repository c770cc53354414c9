"""The workbench as an office's shared service: the figures of issue 24, side by side in one run.

The server is ``landplan serve`` in a process of its own over a fresh data folder and, but for
the sweep, a fresh database on a real PostgreSQL server (Debian's, started in a temporary
directory as the tests start it), with accounts, as an office runs it.

- ``load``: simulated users (threads, an HTTP client each) for a few minutes: they log in,
  browse, derive a variant with a lock of their own, run it, compare their runs and download;
  planners in five projects and some viewers who only read. Page latency (GET) and form
  latency (POST), errors, and every run checked afterwards: done, its user's, its lock.
- ``kill``: a worker killed with SIGKILL in the middle of a run, N trials (half of them killed
  again on the retry): each job ends done or failed, none left running, no half-written run
  (every result folder named by a row and readable whole, no working files left).
- ``restart``: the server killed (SIGKILL) with jobs queued, started again: all complete.
- ``sweep``: a 2,000-sample sweep asked from the page, its samples solved on a local Dask
  cluster, against ``landplan sweep`` with the same seed on the local executor: every table of
  the two sweep folders compared byte for byte (``samples.csv`` without its solve times).

Usage: python bench/office.py [--only load,kill,restart,sweep] [--users 50] [--minutes 5]
       [--trials 20] [--queued 10] [--samples 2000] [--seed 7]
"""

from __future__ import annotations

import argparse
import filecmp
import os
import random
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from pathlib import Path

import pandas as pd
import yaml
from serve import LOCK_PARKS, Server, User, percentile

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
PASSWORD = "bench password 24"
QUICK = "name: {name}\nextends: baseline\nsolver: {{gap: 0.05}}\n"


@contextmanager
def office(jobs: int, users: dict[str, str], projects: int = 1):
    """A PostgreSQL server, a data folder, the accounts (name → role; projects shared round
    robin with the non-admins) and ``landplan serve`` over them: (server, database URL)."""
    from postgres import binaries, temporary_postgres

    from landplan.web.accounts import Accounts
    from landplan.web.store import Store

    with temporary_postgres(binaries()) as pg, tempfile.TemporaryDirectory() as data:
        url = pg.database()
        accounts = Accounts(Store(data, database=url))
        made = [accounts.make_project(f"project {k}", "", "bench") for k in range(projects)]
        for name, role in sorted(users.items(), key=lambda item: item[1] != "admin"):
            accounts.add(name, PASSWORD, role, "bench")
        others = [name for name, role in users.items() if role != "admin"]
        for k, project in enumerate(made):
            accounts.share(project, others[k::projects], "bench")
        server = Server(Path(data), jobs=jobs, extra=("--database", url))
        try:
            yield server, url
        finally:
            server.stop()


def simulated_office(users: int, minutes: float) -> None:
    """Planners (four in five) and viewers at work for ``minutes``, with think times."""
    from landplan.inputs.catalog import load_catalog

    clusters = list(load_catalog().clusters.index)
    roles = {f"user{k}": "viewer" if k % 5 == 4 else "planner" for k in range(users)}
    roles["admin"] = "admin"
    errors: list[str] = []
    asked: dict[str, list[str]] = {}  # user → jobs asked
    people: list[User] = []
    end = time.monotonic() + 60 * minutes

    def work(k: int, server: Server) -> None:
        name, luck = f"user{k}", random.Random(k)
        try:
            user = User(server.address, name, PASSWORD)
            people.append(user)
            asked[name] = []
            scenario, runs = None, []
            time.sleep(luck.uniform(0, 10))
            while time.monotonic() < end:
                time.sleep(luck.uniform(2, 6))  # a planner reads before the next click
                user.get("/")
                history = user.get("/runs").text
                if roles[name] == "viewer" or luck.random() < 0.5:
                    seen = [
                        r
                        for r in set(__import__("re").findall(r"/results/([0-9a-f]{16})", history))
                    ]
                    if seen:
                        rid = luck.choice(sorted(seen))
                        user.get(f"/results/{rid}")
                        if luck.random() < 0.3:
                            user.get(f"/results/{rid}/download/run.zip")
                    continue
                if scenario is None:
                    made = user.post(
                        "/scenarios/new", source="bundled:baseline", name=f"{name}-variant"
                    )
                    scenario = str(made.url).rstrip("/").rsplit("/", 1)[-1].split("#")[0]
                    user.post(f"/scenarios/{scenario}/place", kind="locks",
                              cluster=clusters[k % len(clusters)], park=LOCK_PARKS[k % len(LOCK_PARKS)])  # fmt: skip
                    continue
                user.get(f"/scenarios/{scenario}")
                if len(asked[name]) < 2 and luck.random() < 0.4:
                    asked[name].append(user.start(f"/scenarios/{scenario}/run"))
                elif len(runs) < len(asked[name]):
                    status = user.get(f"/jobs/{asked[name][len(runs)]}/status").json()
                    if status["status"] == "done":
                        runs.append(status["result"].rsplit("/", 1)[-1])
                elif len(runs) == 2 and luck.random() < 0.3:
                    asked[name].append(user.start("/runs/compare", result=runs))
                    runs.append("compared")
        except Exception as exc:  # counted and shown: the figure is how many go wrong
            errors.append(f"{name}: {type(exc).__name__}: {exc}")

    with office(jobs=1, users=roles, projects=5) as (server, url):
        threads = [threading.Thread(target=work, args=(k, server)) for k in range(users)]
        began = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        worked = time.perf_counter() - began
        from landplan.web.store import Store, jobs, results

        store = Store(server.data, database=url, migrate=False)
        drained = time.perf_counter()
        while store.all(jobs, jobs.c.status.in_(("queued", "running"))):
            time.sleep(1)
        drained = time.perf_counter() - drained
        counts = {"asked": 0, "done": 0, "lost or mixed up": 0}
        for name, job_ids in asked.items():
            for job_id in job_ids:
                counts["asked"] += 1
                job = store.one(jobs, job_id)
                result = store.one(results, job["result_id"]) if job else None
                if not job or job["status"] != "done" or not result or result["who"] != name:
                    counts["lost or mixed up"] += 1
                    continue
                counts["done"] += 1
                if result["kind"] == "run":
                    k = int(name.removeprefix("user"))
                    lock = {
                        "cluster": clusters[k % len(clusters)],
                        "park": LOCK_PARKS[k % len(LOCK_PARKS)],
                    }
                    resolved = yaml.safe_load(result["resolved_yaml"])
                    own = resolved.get("name") == f"{name}-variant" and any(
                        {key: item.get(key) for key in ("cluster", "park")} == lock
                        for item in resolved.get("locks", []))  # fmt: skip
                    if not own:
                        counts["lost or mixed up"] += 1
                        counts["done"] -= 1
        rss = server.rss_mb()
    pages = [t for user in people for t in user.latencies]
    forms = [t for user in people for t in user.checks]
    print(f"load: {users} users ({sum(r == 'viewer' for r in roles.values())} viewers) for "
          f"{minutes:g} min, PostgreSQL store, 1 job at a time: {worked:.0f} s, then {drained:.0f} s "
          f"for the queue to drain; server RSS {rss:.0f} MB")  # fmt: skip
    print(f"   jobs asked {counts['asked']}, done and their user's {counts['done']}, lost or mixed "
          f"up {counts['lost or mixed up']}; errors {len(errors)}")  # fmt: skip
    for what, times in (
        ("pages (GET)", pages),
        ("forms (POST: log in, derive, lock, run, compare)", forms),
    ):
        print(f"   {what}: {len(times)} requests, p50 {1000 * statistics.median(times):.0f} ms, "
              f"p95 {1000 * percentile(times, 0.95):.0f} ms, slowest {1000 * max(times):.0f} ms")  # fmt: skip
    for error in errors[:5]:
        print("   ", error)


def killed_workers(trials: int) -> None:
    """A run's worker killed mid-run; in the second half of the trials its retry killed too."""
    from landplan.outputs.readback import read_run
    from landplan.web.store import Store, jobs, results

    outcome: dict[str, int] = {"done (retried)": 0, "failed": 0, "stuck": 0, "half-written": 0}
    with office(jobs=1, users={"admin": "admin"}) as (server, url):
        user = User(server.address, "admin", PASSWORD)
        store = Store(server.data, database=url, migrate=False)
        luck = random.Random(24)
        for trial in range(trials):
            job_id = user.start("/scenarios/bundled:baseline/run")
            for attempt in range(1 if trial < trials // 2 else 2):
                pid = None
                while pid is None:
                    row = store.one(jobs, job_id)
                    if row["status"] == "running" and row["attempts"] == attempt + 1:
                        pid = row["pid"]
                    time.sleep(0.05)
                time.sleep(luck.uniform(0.5, 2.5))  # in the middle of its work
                os.kill(pid, signal.SIGKILL)
            deadline = time.monotonic() + 300
            while store.one(jobs, job_id)["status"] in ("queued", "running"):
                if time.monotonic() > deadline:
                    outcome["stuck"] += 1
                    break
                time.sleep(0.2)
            row = store.one(jobs, job_id)
            if row["status"] == "done":
                outcome["done (retried)"] += 1
            elif row["status"] == "failed":
                outcome["failed"] += 1
        time.sleep(1)  # the watcher's last clean-up
        kept = {row["id"] for row in store.all(results)}
        folders = {p.name for p in (server.data / "results").iterdir()}
        outcome["half-written"] = len(folders ^ kept) + len(list((server.data / "jobs").iterdir()))
        for rid in kept:
            read_run(server.data / "results" / rid)  # raises on a folder not whole
    print(f"kill: {trials} runs, each worker killed with SIGKILL mid-run (the second half killed "
          f"again on their retry): " + ", ".join(f"{k} {v}" for k, v in outcome.items()))  # fmt: skip


def restarted_server(queued: int) -> None:
    """The server killed with jobs queued, then started again over the same store."""
    from landplan.web.store import Store, jobs, results

    with office(jobs=1, users={"admin": "admin"}) as (server, url):
        user = User(server.address, "admin", PASSWORD)
        asked = [user.start("/scenarios/bundled:baseline/run") for _ in range(queued)]
        store = Store(server.data, database=url, migrate=False)
        while store.one(jobs, asked[0])["status"] != "running":
            time.sleep(0.05)
        time.sleep(1.0)
        states = [store.one(jobs, j)["status"] for j in asked]
        os.kill(server.process.pid, signal.SIGKILL)
        server.process.wait()
        began = time.perf_counter()
        again = Server(server.data, jobs=1, extra=("--database", url))
        try:
            while store.all(jobs, jobs.c.status.in_(("queued", "running"))):
                time.sleep(0.5)
            took = time.perf_counter() - began
        finally:
            again.stop()
        rows = [store.one(jobs, j) for j in asked]
        done = sum(
            r["status"] == "done" and store.one(results, r["result_id"]) is not None for r in rows
        )
    print(f"restart: {queued} jobs asked ({states.count('queued')} queued, {states.count('running')} "
          f"running when the server was killed with SIGKILL); after the restart {done} of {queued} "
          f"done in {took:.0f} s")  # fmt: skip


def sweep_from_page(samples: int, seed: int) -> None:
    """A sweep asked on the page, on a local Dask cluster, against the CLI's, same seed."""
    from distributed import LocalCluster

    with (
        LocalCluster(n_workers=2, threads_per_worker=1, processes=True) as cluster,
        tempfile.TemporaryDirectory() as data,
        tempfile.TemporaryDirectory() as out,
    ):
        server = Server(
            Path(data),
            jobs=1,
            extra=("--executor", "dask", "--scheduler", cluster.scheduler_address),
        )
        try:
            user = User(server.address, "sweeper")
            began = time.perf_counter()
            job = user.start(
                "/scenarios/bundled:baseline/sweep", samples=str(samples), seed=str(seed)
            )
            status = user.wait(job)
            page_s = time.perf_counter() - began
        finally:
            server.stop()
        print(f"sweep of {samples} samples from the page (Dask, 2 workers): {status['status']}, "
              f"{page_s:.0f} s")  # fmt: skip
        if status["status"] != "done":
            print("   ", status["message"])
            return
        from_page = Path(data) / "results" / status["result"].rsplit("/", 1)[-1]
        began = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "landplan", "sweep", "baseline", "--samples", str(samples),
             "--seed", str(seed), "--workers", "2", "--out", out, "-q"],
            check=True,
        )  # fmt: skip
        cli_s = time.perf_counter() - began
        from_cli = Path(out) / "baseline-sweep"
        tables = sorted(p.name for p in from_cli.glob("*.csv") if p.name != "samples.csv")
        same, differ, missing = filecmp.cmpfiles(from_cli, from_page, tables, shallow=False)
        print(f"`landplan sweep` same seed (local executor, 2 workers): {cli_s:.0f} s")
        print(f"   tables identical byte for byte: {len(same)} of {len(tables)} {same}; "
              f"different: {differ}; missing: {missing}")  # fmt: skip
        # samples.csv also says how long each solve took: every other column must match
        timed = [
            pd.read_csv(f / "samples.csv").drop(columns="runtime_s") for f in (from_cli, from_page)
        ]
        print(f"   samples.csv without its runtime_s column: {len(timed[0])} vs {len(timed[1])} "
              f"samples, identical: {timed[0].equals(timed[1])}")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default="load,kill,restart,sweep")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--minutes", type=float, default=5)
    parser.add_argument("--trials", type=int, default=20)
    parser.add_argument("--queued", type=int, default=10)
    parser.add_argument("--samples", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    chosen = set(args.only.split(","))
    figures = {
        "load": lambda: simulated_office(args.users, args.minutes),
        "kill": lambda: killed_workers(args.trials),
        "restart": lambda: restarted_server(args.queued),
        "sweep": lambda: sweep_from_page(args.samples, args.seed),
    }
    for name, figure in figures.items():
        if name in chosen:
            figure()
            sys.stdout.flush()


if __name__ == "__main__":
    main()
