"""The solve engine's figures, side by side in one run (the table of issue 12):

1. the baseline solved to the default certified gap (0.5 %): the engine (LP bound, landplan's
   heuristic, then branch and bound only if needed) against each solver alone on the same model;
2. `landplan run baseline` end to end (a fresh process: import, solve, tables, GeoPackage, maps,
   report);
3. a plan certified within 0.1 %;
4. the proof at gap 0 of the bundled default model (what `make test-proof` proves);
5. a sweep of the baseline (200 samples, 2 workers, 1 % gap), local and Dask, and whether they
   agree;
6. the three notebooks, top to bottom as shipped;
7. the baseline's allocation.csv on an idle machine and with both cores busy.

Times are wall seconds on this machine (shared and noisy: the ratios say more); where a figure
is repeated, the median is shown.

Usage: python bench/engine.py [--repeat 5] [--skip proof,sweep,notebooks] [--time-limit 300]
"""

from __future__ import annotations

import argparse
import hashlib
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import landplan
from landplan.outputs.runfolder import allocation_csv_table
from landplan.solving.options import SOLVERS, SolverOptions

ROOT = Path(__file__).resolve().parents[1]


def timed_solve(problem, options: SolverOptions, repeat: int = 1):
    """The median wall time of ``repeat`` solves, and the last solution."""
    times = []
    for _ in range(repeat):
        began = time.perf_counter()
        solution = landplan.solve(problem, options, shadow_prices=False, greedy=False)
        times.append(time.perf_counter() - began)
    return statistics.median(times), solution


def line(label: str, seconds: float, solution, extra: str = "") -> str:
    gap = "—" if solution.gap is None else f"{100 * solution.gap:.3f} %"
    return (
        f"  {label:<34} {seconds:8.2f} s  gap {gap:>9}  {str(solution.stopped_by):<11}"
        f" objective {solution.objective:.4f}{extra}"
    )


def certified(problem, gap: float, repeat: int, time_limit: float) -> None:
    engine_s, engine = timed_solve(problem, SolverOptions(gap=gap), repeat)
    print(line("engine (2 threads)", engine_s, engine))
    one_s, one = timed_solve(problem, SolverOptions(gap=gap, threads=1), repeat)
    same = one.result.values == engine.result.values
    print(line("engine (1 thread)", one_s, one, f"   (the same plan: {same})"))
    for solver in SOLVERS:
        alone = SolverOptions(name=solver, gap=gap, heuristic=False, time_limit=time_limit)
        seconds, solution = timed_solve(problem, alone)
        print(
            line(f"{solver} alone", seconds, solution, f"   ({seconds / engine_s:.0f}× the engine)")
        )


def end_to_end(repeat: int) -> None:
    times = []
    with tempfile.TemporaryDirectory() as out:
        for _ in range(repeat):
            began = time.perf_counter()
            subprocess.run(
                [sys.executable, "-m", "landplan", "run", "baseline", "--out", out, "--quiet"],
                check=True,
            )
            times.append(time.perf_counter() - began)
    print(f"  `landplan run baseline`, median of {repeat}: {statistics.median(times):.2f} s "
          f"(runs: {', '.join(f'{t:.2f}' for t in times)})")  # fmt: skip


def proofs(problem, time_limit: float) -> None:
    for solver in SOLVERS:
        options = SolverOptions(name=solver, gap=0.0, node_limit=10**9, time_limit=time_limit)
        seconds, solution = timed_solve(problem, options)
        print(line(solver, seconds, solution))


def sweeps(scenario) -> None:
    sys.path.insert(0, str(ROOT / "bench"))
    from sweep import same_results, throughput  # bench/sweep.py

    spec = landplan.SweepSpec(samples=200, seed=0)
    first = None
    for executor in ("local", "dask"):
        figures, results = throughput(scenario, spec, executor, workers=2)
        first = first or results
        print(f"  {executor}: {figures}; same as local: {same_results(results, first)}")


def explorations(variant: int) -> None:
    """explore (importance, alternatives, site values) on the baseline and on a member of the
    planner-variant family (bench/variants.py)."""
    sys.path.insert(0, str(ROOT / "bench"))
    from variants import family_member  # bench/variants.py

    for scenario in (landplan.load_scenario("baseline"), family_member(variant)):
        began = time.perf_counter()
        found = landplan.explore_scenario(scenario)
        seconds = time.perf_counter() - began
        importance = 0 if found.importance is None else len(found.importance)
        print(f"  {scenario.name}: {seconds:.1f} s ({importance} assignments barred in turn, "
              f"{len(found.alternatives)} alternatives, {len(found.sites)} sites valued)")  # fmt: skip


def notebooks() -> None:
    sys.path.insert(0, str(ROOT / "scripts"))
    from run_notebooks import NOTEBOOKS, execute

    total = 0.0
    for path in NOTEBOOKS:
        with tempfile.TemporaryDirectory() as tmp:
            _, seconds = execute(path, Path(tmp))
        total += seconds
        print(f"  {path.name}: {seconds:.1f} s")
    print(f"  together: {total:.1f} s")


def determinism() -> None:
    def digest() -> str:
        run = landplan.run_scenario(landplan.load_scenario("baseline"))
        return hashlib.sha256(allocation_csv_table(run).to_csv(index=False).encode()).hexdigest()

    idle = digest()
    hogs = [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(2)]
    try:
        busy = digest()
    finally:
        for hog in hogs:
            hog.kill()
    print(f"  idle {idle[:16]}…, both cores busy {busy[:16]}…: "
          f"{'identical' if idle == busy else 'DIFFERENT'}")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument(
        "--skip", default="", help="comma-separated: proof, sweep, notebooks, explore"
    )
    parser.add_argument("--variant", type=int, default=6, help="the family member to explore")
    parser.add_argument("--time-limit", type=float, default=300.0, help="per solver-alone run")
    args = parser.parse_args()
    skip = set(filter(None, args.skip.split(",")))
    scenario = landplan.load_scenario("baseline")
    baseline = landplan.assemble(scenario).problem
    parks, catalog = landplan.load_parks(), landplan.load_catalog()
    default_model = landplan.problem_from_layers(
        parks, catalog, landplan.score_suitability(parks, catalog, landplan.load_infrastructure())
    )
    print(f"baseline: {baseline.clusters.shape[0]} clusters, {len(baseline.parks)} parks; "
          f"defaults: {SolverOptions().model_dump()}")  # fmt: skip
    print("\n1. certified within 0.5 % (the default)")
    certified(baseline, 0.005, args.repeat, args.time_limit)
    print("\n2. end to end")
    end_to_end(min(args.repeat, 3))
    print("\n3. certified within 0.1 %")
    certified(baseline, 0.001, 1, args.time_limit)
    if "proof" not in skip:
        print("\n4. proof at gap 0 of the bundled default model (make test-proof)")
        proofs(default_model, args.time_limit)
    if "sweep" not in skip:
        print("\n5. sweep of the baseline: 200 samples, 2 workers, each to a 1 % gap")
        sweeps(scenario)
    if "notebooks" not in skip:
        print("\n6. the notebooks, top to bottom as shipped")
        notebooks()
    print("\n7. determinism: the baseline's allocation.csv")
    determinism()
    if "explore" not in skip:
        print(f"\n8. explore: the baseline and variant {args.variant} of bench/variants.py")
        explorations(args.variant)


if __name__ == "__main__":
    main()
