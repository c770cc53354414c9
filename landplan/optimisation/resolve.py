"""Re-solve one compiled model with changed suitability and demand, without compiling it again.

For sweeps and importance: the problem is compiled once; a re-solve writes the new numbers into
a copy of the model's arrays (:class:`~landplan.solving.matrix.MatrixForm`) and runs the same engine as a
fresh solve (:func:`landplan.optimisation.engine.solve_model`). Which rows and columns exist does not depend
on these numbers, and the numbers come from the same functions the compiler uses, so the arrays
are the ones a fresh compile of the changed problem gives, and so is the plan
(tests/optimisation/test_resolve.py checks both).

What changes: the objective, from every part's objective pairs
(:meth:`~landplan.optimisation.part.Part.objective`), and the right-hand sides and coefficients
each part declares data-dependent (:meth:`~landplan.optimisation.part.Part.numbers`: demand's
``D[c, h]``, presence's big-Ms and minimum sites); for importance, a presence barred for one
solve (its upper bound 0). The numbers come from the functions the compiler writes them with.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cached_property

import numpy as np
import pandas as pd

from landplan.optimisation.engine import solve_model
from landplan.optimisation.model import Model, compile_problem
from landplan.optimisation.problem import Problem
from landplan.optimisation.solution import Solution, solution_from_result
from landplan.progress import Progress
from landplan.solving.matrix import MatrixForm
from landplan.solving.options import SolverOptions
from landplan.vocabulary import demand_column


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
                clusters[demand_column(h)] = demand.loc[clusters.index, h]
            problem = replace(problem, clusters=clusters)
        return problem

    def form_for(self, problem: Problem, barred: tuple[tuple[str, str], ...] = ()) -> MatrixForm:
        """The model's arrays with ``problem``'s numbers (a changed copy of :attr:`problem`)."""
        form, model = self.form, replace(self.model, problem=problem)
        objective = np.zeros_like(form.objective)
        for part in problem.parts:
            for var, coef in part.objective(model):
                objective[form.column(var.name)] += coef
        row_lower, row_upper = form.row_lower.copy(), form.row_upper.copy()
        value = form.value.copy()
        for part in problem.parts:
            numbers = part.numbers(problem)
            for (family, key), rhs in numbers.rhs.items():
                i = form.rows_of[model.rows[family][key].name]
                if np.isfinite(form.row_lower[i]):
                    row_lower[i] = rhs
                if np.isfinite(form.row_upper[i]):
                    row_upper[i] = rhs
            for position_key, number in numbers.coefficients.items():
                value[self._positions[position_key]] = number
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
        progress: Progress | None = None,
    ) -> Solution:
        """Solve again with ``suitability`` and ``demand`` in place of the problem's (None keeps
        them), and the (cluster, park) pairs in ``barred`` ruled out for this solve only
        (``progress`` as :func:`~landplan.optimisation.engine.solve_model` takes it)."""
        problem = self.changed(suitability, demand)
        model = replace(self.model, problem=problem)
        form = self.form_for(problem, barred)
        result = solve_model(model, self.options, form=form, progress=progress)
        return solution_from_result(model, result)

    @cached_property
    def _positions(self) -> dict[tuple[str, tuple, str, tuple], int]:
        """Where each data-dependent coefficient sits in the CSR arrays, keyed as
        :class:`~landplan.optimisation.part.Numbers` keys it."""
        form, model = self.form, self.model
        positions = {}
        for part in self.problem.parts:
            for family, key, kind, var_key in part.numbers(self.problem).coefficients:
                i = form.rows_of[model.rows[family][key].name]
                lo, hi = form.start[i], form.start[i + 1]
                column = form.column(model.variable(kind, var_key).name)
                at = lo + int(np.flatnonzero(form.index[lo:hi] == column)[0])
                positions[family, key, kind, var_key] = at
        return positions
