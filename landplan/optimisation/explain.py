"""Why is a strict problem infeasible? Re-solve with the hard rules made soft and name what breaks.

A bare "infeasible" is no answer. When demand is a hard rule, the problem is solved again with
demand allowed to fall short at a high price: the clusters that still fall short, by how much and
by when, are the explanation. If even that fails, the locks are dropped to test whether they are
the cause.
"""

from __future__ import annotations

from landplan.i18n import N_, keep
from landplan.optimisation.diagnostics import Diagnostic, cluster_label
from landplan.optimisation.engine import solve_model
from landplan.optimisation.families.demand import DemandConstraints
from landplan.optimisation.families.locks import LockConstraints
from landplan.optimisation.model import compile_problem
from landplan.optimisation.problem import Problem
from landplan.optimisation.solution import Solution, solution_from_result
from landplan.solving.options import SolverOptions
from landplan.solving.result import Status

#: Per km² of shortfall in the elastic re-solve: far above any gain, so shortfall is minimised.
ELASTIC_PENALTY = 1000.0


def explain_infeasibility(problem: Problem, options: SolverOptions) -> list[Diagnostic]:
    """Diagnostics that name the clusters, parks and locks behind an infeasible problem."""
    demand = problem.part(DemandConstraints)
    elastic = problem.add_demand_constraints(penalty=ELASTIC_PENALTY, strict=False)
    solution = _solve(elastic, options)
    if solution is not None:
        short = solution.shortfall()
        short = short[short["shortfall_km2"] > 1e-6]
        found = [
            Diagnostic(
                "error",
                "infeasible",
                keep(
                    N_(
                        "%(cluster)s can get at most %(land)s of its %(demand)s km² by %(year)s "
                        "under the hard rules (caps, footprints, locks, strict policy)"
                    ),
                    cluster=cluster_label(problem, row.cluster_id),
                    land=f"{row.land_km2:.2f}",
                    demand=f"{row.demand_km2:.2f}",
                    year=str(row.horizon),
                ),
                (row.cluster_id,),
            )
            for row in short.drop_duplicates("cluster_id").itertuples()
        ]
        if found or (demand and demand.strict):
            cannot = keep(N_("the hard rules cannot all hold"))
            return found or [Diagnostic("error", "infeasible", cannot)]
    locks = problem.part(LockConstraints)
    if locks is not None and _solve(elastic.remove(locks.name), options) is not None:
        return [
            Diagnostic(
                "error",
                "infeasible",
                keep(
                    N_(
                        "the locks cannot all hold together with the caps and footprints: %(locks)s"
                    ),
                    locks=", ".join(f"{c} → {p}" for c, p in locks.locked_in),
                ),
                tuple(c for c, _ in locks.locked_in),
                tuple(p for _, p in locks.locked_in),
            )
        ]
    return [
        Diagnostic(
            "error",
            "infeasible",
            keep(
                N_(
                    "the caps on clusters per park and parks per cluster, the footprints and the "
                    "strict policy rules cannot all hold"
                )
            ),
        )
    ]


def _solve(problem: Problem, options: SolverOptions) -> Solution | None:
    model = compile_problem(problem)
    result = solve_model(model, options)
    if result.status in (Status.OPTIMAL, Status.FEASIBLE):
        return solution_from_result(model, result)
    return None
