"""Shared fixtures: small, hand-made layers and tables to break in tests."""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
from pathlib import Path

import geopandas as gpd
import pytest
from command import landplan_cmd
from shapely.geometry import box


def tiny_parks() -> gpd.GeoDataFrame:
    """Two parks of three tiers each, side by side in Bao'an, in WGS-84."""
    rows = []
    for p, (park_id, x0) in enumerate([("P1", 113.80), ("P2", 113.83)]):
        for t, tier in enumerate(("starting", "expansion", "reserve")):
            left = x0 + t * 0.01
            rows.append(
                {
                    "park_id": park_id,
                    "name_en": f"Park {p + 1}",
                    "name_zh": f"园区{p + 1}",
                    "district": "Bao'an",
                    "tier": tier,
                    "industrial_land_km2": 0.5,
                    "geometry": box(left, 22.70, left + 0.01, 22.71),
                }
            )
    return gpd.GeoDataFrame(rows, crs="EPSG:4326")


#: The test files that take longest (their runs, browsers, notebooks): started first, so that the
#: two workers (``--dist loadfile``) end together instead of one waiting on a long last file.
LONGEST_FIRST = (
    "test_notebooks.py",
    "test_run_folders.py",
    "web/test_browser.py",
    "maps/test_browser.py",
    "web/test_map_first.py",
    "test_scenario_runs.py",
    "test_layout_cli.py",
    "web/test_fuzzed_requests.py",
    "test_fuzzed_run_folders.py",
    "qgis/test_plugin.py",
)


#: What makes a test heavy (a browser, a PostgreSQL server, QGIS, the notebooks): ``make
#: test-fast`` leaves those out (``-m "not heavy"``); ``make test`` and CI run them.
HEAVY_FIXTURES = {"browser", "postgres", "qgis"}
HEAVY_FILES = ("test_notebooks.py",)


def pytest_collection_modifyitems(items):
    for item in items:
        heavy = HEAVY_FIXTURES & set(getattr(item, "fixturenames", ()))
        if heavy or item.path.name in HEAVY_FILES:
            item.add_marker(pytest.mark.heavy)

    def rank(item) -> int:
        path = item.path.as_posix()
        return next(
            (i for i, name in enumerate(LONGEST_FIRST) if path.endswith(name)), len(LONGEST_FIRST)
        )

    items.sort(key=rank)  # stable: each file's tests keep their order


@pytest.fixture
def parks_frame() -> gpd.GeoDataFrame:
    return tiny_parks()


@pytest.fixture
def write_layer(tmp_path):
    """Write a GeoDataFrame to a file in tmp_path and return the path."""

    def write(frame: gpd.GeoDataFrame, name: str = "parks.geojson"):
        path = tmp_path / name
        frame.to_file(path)
        return path

    return write


def made_once(tmp_path_factory, name: str, make) -> Path:
    """A folder that ``make(folder)`` fills once for the whole test session, whichever worker asks
    for it first (the others wait for it and share it: it is read, never changed)."""
    base = tmp_path_factory.getbasetemp()
    root = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base  # shared by workers
    folder = root / f"shared-{name}"
    with open(root / f"shared-{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (root / f"shared-{name}.made").exists():
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir()
            make(folder)
            (root / f"shared-{name}.made").touch()
    return folder


@pytest.fixture(scope="session")
def baseline_run(tmp_path_factory):
    """A baseline run folder, written by the command as a planner would (to a loose gap: the
    tests using it are about files, not plans). Copy it before changing anything in it."""

    def make(out: Path) -> None:
        result = landplan_cmd("run", "baseline", "--out", str(out), "--gap", "0.05", "-q")
        assert result.returncode == 0, result.stderr

    return made_once(tmp_path_factory, "baseline", make) / "baseline"


@pytest.fixture(scope="session")
def laid_out(baseline_run, tmp_path_factory):
    """The baseline run folder laid out by ``landplan layout`` on coarse 12 ha cells (about
    140 parcels a park, for speed), and what the command printed (its progress on stderr). Copy
    it before changing it."""

    def make(here: Path) -> None:
        shutil.copytree(baseline_run, here / "baseline")
        result = landplan_cmd("layout", str(here / "baseline"), "--cell-ha", "12", "--workers", "1")
        assert result.returncode == 0, result.stderr
        (here / "printed.txt").write_text(result.stdout, encoding="utf-8")
        (here / "told.txt").write_text(result.stderr, encoding="utf-8")

    here = made_once(tmp_path_factory, "laid", make)
    printed = (here / "printed.txt").read_text(encoding="utf-8")
    told = (here / "told.txt").read_text(encoding="utf-8")
    return here / "baseline", subprocess.CompletedProcess(["layout"], 0, printed, told)


@pytest.fixture(scope="session")
def analyses(tmp_path_factory):
    """A sweep (four samples) and an exploration (two alternatives, with replacement importance)
    of the small scenario (tests/small.py), written as the workbench's jobs write them: their
    folders by kind. Copy one before changing it."""

    def make(out: Path) -> None:
        from small import small_scenario

        import landplan
        from landplan.analysis.specs import ExploreSpec, SweepSpec

        scenario = small_scenario(out)
        one = landplan.Executor(workers=1)
        landplan.sweep_scenario(scenario, SweepSpec(samples=4, seed=7), executor=one, out=out)
        spec = ExploreSpec(alternatives=2, share=0.2, min_difference=2)
        landplan.explore_scenario(scenario, spec, out=out)

    folder = made_once(tmp_path_factory, "analyses", make)
    return {"sweep": folder / "small-sweep", "explore": folder / "small-explore"}


def stored_analysis(bench, folder: Path, kind: str, scenario_id: str | None) -> str:
    """A copy of a sweep's or an exploration's ``folder`` (``kind``) as a result in the
    workbench ``bench``, made by the planner from the scenario "mine"; its id."""
    from landplan.web import worker
    from landplan.web.store import DEFAULT_PROJECT, new_id, now, results

    rid = new_id()
    shutil.copytree(folder, bench.folders.results / rid)
    bench.store.insert(results, id=rid, project_id=DEFAULT_PROJECT, kind=kind, job_id=None,
                       scenario_id=scenario_id, scenario_name="mine", status=worker.COMPLETE,
                       figures="{}", resolved_yaml="", data_sha256="{}", versions="{}",
                       compared="[]", source="workbench", who="planner", created_at=now())  # fmt: skip
    return rid


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium through Playwright, for the browser tests of a file."""
    from browser import need_chromium

    executable = need_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=["--no-sandbox"])
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def postgres():
    """A real PostgreSQL server for this test session (see tests/postgres.py)."""
    from postgres import need_postgres, temporary_postgres

    with temporary_postgres(need_postgres()) as server:
        yield server
