"""Benchmark the allocation model: build and solve times, formulation before and after.

Prints, for the bundled data and for synthetic instances 10× and 100× larger (the 20 parks
replicated with perturbed suitability, demand and the parks-per-cluster cap scaled to match):
the time to build (suitability → problem → compiled PuLP model) and, per solver, the time to
solve, the status, the objective, the proven bound and the gap.

"textbook" is the formulation the model started from: one binary per chain pair and park, the
park's whole capacity as big-M, no per-tier linking rows and no aggregated chain rows. "landplan"
is the formulation in landplan.model. Each run is capped by --time-limit; a run that hits it
reports its gap instead of a proof.

``--prove`` instead solves the bundled default model with HiGHS until it proves the optimum
(or --time-limit runs out) and prints how long that took. ``--variants`` solves the bundled model
with one ingredient changed at a time (no presence cost, no chain bonus, other caps, suitability
rounded, lower demand) to show what makes the default hard to prove.

Usage: python bench/model.py [--time-limit 60] [--sizes 1,10,100] [--solvers highs,cbc]
       python bench/model.py --prove [--time-limit 1800]
       python bench/model.py --variants [--time-limit 60]
       python bench/model.py --warm [--time-limit 1800]
"""

from __future__ import annotations

import argparse
import dataclasses
import time

import highspy
import numpy as np
import pandas as pd
import pulp

import landplan
from landplan.model import Model, compile_problem
from landplan.solvers import SolverOptions, solve_model


def bundled_problem() -> landplan.Problem:
    parks, catalog = landplan.load_parks(), landplan.load_catalog()
    suitability = landplan.score_suitability(parks, catalog, landplan.load_infrastructure())
    return landplan.Problem.from_layers(parks, catalog, suitability)


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


def with_demand(problem: landplan.Problem, factor: float) -> landplan.Problem:
    clusters = problem.clusters.copy()
    for h in problem.horizons:
        clusters[f"demand_{h}_km2"] *= factor
    return dataclasses.replace(problem, clusters=clusters)


def rounded(problem: landplan.Problem, step: float) -> landplan.Problem:
    return dataclasses.replace(problem, suitability=(problem.suitability / step).round() * step)


#: One change at a time to the bundled default model (demand is 95 % of the land by default).
VARIANTS = {
    "default": lambda p: p,
    "no presence cost": lambda p: p.remove("presence_cost"),
    "presence cost 0.001": lambda p: p.add_presence_cost(0.001),
    "presence cost 0.05": lambda p: p.add_presence_cost(0.05),
    "no chain bonus": lambda p: p.remove("chain_bonus").remove("chain"),
    "neither presence cost nor chain bonus": lambda p: (
        p.remove("presence_cost").remove("chain_bonus").remove("chain")
    ),
    "chain bonus 0.01": lambda p: p.add_chain_bonus(0.01),
    "no footprints": lambda p: p.add_presence_constraints(dict.fromkeys(p.clusters.index, 0.0)),
    "no focus cap": lambda p: p.remove("focus"),
    "4 clusters per park": lambda p: p.add_focus_constraints(4),
    "3 parks per cluster": lambda p: p.add_concentration_constraints(3),
    "suitability rounded to 0.05": lambda p: rounded(p, 0.05),
    "demand 90 % of land": lambda p: with_demand(p, 0.90 / 0.95),
    "demand 80 % of land": lambda p: with_demand(p, 0.80 / 0.95),
    "demand 60 % of land": lambda p: with_demand(p, 0.60 / 0.95),
}


def textbook(model: Model) -> Model:
    """Undo landplan's strengthening in a compiled model (for the 'before' figures)."""
    for z in model.z.values():
        z.cat = pulp.LpBinary
    # Loosen rather than delete rows: the park's capacity as big-M everywhere makes the per-tier
    # rows redundant, and a bound of "all partners" makes the aggregated chain rows redundant.
    capacity = model.problem.park_capacity
    for family in ("presence_link", "presence_unit"):
        for key, row in model.rows.get(family, {}).items():
            row.expr[model.y[key[0], key[1]]] = -float(capacity[key[1]])
    for (cluster, park), row in model.rows.get("chain_aggregate", {}).items():
        row.expr[model.y[cluster, park]] = -float(len(row) - 1)
    return model


def run(label: str, problem: landplan.Problem, solver: str, time_limit: float, before: bool):
    began = time.perf_counter()
    model = compile_problem(problem)
    if before:
        model = textbook(model)
    build = time.perf_counter() - began
    result = solve_model(model, SolverOptions(solver=solver, time_limit=time_limit))
    return {
        "instance": label,
        "formulation": "textbook" if before else "landplan",
        "solver": solver,
        "binaries": model.size["binaries"] + (len(model.z) if before else 0),
        "rows": model.size["rows"],
        "build_s": round(build, 2),
        "solve_s": round(result.runtime_s, 2),
        "status": str(result.status),
        "objective": None if result.objective is None else round(result.objective, 4),
        "bound": None if result.bound is None else round(result.bound, 4),
        "gap_%": None if result.gap is None else round(100 * result.gap, 3),
    }


def warm_proof(problem: landplan.Problem, time_limit: float) -> None:
    """Prove ``problem``, then prove it again starting from that optimum (HiGHS, one thread)."""
    model = compile_problem(problem)
    cold = solve_model(model, SolverOptions(time_limit=time_limit))
    print(
        f"cold: {cold.status} {cold.objective:.6f} (bound {cold.bound:.6f}) {cold.runtime_s:.1f} s"
    )
    if cold.status != "optimal":
        return
    # The product passes no MIP start (see landplan.solvers.solve_model); here the start is a
    # proven optimum, so the question is only how long the bound takes.
    highs = highspy.Highs()
    highs.setOptionValue("output_flag", False)
    highs.passModel(model.lp.solverModel.getLp())
    for option, value in (("time_limit", time_limit), ("threads", 1), ("mip_rel_gap", 0.0)):
        highs.setOptionValue(option, value)
    start = highspy.HighsSolution()
    start.col_value = list(model.lp.solverModel.getSolution().col_value)
    start.value_valid = True
    highs.setSolution(start)
    began = time.perf_counter()
    highs.run()
    info = highs.getInfo()
    print(
        f"warm (started at the optimum): {highs.modelStatusToString(highs.getModelStatus())}, "
        f"bound {-info.mip_dual_bound:.6f}, {info.mip_node_count} nodes, "
        f"{time.perf_counter() - began:.1f} s"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--time-limit", type=float, default=60.0)
    parser.add_argument("--sizes", default="1,10,100")
    parser.add_argument("--solvers", default="highs,cbc")
    parser.add_argument("--prove", action="store_true")
    parser.add_argument("--variants", action="store_true")
    parser.add_argument("--warm", action="store_true")
    args = parser.parse_args()
    start = time.perf_counter()
    base = bundled_problem()
    print(f"suitability + problem on the bundled data: {time.perf_counter() - start:.2f} s")
    if args.prove:
        print(pd.DataFrame([run("bundled", base, "highs", args.time_limit, False)]).to_string())
        return
    if args.warm:
        warm_proof(base, args.time_limit)
        return
    if args.variants:
        for n, (label, change) in enumerate(VARIANTS.items()):
            row = run(label, change(base), "highs", args.time_limit, False)
            print(pd.DataFrame([row]).to_string(index=False, header=n == 0), flush=True)
        return
    rows = []
    for size in (int(s) for s in args.sizes.split(",")):
        start = time.perf_counter()
        problem = scaled_problem(base, size)
        label = "bundled" if size == 1 else f"{size}x parks"
        print(f"{label}: problem built in {time.perf_counter() - start:.2f} s", flush=True)
        for solver in args.solvers.split(","):
            for before in (True, False) if size == 1 else (False,):
                rows.append(run(label, problem, solver, args.time_limit, before))
                print(
                    pd.DataFrame(rows[-1:]).to_string(index=False, header=len(rows) == 1),
                    flush=True,
                )
    print()
    print(pd.DataFrame(rows).to_string(index=False))


if __name__ == "__main__":
    main()
