"""Benchmark sweeps: samples per second with 1 and 2 workers for the local and Dask executors,
and the cost of one sample (re-solving the model kept in HiGHS) against one bare solve of the
same perturbed model built from scratch, in the same process.

Usage: python bench/sweep.py [--scenario baseline] [--samples 200] [--workers 1,2]
                             [--executors local,dask] [--gap 0.01] [--time-limit 30]
"""

from __future__ import annotations

import argparse
import dataclasses
import time

import pandas as pd

import landplan
from landplan.model import compile_problem
from landplan.resolve import Resolver
from landplan.solvers import SolverOptions, solve_model
from landplan.sweep import SweepSpec, draw_sample, scores_for


def throughput(scenario, spec: SweepSpec, executor: str, workers: int, chunk: int) -> dict:
    run = landplan.run_local if executor == "local" else landplan.run_dask
    began = time.perf_counter()
    results = landplan.collect(run(scenario, spec, workers=workers, chunk=chunk))
    wall = time.perf_counter() - began
    solve = sum(r.runtime_s for r in results)
    return {
        "executor": executor,
        "workers": workers,
        "samples": len(results),
        "wall_s": round(wall, 1),
        "samples_per_s": round(len(results) / wall, 4),
        "solver_s_per_sample": round(solve / len(results), 2),
    }


def overhead(scenario, spec: SweepSpec, samples: int) -> pd.DataFrame:
    """Per sample: the re-solve's wall time against a fresh compile + solve of the same model."""
    inputs = landplan.assemble(scenario)
    options = SolverOptions(time_limit=spec.time_limit, gap_rel=spec.gap, threads=1)
    resolver = Resolver.build(inputs.problem, options)
    rows = []
    for index in range(samples):
        weights, demand = draw_sample(inputs, spec, index)
        scores = scores_for(inputs, weights)
        began = time.perf_counter()
        again = resolver.solve(scores, demand)
        resolve_s = time.perf_counter() - began
        clusters = inputs.problem.clusters.copy()
        for h in inputs.problem.horizons:
            clusters[f"demand_{h}_km2"] = demand[h]
        changed = dataclasses.replace(inputs.problem, clusters=clusters, suitability=scores)
        began = time.perf_counter()
        bare = solve_model(compile_problem(changed), options)
        bare_s = time.perf_counter() - began
        rows.append(
            {
                "sample": index,
                "resolve_s": round(resolve_s, 2),
                "bare_s": round(bare_s, 2),
                "ratio": round(resolve_s / bare_s, 3),
                "resolve_objective": round(again.objective, 4),
                "bare_objective": round(bare.objective, 4),
            }
        )
        print(pd.DataFrame(rows[-1:]).to_string(index=False, header=index == 0), flush=True)
    return pd.DataFrame(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenario", default="baseline")
    parser.add_argument("--samples", type=int, default=200)
    parser.add_argument("--workers", default="1,2")
    parser.add_argument("--executors", default="local,dask")
    parser.add_argument("--gap", type=float, default=0.01)
    parser.add_argument("--time-limit", type=float, default=30.0)
    parser.add_argument("--overhead-samples", type=int, default=5)
    parser.add_argument("--chunk", type=int, default=1, help="samples per task")
    args = parser.parse_args()
    scenario = landplan.load_scenario(args.scenario)
    spec = SweepSpec(samples=args.samples, seed=0, gap=args.gap, time_limit=args.time_limit)
    print(f"scenario {scenario.name}: {args.samples} samples, gap {args.gap}, "
          f"time limit {args.time_limit} s per sample")  # fmt: skip
    if args.overhead_samples:
        print("\none sample (re-solve in place) against one bare solve (compile + solve):")
        table = overhead(scenario, spec, args.overhead_samples)
        print(f"mean ratio {table['ratio'].mean():.3f}, total {table['resolve_s'].sum():.1f} s "
              f"vs {table['bare_s'].sum():.1f} s")  # fmt: skip
    rows = []
    for executor in args.executors.split(","):
        for workers in (int(w) for w in args.workers.split(",")):
            rows.append(throughput(scenario, spec, executor, workers, args.chunk))
            print(pd.DataFrame(rows[-1:]).to_string(index=False, header=len(rows) == 1))
    print()
    print(pd.DataFrame(rows).to_string(index=False))


if __name__ == "__main__":
    main()
