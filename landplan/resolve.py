"""Re-solve one compiled model with changed suitability and demand, without rebuilding it.

For sweeps: the model is compiled and loaded into HiGHS once; each sample only changes numbers
in place (the land variables' objective coefficients, the demand rows' right-hand sides and the
presence rows' big-M coefficients, which depend on demand) and runs HiGHS again, in this process.

What changes, in the notation of :mod:`landplan.problem`:

- objective: ``w · S[c, p]`` on ``x[c, u]`` for the new scores ``S``;
- demand rows: right-hand side ``D[c, h]``; the cap row: ``D[c]``;
- presence rows: ``−min(K[p], D[c])`` and ``−min(K[u], D[c])`` on ``y[c, p]``.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, replace

import highspy
import numpy as np
import pandas as pd

from landplan.model import Model, compile_problem
from landplan.problem import Problem, SuitabilityObjective
from landplan.solution import Solution, solution_from_result
from landplan.solvers import SolverOptions, highs_solver, quiet_stdout, read_highs


@dataclass
class Resolver:
    """A problem compiled once and kept in HiGHS. ``solve`` takes new scores and demand."""

    problem: Problem
    model: Model
    options: SolverOptions

    @classmethod
    def build(cls, problem: Problem, options: SolverOptions | None = None) -> Resolver:
        options = options or SolverOptions()
        model = compile_problem(problem)
        solver = highs_solver(options)
        with quiet_stdout():
            solver.createAndConfigureSolver(model.lp)
            solver.buildSolverModel(model.lp)
        resolver = cls(problem, model, options)
        resolver._solver = solver
        return resolver

    def solve(
        self,
        suitability: pd.DataFrame | None = None,
        demand: pd.DataFrame | None = None,
        barred: tuple[tuple[str, str], ...] = (),
    ) -> Solution:
        """Solve again with ``suitability`` (cluster × park scores) and ``demand`` (cluster ×
        horizon, cumulative km²) in place of the problem's (None keeps the last ones), and the
        (cluster, park) pairs in ``barred`` ruled out for this solve only."""
        suitability = self.problem.suitability if suitability is None else suitability
        demand = self.problem.demand if demand is None else demand
        self._set_objective(suitability)
        self._set_demand(demand)
        highs = self.model.lp.solverModel
        for pair in barred:
            highs.changeColBounds(self.model.y[pair].index, 0.0, 0.0)
        try:
            return self._run(suitability, demand)
        finally:
            for pair in barred:
                low, high = self.model.y[pair].lowBound, self.model.y[pair].upBound
                highs.changeColBounds(self.model.y[pair].index, low, high)

    def _run(self, suitability: pd.DataFrame, demand: pd.DataFrame) -> Solution:
        highs = self.model.lp.solverModel
        began = time.perf_counter()
        with quiet_stdout():
            highs.run()
        runtime = time.perf_counter() - began
        self._solver.findSolutionValues(self.model.lp)
        result = read_highs(self.model, runtime)
        clusters = self.problem.clusters.copy()
        for h in self.problem.horizons:
            clusters[f"demand_{h}_km2"] = demand[h]
        problem = replace(self.problem, clusters=clusters, suitability=suitability)
        return solution_from_result(replace(self.model, problem=problem), result)

    def _set_objective(self, suitability: pd.DataFrame) -> None:
        term = self.problem.term(SuitabilityObjective)
        weight = term.weight if term else 0.0
        keys = list(self.model.x)
        values = suitability.to_numpy()
        rows = {c: i for i, c in enumerate(suitability.index)}
        cols = {p: j for j, p in enumerate(suitability.columns)}
        gains = np.array([weight * values[rows[c], cols[p]] for c, p, _ in keys])
        for key, gain in zip(keys, gains, strict=True):
            # Land has no other objective term; PuLP's copy stays in step to read the plan's value.
            self.model.lp.objective[self.model.x[key]] = gain
        indices = np.array([self.model.x[k].index for k in keys], dtype=np.int32)
        self.model.lp.solverModel.changeColsCost(len(indices), indices, -gains)  # HiGHS minimises

    def _set_demand(self, demand: pd.DataFrame) -> None:
        highs = self.model.lp.solverModel
        rows = self.model.rows
        inf = highspy.kHighsInf
        for (cluster, h), row in rows["demand"].items():
            highs.changeRowBounds(row.index, float(demand.loc[cluster, h]), inf)
        last = demand.columns[-1]
        for (cluster,), row in rows["demand_cap"].items():
            highs.changeRowBounds(row.index, -inf, float(demand.loc[cluster, last]))
        units = self.problem.units.set_index(["park_id", "tier"])["capacity_km2"]
        park_capacity = self.problem.park_capacity
        for (cluster, park), row in rows.get("presence_link", {}).items():
            big_m = min(float(park_capacity[park]), float(demand.loc[cluster, last]))
            highs.changeCoeff(row.index, self.model.y[cluster, park].index, -big_m)
        for (cluster, park, tier), row in rows.get("presence_unit", {}).items():
            unit_m = min(float(units[park, tier]), float(demand.loc[cluster, last]))
            highs.changeCoeff(row.index, self.model.y[cluster, park].index, -unit_m)
