"""Run folders never lose or swallow data: a command never replaces what it was only asked to
read, keeps what landplan did not write, refuses a damaged or tampered folder in one line before
any work, and lets one writer at a time into a folder."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from command import landplan_cmd as run
from command import landplan_here
from conftest import tiny_parks

import landplan
from landplan.analysis.specs import SweepSpec
from landplan.inputs.parcels import grid_parcels, read_parcels
from landplan.progress import Report


def snapshot(folder: Path) -> dict[str, bytes | str]:
    """Every entry below ``folder``: a file's bytes, a link's target, a folder's mark."""
    found: dict[str, bytes | str] = {}
    for path in sorted(folder.rglob("*")):
        key = str(path.relative_to(folder))
        if path.is_symlink():
            found[key] = f"-> {os.readlink(path)}"
        elif path.is_dir():
            found[key] = "folder"
        else:
            found[key] = path.read_bytes()
    return found


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    """Two scenarios over two small parks, run once and laid out: (folder of the scenario
    files, out folder with ``a/`` and ``b/``)."""
    here = tmp_path_factory.mktemp("small")
    tiny_parks().to_file(here / "parks.geojson")
    coarse = "layout: {cell_ha: 16}\n"  # a few parcels a tier: the layouts are quick
    (here / "a.yaml").write_text("name: a\ndata: {parks: parks.geojson}\n" + coarse)
    (here / "b.yaml").write_text("name: b\ndata: {parks: parks.geojson}\nrules: {clusters_per_park: 3}\n" + coarse)  # fmt: skip
    out = here / "out"
    made = landplan_here("run", str(here / "a.yaml"), str(here / "b.yaml"), "--layout", "--workers", "1", "--out", str(out), "-q")  # fmt: skip
    assert made.returncode == 0, made.stderr
    return here, out


def copy_of(folder: Path, tmp_path: Path) -> Path:
    copy = tmp_path / folder.name
    shutil.copytree(folder, copy, symlinks=True)
    return copy


def test_compare_never_rewrites_the_runs_it_was_asked_to_read(small):
    here, out = small
    before = snapshot(out / "a")
    result = landplan_here("compare", str(here / "a.yaml"), str(out / "b"), "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert snapshot(out / "a") == before  # its layout, map and all: untouched
    folder = out / "compare-a-vs-b"
    assert (folder / "runs" / "a" / "allocation.csv").is_file()
    assert (folder / "runs" / "b" / "layout.csv").is_file()  # the folder compared, copied whole


def test_a_layout_keeps_the_planners_files_and_never_follows_a_link(small, tmp_path):
    _, out = small
    folder = copy_of(out / "a", tmp_path)
    (folder / "notes").mkdir()
    (folder / "notes" / "todo.txt").write_text("ask the district")
    outside = tmp_path / "secret.txt"
    outside.write_text("not for the run folder")
    (folder / "elsewhere.txt").symlink_to(outside)
    result = landplan_here("layout", str(folder), "--cell-ha", "2", "--workers", "1", "-q")
    assert result.returncode == 0, result.stderr
    assert (folder / "notes" / "todo.txt").read_text() == "ask the district"
    assert (folder / "elsewhere.txt").is_symlink() and os.readlink(folder / "elsewhere.txt") == str(outside)  # fmt: skip
    assert "cell_ha: 2.0" in (folder / "scenario.resolved.yaml").read_text()


def test_a_file_of_the_run_that_is_a_link_is_refused_and_nothing_changes(small, tmp_path):
    _, out = small
    folder = copy_of(out / "a", tmp_path)
    (tmp_path / "kpis.json").write_text((folder / "kpis.json").read_text())
    (folder / "kpis.json").unlink()
    (folder / "kpis.json").symlink_to(tmp_path / "kpis.json")
    before = snapshot(folder)
    for command in (("layout", str(folder), "--workers", "1"), ("map", str(folder))):
        result = run(*command)
        assert result.returncode == 2 and "Traceback" not in result.stderr
        assert "kpis.json" in result.stderr and "is a link" in result.stderr
    assert snapshot(folder) == before


def test_an_interrupted_sweep_never_replaces_a_complete_one(small, tmp_path):
    here, _ = small
    scenario = landplan.load_scenario(here / "a.yaml")
    spec = SweepSpec(samples=3, seed=1)
    one = landplan.Executor(workers=1)
    complete = landplan.sweep_scenario(scenario, spec, executor=one, out=tmp_path).folder
    before = snapshot(complete)

    def stop(report: Report) -> None:
        if report.done:  # Ctrl-C once the first sample is done
            raise KeyboardInterrupt

    cut = landplan.sweep_scenario(scenario, spec, executor=one, out=tmp_path, progress=stop)
    assert cut.interrupted and cut.folder == tmp_path / "a-sweep-partial"
    assert snapshot(complete) == before
    record = json.loads((cut.folder / "sweep.json").read_text())
    assert record["complete"] is False and record["samples_done"] == 1


@pytest.mark.parametrize("place", ["/dev/zero", "fifo", "folder", "missing.geojson"])
def test_a_resolved_scenario_naming_what_is_not_a_file_is_refused_quickly(small, tmp_path, place):
    _, out = small
    folder = copy_of(out / "a", tmp_path)
    if place == "fifo":
        os.mkfifo(tmp_path / "fifo")
    if place == "folder":
        (tmp_path / "folder").mkdir()
    path = place if place.startswith("/") else str(tmp_path / place)
    resolved = folder / "scenario.resolved.yaml"
    text = resolved.read_text()
    parks_line = next(line for line in text.splitlines() if line.startswith("  parks:"))
    resolved.write_text(text.replace(parks_line, f"  parks: {path}"))
    result = subprocess.run(
        [sys.executable, "-m", "landplan", "layout", str(folder), "--workers", "1"],
        capture_output=True, text=True, timeout=60, env={"PATH": "/usr/bin:/bin", "COLUMNS": "200"},
    )  # fmt: skip
    assert result.returncode == 2 and "Traceback" not in result.stderr, result.stderr
    assert path in result.stderr


def test_a_relative_path_in_a_resolved_scenario_starts_from_the_run_folder(small, tmp_path):
    here, out = small
    folder = copy_of(out / "a", tmp_path)
    shutil.copy(here / "parks.geojson", folder / "parks.geojson")
    resolved = folder / "scenario.resolved.yaml"
    text = resolved.read_text()
    parks_line = next(line for line in text.splitlines() if line.startswith("  parks:"))
    resolved.write_text(text.replace(parks_line, "  parks: parks.geojson"))
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    result = landplan_here("layout", str(folder), "--workers", "1", "-q", cwd=elsewhere)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    "change, words",
    [
        (("allocation.csv", "land_km2", "-5"), "line 2: field 'land_km2'"),
        (("allocation.csv", "land_km2", "nan"), "line 2: field 'land_km2'"),
        (("allocation.csv", "land_km2", "inf"), "line 2: field 'land_km2'"),
        (("allocation.csv", "land_km2", "1e308"), "line 2: field 'land_km2'"),
        (
            ("allocation.csv", "park_id", "P9"),
            "line 2: field 'park_id': no starting area of park 'P9'",
        ),  # fmt: skip
        (("allocation.csv", "cluster_id", "spaceships"), "field 'cluster_id': unknown industry"),
        (("kpis.json", "gap", "abc"), "field 'gap'"),
        (("kpis.json", "nested", None), "nested too deeply"),
    ],
)
def test_a_tampered_run_folder_is_refused_in_one_line_before_any_work(small, tmp_path, change, words):  # fmt: skip
    _, out = small
    folder = copy_of(out / "a", tmp_path)
    name, field, value = change
    if name == "allocation.csv":
        lines = (folder / name).read_text().splitlines()
        header = lines[0].split(",")
        cells = lines[1].split(",")
        cells[header.index(field)] = value
        (folder / name).write_text("\n".join([lines[0], ",".join(cells), *lines[2:]]) + "\n")
    elif value is None:
        (folder / name).write_text('{"scenario": "a", "status": "feasible", "x": ' + "[" * 5000 + "]" * 5000 + "}")  # fmt: skip
    else:
        kpis = json.loads((folder / name).read_text())
        kpis[field] = value
        (folder / name).write_text(json.dumps(kpis))
    before = snapshot(folder)
    for command in (("map", str(folder)), ("layout", str(folder), "--workers", "1")):
        result = landplan_here(*command)
        assert result.returncode == 2 and "Traceback" not in result.stderr, result.stderr
        message = " ".join(result.stderr.split())
        assert name in message and words in message, message
    result = landplan_here("compare", str(folder), str(out / "b"), "--out", str(tmp_path / "cmp"))
    assert result.returncode == 2 and words in " ".join(result.stderr.split())
    assert snapshot(folder) == before


def test_a_second_run_into_a_folder_being_written_is_refused(small, tmp_path):
    here, _ = small
    slow = tmp_path / "a.yaml"  # scenario a on 4 ha cells: a layout of some seconds
    slow.write_text(f"name: a\ndata: {{parks: {here / 'parks.geojson'}}}\n")
    first = subprocess.Popen(
        [sys.executable, "-m", "landplan", "run", str(slow), "--layout",
         "--workers", "1", "--out", str(tmp_path), "-q"],
        stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    lock = tmp_path / ".a.lock"
    for _ in range(300):  # the first holds the folder from before its solve
        if lock.exists() or first.poll() is not None:
            break
        time.sleep(0.05)
    second = run("run", str(here / "a.yaml"), "--out", str(tmp_path), "-q")
    assert first.wait(timeout=120) == 0, first.stderr.read() if first.stderr else ""
    assert second.returncode == 2 and "being written by another landplan process" in second.stderr
    assert not lock.exists()


def children_of(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


@pytest.mark.skipif(sys.platform != "linux", reason="parent-death signals are Linux's")
def test_layout_workers_die_with_a_killed_parent(baseline_run, tmp_path):
    folder = copy_of(baseline_run, tmp_path)
    parent = subprocess.Popen(
        [sys.executable, "-m", "landplan", "layout", str(folder), "--workers", "2", "-q"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    workers: list[int] = []
    for _ in range(600):
        workers = children_of(parent.pid)
        if len(workers) >= 2 or parent.poll() is not None:
            break
        time.sleep(0.05)
    assert len(workers) >= 2, "the workers did not start"
    parent.send_signal(signal.SIGKILL)
    parent.wait()
    for _ in range(200):
        if not any(Path(f"/proc/{pid}").exists() for pid in workers):
            break
        time.sleep(0.05)
    alive = [pid for pid in workers if Path(f"/proc/{pid}").exists()]
    assert not alive, f"workers {alive} outlived their parent"


def test_landplans_own_parcels_read_back_as_a_planners(write_layer):
    tiers = landplan.load_parks()
    tiers = tiers[tiers["park_id"].isin(["BA-01", "EC-01", "LH-02"])]
    grid = grid_parcels(tiers, 4.0).frame
    path = write_layer(grid.drop(columns="geometry_status").to_crs(4326), "parcels.gpkg")
    assert len(read_parcels(path, tiers).frame) == len(grid)


def test_a_scheduler_that_is_not_one_is_said_in_one_line_within_seconds():
    with pytest.raises(landplan.InputError, match="not a Dask scheduler address"):
        landplan.Executor("dask", scheduler="tcp://10.0.0.5:99999")
    silent = socket.socket()  # accepts, then says nothing: no scheduler at all
    silent.bind(("127.0.0.1", 0))
    silent.listen()
    threading.Thread(target=lambda: silent.accept(), daemon=True).start()
    began = time.monotonic()
    result = run(
        "sweep", "baseline", "--samples", "2", "--executor", "dask", "--scheduler",
        f"tcp://127.0.0.1:{silent.getsockname()[1]}", "-q",
    )  # fmt: skip
    silent.close()
    assert result.returncode == 2 and "no Dask scheduler answers" in result.stderr
    assert time.monotonic() - began < 30 and "Traceback" not in result.stderr
