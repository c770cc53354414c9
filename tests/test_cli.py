"""`landplan info`: the table on the bundled data, and a clean error on bad input."""

from __future__ import annotations

from command import landplan_cmd as run


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
    result = run("info", "--parks", str(bad))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.strip().count("\n") == 0
    assert "feature 1" in result.stderr and "geometry" in result.stderr


def test_run_prints_an_honest_status_and_the_plan(tmp_path):
    result = run("run", "baseline", "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    status = " ".join(result.stdout.split("Status:")[1].split("Objective")[0].split())
    assert "optimal" in status or (
        "% of the best possible plan (bound" in status and "certified" in status
    )
    assert "Running HiGHS" not in result.stdout  # the solver's banner stays out of the output
    assert "Allocation by park" in result.stdout and "greedy plan" in result.stdout
    assert f"map: {tmp_path / 'baseline' / 'map.html'}" in " ".join(result.stdout.split())


def test_run_with_an_unknown_solver_fails_cleanly(tmp_path):
    result = run("run", "baseline", "--solver", "gurobi", "--out", str(tmp_path))
    assert result.returncode == 2
    assert "field 'name'" in result.stderr and "'highs', 'scip' or 'cbc'" in result.stderr
    assert "Traceback" not in result.stderr and not (tmp_path / "baseline").exists()
