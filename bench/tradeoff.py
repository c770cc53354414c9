"""The trade-off module's figures (landplan/tradeoff/), side by side in one run:

1. the ε-constraint front of the baseline, suitability against demand met by 2025 (12 points:
   the issue's figure, target ≤ 30 s, every point certified within the gap, none dominated on
   the front): its points, how many are certified, on the front or removed, the knee and the
   front's values;
2. the same pair by a weight sweep of as many weights: how many distinct points it finds;
3. the same two rows for pairs with a real trade-off (suitability × balance, suitability ×
   chain, demand_2025 × chain), with how many of the ε front's rates of exchange are
   measurable;
4. the three-objective grid, suitability × balance × chain (5 × 5 levels, target ≤ 3 min):
   solved, certified, on the front, levels no plan reaches;
5. the lexicographic order demand_2025, suitability, balance (tolerances 0 and 2 %) and the
   reference point suitability 44, balance 3: the plans' values.

Times are wall seconds on this machine (shared and noisy: the ratios say more).

Usage: python bench/tradeoff.py [--skip front,pairs,grid,hierarchical,reference] [--points 12]
                                [--grid 5] [--gap 0.005]
"""

from __future__ import annotations

import argparse
import time

from landplan.assembly import assemble
from landplan.inputs.scenario import load_scenario
from landplan.tradeoff.front import (
    Solving,
    epsilon_front,
    hierarchical,
    reference_point,
    weight_sweep,
)
from landplan.tradeoff.objectives import objective

PAIRS = ("suitability,balance", "suitability,chain", "demand_2025,chain")


def timed(method, *args):
    """A trade-off method's front and its wall seconds."""
    began = time.perf_counter()
    front = method(*args)
    return front, time.perf_counter() - began


def values(front, point) -> str:
    return ", ".join(f"{o.key} {o.words(point.values[o.key])}" for o in front.objectives)


def front_row(label: str, front, seconds: float) -> None:
    """One line of a front's figures."""
    measurable = sum(r["measurable"] for r in front.rates())
    rates = f"  measurable rates {measurable}" if len(front.objectives) == 2 else ""
    knee = "—" if front.knee is None else front.knee
    print(
        f"  {label:<22} {seconds:7.1f} s  solved {len(front.points):>2}  certified "
        f"{front.certified:>2}  on front {len(front.kept):>2}  removed {len(front.dominated_by):>2}"
        f"  knee {knee}  no plan {sum(not p.found for p in front.points)}{rates}"
    )


def show_front(front) -> None:
    """The front's values, or plainly that there is no trade-off."""
    if len(front.kept) == 1:
        print(f"  no trade-off: one plan is best on both ({values(front, front.kept[0])})")
        return
    for p in front.kept:
        print(f"    point {p.number:>2}: {values(front, p)}")


def compare(problem, keys: str, points: int, options, show: bool = False) -> None:
    """The ε front of ``points`` points against a sweep of ``points`` weights, for one pair."""
    chosen = [objective(k, problem) for k in keys.split(",")]
    front, seconds = timed(epsilon_front, problem, chosen, points, Solving(options))
    front_row(f"ε front, {points} points", front, seconds)
    if show:
        show_front(front)
    sweep, seconds = timed(weight_sweep, problem, chosen, points, Solving(options))
    front_row(f"sweep, {points} weights", sweep, seconds)
    if show:
        show_front(sweep)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--skip", default="", help="comma-separated: front, pairs, grid, hierarchical, reference"
    )
    parser.add_argument("--points", type=int, default=12, help="points of each two-objective run")
    parser.add_argument("--grid", type=int, default=5, help="levels per axis of the 3-D grid")
    parser.add_argument("--gap", type=float, default=None, help="default: the scenario's")
    args = parser.parse_args()
    skip = set(filter(None, args.skip.split(",")))
    inputs = assemble(load_scenario("baseline"))
    problem, options = inputs.problem, inputs.scenario.solver
    if args.gap is not None:
        options = options.with_changes(gap=args.gap)
    print(f"baseline: {problem.clusters.shape[0]} clusters, {len(problem.parks)} parks; "
          f"gap {100 * options.gap:g} %, {options.threads} threads")  # fmt: skip
    if "front" not in skip:
        print("\n1-2. suitability × demand_2025: ε front against a weight sweep (target ≤ 30 s)")
        compare(problem, "suitability,demand_2025", args.points, options, show=True)
    if "pairs" not in skip:
        print("\n3. pairs with a trade-off: ε front against a weight sweep")
        for keys in PAIRS:
            print(f" {keys.replace(',', ' × ')}")
            compare(problem, keys, args.points, options)
    if "grid" not in skip:
        n = args.grid
        print(f"\n4. suitability × balance × chain, {n} × {n} levels (target ≤ 3 min)")
        chosen = [objective(k, problem) for k in ("suitability", "balance", "chain")]
        front, seconds = timed(epsilon_front, problem, chosen, n, Solving(options))
        front_row(f"ε grid, {n} × {n}", front, seconds)
    if "hierarchical" not in skip:
        print("\n5. lexicographic: demand_2025, suitability, balance (tolerances 0, 2 %)")
        chosen = [objective(k, problem) for k in ("demand_2025", "suitability", "balance")]
        front, seconds = timed(hierarchical, problem, chosen, [0.0, 0.02], Solving(options))
        for p in front.points:
            print(f"  level {p.number}: {values(front, p) if p.found else 'no plan'}")
        print(f"  {seconds:.1f} s")
    if "reference" not in skip:
        print("\n5. reference point: suitability 44, balance 3")
        target = [(objective("suitability", problem), 44.0), (objective("balance", problem), 3.0)]
        front, seconds = timed(reference_point, problem, target, Solving(options))
        for p in front.points:
            print(f"  {p.role:<9} {p.number}: {values(front, p) if p.found else 'no plan'}")
        print(f"  {seconds:.1f} s")


if __name__ == "__main__":
    main()
