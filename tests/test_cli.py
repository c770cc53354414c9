"""`landplan info`: the table on the bundled data, and a clean error on bad input."""

from __future__ import annotations

import json
import shutil
import signal
import subprocess
import sys
import time

from command import landplan_cmd as run
from command import landplan_here


def test_info_shows_20_parks_60_tiers_and_the_totals():
    result = run("info")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "20 parks" in out and "60 tiers" in out
    total = next(line for line in out.splitlines() if "Total:" in line)
    cells = [c.strip() for c in total.split("│") if c.strip()]
    starting, expansion, reserve, industrial, gross = (float(c) for c in cells[-5:])
    assert starting >= 32
    assert (
        industrial == starting + expansion + reserve
        or abs(industrial - (starting + expansion + reserve)) < 0.02
    )
    assert abs(industrial - 60) <= 1.2 and abs(gross - 300) <= 6
    assert "SCHEMATIC" in out


def test_info_bad_layer_gives_one_line_and_exit_2(tmp_path):
    bad = tmp_path / "parks.geojson"
    bad.write_text(
        '{"type": "FeatureCollection", "features": [{"type": "Feature", '
        '"properties": {"park_id": "X"}, "geometry": {"type": "Point", "coordinates": [114, 22.6]}}]}'
    )
    result = landplan_here("info", "--parks", str(bad))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.strip().count("\n") == 0
    assert "feature 1" in result.stderr and "geometry" in result.stderr


def test_run_prints_an_honest_status_and_the_plan(tmp_path):
    result = run("run", "baseline", "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    status = " ".join(result.stdout.split("Status:")[1].split("Objective")[0].split())
    assert "optimal" in status or (
        "points above this one" in status and "points at stake" in status and "certified" in status
    )
    assert "Running HiGHS" not in result.stdout  # the solver's banner stays out of the output
    assert "Allocation by park" in result.stdout and "greedy plan" in result.stdout
    assert f"map: {tmp_path / 'baseline' / 'map.html'}" in " ".join(result.stdout.split())


def test_run_with_an_unknown_solver_fails_cleanly(tmp_path):
    result = landplan_here("run", "baseline", "--solver", "gurobi", "--out", str(tmp_path))
    assert result.returncode == 2
    assert "field 'solver.name'" in result.stderr and "'highs' or 'scip'" in result.stderr
    assert "Traceback" not in result.stderr and not (tmp_path / "baseline").exists()


def test_compare_never_writes_outside_out(tmp_path, baseline_run):
    """A run folder whose kpis.json names its scenario ``../../x`` (a hostile or broken file)."""
    out = tmp_path / "deep" / "out"
    shutil.copytree(baseline_run, out / "baseline")
    copy = tmp_path / "copy"
    shutil.copytree(baseline_run, copy)
    kpis = json.loads((copy / "kpis.json").read_text())
    kpis["scenario"] = "../../../victim"
    (copy / "kpis.json").write_text(json.dumps(kpis))
    victim = tmp_path / "victim"
    victim.mkdir()
    (victim / "keep.txt").write_text("mine")
    result = landplan_here("compare", str(out / "baseline"), str(copy), "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert (victim / "keep.txt").read_text() == "mine"
    made = [p for p in out.iterdir() if p.name.startswith("compare-")]
    assert len(made) == 1 and "/" not in made[0].name


def test_ctrl_c_stops_a_solve_promptly_and_keeps_the_old_results(tmp_path, baseline_run):
    """Ctrl-C sent inside the search (after its progress says the proof has begun, a search of
    a minute or more) ends landplan within a second or so, exit code 130, nothing written; and
    so even when landplan was started with SIGINT ignored, as a script's background job is."""
    shutil.copytree(baseline_run, tmp_path / "baseline")
    before = (tmp_path / "baseline" / "allocation.csv").read_bytes()
    process = subprocess.Popen(
        [sys.executable, "-m", "landplan", "run", "baseline", "--out", str(tmp_path),
         "--gap", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_IGN),
    )  # fmt: skip
    assert process.stderr is not None
    said = ""
    while "baseline: proof" not in said:
        line = process.stderr.readline()
        assert line, f"the run ended before its proof began: {said}"
        said += line
    time.sleep(1.0)  # well inside the search
    assert process.poll() is None
    process.send_signal(signal.SIGINT)
    began = time.perf_counter()
    _, err = process.communicate(timeout=60)
    assert time.perf_counter() - began < 2.0
    assert process.returncode == 130 and "interrupted" in err and "Traceback" not in err
    assert "terminate called" not in err  # no solver left running as Python shut down
    assert (tmp_path / "baseline" / "allocation.csv").read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["baseline"]


def test_names_are_never_evaluated_as_templates(tmp_path):
    """A park name that is a Jinja expression (it once ran Python through the map writer)."""
    import geopandas as gpd

    import landplan

    marker = tmp_path / "PWNED"
    parks = landplan.load_parks()
    payload = "{{lipsum.__globals__.os.mkdir(dict(PWNED=1).popitem()[0])}}{{6+36}}"
    parks.loc[parks["park_id"] == "BA-01", "name_en"] = payload
    gpd.GeoDataFrame(parks).drop(columns=["area_km2"]).to_file(tmp_path / "parks.geojson")
    (tmp_path / "x.yaml").write_text(
        f"name: x{{{{6+36}}}}\nextends: {landplan.bundled_scenarios()['baseline']}\n"
        "data: {parks: parks.geojson}\n"
    )
    result = landplan_here("run", "x.yaml", "--out", "out", "--gap", "0.05", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert not marker.exists()
    page = (tmp_path / "out" / "x{{6+36}}" / "map.html").read_text()
    assert "x{{6+36}}" in page and "x42" not in page and payload in page


def test_a_damaged_run_folder_is_refused_in_words(tmp_path, baseline_run):
    folder = tmp_path / "baseline"
    shutil.copytree(baseline_run, folder)
    for damage in ("[]", '{"scenario": 5}', "\xff\xfe"):
        (folder / "kpis.json").write_bytes(damage.encode("latin-1"))
        result = landplan_here("map", str(folder))
        assert result.returncode == 2 and "kpis.json" in result.stderr, result.stderr
        assert "Traceback" not in result.stderr
