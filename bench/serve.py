"""The workbench's figures, side by side in one run (the table of issue 23):

1. from clicking Run to the certified plan's map shown (Chromium, the baseline), against
   `landplan run baseline` (a fresh process, no layout) in the same run, alternating;
2. page loads (scenario list, editor, result view) while two jobs run: p50 and p95;
3. 20 simulated users (threads with an HTTP client each), each deriving a variant of the
   baseline with a lock of its own and running it: every run completes and is stored, each with
   its own user's name and lock (none lost or mixed up), and the slowest page meanwhile;
4. the server's memory (RSS) as runs accumulate, up to 200 runs;
5. a point of a trade-off's front clicked (Chromium, the Trade-offs page) → that point's plan's
   map shown: median of 5 (target ≤ 1 s).

The server is `landplan serve` in a fresh process with a fresh data folder, as a user starts it.
Times are wall seconds on this machine (shared and noisy: the ratios say more).

Usage: python bench/serve.py [--repeat 3] [--users 20] [--runs 200] [--port 0]
                             [--skip click,pages,users,memory,point]
"""

from __future__ import annotations

import argparse
import os
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx2 as httpx
import yaml

ROOT = Path(__file__).resolve().parents[1]
#: A lock for each simulated user: an industry and a park (distinct pairs, all allowed).
LOCK_PARKS = ("BA-01", "BA-02", "BA-03", "BA-04", "GM-01", "GM-02", "GM-03", "GM-04", "LH-01",
              "LH-02", "LH-03", "LG-01", "LG-02", "LG-03", "PS-01", "PS-02", "PS-03", "SS-01",
              "SS-02", "EC-01")  # fmt: skip


class Server:
    """``landplan serve`` in a process of its own, on a free port, over a fresh data folder."""

    def __init__(
        self, data: Path, jobs: int = 2, extra: tuple[str, ...] = (), port: int = 0
    ) -> None:
        self.data = data
        self.process = subprocess.Popen(
            [sys.executable, "-m", "landplan", "serve", "--data", str(data), "--no-browser",
             "--jobs", str(jobs), "--port", str(port), *extra],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True,
        )  # fmt: skip
        line = self.process.stdout.readline()
        found = re.search(r"http://127\.0\.0\.1:\d+", line)
        if not found:
            raise SystemExit(f"the server did not start: {line}")
        self.address = found.group(0)

    def rss_mb(self) -> float:
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
        return float("nan")

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGINT)
        self.process.wait(60)


class User:
    """A browser-less planner: an HTTP client with the workbench's cookies (logged in to its
    account when given a password, else named by the local planner's name)."""

    def __init__(self, address: str, name: str, password: str | None = None) -> None:
        self.client = httpx.Client(base_url=address, follow_redirects=True, timeout=300)
        self.client.get("/login" if password else "/")
        self.token = self.client.cookies["landplan_csrf"]
        self.latencies: list[float] = []  # page loads (GET)
        self.checks: list[float] = []  # forms posted (each checks its scenario as a save does)
        if password:
            self.post("/login", name=name, password=password)
        else:
            self.client.cookies.set("landplan_who", name)

    def get(self, path: str) -> httpx.Response:
        began = time.perf_counter()
        answer = self.client.get(path)
        self.latencies.append(time.perf_counter() - began)
        answer.raise_for_status()
        return answer

    def post(self, path: str, **data: str) -> httpx.Response:
        began = time.perf_counter()
        answer = self.client.post(path, data={"csrf": self.token, **data})
        self.checks.append(time.perf_counter() - began)
        answer.raise_for_status()
        return answer

    def start(self, path: str, **data: str | list[str]) -> str:
        """Post the form that starts a job; the job's id (from the page it sends to, not
        followed: that page goes on to the result once the job is done)."""
        began = time.perf_counter()
        answer = self.client.post(path, data={"csrf": self.token, **data}, follow_redirects=False)
        self.checks.append(time.perf_counter() - began)
        if not answer.is_redirect:
            answer.raise_for_status()
            raise RuntimeError(f"{path} started no job")
        return answer.headers["location"].split("?")[0].rstrip("/").rsplit("/", 1)[-1]

    def wait(self, job: str) -> dict:
        while True:
            status = self.get(f"/jobs/{job}/status").json()
            if status["status"] not in ("queued", "running"):
                return status
            time.sleep(0.2)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def offline_page(playwright, server: Server):
    """Debian's Chromium and a page of it that reaches only ``server`` (no network)."""
    browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
    page = browser.new_page()
    page.route(
        "**/*", lambda r: r.continue_() if r.request.url.startswith(server.address) else r.abort()
    )
    return browser, page


def click_to_map(server: Server, repeat: int) -> None:
    """Figure 1, in Chromium: Run clicked on the scenario list → the plan's map drawn."""
    from playwright.sync_api import sync_playwright

    clicks, commands = [], []
    with sync_playwright() as playwright, tempfile.TemporaryDirectory() as out:
        browser, page = offline_page(playwright, server)
        for _ in range(repeat):
            page.goto(server.address + "/")
            began = time.perf_counter()
            page.click("form[action='/scenarios/bundled:baseline/run'] button")
            page.wait_for_url(re.compile(r".*/results/[0-9a-f]{16}$"), timeout=300_000)
            # drawn: the map fitted to its parks at its opening view (landplan/maps/view.py)
            page.frame_locator("iframe.map").locator(".leaflet-container[data-fitted]").wait_for()
            clicks.append(time.perf_counter() - began)
            began = time.perf_counter()
            subprocess.run([sys.executable, "-m", "landplan", "run", "baseline", "--out", out, "-q"],
                           check=True)  # fmt: skip
            commands.append(time.perf_counter() - began)
        browser.close()
    click, command = statistics.median(clicks), statistics.median(commands)
    print(
        f"1. Run clicked → map shown, baseline: median {click:.2f} s of {[round(c, 2) for c in clicks]}"
    )
    print(
        f"   `landplan run baseline` (no layout):  median {command:.2f} s of {[round(c, 2) for c in commands]}"
    )
    print(f"   ratio {click / command:.2f} (target ≤ 1.3)")


def pages_while_jobs_run(server: Server) -> None:
    """Figure 2: the three pages, loaded over and over while two sweeps run."""
    user = User(server.address, "pages")
    result = user.wait(user.start("/scenarios/bundled:baseline/run"))["result"]
    scenario = str(user.post("/scenarios/new", source="bundled:baseline", name="pages").url)
    sweeps = [user.start(f"/scenarios/bundled:{name}/sweep", samples="60", seed="1")
              for name in ("baseline", "demand-surge")]  # fmt: skip
    user.latencies.clear()
    times: dict[str, list[float]] = {"scenario list": [], "editor": [], "result view": []}
    running = True
    while running:
        for name, path in (("scenario list", "/"), ("editor", scenario), ("result view", result)):
            began = time.perf_counter()
            user.get(path)
            times[name].append(time.perf_counter() - began)
        states = [user.get(f"/jobs/{s}/status").json()["status"] for s in sweeps]
        running = sum(s in ("queued", "running") for s in states) == 2
    every = [t for values in times.values() for t in values]
    print(
        f"2. pages while two jobs run ({len(every)} loads): p95 {1000 * percentile(every, 0.95):.0f} ms (target ≤ 200)"
    )
    for name, values in times.items():
        print(
            f"   {name}: p50 {1000 * statistics.median(values):.0f} ms, p95 {1000 * percentile(values, 0.95):.0f} ms ({len(values)} loads)"
        )
    for sweep in sweeps:
        user.post(f"/jobs/{sweep}/cancel")


def simulated_users(server: Server, users: int) -> None:
    """Figure 3: each user derives a variant with a lock of its own, runs it and reads it."""
    from landplan.inputs.catalog import load_catalog

    clusters = list(load_catalog().clusters.index)
    outcome: dict[int, dict] = {}
    errors: list[str] = []
    people: list[User] = []

    def work(k: int) -> None:
        try:
            user = User(server.address, f"user-{k}")
            people.append(user)
            editor = str(
                user.post("/scenarios/new", source="bundled:baseline", name=f"variant-{k}").url
            )
            sid = editor.rstrip("/").rsplit("/", 1)[-1].split("#")[0]
            user.post(f"/scenarios/{sid}/place", kind="locks", cluster=clusters[k % len(clusters)],
                      park=LOCK_PARKS[k % len(LOCK_PARKS)])  # fmt: skip
            status = user.wait(user.start(f"/scenarios/{sid}/run"))
            page = user.get(status["result"]) if status["result"] else None
            outcome[k] = {"status": status, "page": page.text if page else ""}
        except Exception as exc:  # counted and shown: the figure is how many go wrong
            errors.append(f"user {k}: {type(exc).__name__}: {exc}")

    began = time.perf_counter()
    threads = [threading.Thread(target=work, args=(k,)) for k in range(users)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - began
    from landplan.web.store import Store, results

    store = Store(server.data, migrate=False)
    mixed = 0
    for k, found in outcome.items():
        rid = (found["status"].get("result") or "").rsplit("/", 1)[-1]
        row = store.one(results, rid) if rid else None
        resolved = yaml.safe_load(row["resolved_yaml"]) if row else {}
        lock = {"cluster": clusters[k % len(clusters)], "park": LOCK_PARKS[k % len(LOCK_PARKS)]}
        if not row or row["who"] != f"user-{k}" or resolved.get("name") != f"variant-{k}" or not any(
            {key: item.get(key) for key in ("cluster", "park")} == lock for item in resolved.get("locks", [])
        ):  # fmt: skip
            mixed += 1
    done = sum(1 for found in outcome.values() if found["status"]["status"] == "done")
    latencies = [t for user in people for t in user.latencies]
    print(
        f"3. {users} simulated users, each deriving, locking, running and reading a variant: {wall:.1f} s"
    )
    print(
        f"   runs done and stored: {done} of {users}; lost or mixed up: {users - len(outcome) + mixed}; errors: {len(errors)}"
    )
    checks = [t for user in people for t in user.checks]
    for what, times in (("pages (GET)", latencies), ("forms (POST: derive, lock, run)", checks)):
        print(
            f"   {what} meanwhile: p50 {1000 * statistics.median(times):.0f} ms, p95 "
            f"{1000 * percentile(times, 0.95):.0f} ms, slowest {1000 * max(times):.0f} ms "
            f"({len(times)} requests)"
        )
    for error in errors[:5]:
        print("   ", error)


def memory_over_runs(server: Server, runs: int) -> None:
    """Figure 4: the server's RSS as runs accumulate (each result page read once)."""
    user = User(server.address, "memory")
    marks = sorted({1, 10, runs // 4, runs // 2, 3 * runs // 4, runs} - {0})
    sizes = []
    pending: list[str] = []
    for n in range(1, runs + 1):
        pending.append(user.start("/scenarios/bundled:baseline/run"))
        if len(pending) == 2 or n == runs:  # two at a time, as the server runs them
            for job in pending:
                user.get(user.wait(job)["result"])
            pending.clear()
        if n in marks:
            sizes.append((n, server.rss_mb()))
    print(f"4. server RSS over {runs} runs: " + ", ".join(f"{n}: {mb:.0f} MB" for n, mb in sizes))
    first_after_warm = next(mb for n, mb in sizes if n >= 10)
    print(f"   growth from run 10 to run {runs}: {sizes[-1][1] - first_after_warm:+.0f} MB")


#: The trade-off whose points are clicked: the baseline to a loose gap (the front's solves are
#: not what figure 5 measures), two objectives, six points.
TRADED = "name: traded\nextends: baseline\nsolver: {gap: 0.05}\n"
POINT_CLICKS = 5


def point_to_map(server: Server) -> None:
    """Figure 5, in Chromium: a point of the front clicked on the Trade-offs page → its plan's
    map shown (Leaflet's container visible), each click from the page freshly loaded."""
    from playwright.sync_api import sync_playwright

    user = User(server.address, "points")
    began = time.perf_counter()
    answer = user.client.post(
        "/scenarios/import",
        data={"csrf": user.token},
        files={"file": ("traded.yaml", TRADED.encode(), "application/yaml")},
    )
    answer.raise_for_status()
    sid = str(answer.url).rstrip("/").rsplit("/", 1)[-1]
    job = user.start(f"/scenarios/{sid}/tradeoff", objectives=["suitability", "balance"],
                     method="epsilon", points="6")  # fmt: skip
    status = user.wait(job)
    if status["status"] != "done":
        raise RuntimeError(f"the trade-off did not finish: {status}")
    result = server.address + status["result"]
    made = time.perf_counter() - began
    clicks: list[float] = []
    with sync_playwright() as playwright:
        browser, page = offline_page(playwright, server)
        for k in range(POINT_CLICKS):
            page.goto(result)
            dots = page.locator('figure.front-chart a.dot circle[r="6"]')
            dot = dots.nth(k % dots.count())
            dot.scroll_into_view_if_needed()
            began = time.perf_counter()
            dot.click()
            page.wait_for_url(re.compile(r".*/files/point_\d+\.html$"))
            page.locator(".leaflet-container").wait_for(state="visible")
            clicks.append(time.perf_counter() - began)
        browser.close()
    click = statistics.median(clicks)
    print(f"5. a point of the front clicked → its plan's map shown: median {click:.2f} s of "
          f"{[round(c, 2) for c in clicks]} (target ≤ 1 s; the front of 6 points: {made:.1f} s)")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--skip", default="")
    parser.add_argument("--port", type=int, default=0, help="the server's (0: a free one)")
    args = parser.parse_args()
    skip = set(filter(None, args.skip.split(",")))
    figures = (("click", lambda s: click_to_map(s, args.repeat)), ("pages", pages_while_jobs_run),
               ("users", lambda s: simulated_users(s, args.users)),
               ("memory", lambda s: memory_over_runs(s, args.runs)),
               ("point", point_to_map))  # fmt: skip
    for name, figure in figures:
        if name in skip:
            continue
        with tempfile.TemporaryDirectory() as data:
            server = Server(Path(data), port=args.port)
            try:
                figure(server)
            finally:
                server.stop()
        sys.stdout.flush()


if __name__ == "__main__":
    main()
