"""How much each assignment matters, and genuinely different plans that are nearly as good.

**Replacement importance** of an assignment (cluster ``c`` in park ``p`` in the plan): the
objective lost when ``c`` is barred from ``p`` (``y[c, p] = 0``) and the plan is solved again,
``z* − z(c ∉ p)``. Large: the cluster has no good substitute for that park. Each re-solve uses
the model kept in HiGHS (:class:`landplan.optimisation.resolve.Resolver`). With solves stopped on a gap, a
loss smaller than the gaps is noise: the table gives both.

**Own value of a site** (cluster ``c`` present in park ``p`` in the plan): the objective *without
the chain bonus* lost when the site is closed and the plan's land re-optimised with every other
presence kept as it is (an LP). A site whose own value is not positive earns nothing by itself:
it is kept only for the chain bonus it collects.

**Near-optimal alternatives**: plan ``j`` maximises the objective subject to every rule plus

- ``objective ≥ z* − share · Z`` (within ``share`` of the plan's score ``z*``, a share of
  the score at stake ``Z``, as every gap is: a share of a score near zero would allow nothing),
  and
- ``Σ_{(c,p) ∈ S_i} (1 − y[c, p]) + Σ_{(c,p) ∉ S_i} y[c, p] ≥ m`` for the optimum and every
  earlier alternative ``i`` (``S_i`` its presences): it differs from each in at least ``m``
  cluster–park assignments.
"""

from __future__ import annotations

import pandas as pd

from landplan.analysis.specs import ExploreSpec
from landplan.errors import LandplanError
from landplan.optimisation.engine import solve_model
from landplan.optimisation.evaluate import land_by_park, presences
from landplan.optimisation.model import compile_problem
from landplan.optimisation.problem import Problem
from landplan.optimisation.resolve import Resolver
from landplan.optimisation.solution import Solution, solution_from_result
from landplan.optimisation.terms.chain_bonus import ChainBonus
from landplan.progress import Progress
from landplan.solving.adapters import call_solver
from landplan.solving.lanes import side_by_side
from landplan.solving.matrix import MatrixForm
from landplan.solving.model import GE
from landplan.solving.options import SolverOptions
from landplan.solving.result import Stop


def replacement_importance(
    problem: Problem,
    solution: Solution,
    options: SolverOptions | None = None,
    progress: Progress | None = None,
    pairs: list[tuple[str, str]] | None = None,
) -> pd.DataFrame:
    """Per assignment of ``solution`` (or only ``pairs`` of them): its land, the objective
    without it, the loss and the gaps of both solves (``barred_status`` says when barring it
    leaves no plan, e.g. a lock); ``progress`` hears how many are done of how many.

    The re-solves run side by side, as many as ``options.threads`` (each one's two searches
    then one after the other: the same plans, :mod:`landplan.optimisation.engine`)."""
    options = options or SolverOptions()
    progress = progress or Progress()
    optimum = plan_value(solution)
    resolver = Resolver.build(problem, options.with_changes(threads=1))
    land = solution.allocation.groupby(["cluster_id", "park_id"])["land_km2"].sum()
    assignments = pairs or presences(solution.allocation)

    def without(pair: tuple[str, str]) -> Solution:
        return resolver.solve(barred=(pair,), progress=progress.part("", told=False))

    barred = side_by_side(without, assignments, options.threads, progress.stop, progress.count)
    rows = [
        {
            "cluster_id": cluster,
            "park_id": park,
            "land_km2": float(land[cluster, park]),
            "objective_without": plan.objective,
            "loss": None if plan.objective is None else optimum - plan.objective,
            "barred_status": str(plan.status),
            "barred_gap": plan.gap,
            "plan_gap": solution.gap,
        }
        for (cluster, park), plan in zip(assignments, barred, strict=True)
    ]
    return pd.DataFrame(rows).sort_values("loss", ascending=False, ignore_index=True)


def site_values(
    problem: Problem,
    solution: Solution,
    progress: Progress | None = None,
    workers: int = SolverOptions().threads,
) -> pd.DataFrame:
    """Per site of ``solution``: its land, its own value (see the module docstring; None if the
    LP fails) and ``bonus_only`` (True where the own value is not positive, so that only the
    chain bonus keeps the site); ``workers`` of the LPs side by side, ``progress`` hearing how
    many are done."""
    progress = progress or Progress()
    without_bonus = problem.remove(ChainBonus.name) if problem.part(ChainBonus) else problem
    model = compile_problem(without_bonus)
    form = MatrixForm.from_model(model)
    columns = {pair: form.column(var.name) for pair, var in model.y.items()}
    sites = list(presences(solution.allocation))

    def best_without(closed: tuple[str, str] | None) -> float | None:
        """The objective without the bonus, every presence fixed as in the plan but ``closed``."""
        lower, upper = form.lower.copy(), form.upper.copy()
        for pair, column in columns.items():
            lower[column] = upper[column] = float(pair in sites and pair != closed)
        run = call_solver(
            form.with_bounds(lower, upper), "highs", relax=True,
            watch=lambda *_: progress.stopped(),
        )  # fmt: skip
        return run.objective if run.stop == Stop.PROOF else None

    whole = best_without(None)
    land = land_by_park(solution.allocation)
    rests = side_by_side(best_without, sites, workers, progress.stop, progress.count)
    rows = []
    for site, rest in zip(sites, rests, strict=True):
        value = None if whole is None or rest is None else whole - rest
        rows.append(
            {
                "cluster_id": site[0],
                "park_id": site[1],
                "land_km2": float(land[site]),
                "own_value": value,
                "bonus_only": value is not None and value <= 1e-9,
            }
        )
    return pd.DataFrame(rows)


def near_optimal_alternatives(
    problem: Problem,
    solution: Solution,
    k: int = ExploreSpec.alternatives,
    share: float = ExploreSpec.share,
    min_difference: int = ExploreSpec.min_difference,
    options: SolverOptions | None = None,
    progress: Progress | None = None,
) -> tuple[list[Solution], pd.DataFrame]:
    """Up to ``k`` plans within ``share`` of what is at stake below ``solution``'s objective,
    each differing from it and from one another in at least ``min_difference`` assignments;
    and a table of them (``progress`` hears how many of the ``k`` are sought)."""
    progress = progress or Progress()
    model = compile_problem(problem)
    optimum = plan_value(solution)
    stake = solution.result.scale or abs(optimum)
    floor = optimum - share * stake
    objective = [(var, coef) for term in model.terms.values() for var, coef in term.items()]
    model.add_row("near_optimal", (), objective, GE, floor)
    plans, found = [solution], []
    for j in range(k):
        chosen = set(presences(plans[-1].allocation))
        pairs = [(y, -1.0 if key in chosen else 1.0) for key, y in model.y.items()]
        model.add_row("different", (j,), pairs, GE, float(min_difference - len(chosen)))
        result = solve_model(model, options, progress=progress.part("", told=False))
        progress.count(j + 1, k)
        if result.objective is None:
            break  # no more plans that different and that good
        plans.append(solution_from_result(model, result))
        found.append(plans[-1])
    table = _table(solution, found, stake)
    return found, table


def _table(optimum: Solution, alternatives: list[Solution], stake: float) -> pd.DataFrame:
    base = set(presences(optimum.allocation))
    rows, previous = [], base
    for j, plan in enumerate(alternatives, start=1):
        chosen = set(presences(plan.allocation))
        rows.append(
            {
                "alternative": j,
                "status": str(plan.status),
                "objective": plan.objective,
                "loss": None if plan.objective is None else plan_value(optimum) - plan.objective,
                "loss_share_of_stake": None
                if plan.objective is None
                else (plan_value(optimum) - plan.objective) / stake,
                "differences_from_optimum": len(chosen ^ base),
                "differences_from_previous": len(chosen ^ previous),
                "gained": ", ".join(f"{c}@{p}" for c, p in sorted(chosen - base)),
                "lost": ", ".join(f"{c}@{p}" for c, p in sorted(base - chosen)),
            }
        )
        previous = chosen
    return pd.DataFrame(rows)


def plan_value(solution: Solution) -> float:
    """The objective of ``solution``'s plan; looking around a plan needs one."""
    if solution.objective is None:
        raise LandplanError(
            f"there is no plan to look around (status {solution.status}: {solution.reason})"
        )
    return solution.objective
