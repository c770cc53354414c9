"""Re-solve one compiled model with changed suitability and demand, without compiling it again.

For sweeps and importance: the problem is compiled once; a re-solve writes the new numbers into
a copy of the model's arrays (:class:`~landplan.matrix.MatrixForm`) and runs the same engine as a
fresh solve (:func:`landplan.engine.solve_model`). Which rows and columns exist does not depend
on these numbers, and the numbers come from the same functions the compiler uses, so the arrays
are the ones a fresh compile of the changed problem gives, and so is the plan
(tests/test_resolve.py checks both).

What changes, in the notation of :mod:`landplan.problem`:

- objective: ``w · S[c, p]`` on ``x[c, u]`` for the new scores ``S``;
- demand rows: right-hand side ``D[c, h]``; the cap row: ``D[c]``;
- presence rows: ``−min(K[p], D[c])``, ``−min(K[u], D[c])`` and the minimum site ``−m[c]`` on
  ``y[c, p]`` (all depend on demand);
- for importance, a presence barred for one solve: its upper bound 0.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cached_property

import numpy as np
import pandas as pd

from landplan.engine import solve_model
from landplan.matrix import MatrixForm
from landplan.model import Model, compile_problem, land_gains, presence_coefficients
from landplan.problem import Problem, SuitabilityObjective
from landplan.solution import Solution, solution_from_result
from landplan.solvers import SolverOptions


@dataclass(frozen=True)
class Resolver:
    """A problem compiled once. ``solve`` takes new scores and demand."""

    problem: Problem
    model: Model
    form: MatrixForm
    options: SolverOptions

    @classmethod
    def build(cls, problem: Problem, options: SolverOptions | None = None) -> Resolver:
        model = compile_problem(problem)
        return cls(problem, model, MatrixForm.from_model(model), options or SolverOptions())

    def changed(
        self, suitability: pd.DataFrame | None = None, demand: pd.DataFrame | None = None
    ) -> Problem:
        """The problem with ``suitability`` (cluster × park) and ``demand`` (cluster × horizon,
        cumulative km²) in place of its own (None keeps them)."""
        problem = self.problem
        if suitability is not None:
            problem = replace(problem, suitability=suitability.loc[problem.suitability.index])
        if demand is not None:
            clusters = problem.clusters.copy()
            for h in problem.horizons:
                clusters[f"demand_{h}_km2"] = demand.loc[clusters.index, h]
            problem = replace(problem, clusters=clusters)
        return problem

    def form_for(self, problem: Problem, barred: tuple[tuple[str, str], ...] = ()) -> MatrixForm:
        """The model's arrays with ``problem``'s numbers (a changed copy of :attr:`problem`)."""
        form, model = self.form, self.model
        objective = form.objective.copy()
        term = problem.term(SuitabilityObjective)
        if term is not None:
            gains = land_gains(problem, term)
            for (cluster, park, _), var in model.x.items():
                objective[form.column(var.name)] = gains[cluster, park]
        row_lower, row_upper = form.row_lower.copy(), form.row_upper.copy()
        demand = problem.demand
        for (cluster, h), row in model.rows.get("demand", {}).items():
            row_lower[form.rows_of[row.name]] = demand.loc[cluster, h]
        for (cluster,), row in model.rows.get("demand_cap", {}).items():
            row_upper[form.rows_of[row.name]] = demand.loc[cluster].iloc[-1]
        value = form.value.copy()
        for family, numbers in presence_coefficients(problem).items():
            for key, number in numbers.items():
                value[self._positions[family, key]] = number
        upper = form.upper
        if barred:
            upper = upper.copy()
            for pair in barred:
                upper[form.column(model.y[pair].name)] = 0.0
        return replace(
            form,
            objective=objective,
            row_lower=row_lower,
            row_upper=row_upper,
            value=value,
            upper=upper,
        )

    def solve(
        self,
        suitability: pd.DataFrame | None = None,
        demand: pd.DataFrame | None = None,
        barred: tuple[tuple[str, str], ...] = (),
    ) -> Solution:
        """Solve again with ``suitability`` and ``demand`` in place of the problem's (None keeps
        them), and the (cluster, park) pairs in ``barred`` ruled out for this solve only."""
        problem = self.changed(suitability, demand)
        model = replace(self.model, problem=problem)
        result = solve_model(model, self.options, form=self.form_for(problem, barred))
        return solution_from_result(model, result)

    @cached_property
    def _positions(self) -> dict[tuple[str, tuple], int]:
        """Where the coefficient of ``y[c, p]`` in each presence row sits in the CSR arrays."""
        form, model = self.form, self.model
        positions = {}
        for family in presence_coefficients(self.problem):
            for key, row in model.rows.get(family, {}).items():
                i = form.rows_of[row.name]
                lo, hi = form.start[i], form.start[i + 1]
                column = form.column(model.y[key[:2]].name)
                positions[family, key] = lo + int(np.flatnonzero(form.index[lo:hi] == column)[0])
        return positions
