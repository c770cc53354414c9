"""Sweeps: reproducible samples, summaries that add up, and the same results from the local
process pool and a real Dask LocalCluster (on loopback) for the same seed."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from small import CLUSTERS, PARKS
from small import small_scenario as write_small_scenario

import landplan
from landplan.analysis.sweep import SampleResult, SweepSpec, draw_sample, scores_for

RELEASED_KM2 = landplan.load_parks().query("park_id in @PARKS")["industrial_land_km2"].sum()


@pytest.fixture(scope="module")
def small_scenario(tmp_path_factory):
    """Four clusters and three parks of the bundled data: quick to solve to optimality."""
    return write_small_scenario(tmp_path_factory.mktemp("small"))


SPEC = SweepSpec(samples=6, vary={"weights": 0.3, "demand": 0.3}, seed=7, gap=0.0)


def test_a_sample_is_the_same_whenever_it_is_drawn(small_scenario):
    inputs = landplan.assemble(small_scenario)
    weights, demand = draw_sample(inputs, SPEC, 3)
    again, demand_again = draw_sample(inputs, SPEC, 3)
    other, _ = draw_sample(inputs, SPEC, 4)
    assert weights == again and demand.equals(demand_again) and weights != other
    assert sum(weights.values()) == pytest.approx(1.0)
    ratio = demand / inputs.problem.demand
    assert ((ratio >= 0.7 - 1e-9) & (ratio <= 1.3 + 1e-9)).all().all()
    scores = scores_for(inputs, inputs.suitability.weights)  # the scenario's own weights
    pd.testing.assert_frame_equal(scores, inputs.problem.suitability, check_names=False)


@pytest.fixture(scope="module")
def local_results(small_scenario):
    two = landplan.Executor(workers=2)
    return landplan.collect(landplan.sweep_chunks(small_scenario, SPEC, two, chunk=2))


def test_local_sweep_solves_every_sample_and_summarises(local_results):
    assert [r.index for r in local_results] == list(range(SPEC.samples))
    assert all(r.status == "optimal" for r in local_results)
    summary = landplan.summarise_sweep(local_results, CLUSTERS, PARKS)
    frequency = summary.frequency
    assert ((frequency["frequency"] >= 0) & (frequency["frequency"] <= 1)).all()
    for r in local_results:  # land never exceeds what the three parks release
        assert sum(r.land.values()) <= RELEASED_KM2 + 1e-6
    mean_total = frequency["mean_land_km2"].sum()
    assert mean_total == pytest.approx(
        sum(sum(r.land.values()) for r in local_results) / len(local_results)
    )
    assert summary.cluster_stability["stability"].between(0, 1).all()


def test_dask_local_cluster_gives_the_same_results(small_scenario, local_results):
    on_dask = landplan.Executor("dask", workers=2)
    dask_results = landplan.collect(landplan.sweep_chunks(small_scenario, SPEC, on_dask, chunk=2))
    assert [r.index for r in dask_results] == [r.index for r in local_results]
    for a, b in zip(local_results, dask_results, strict=True):
        # Identical, not merely close: every solve stops on its gap, never on the clock.
        assert (a.weights, a.objective, a.gap, a.land) == (b.weights, b.objective, b.gap, b.land)


def sample(index, converged, land):
    return SampleResult(index, {"w": 1.0}, "feasible", "gap", 1.0, 0.01, converged, 0.1, land)


def test_samples_short_of_the_gap_are_flagged_and_left_out():
    results = [
        sample(0, True, {("A", "P1"): 1.0}),
        sample(1, True, {("A", "P1"): 1.0}),
        sample(2, False, {("A", "P2"): 1.0}),
    ]
    summary = landplan.summarise_sweep(results, ["A"], ["P1", "P2"])
    frequency = summary.frequency.set_index(["cluster_id", "park_id"])["frequency"]
    assert summary.counted == 2 and frequency["A", "P1"] == 1.0 and frequency["A", "P2"] == 0.0
    assert summary.samples["converged"].tolist() == [True, True, False]
    every = landplan.summarise_sweep(results, ["A"], ["P1", "P2"], include_unconverged=True)
    assert every.counted == 3
    assert every.frequency.set_index(["cluster_id", "park_id"])["frequency"]["A", "P2"] == 1 / 3


def test_sweep_command_writes_its_outputs(small_scenario, tmp_path):
    from command import landplan_cmd

    result = landplan_cmd(
        "sweep", str(small_scenario.source), "--samples", "3", "--workers", "1",
        "--gap", "0", "--out", str(tmp_path), "--quiet",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    folder = tmp_path / "small-sweep"
    record = json.loads((folder / "sweep.json").read_text())
    assert record["samples_solved"] == 3 and record["spec"]["samples"] == 3
    assert record["samples_converged"] == 3 and record["samples_not_converged"] == 0
    assert record["samples_counted"] == 3
    samples = pd.read_csv(folder / "samples.csv")
    assert {"status", "stopped_by", "gap", "converged"} <= set(samples.columns)
    frequency = pd.read_csv(folder / "frequency.csv")
    assert len(frequency) == len(CLUSTERS) * len(PARKS)
    assert frequency[["cluster_name_en", "cluster_name_zh", "park_name_en"]].notna().all().all()
    assert (folder / "frequency.html").stat().st_size > 10_000


def test_explore_command_writes_importance_and_alternatives(small_scenario, tmp_path):
    from command import landplan_cmd

    result = landplan_cmd(
        "explore", str(small_scenario.source), "--alternatives", "2", "--share", "0.2",
        "--min-difference", "2", "--gap", "0", "--out", str(tmp_path),
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    folder = tmp_path / "small-explore"
    importance = pd.read_csv(folder / "importance.csv")
    sites = pd.read_csv(folder / "sites.csv")
    assert {"cluster_id", "park_id", "land_km2", "own_value", "bonus_only"} <= set(sites.columns)
    assert len(importance) > 0 and (importance["loss"].dropna() >= -1e-6).all()
    alternatives = pd.read_csv(folder / "alternatives.csv")
    assert (alternatives["differences_from_optimum"] >= 2).all()
    assert (alternatives["loss_share_of_stake"] <= 0.2 + 1e-9).all()
    assert (folder / "importance.html").stat().st_size > 10_000
    for j in alternatives["alternative"]:  # a map of each, beside the plan
        assert "What changed" in (folder / f"alternative_{j}.html").read_text(encoding="utf-8")
        assert pd.read_csv(folder / f"alternative_{j}_allocation.csv")["cluster_name_zh"].all()
    record = json.loads((folder / "explore.json").read_text())
    assert record["alternatives_found"] == len(alternatives) and record["plan"]["objective"]
    plan = pd.read_csv(folder / "plan_allocation.csv")
    assert set(zip(importance["cluster_id"], importance["park_id"], strict=True)) == set(
        zip(plan["cluster_id"], plan["park_id"], strict=True)
    )
    assert {"cluster_name_en", "park_name_zh"} <= set(importance.columns)
