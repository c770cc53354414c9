"""The shipped scenarios run from the CLI and their outputs open: tables with the contract's
columns, a GeoPackage read back with its layers, HTML pages, a resolved scenario that reloads.
Runs stop at a 2 % gap (a deterministic stop) or after 10 s, to keep the suite quick."""

from __future__ import annotations

import json
from html import escape
from html.parser import HTMLParser

import geopandas as gpd
import pandas as pd
import pyogrio
import pytest
from command import landplan_cmd, landplan_here

import landplan
from landplan.errors import OSFailure

SCENARIOS = [
    "baseline", "strict-policy", "future-first", "chain-clusters", "demand-surge",
    "official-designations",
]  # fmt: skip
KPI_CONTRACT = {"status", "objective", "bound", "gap", "solver", "runtime_s", "greedy_objective"}


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    """Every shipped scenario, run once from the CLI; the --json summary by scenario name."""
    out = tmp_path_factory.mktemp("out")
    result = landplan_cmd(
        "run", *SCENARIOS, "--out", str(out), "--gap", "0.02", "--time-limit", "10", "--json"
    )
    assert result.returncode == 0, result.stderr
    return out, {entry["scenario"]: entry for entry in json.loads(result.stdout)["runs"]}


@pytest.mark.parametrize("name", SCENARIOS)
def test_scenario_runs_and_its_outputs_open(runs, name):
    out, summary = runs
    folder = out / name
    assert summary[name]["status"] in ("optimal", "feasible")
    allocation = pd.read_csv(folder / "allocation.csv")
    assert {"cluster_id", "cluster_name_en", "park_id", "tier", "land_km2"} <= set(allocation)
    kpis = json.loads((folder / "kpis.json").read_text(encoding="utf-8"))
    assert KPI_CONTRACT <= set(kpis) and kpis["scenario"] == name
    assert kpis["objective"] == pytest.approx(summary[name]["objective"])
    for table in ("parks", "clusters"):
        assert len(pd.read_csv(folder / f"{table}.csv")) > 0
    layers = dict(pyogrio.list_layers(folder / "results.gpkg"))
    assert {"park_tiers", "districts", "allocation", "suitability", "run_info"} <= set(layers)
    tiers = gpd.read_file(folder / "results.gpkg", layer="park_tiers")
    assert len(tiers) == 60 and tiers.crs.to_epsg() == 4326
    back = gpd.read_file(folder / "results.gpkg", layer="allocation")
    assert back["land_km2"].sum() == pytest.approx(allocation["land_km2"].sum())
    assert tiers["used_km2"].sum() == pytest.approx(allocation["land_km2"].sum())
    assert (tiers["used_km2"] <= tiers["industrial_land_km2"] + 1e-6).all()
    for page in ("map.html", "report.html"):
        HTMLParser().feed((folder / page).read_text(encoding="utf-8"))
    report = (folder / "report.html").read_text(encoding="utf-8")
    assert "schematic" in report.lower() and "<iframe srcdoc=" in report  # the map inside
    resolved = landplan.load_scenario(folder / "scenario.resolved.yaml")
    assert resolved.name == name


def test_locks_of_the_baseline_hold(runs):
    out, _ = runs
    land = pd.read_csv(out / "baseline" / "allocation.csv")
    where = land.groupby("cluster_id")["park_id"].agg(set)
    assert {"LG-02"} <= where["new_energy"] and "LG-01" in where["biomedicine"]
    assert where["connected_vehicles"] & {"SS-01", "SS-02"}
    assert where["biomedicine"] & {"PS-01", "PS-02", "PS-03"}


def test_strict_policy_keeps_listed_clusters_in_their_districts(runs):
    out, _ = runs
    land = pd.read_csv(out / "strict-policy" / "allocation.csv")
    catalog = landplan.load_catalog().clusters
    parks = landplan.load_parks()
    for row in land.itertuples():
        listed = catalog.loc[row.cluster_id, "endorsed_in"]
        areas = set(parks.loc[parks["park_id"] == row.park_id, "policy_areas"].iloc[0].split(";"))
        assert not listed or areas & set(listed), (row.cluster_id, row.park_id)


def test_future_first_meets_future_demand_and_surge_falls_short(runs):
    out, _ = runs
    clusters = pd.read_csv(out / "future-first" / "clusters.csv").set_index("cluster_id")
    future = landplan.load_catalog().clusters.query("kind == 'future'").index
    assert (clusters.loc[future, "shortfall_2035_km2"] < 1e-6).all()
    surge = json.loads((out / "demand-surge" / "kpis.json").read_text())
    assert surge["shortfall_2035_km2"] > 10  # 30 % more than 95 % of the land cannot fit
    assert "falls short" in (out / "demand-surge" / "report.html").read_text(encoding="utf-8")


def test_compare_names_moves_and_kpi_changes(runs):
    out, _ = runs
    result = landplan_here(
        "compare", str(out / "baseline"), str(out / "strict-policy"), "--out", str(out)
    )
    assert result.returncode == 0, result.stderr
    folder = out / "compare-baseline-vs-strict-policy"
    land = pd.read_csv(folder / "compare.csv")
    assert {"land_km2_baseline", "land_km2_strict-policy", "change_strict-policy"} <= set(land)
    assert land["change_strict-policy"].sum() == pytest.approx(
        land["land_km2_strict-policy"].sum() - land["land_km2_baseline"].sum()
    )
    moves = pd.read_csv(folder / "moves.csv")
    assert len(moves) == 28 and moves["moved"].dtype == bool
    html = (folder / "compare.html").read_text(encoding="utf-8")
    assert "runs/baseline/map.html" in html and "runs/strict-policy/map.html" in html
    assert "NaN" not in html and "Share of land in districts the policy names" in html
    names = landplan.load_catalog().clusters["name_en"]
    moved = moves.loc[moves["moved"], "cluster_id"]
    assert all(escape(names[c]) in html for c in moved)  # industries by name, not by id
    changes = pd.read_csv(folder / "tier_changes.csv")  # the tiers' changes add up by park
    by_park = changes.groupby(["cluster_id", "park_id"])["change_km2"].sum()
    side_by_side = land.set_index(["cluster_id", "park_id"])["change_strict-policy"]
    moved_land = by_park[by_park.abs() > 1e-6]  # not a tier's land moved within its park
    assert moved_land.to_dict() == pytest.approx(side_by_side[side_by_side.abs() > 1e-6].to_dict())
    for name in ("baseline", "strict-policy"):  # the compared runs, kept with the comparison
        copied = folder / "runs" / name
        assert (copied / "allocation.csv").read_bytes() == (
            out / name / "allocation.csv"
        ).read_bytes()
        assert (copied / "map.html").is_file()


def test_same_scenario_twice_gives_identical_allocation(runs, tmp_path):
    out, _ = runs
    changes = {"solver": {"gap": 0.02, "time_limit": 600}}
    first = landplan.write_run(
        landplan.run_scenario("strict-policy", changes=changes), tmp_path / "a"
    )
    second = landplan.write_run(
        landplan.run_scenario("strict-policy", changes=changes), tmp_path / "b"
    )
    assert (first / "allocation.csv").read_bytes() == (second / "allocation.csv").read_bytes()


def test_a_failed_write_leaves_the_previous_results(runs, monkeypatch):
    out, _ = runs
    before = {p.name: p.read_bytes() for p in (out / "baseline").iterdir()}
    run = landplan.run_scenario("baseline", changes={"solver": {"gap": 0.5, "time_limit": 10}})

    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr("landplan.outputs.runfolder.render_report", broken)
    with pytest.raises(OSFailure, match="disk full"):  # said as a sentence, the folder kept
        landplan.write_run(run, out)
    after = {p.name: p.read_bytes() for p in (out / "baseline").iterdir()}
    assert after == before
    assert not [p for p in out.iterdir() if p.name.startswith(".")]  # no temporary folders left


def test_map_command_redraws_the_map(runs):
    out, _ = runs
    (out / "baseline" / "map.html").unlink()
    result = landplan_here("map", str(out / "baseline"))
    assert result.returncode == 0, result.stderr
    assert (out / "baseline" / "map.html").stat().st_size > 10_000


def test_quiet_prints_nothing_and_xlsx_has_the_tables(tmp_path):
    scenario = tmp_path / "s.yaml"
    scenario.write_text(
        "name: quick\nextends: "
        + str(landplan.bundled_scenarios()["baseline"])
        + "\nsuitability:\n  ahp:\n    criteria: [endorsement, chain, access, land_fit]\n"
        "    matrix: [[1, 3, 3, 5], [1/3, 1, 1, 3], [1/3, 1, 1, 3], [1/5, 1/3, 1/3, 1]]\n"
        "solver: {gap: 0.5, time_limit: 10}\n"
    )
    result = landplan_here("run", str(scenario), "--out", str(tmp_path), "--quiet", "--xlsx")
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    sheets = pd.read_excel(tmp_path / "quick" / "results.xlsx", sheet_name=None)
    assert {"allocation", "parks", "clusters", "kpis"} <= set(sheets)
    resolved = (tmp_path / "quick" / "scenario.resolved.yaml").read_text(encoding="utf-8")
    assert "data_sha256" in resolved and "highspy" in resolved
