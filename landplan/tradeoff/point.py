"""One point of a trade-off: the scenario's rules with one objective maximised and bounds on the
others, or a reference point's achievement, solved by the engine and certified.

A point's problem keeps every constraint family of the scenario's problem (capacities, demand
rows, presence, focus, caps, locks) and none of its objective terms: the weighted score and its
shortfall penalty are what a trade-off takes apart. Its objective is one of three:

- **one objective** ``g_A / s_A`` (signed, :mod:`~landplan.tradeoff.objectives`, a share of
  its scale), certified within the gap: within that share of ``s_A``;
- a **weighted sum** ``Σ_i λ_i g_i / s_i``, each objective a share of its scale (the way a weight
  sweep reaches the front; it finds only the front's convex hull);
- a reference point's **achievement** (:class:`Achievement`).

Bounds on the other objectives are rows of :class:`ObjectiveBounds`. Every figure of a point is
measured on its plan by landplan's evaluation, never read from the solver.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

import pandas as pd

from landplan.optimisation.engine import solve_model
from landplan.optimisation.families.chain import ChainColocation
from landplan.optimisation.families.demand import DemandConstraints
from landplan.optimisation.model import compile_problem
from landplan.optimisation.part import ConstraintFamily, ObjectiveTerm
from landplan.optimisation.solution import Solution, solution_from_result
from landplan.progress import Progress
from landplan.solving.model import GE, Pairs
from landplan.solving.options import SolverOptions
from landplan.tradeoff.objectives import Objective

if TYPE_CHECKING:
    from landplan.optimisation.model import Model
    from landplan.optimisation.problem import Problem

#: The weight of the sum of scaled objectives beside a reference point's worst shortfall, so
#: that of two plans equally far from the point in their worst objective the one better in the
#: others wins (an achievement's plans are then never dominated by a plan equal in the worst).
AUGMENTATION = 1e-3


@dataclass(frozen=True)
class ObjectiveBounds(ConstraintFamily):
    """Bounds on objectives a point does not maximise: for each ``(i, b_i)``, in the objective's
    units, ``g_i ≥ sense_i · b_i`` (rows ``objective_bound``): at least ``b_i`` of a quantity to
    be large, at most ``b_i`` of one to be small. Each objective's own variables and rows come
    with it (:mod:`~landplan.tradeoff.objectives`)."""

    bounds: tuple[tuple[Objective, float], ...]
    name: ClassVar[str] = "objective_bounds"
    ROWS: ClassVar[tuple[str, ...]] = ("objective_bound",)
    ORDER: ClassVar[int] = 200

    def variables(self, model: Model) -> None:
        for objective, _ in self.bounds:
            objective.term().variables(model)

    def write(self, model: Model) -> None:
        for objective, bound in self.bounds:
            term = objective.term()
            term.write(model)
            rhs = objective.sense * bound
            model.add_row("objective_bound", (objective.key,), term.objective(model), GE, rhs)


@dataclass(frozen=True)
class Weighted(ObjectiveTerm):
    """``+ Σ_i λ_i · g_i / s_i``: objectives weighted, each a share of its scale ``s_i``."""

    weights: tuple[tuple[Objective, float], ...]
    scales: tuple[float, ...]
    name: ClassVar[str] = "tradeoff"
    ORDER: ClassVar[int] = 50

    def stake(self, problem: Problem) -> float:
        return sum(weight for _, weight in self.weights)

    def variables(self, model: Model) -> None:
        for objective, _ in self.weights:
            objective.term().variables(model)

    def write(self, model: Model) -> None:
        for objective, _ in self.weights:
            objective.term().write(model)

    def objective(self, model: Model) -> Pairs:
        return [
            (var, weight / scale * coef)
            for (objective, weight), scale in zip(self.weights, self.scales, strict=True)
            for var, coef in objective.term().objective(model)
        ]

    def value(self, problem: Problem, allocation: pd.DataFrame) -> float:
        return sum(
            weight / scale * float(objective.term().value(problem, allocation) or 0.0)
            for (objective, weight), scale in zip(self.weights, self.scales, strict=True)
        )


@dataclass(frozen=True)
class Achievement(ObjectiveTerm):
    """How close a plan comes to a reference point ``r`` (in the objectives' units):
    ``− t + ρ Σ_i g_i / s_i`` with ``s_i · t + g_i ≥ sense_i · r_i`` (rows ``reach``), i.e.
    ``t ≥ (sense_i r_i − g_i) / s_i``: ``t`` is the worst objective's distance short of its
    reference value, as a share of its scale (negative where every objective passes it).
    Maximised, the plan nearest the point in its worst objective (a Chebyshev achievement
    function); ``ρ`` (:data:`AUGMENTATION`) breaks ties towards plans better in the others."""

    reference: tuple[tuple[Objective, float], ...]
    scales: tuple[float, ...]
    name: ClassVar[str] = "tradeoff"
    ROWS: ClassVar[tuple[str, ...]] = ("reach",)
    ORDER: ClassVar[int] = 50

    def stake(self, problem: Problem) -> float:
        return 1.0

    def variables(self, model: Model) -> None:
        model.reach[()] = model.add_variable("reach", None, None)
        for objective, _ in self.reference:
            objective.term().variables(model)

    def write(self, model: Model) -> None:
        for (objective, value), scale in zip(self.reference, self.scales, strict=True):
            term = objective.term()
            term.write(model)
            pairs = [(model.reach[()], scale), *term.objective(model)]
            model.add_row("reach", (objective.key,), pairs, GE, objective.sense * value)

    def objective(self, model: Model) -> Pairs:
        pairs: Pairs = [(model.reach[()], -1.0)]
        for (objective, _), scale in zip(self.reference, self.scales, strict=True):
            pairs += [(v, AUGMENTATION * c / scale) for v, c in objective.term().objective(model)]
        return pairs

    def value(self, problem: Problem, allocation: pd.DataFrame) -> float:
        signed = [
            float(objective.term().value(problem, allocation) or 0.0)
            for objective, _ in self.reference
        ]
        short = max(
            (objective.sense * value - g) / scale
            for (objective, value), g, scale in zip(
                self.reference, signed, self.scales, strict=True
            )
        )
        return -short + AUGMENTATION * sum(
            g / scale for g, scale in zip(signed, self.scales, strict=True)
        )


@dataclass(frozen=True)
class PointSpec:
    """What one point asks: maximise ``primary`` (or the ``weights``' sum, or the nearness to a
    ``reference`` point), subject to ``bounds`` (objective, value in its units)."""

    primary: Objective | None = None
    bounds: tuple[tuple[Objective, float], ...] = ()
    weights: tuple[tuple[Objective, float], ...] = ()
    reference: tuple[tuple[Objective, float], ...] = ()


def point_term(problem: Problem, spec: PointSpec) -> ObjectiveTerm:
    """The objective term of a point: one objective as a share of its scale (a weighted sum of
    one), a weighted sum, or a reference point's achievement. Each is measured in shares of
    the objectives' scales, so its stake, and with it the scale of its gap, is its weights'
    sum (1 for one objective: a gap of 0.5 % is 0.5 % of the objective's scale)."""
    if spec.reference:
        scales = tuple(o.scale(problem) for o, _ in spec.reference)
        return Achievement(spec.reference, scales)
    weights = ((spec.primary, 1.0),) if spec.primary is not None else spec.weights
    return Weighted(weights, tuple(o.scale(problem) for o, _ in weights))


def point_problem(problem: Problem, spec: PointSpec) -> Problem:
    """The problem of one point (see the module docstring)."""
    point = problem
    for term in problem.objective:
        point = point.remove(term.name)
    demand = problem.part(DemandConstraints)
    if demand is not None:  # its rows stay; the trade-off's objectives replace its penalty
        point = point.add(DemandConstraints(0.0, demand.strict, demand.hard))
    point = point.add(point_term(problem, spec))
    if spec.bounds:
        point = point.add(ObjectiveBounds(spec.bounds))
    if point.part(ChainColocation) is None:  # chain partners are counted through its z
        point = point.add(ChainColocation())
    return point


def solve_point(
    problem: Problem,
    spec: PointSpec,
    options: SolverOptions,
    progress: Progress | None = None,
) -> Solution:
    """Solve one point by the engine (:func:`~landplan.optimisation.engine.solve_model`),
    certified within ``options.gap`` of its scale."""
    model = compile_problem(point_problem(problem, spec))
    return solution_from_result(model, solve_model(model, options, progress=progress))


def measures(
    problem: Problem, objectives: Sequence[Objective], allocation: pd.DataFrame
) -> dict[str, float]:
    """The plan's value on each objective, in its units."""
    return {o.key: o.measure(problem, allocation) for o in objectives}
