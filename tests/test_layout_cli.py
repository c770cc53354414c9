"""Laying a run out on parcels, as a planner does it: `landplan layout`, `landplan run --layout`,
and what lands in the run folder."""

from __future__ import annotations

import json
import shutil
import sqlite3
from contextlib import closing

import geopandas as gpd
import pandas as pd
import pytest
import shapely
from command import landplan_here as run

import landplan
from landplan.assembly import layout_parcels
from landplan.layout.problem import layout_faults


def test_layout_adds_its_files_to_the_baseline_run(laid_out):
    folder, result = laid_out
    assert "Layout by park" in result.stdout and "Traceback" not in result.stderr
    summary = pd.read_csv(folder / "layout.csv")
    assert list(summary.columns) == list(landplan.layout_summary.__globals__["LAYOUT_COLUMNS"])
    assert set(summary["park_id"]) == set(pd.read_csv(folder / "allocation.csv")["park_id"])
    assert "layout" in json.loads((folder / "kpis.json").read_text())
    assert "landplan-parcel" in (folder / "map.html").read_text()
    with closing(sqlite3.connect(folder / "results.gpkg")) as db:
        styles = db.execute(
            "SELECT styleQML, useAsDefault FROM layer_styles WHERE f_table_name = 'parcels'"
        ).fetchall()
        registered = db.execute(
            "SELECT data_type FROM gpkg_contents WHERE table_name = 'layer_styles'"
        ).fetchone()
    assert len(styles) == 1 and styles[0][1] == 1 and registered == ("attributes",)
    assert 'attr="cluster_id"' in styles[0][0] and "new_energy" in styles[0][0]


def test_layout_tells_each_park_as_it_is_done_with_its_gap(laid_out):
    folder, result = laid_out
    summary = pd.read_csv(folder / "layout.csv").groupby("park_id").first()
    lines = result.stderr.splitlines()
    for park, row in summary.iterrows():
        said = (
            f"{park}: {row['park_status']}, gap {100 * row['park_gap']:.1f} % to the proven bound"
        )
        assert any(line.startswith(said) and "parcels" in line for line in lines), said


def test_land_laid_out_matches_the_plan_and_no_parcel_is_used_twice(laid_out):
    folder, _ = laid_out
    parcels = gpd.read_file(folder / "results.gpkg", layer="parcels")
    assert parcels["parcel_id"].is_unique
    projected = parcels.to_crs(landplan.load_parks().estimate_utm_crs())
    union = shapely.union_all(projected.geometry.values)
    assert projected.geometry.area.sum() == pytest.approx(union.area, rel=1e-6)  # no overlaps
    held = parcels[parcels["cluster_id"].fillna("") != ""]
    laid = held.groupby(["park_id", "cluster_id", "tier"])["area_km2"].sum()
    plan = pd.read_csv(folder / "allocation.csv").set_index(["park_id", "cluster_id", "tier"])
    half = parcels["area_km2"].max() / 2
    for key, planned in plan["land_km2"].items():
        assert abs(laid.get(key, 0.0) - planned) <= half + 1e-6, key
    assert set(laid.index) <= set(plan.index)


def test_contiguity_puts_each_industry_in_one_block_per_group_of_touching_tiers(baseline_run):
    scenario = landplan.load_scenario("baseline").with_settings(
        {"layout": {"cell_ha": 8.0, "contiguity": True}}
    )
    plan = pd.read_csv(baseline_run / "allocation.csv")
    plan = plan[plan["park_id"].isin(["BA-01", "LG-02", "PS-01"])]
    links = landplan.load_catalog().links
    parcels = layout_parcels(scenario, landplan.load_parks(), landplan.load_pack())
    one = landplan.Executor(workers=1)
    layout = landplan.lay_out(parcels, plan, links, scenario.layout, scenario.solver, executor=one)
    for problem, result in zip(layout.problems, layout.results, strict=True):
        assert problem.contiguity and result.objective is not None
        assert not layout_faults(problem, result.owner)
        groups = {c: len(problem.touching_groups((c,))) for c in problem.clusters}
        blocks = landplan.layout_summary(layout).set_index(["park_id", "cluster_id"])["blocks"]
        assert all(blocks[problem.park_id, c] <= groups[c] for c in problem.clusters)


def test_the_same_layout_whatever_the_number_of_workers(baseline_run):
    scenario = landplan.load_scenario("baseline").with_settings({"layout": {"cell_ha": 16.0}})
    plan = pd.read_csv(baseline_run / "allocation.csv")
    plan = plan[plan["park_id"].isin(["BA-01", "GM-02", "LH-03", "PS-01"])]
    parcels = layout_parcels(scenario, landplan.load_parks(), landplan.load_pack())
    links = landplan.load_catalog().links
    tables = [
        landplan.layout_summary(
            landplan.lay_out(
                parcels, plan, links, scenario.layout, scenario.solver,
                executor=landplan.Executor(workers=workers),
            )
        )
        for workers in (1, 2)
    ]  # fmt: skip
    pd.testing.assert_frame_equal(tables[0], tables[1])


def test_a_broken_parcel_layer_is_refused_before_anything_changes(baseline_run, tmp_path):
    folder = tmp_path / "baseline"
    shutil.copytree(baseline_run, folder)
    before = (folder / "map.html").read_bytes()
    tiers = landplan.load_parks()
    cells = landplan.grid_parcels(tiers[tiers["park_id"] == "BA-01"], cell_ha=16.0).frame
    cells = cells[["parcel_id", "park_id", "tier", "geometry"]].to_crs(4326)
    cells.loc[cells.index[3], "park_id"] = "BA-1"
    cells.to_file(tmp_path / "parcels.geojson")
    result = run("layout", str(folder), "--parcels", str(tmp_path / "parcels.geojson"))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    message = " ".join(result.stderr.split())
    assert "parcels.geojson" in message and "feature 4" in message and "field 'park_id'" in message
    assert "did you mean 'BA-01'" in message.lower() or "BA-01" in message
    assert (folder / "map.html").read_bytes() == before and not (folder / "layout.csv").exists()


def test_parcels_that_cannot_hold_the_plan_are_named_by_park_before_solving(baseline_run, tmp_path):
    folder = tmp_path / "baseline"
    shutil.copytree(baseline_run, folder)
    tiers = landplan.load_parks()
    few = landplan.grid_parcels(tiers[tiers["park_id"] == "BA-01"], cell_ha=16.0).frame.head(3)
    few[["parcel_id", "park_id", "tier", "geometry"]].to_crs(4326).to_file(tmp_path / "few.gpkg")
    result = run("layout", str(folder), "--parcels", str(tmp_path / "few.gpkg"))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    message = " ".join(result.stderr.split())
    assert (
        "cannot hold the plan" in message
        and "park BA-01, expansion area: no developable" in message
    )
    assert "more" in message  # the other parks, counted


def test_run_lays_out_when_the_scenario_asks(tmp_path, write_layer, parks_frame):
    """Two small parks (tests/conftest.py), so that the run and its layout take a moment."""
    write_layer(parks_frame, "parks.geojson")
    (tmp_path / "laid.yaml").write_text(
        "name: laid\ndata: {parks: parks.geojson}\nlayout: {enabled: true}\n"
    )
    result = run("run", str(tmp_path / "laid.yaml"), "--out", str(tmp_path), "--workers", "1")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "laid" / "layout.csv").exists() and "Layout by park" in result.stdout
    summary = pd.read_csv(tmp_path / "laid" / "layout.csv")
    assert set(summary["park_id"]) == {"P1", "P2"} and (summary["parcels"] > 0).all()
    assert "laid: P1: " in result.stderr and "laid: P2: " in result.stderr  # each park, as done


def test_a_partner_weight_that_would_shred_blocks_is_refused_with_its_line(tmp_path):
    (tmp_path / "s.yaml").write_text("name: s\nlayout:\n  partner_weight: 2.5\n")
    result = run("validate", str(tmp_path / "s.yaml"))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    message = " ".join(result.stderr.split())
    assert "s.yaml: line 3: field 'layout'" in message and "twice the boundary_weight" in message


def test_cells_too_coarse_for_an_industrys_land_are_said_before_solving(baseline_run):
    scenario = landplan.load_scenario("baseline").with_settings({"layout": {"cell_ha": 100.0}})
    parcels = layout_parcels(scenario, landplan.load_parks(), landplan.load_pack())
    plan = pd.read_csv(baseline_run / "allocation.csv")
    links = landplan.load_catalog().links
    with pytest.raises(landplan.InputError) as error:
        landplan.lay_out(parcels, plan, links, scenario.layout, scenario.solver)
    message = error.value.message
    assert "the parcels cannot hold the plan" in message and "under half a parcel" in message
    assert "use parcels of at most" in message and "more" in message


def test_validate_checks_a_scenarios_parcel_layer(tmp_path):
    (tmp_path / "parcels.geojson").write_text('{"type": "FeatureCollection", "features": []}')
    (tmp_path / "s.yaml").write_text("name: s\nlayout: {enabled: true, parcels: parcels.geojson}\n")
    result = run("validate", str(tmp_path / "s.yaml"))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "parcels.geojson" in result.stderr and "no features" in result.stderr
