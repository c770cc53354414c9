"""Benchmark sweeps: samples per second with 1 and 2 workers for the local and Dask executors
(and whether they return the same results), how many samples reached the gap, and the cost of
one sample in the kept model against a fresh compile and solve of the same perturbed model, in
the same process (and whether the two plans are the same).

``--variant N`` sweeps member N of the planner-variant family (bench/variants.py) instead of a
scenario.

Usage: python bench/sweep.py [--scenario baseline | --variant 6] [--samples 200] [--workers 1,2]
                             [--executors local,dask] [--gap 0.01]
"""

from __future__ import annotations

import argparse
import time

import pandas as pd

import landplan
from landplan.analysis.sweep import SweepSpec, draw_sample, scores_for
from landplan.optimisation.resolve import Resolver
from landplan.solving.options import SWEEP_GAP


def throughput(
    scenario, spec: SweepSpec, executor: str, workers: int, chunk: int = 1
) -> tuple[dict, list]:
    """One sweep: its figures, and its results (to compare executors)."""
    began = time.perf_counter()
    on = landplan.Executor(executor, workers)
    results = landplan.collect(landplan.sweep_chunks(scenario, spec, on, chunk=chunk))
    wall = time.perf_counter() - began
    solve = sum(r.runtime_s for r in results)
    figures = {
        "executor": executor,
        "workers": workers,
        "samples": len(results),
        "converged": sum(r.converged for r in results),
        "worst_gap_%": round(100 * max(r.gap or 0 for r in results), 3),
        "wall_s": round(wall, 1),
        "samples_per_s": round(len(results) / wall, 3),
        "solver_s_per_sample": round(solve / len(results), 2),
    }
    return figures, results


def overhead(scenario, spec: SweepSpec, samples: int) -> pd.DataFrame:
    """Per sample: the kept model's solve against a fresh compile and solve of the same model."""
    inputs = landplan.assemble(scenario)
    options = inputs.scenario.solver.with_changes(gap=spec.gap)
    resolver = Resolver.build(inputs.problem, options)
    rows = []
    for index in range(samples):
        weights, demand = draw_sample(inputs, spec, index)
        scores = scores_for(inputs, weights)
        began = time.perf_counter()
        again = resolver.solve(scores, demand)
        resolve_s = time.perf_counter() - began
        changed = resolver.changed(scores, demand)
        began = time.perf_counter()
        fresh = landplan.solve(changed, options, shadow_prices=False, greedy=False)
        fresh_s = time.perf_counter() - began
        rows.append(
            {
                "sample": index,
                "kept_s": round(resolve_s, 3),
                "fresh_s": round(fresh_s, 3),
                "ratio": round(resolve_s / fresh_s, 3),
                "kept_objective": round(again.objective, 4),
                "fresh_objective": round(fresh.objective, 4),
                "same_plan": again.allocation.equals(fresh.allocation),
            }
        )
        print(pd.DataFrame(rows[-1:]).to_string(index=False, header=index == 0), flush=True)
    return pd.DataFrame(rows)


def same_results(a: list, b: list) -> bool:
    """Whether two sweeps returned the same samples, weights, objectives and land, exactly."""
    key = [(r.index, r.weights, r.objective, r.land) for r in a]
    return key == [(r.index, r.weights, r.objective, r.land) for r in b]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenario", default="baseline")
    parser.add_argument("--variant", type=int, default=None, help="a family member instead")
    parser.add_argument("--samples", type=int, default=200)
    parser.add_argument("--workers", default="1,2")
    parser.add_argument("--executors", default="local,dask")
    parser.add_argument("--gap", type=float, default=SWEEP_GAP)
    parser.add_argument("--overhead-samples", type=int, default=10)
    parser.add_argument("--chunk", type=int, default=1, help="samples per task")
    args = parser.parse_args()
    if args.variant is None:
        scenario = landplan.load_scenario(args.scenario)
    else:
        from variants import family_member  # bench/variants.py, beside this file

        scenario = family_member(args.variant)
    spec = SweepSpec(samples=args.samples, seed=0, gap=args.gap)
    print(f"scenario {scenario.name}: {args.samples} samples, each to a {args.gap:g} gap")
    if args.overhead_samples:
        print("\none sample in the kept model against a fresh compile and solve:")
        table = overhead(scenario, spec, args.overhead_samples)
        print(f"mean ratio {table['ratio'].mean():.3f}, total {table['kept_s'].sum():.1f} s "
              f"vs {table['fresh_s'].sum():.1f} s; same plans: {table['same_plan'].all()}")  # fmt: skip
    rows, first = [], None
    for executor in args.executors.split(","):
        for workers in (int(w) for w in args.workers.split(",")):
            figures, results = throughput(scenario, spec, executor, workers, args.chunk)
            first = first or results
            rows.append({**figures, "same_as_first": same_results(results, first)})
            print(pd.DataFrame(rows[-1:]).to_string(index=False, header=len(rows) == 1))
    print()
    print(pd.DataFrame(rows).to_string(index=False))


if __name__ == "__main__":
    main()
