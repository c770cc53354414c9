"""Benchmark the allocation model: which defaults, and how it scales.

``--defaults`` (the default) solves the baseline scenario under candidate rules for chain
co-location and concentrated development, one row each, and prints what each does to the solve
(the LP relaxation's distance from the best plan found, the engine's time to a plan certified
within 0.5 % and 0.1 %, the proof at gap 0 within --time-limit) and to the plan (sites, the
smallest site as a share of its cluster's land, sites no larger than the footprint, sites kept
only by the chain bonus, chain links served). The candidates:

- chain bonus per shared park (``park``) or once per linked pair (``pair``);
- the minimum site as a share of the cluster's land by 2035 (0: the footprint alone);
- the presence cost (per site).

``--sizes 10,100`` builds synthetic instances 10× and 100× larger (the 20 parks replicated with
perturbed suitability, demand and the parks-per-cluster cap scaled to match) and prints, per
solver, the build time and the engine's time, status and gap.

Usage: python bench/model.py [--defaults] [--time-limit 120]
       python bench/model.py --sizes 1,10,100 [--solvers highs,scip] [--time-limit 60]
"""

from __future__ import annotations

import argparse
import time

import numpy as np
import pandas as pd

import landplan
from landplan.analysis.importance import site_values
from landplan.optimisation.model import compile_problem
from landplan.optimisation.problem import PresenceConstraints
from landplan.solving.adapters import call_solver
from landplan.solving.matrix import MatrixForm
from landplan.solving.options import SolverOptions

#: (label, chain bonus counted per, minimum site share, presence cost)
CANDIDATES = [
    ("before: per park, footprint, 0.01", "park", 0.0, 0.01),
    ("per pair", "pair", 0.0, 0.01),
    ("sites ≥ 20 %", "park", 0.2, 0.01),
    ("presence cost 0.001", "park", 0.0, 0.001),
    ("per pair, cost 0.001", "pair", 0.0, 0.001),
    ("per pair, ≥ 20 %, cost 0.001", "pair", 0.2, 0.001),
    ("per pair, ≥ 25 %, cost 0.001", "pair", 0.25, 0.001),
    ("per pair, ≥ 20 %, no presence cost (default)", "pair", 0.2, 0.0),
    ("per pair, ≥ 25 %, no presence cost", "pair", 0.25, 0.0),
]


def candidate(problem: landplan.Problem, per: str, share: float, cost: float):
    footprints = dict(problem.part(PresenceConstraints).footprints)
    changed = problem.add_chain_bonus(per=per).add_presence_constraints(footprints, share)
    return changed.add_presence_cost(cost) if cost else changed.remove("presence_cost")


def solve(problem, gap: float, time_limit: float, **options):
    began = time.perf_counter()
    solution = landplan.solve(
        problem,
        SolverOptions(gap=gap, time_limit=time_limit, node_limit=10**9, **options),
        shadow_prices=False,
        greedy=False,
    )
    return time.perf_counter() - began, solution


def defaults(time_limit: float) -> None:
    base = landplan.assemble(landplan.load_scenario("baseline")).problem
    print(f"baseline; proofs capped at {time_limit:g} s\n")
    rows = []
    for label, per, share, cost in CANDIDATES:
        problem = candidate(base, per, share, cost)
        relaxed = call_solver(MatrixForm.from_model(compile_problem(problem)), "highs", relax=True)
        default_s, default = solve(problem, 0.005, time_limit)
        tight_s, tight = solve(problem, 0.001, time_limit)
        proof_s, proof = solve(problem, 0.0, time_limit)
        best = max(s.objective for s in (default, tight, proof))
        sites = site_values(problem, proof)
        demand = problem.demand.iloc[:, -1]
        share_of_land = sites["land_km2"] / demand.reindex(sites["cluster_id"]).to_numpy()
        at_footprint = (
            sites["land_km2"]
            <= problem.clusters["min_footprint_km2"]
            .reindex(sites["cluster_id"])
            .to_numpy()
            .clip(min=0.01)
            + 1e-6
        )
        links = landplan.optimisation.evaluate.co_located_links(problem, proof.allocation)
        rows.append(
            {
                "candidate": label,
                "LP_above_best_%": round(100 * (relaxed.objective - best) / abs(best), 3),
                "to_0.5%_s": round(default_s, 2),
                "to_0.1%_s": round(tight_s, 2),
                "proof_s": round(proof_s, 1),
                "proof_gap_%": round(100 * proof.gap, 3),
                "sites": len(sites),
                "smallest_site_%": round(100 * share_of_land.min(), 1),
                "footprint_sites": int(at_footprint.sum()),
                "bonus_only_sites": int(sites["bonus_only"].sum()),
                "links_served": len(links.drop_duplicates(["cluster_a", "cluster_b"])),
            }
        )
        print(pd.DataFrame(rows[-1:]).to_string(index=False, header=len(rows) == 1), flush=True)


def scaled_problem(problem: landplan.Problem, factor: int, seed: int = 0) -> landplan.Problem:
    """The parks replicated ``factor`` times (suitability perturbed by ±5 %), demand × factor."""
    if factor == 1:
        return problem
    rng = np.random.default_rng(seed)
    units, parks, scores = [], [], []
    for copy in range(factor):
        suffix = f"#{copy}"
        units.append(problem.units.assign(park_id=problem.units["park_id"] + suffix))
        parks.append(problem.parks.rename(index=lambda p, s=suffix: p + s))
        noise = rng.uniform(0.95, 1.05, problem.suitability.shape)
        scores.append(
            (problem.suitability * noise).clip(0, 1).rename(columns=lambda p, s=suffix: p + s)
        )
    clusters = problem.clusters.copy()
    for h in problem.horizons:
        clusters[f"demand_{h}_km2"] *= factor
    endorsed = pd.concat(
        [problem.endorsed.rename(columns=lambda p, s=f"#{c}": p + s) for c in range(factor)], axis=1
    )
    bigger = landplan.Problem.from_tables(
        clusters,
        pd.concat(units),
        pd.concat(parks),
        pd.concat(scores, axis=1),
        endorsed,
        problem.links,
        problem.horizons,
    )
    return bigger.add_concentration_constraints(4 * factor)


def sizes(factors: list[int], solvers: list[str], time_limit: float) -> None:
    parks, catalog = landplan.load_parks(), landplan.load_catalog()
    suitability = landplan.score_suitability(parks, catalog, landplan.load_infrastructure())
    base = landplan.problem_from_layers(parks, catalog, suitability)
    rows = []
    for factor in factors:
        problem = scaled_problem(base, factor)
        began = time.perf_counter()
        model = compile_problem(problem)
        build = time.perf_counter() - began
        for solver in solvers:
            seconds, solution = solve(problem, 0.005, time_limit, name=solver)
            rows.append(
                {
                    "instance": "bundled" if factor == 1 else f"{factor}x parks",
                    "solver": solver,
                    "binaries": model.size["binaries"],
                    "rows": model.size["rows"],
                    "build_s": round(build, 2),
                    "solve_s": round(seconds, 2),
                    "status": str(solution.status),
                    "stopped_by": str(solution.stopped_by),
                    "gap_%": None if solution.gap is None else round(100 * solution.gap, 3),
                }
            )
            print(pd.DataFrame(rows[-1:]).to_string(index=False, header=len(rows) == 1), flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--time-limit", type=float, default=120.0)
    parser.add_argument("--sizes", default="")
    parser.add_argument("--solvers", default="highs,scip")
    args = parser.parse_args()
    if args.sizes:
        sizes([int(s) for s in args.sizes.split(",")], args.solvers.split(","), args.time_limit)
    else:
        defaults(args.time_limit)


if __name__ == "__main__":
    main()
