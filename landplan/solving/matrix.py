"""A compiled model as arrays: what the solver adapters and the heuristics consume.

PuLP is where a model is written (rows labelled by family, see :mod:`landplan.solving.model`); solvers
take it as plain arrays: the objective (maximised), column bounds and integrality, and the rows
in compressed sparse row form with their lower and upper limits. Extracting them once lets every
solve of one model (relaxation, heuristic, branch and bound, re-solves with new numbers) start
from the same numbers, in the same order, so equal inputs give equal answers.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import cached_property

import numpy as np
import pulp

from landplan.solving.model import LinearModel


@dataclass(frozen=True, eq=False)
class MatrixForm:
    """``maximise objective · v`` subject to ``row_lower ≤ A v ≤ row_upper`` and
    ``lower ≤ v ≤ upper``, ``v[j]`` integer where ``integer[j]``; ``A`` in CSR form
    (``start``, ``index``, ``value``). Infinite limits are ``±inf``."""

    names: tuple[str, ...]
    objective: np.ndarray
    lower: np.ndarray
    upper: np.ndarray
    integer: np.ndarray
    row_names: tuple[str, ...]
    row_lower: np.ndarray
    row_upper: np.ndarray
    start: np.ndarray
    index: np.ndarray
    value: np.ndarray
    offset: float = 0.0
    _columns: dict[str, int] = field(default_factory=dict, repr=False)

    @classmethod
    def from_model(cls, model: LinearModel) -> MatrixForm:
        """The arrays of a compiled model (columns in PuLP's variable order, rows in the order
        they were added)."""
        lp = model.lp
        variables = lp.variables()
        columns = {var.name: j for j, var in enumerate(variables)}
        objective = np.zeros(len(variables))
        for var, coef in lp.objective.items():
            objective[columns[var.name]] = coef
        if lp.sense == pulp.LpMinimize:
            objective = -objective
        lower = np.array([-np.inf if v.lowBound is None else v.lowBound for v in variables], float)
        upper = np.array([np.inf if v.upBound is None else v.upBound for v in variables], float)
        integer = np.array([v.cat != pulp.LpContinuous for v in variables], bool)
        rows = model.all_rows()
        start, index, value = [0], [], []
        row_lower, row_upper = np.empty(len(rows)), np.empty(len(rows))
        for i, row in enumerate(rows):
            for (
                var,
                coef,
            ) in row.items():  # zeros too: a re-solve may change them (optimisation/resolve.py)
                index.append(columns[var.name])
                value.append(coef)
            start.append(len(index))
            low, high = row.getLb(), row.getUb()
            row_lower[i] = -np.inf if low is None else low
            row_upper[i] = np.inf if high is None else high
        constant = lp.objective.constant
        return cls(
            names=tuple(columns),
            objective=objective,
            lower=lower,
            upper=upper,
            integer=integer,
            row_names=tuple(row.name for row in rows),
            row_lower=row_lower,
            row_upper=row_upper,
            start=np.array(start, dtype=np.int32),
            index=np.array(index, dtype=np.int32),
            value=np.array(value, dtype=float),
            offset=float(-constant if lp.sense == pulp.LpMinimize else constant),
            _columns=columns,
        )

    @property
    def n_columns(self) -> int:
        return len(self.names)

    @property
    def n_rows(self) -> int:
        return len(self.row_names)

    def column(self, name: str) -> int:
        return self._columns[name]

    @cached_property
    def rows_of(self) -> dict[str, int]:
        """Row name → position."""
        return {name: i for i, name in enumerate(self.row_names)}

    def value_of(self, values: np.ndarray) -> float:
        """The objective of a point."""
        return float(self.objective @ values) + self.offset

    def row_activity(self, values: np.ndarray) -> np.ndarray:
        """``A v`` for a point."""
        rows = np.repeat(np.arange(self.n_rows), np.diff(self.start))
        return np.bincount(rows, weights=self.value * values[self.index], minlength=self.n_rows)

    def violation(self, values: np.ndarray) -> float:
        """The largest amount by which a point breaks a row, a bound or integrality."""
        activity = self.row_activity(values)
        worst = [
            np.max(self.row_lower - activity, initial=0.0),
            np.max(activity - self.row_upper, initial=0.0),
            np.max(self.lower - values, initial=0.0),
            np.max(values - self.upper, initial=0.0),
        ]
        integral = values[self.integer]
        worst.append(np.max(np.abs(integral - np.round(integral)), initial=0.0))
        return float(max(worst))

    def with_bounds(self, lower: np.ndarray, upper: np.ndarray) -> MatrixForm:
        """The same model with other column bounds (fixing some decisions)."""
        return replace(self, lower=lower, upper=upper)
