"""The planner-variant family (issue 31): seeded variants of the bundled scenarios over every knob
a scenario has, each solved by the engine, by HiGHS alone and by SCIP alone, side by side.

Variant ``i`` (:func:`variant`) draws from its own random stream (31, i): a parent among the
bundled scenarios, then, each with its own chance, changes to

- demand: a multiplier for all (0.7–1.4), by kind, by industry;
- suitability: criterion weights (random), or an AHP matrix (consistent, from random weights);
- rules: strict demand, strict endorsement, hard demand (a kind or some industries), industries
  per park (3–7), parks per industry (2–6), the least share of a site (0–0.35), the cap on a
  park's share (0.4–0.8), footprints;
- 0–4 locks and 0–4 exclusions (mostly in districts the policy names for the industry, as a
  planner would; some anywhere);
- the objective's weights: suitability, chain bonus and how it counts, cost per site, shortfall
  penalty.

Some variants are infeasible or contradictory on purpose: a planner's mistakes must be
explained as fast as a plan is made. Each variant is assembled once (the scenario checked, the
layers scored: ``assemble``); then each solver gets the same problem through
:func:`landplan.solve` (checks, compile, solve, explanations; no shadow prices or greedy
yardstick): the engine with its defaults, HiGHS and SCIP alone with the engine's heuristic off
and no node limit. ``--cap`` seconds is every solve's time limit. Times are wall seconds of the
whole call (checks, compile, solve, explanations) and, in the summary, of the solve alone.

Printed: one line per variant (its changes, then per solver the wall seconds, status and what
ended the solve), then the summary: how many certified, proven infeasible or refused with
reasons; the engine's p50 / p95 / slowest against each solver alone; the variants on which the
engine was slower than the best solver alone. ``--csv`` writes every figure.

Usage: python bench/variants.py [--count 200] [--first 0] [--cap 60] [--solvers engine,highs,scip]
[--csv out/bench/variants.csv]
"""

from __future__ import annotations

import argparse
import csv
import statistics
import time
from pathlib import Path
from typing import Any

import numpy as np

import landplan
from landplan.inputs.suitability import BUILT_IN_CRITERIA
from landplan.solving.options import SolverOptions

#: Slower than the best solver alone only if by more than this share and these seconds (the
#: machine's noise on a second-long solve).
NOISE_SHARE, NOISE_S = 0.10, 0.1


def variant(index: int, clusters: list[str], parks: dict[str, str], endorsed: dict) -> dict:
    """Variant ``index``: ``{"name", "parent", "changes"}`` (see the module docstring);
    ``parks`` maps park id → district, ``endorsed[cluster]`` the parks the policy names."""
    rng = np.random.default_rng([31, index])
    chance = rng.random
    parents = sorted(landplan.bundled_scenarios())
    changes: dict[str, Any] = {}

    demand: dict[str, Any] = {}
    if chance() < 0.6:
        demand["multiplier"] = round(float(rng.uniform(0.7, 1.4)), 2)
    if chance() < 0.25:
        demand["kinds"] = {
            str(rng.choice(["strategic", "future"])): round(float(rng.uniform(0.7, 1.5)), 2)
        }
    if chance() < 0.25:
        picked = rng.choice(clusters, int(rng.integers(1, 4)), replace=False)
        demand["clusters"] = {str(c): round(float(rng.uniform(0.7, 1.4)), 2) for c in picked}
    if demand:
        changes["demand"] = demand

    draw = chance()
    if draw < 0.35:
        weights = rng.dirichlet(np.ones(len(BUILT_IN_CRITERIA)))
        changes["suitability"] = {
            "weights": {
                c: round(float(w), 3) for c, w in zip(BUILT_IN_CRITERIA, weights, strict=True)
            }
        }
    elif draw < 0.5:  # powers of two: every ratio and its reciprocal exact, the matrix consistent
        weights = 2.0 ** rng.integers(0, 4, len(BUILT_IN_CRITERIA))
        matrix = [[float(a / b) for b in weights] for a in weights]
        changes["suitability"] = {"ahp": {"criteria": list(BUILT_IN_CRITERIA), "matrix": matrix}}

    rules: dict[str, Any] = {}
    if chance() < 0.06:
        rules["strict_demand"] = True
    if chance() < 0.15:
        rules["strict_endorsement"] = True
    if chance() < 0.15:
        if chance() < 0.5:
            rules["hard_demand"] = ["future"]
        else:
            rules["hard_demand"] = [
                str(c) for c in rng.choice(clusters, int(rng.integers(1, 4)), replace=False)
            ]
    if chance() < 0.3:
        rules["clusters_per_park"] = int(rng.integers(3, 8))
    if chance() < 0.3:
        rules["parks_per_cluster"] = int(rng.integers(2, 7))
    if chance() < 0.25:
        rules["min_site_share"] = round(float(rng.uniform(0.0, 0.35)), 2)
    if chance() < 0.15:
        rules["max_park_share"] = round(float(rng.uniform(0.4, 0.8)), 2)
    if chance() < 0.1:
        picked = rng.choice(clusters, int(rng.integers(1, 3)), replace=False)
        rules["footprints"] = {str(c): round(float(rng.uniform(0.3, 2.0)), 2) for c in picked}
    if rules:
        changes["rules"] = rules

    for section in ("locks", "exclusions"):
        places = []
        for _ in range(int(rng.integers(0, 5)) if chance() < 0.5 else 0):
            cluster = str(rng.choice(clusters))
            inside = endorsed[cluster] if endorsed[cluster] and chance() < 0.8 else list(parks)
            places.append({"cluster": cluster, "park": str(rng.choice(inside))})
        if places:
            changes[section] = places

    objective: dict[str, Any] = {}
    if chance() < 0.15:
        objective["suitability"] = round(float(rng.uniform(0.5, 2.0)), 2)
    if chance() < 0.2:
        objective["chain_bonus"] = round(float(rng.uniform(0.0, 0.1)), 3)
    if chance() < 0.1:
        objective["chain_bonus_per"] = "park"
    if chance() < 0.1:
        objective["presence_cost"] = round(float(rng.uniform(0.0, 0.01)), 4)
    if chance() < 0.2:
        objective["shortfall_penalty"] = round(float(rng.uniform(2.0, 20.0)), 1)
    if objective:
        changes["objective"] = objective
    return {"name": f"variant-{index}", "parent": str(rng.choice(parents)), "changes": changes}


def family_member(index: int) -> landplan.Scenario:
    """Variant ``index`` of the family as a scenario (for other benchmarks)."""
    catalog, layer = landplan.load_catalog(), landplan.load_parks()
    parks = dict(zip(layer["park_id"], layer["district"], strict=False))
    clusters = list(catalog.clusters.index)
    spec = variant(index, clusters, parks, _endorsed(catalog, parks))
    return landplan.load_scenario(spec["parent"]).derive(spec["name"], **spec["changes"])


def _endorsed(catalog: landplan.Catalog, parks: dict[str, str]) -> dict[str, list[str]]:
    """Per industry, the parks in the districts the policy names for it."""
    named = catalog.clusters["policy_districts"].fillna("")
    return {
        c: [p for p, d in parks.items() if d in str(named[c]).split(";")]
        for c in catalog.clusters.index
    }


def describe(changes: dict) -> str:
    """A variant's changes in one short line."""
    parts = []
    for section, value in changes.items():
        if isinstance(value, list):
            parts.append(f"{len(value)} {section}")
        elif section == "suitability":
            parts.append("ahp" if "ahp" in value else "weights")
        else:
            parts.append(",".join(f"{k}={_short(v)}" for k, v in value.items()))
    return "; ".join(parts) or "as the parent"


def _short(value: Any) -> str:
    if isinstance(value, dict):
        return "{" + ",".join(f"{k}:{v}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ",".join(map(str, value)) + "]"
    return str(value)


def solve(problem, options: SolverOptions) -> dict:
    """Wall seconds of :func:`landplan.solve` and how it ended (or the refusal's words)."""
    began = time.perf_counter()
    try:
        solution = landplan.solve(problem, options, shadow_prices=False, greedy=False)
    except landplan.ProblemError as exc:
        return {"seconds": time.perf_counter() - began, "solve_s": 0.0, "status": "refused",
                "stop": "checks", "gap": None, "objective": None, "nodes": 0,
                "why": str(exc)[:120]}  # fmt: skip
    return {
        "seconds": time.perf_counter() - began,
        "solve_s": solution.runtime_s,
        "status": str(solution.status),
        "stop": str(solution.stopped_by),
        "gap": solution.gap,
        "objective": solution.objective,
        "nodes": solution.result.counts.nodes,
        "why": "; ".join(d.message for d in solution.diagnostics if d.level == "error")[:120],
    }


def settled(outcome: dict) -> bool:
    """Certified, proven infeasible (with reasons), or refused with reasons."""
    if outcome["status"] in ("refused", "infeasible"):
        return bool(outcome["why"]) or outcome["status"] == "infeasible"
    return outcome["stop"] in ("gap", "proof")


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=200)
    parser.add_argument("--first", type=int, default=0)
    parser.add_argument("--cap", type=float, default=60.0, help="seconds, every solve's limit")
    parser.add_argument("--solvers", default="engine,highs,scip")
    parser.add_argument("--csv", type=Path, default=None)
    args = parser.parse_args()
    solvers = args.solvers.split(",")
    catalog, layer = landplan.load_catalog(), landplan.load_parks()
    parks = dict(zip(layer["park_id"], layer["district"], strict=False))
    clusters = list(catalog.clusters.index)
    named = catalog.clusters["policy_districts"].fillna("")
    endorsed = {c: [p for p, d in parks.items() if d in str(named[c]).split(";")] for c in clusters}
    engine = SolverOptions(time_limit=args.cap)
    options = {
        who: engine if who == "engine"
        else engine.with_changes(name=who, heuristic=False, node_limit=10**9)
        for who in solvers
    }  # fmt: skip
    print(
        f"{args.count} variants from {args.first}; cap {args.cap:g} s; engine {engine.model_dump()}"
    )
    rows = []
    for index in range(args.first, args.first + args.count):
        spec = variant(index, clusters, parks, endorsed)
        row: dict[str, Any] = {"variant": index, "parent": spec["parent"],
                               "changes": describe(spec["changes"])}  # fmt: skip
        try:
            parent = landplan.load_scenario(spec["parent"])
            began = time.perf_counter()
            problem = landplan.assemble(parent.derive(spec["name"], **spec["changes"])).problem
            row["assemble_s"] = time.perf_counter() - began
        except landplan.InputError as exc:
            row["input_error"] = str(exc)[:120]
            print(f"{index:>4} {spec['parent']:<15} input error: {row['input_error']}", flush=True)
            rows.append(row)
            continue
        for who in solvers:
            for key, value in solve(problem, options[who]).items():
                row[f"{who}_{key}"] = value
        rows.append(row)
        print(_line(row, solvers), flush=True)
    summary(rows, solvers)
    if args.csv:
        args.csv.parent.mkdir(parents=True, exist_ok=True)
        keys = list(dict.fromkeys(k for row in rows for k in row))
        with args.csv.open("w", newline="") as handle:
            writer = csv.DictWriter(handle, keys)
            writer.writeheader()
            writer.writerows(rows)


def _line(row: dict, solvers: list[str]) -> str:
    cells = []
    for who in solvers:
        gap = row[f"{who}_gap"]
        gap_text = "" if gap is None else f" {100 * gap:.2f}%"
        cells.append(f"{who} {row[f'{who}_seconds']:6.2f}s {row[f'{who}_status'][:8]:<8} "
                     f"{row[f'{who}_stop'][:10]:<10}{gap_text:>7}")  # fmt: skip
    return f"{row['variant']:>4} {row['parent']:<15} {' | '.join(cells)}  [{row['changes']}]"


def summary(rows: list[dict], solvers: list[str]) -> None:
    solved = [row for row in rows if "input_error" not in row]
    print(f"\n{len(rows)} variants: {len(rows) - len(solved)} refused as input errors, "
          f"{len(solved)} solved by each of {', '.join(solvers)}")  # fmt: skip
    for who in solvers:
        outcomes = [{k.removeprefix(f"{who}_"): v for k, v in row.items() if k.startswith(f"{who}_")}
                    for row in solved]  # fmt: skip
        seconds = [o["seconds"] for o in outcomes]
        solves = [o["solve_s"] for o in outcomes]
        kinds = {s: sum(o["status"] == s for o in outcomes) for s in ("refused", "infeasible")}
        certified = sum(o["stop"] in ("gap", "proof") for o in outcomes)
        print(f"  {who:<7} settled {sum(map(settled, outcomes))}/{len(outcomes)} "
              f"(certified {certified}, infeasible {kinds['infeasible']}, refused {kinds['refused']}); "
              f"p50 {statistics.median(seconds):.2f} s, p95 {percentile(seconds, 0.95):.2f} s, "
              f"slowest {max(seconds):.2f} s (the solve alone: p50 "
              f"{statistics.median(solves):.2f} s, p95 {percentile(solves, 0.95):.2f} s, "
              f"slowest {max(solves):.2f} s)")  # fmt: skip
    alone = [who for who in solvers if who != "engine"]
    if "engine" not in solvers or not alone:
        return
    slower = []
    for row in solved:
        best = min(row[f"{who}_seconds"] for who in alone)
        mine = row["engine_seconds"]
        if mine > best * (1 + NOISE_SHARE) and mine > best + NOISE_S:
            slower.append((row["variant"], mine, best))
    print(f"  engine slower than the best solver alone (by > {100 * NOISE_SHARE:g} % and "
          f"> {NOISE_S:g} s): {len(slower)} of {len(solved)}"
          + "".join(f"\n    variant {v}: {m:.2f} s against {b:.2f} s" for v, m, b in slower))  # fmt: skip


if __name__ == "__main__":
    main()
