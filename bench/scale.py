"""The engine at scale (issue 25): synthetic instances of 20 to 200 parks and 28 to 112
industries, built from the bundled tables, each solved to the default certified gap (0.5 %) by
the engine and by HiGHS and SCIP alone, side by side in one run.

An instance ``P × C`` (:func:`scaled_problem`) copies the bundled default model's 20 parks
``k = P / 20`` times and its 28 industries ``m = C / 28`` times (copies of a park keep its tiers,
release years and district; copies of an industry its footprint and chain links, within the
copy). Each (industry copy, park copy) block of suitability scores is the bundled one times a
factor drawn uniformly from [0.95, 1.05] per score, clipped to [0, 1], from a seed fixed by the
instance's size (the same instance on every run). Demand is scaled so that the industries ask for
95 % of all released land by the last horizon, as the bundled catalogue does. The rules are the
bundled defaults unchanged (at most 4 parks per industry and 5 industries per park, sites of at
least a fifth of an industry's land and its footprint): with more parks an industry's land is
larger and fewer parks can hold its sites; with more industries a park's places are scarcer
(20 × 112 has 112 industries for 100 places: some demand goes unmet).

Each solve gets the same compiled model; the engine with its defaults (the time limit set to
``--cap``, a safety net) and each solver alone with the engine's heuristic off, no node limit
and ``--cap`` seconds (as ``bench/engine.py`` does). Printed per instance and solver: wall
seconds, the certified gap, the status and what ended the solve, and for the engine whether its
branch and bound ran.

Usage: python bench/scale.py [--cap 600] [--only 40x28,20x112] [--solvers engine,highs,scip]
"""

from __future__ import annotations

import argparse
import time

import numpy as np
import pandas as pd

import landplan
from landplan.optimisation.engine import solve_model
from landplan.optimisation.model import compile_problem
from landplan.optimisation.problem import Problem
from landplan.solving.options import SolverOptions
from landplan.solving.result import SolveResult

#: (parks, industries) of the family, smallest first.
SIZES: tuple[tuple[int, int], ...] = (
    (20, 28),
    (40, 28),
    (100, 28),
    (200, 28),
    (20, 112),
    (40, 56),
    (100, 56),
    (200, 112),
)
#: Share of the released land the industries ask for by the last horizon.
LAND_USED = 0.95
#: Each score is the bundled one times a factor in [1 − NOISE, 1 + NOISE].
NOISE = 0.05


def bundled_problem() -> Problem:
    """The bundled default model (the layers, the catalogue, the default rules)."""
    parks, catalog = landplan.load_parks(), landplan.load_catalog()
    suitability = landplan.score_suitability(parks, catalog, landplan.load_infrastructure())
    return landplan.problem_from_layers(parks, catalog, suitability)


def scaled_problem(base: Problem, parks: int, clusters: int) -> Problem:
    """The instance ``parks × clusters`` built from ``base`` as the module docstring says;
    ``parks`` a multiple of ``base``'s parks, ``clusters`` of its industries."""
    k, rest_k = divmod(parks, len(base.parks))
    m, rest_m = divmod(clusters, len(base.clusters))
    if rest_k or rest_m or not k or not m:
        raise ValueError(f"{parks} × {clusters} is not a multiple of the bundled sizes")
    rng = np.random.default_rng([parks, clusters])
    park_ids = [f"{p}#{i}" for i in range(k) for p in base.parks.index]
    cluster_ids = [f"{c}#{j}" for j in range(m) for c in base.clusters.index]
    units = pd.concat(
        [base.units.assign(park_id=base.units["park_id"] + f"#{i}") for i in range(k)],
        ignore_index=True,
    )
    park_table = pd.DataFrame(np.tile(base.parks.to_numpy(), (k, 1)), park_ids, base.parks.columns)
    cluster_table = pd.DataFrame(
        np.tile(base.clusters.to_numpy(), (m, 1)), cluster_ids, base.clusters.columns
    ).astype(base.clusters.dtypes.to_dict())
    noise = rng.uniform(1 - NOISE, 1 + NOISE, (len(cluster_ids), len(park_ids)))
    scores = np.tile(base.suitability.to_numpy(), (m, k))
    suitability = pd.DataFrame((scores * noise).clip(0, 1), cluster_ids, park_ids)
    endorsed = pd.DataFrame(np.tile(base.endorsed.to_numpy(), (m, k)), cluster_ids, park_ids)
    links = pd.concat(
        [
            base.links.assign(cluster_a=base.links["cluster_a"] + f"#{j}",
                              cluster_b=base.links["cluster_b"] + f"#{j}")
            for j in range(m)
        ],
        ignore_index=True,
    )  # fmt: skip
    last = f"demand_{base.horizons[-1]}_km2"
    scale = LAND_USED * units["capacity_km2"].sum() / cluster_table[last].sum()
    for h in base.horizons:
        cluster_table[f"demand_{h}_km2"] *= scale
    return Problem.from_tables(
        cluster_table, units, park_table, suitability, endorsed, links, base.horizons
    )


def run(model, options: SolverOptions) -> tuple[float, SolveResult]:
    """Wall seconds and the result of the engine on ``model`` with ``options``."""
    began = time.perf_counter()
    result = solve_model(model, options)
    return time.perf_counter() - began, result


def row(instance: str, who: str, seconds: float, result: SolveResult) -> str:
    gap = "—" if result.gap is None else f"{100 * result.gap:.3f} %"
    searched = ""
    if who == "engine":
        searched = "B&B ran" if "branch and bound" in result.reason or result.counts.nodes else ""
    return (
        f"{instance:>8} {who:<7} {seconds:8.1f} s  gap {gap:>9}  {result.status!s:<9}"
        f" {result.stopped_by!s:<11} {result.counts.nodes:>7} nodes  {searched}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cap", type=float, default=600.0, help="seconds, per solve")
    parser.add_argument("--only", default="", help="comma-separated sizes, e.g. 40x28,20x112")
    parser.add_argument("--solvers", default="engine,highs,scip")
    parser.add_argument("--gap", type=float, default=SolverOptions().gap)
    args = parser.parse_args()
    only = set(filter(None, args.only.split(",")))
    sizes = [(p, c) for p, c in SIZES if not only or f"{p}x{c}" in only]
    base = bundled_problem()
    engine = SolverOptions(gap=args.gap, time_limit=args.cap)
    print(f"gap {100 * args.gap:g} %, cap {args.cap:g} s; engine: {engine.model_dump()}")
    for parks, clusters in sizes:
        instance = f"{parks}x{clusters}"
        model = compile_problem(scaled_problem(base, parks, clusters))
        print(f"{instance}: {model.counts.decisions} presences, {model.counts.rows} rows")
        for who in args.solvers.split(","):
            options = engine
            if who != "engine":
                options = engine.with_changes(name=who, heuristic=False, node_limit=10**9)
            seconds, result = run(model, options)
            print(row(instance, who, seconds, result), flush=True)


if __name__ == "__main__":
    main()
