"""Compile a :class:`~landplan.optimisation.problem.Problem` into a PuLP model, rows labelled by
family.

This module holds the decisions every part shares (``x``, ``y``) and asks each part of the
problem (:mod:`landplan.optimisation.families`, :mod:`landplan.optimisation.terms`) for its
variables, rows and objective pairs. Expressions are built from (variable, coefficient) pairs,
never by repeated ``+``, so compiling stays linear in the model size.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import pulp

from landplan.errors import LandplanError
from landplan.optimisation.families import ChainColocation
from landplan.optimisation.part import EQ, GE, LE, Pairs
from landplan.optimisation.problem import Problem
from landplan.optimisation.terms import ChainBonus

SENSES = {LE: pulp.LpConstraintLE, GE: pulp.LpConstraintGE, EQ: pulp.LpConstraintEQ}


@dataclass
class Model:
    """A compiled problem: the PuLP problem plus its variables and rows, keyed by meaning.

    ``rows[family][key]`` is the constraint of that family for that key, e.g.
    ``rows["capacity"][("BA-01", "starting")]``; ``terms[name]`` is the signed linear expression
    each objective term contributes.
    """

    problem: Problem
    lp: pulp.LpProblem
    x: dict[tuple[str, str, str], pulp.LpVariable] = field(default_factory=dict)
    y: dict[tuple[str, str], pulp.LpVariable] = field(default_factory=dict)
    short: dict[tuple[str, int], pulp.LpVariable] = field(default_factory=dict)
    z: dict[tuple[str, str, str], pulp.LpVariable] = field(default_factory=dict)
    w: dict[tuple[str, str], pulp.LpVariable] = field(default_factory=dict)
    rows: dict[str, dict[tuple, pulp.LpConstraint]] = field(
        default_factory=lambda: defaultdict(dict)
    )
    terms: dict[str, pulp.LpAffineExpression] = field(default_factory=dict)

    def add_variable(
        self, name: str, lower: float | None = None, upper: float | None = None
    ) -> pulp.LpVariable:
        """A continuous variable."""
        return self.lp.add_variable(name, lower, upper)

    def add_row(self, family: str, key: tuple, pairs: Pairs, sense: str, rhs: float) -> None:
        """Add ``Σ coef · var  (sense)  rhs`` as row ``family[key]``; ``sense`` is ``<=``, ``>=``
        or ``==``."""
        name = f"{family}_{len(self.rows[family])}"
        row = pulp.LpConstraint(pulp.LpAffineExpression(pairs), SENSES[sense], name, rhs)
        self.lp.addConstraint(row, name)
        self.rows[family][key] = row

    def variable(self, kind: str, key: tuple) -> pulp.LpVariable:
        """A variable by kind (x, y, short, z, w) and key."""
        return getattr(self, kind)[key]

    def all_rows(self) -> list[pulp.LpConstraint]:
        """Every row of every family."""
        return [row for family in self.rows.values() for row in family.values()]

    @property
    def is_mip(self) -> bool:
        """Whether any presence decision is still integer (not fixed into an LP)."""
        return any(var.cat != pulp.LpContinuous for var in self.y.values())

    @property
    def size(self) -> dict[str, int]:
        """Numbers of variables, binaries and rows."""
        return {
            "variables": len(self.lp.variables()),
            "binaries": len(self.y),
            "rows": len(self.all_rows()),
        }


def compile_problem(problem: Problem, fixed_presence: dict | None = None) -> Model:
    """Compile ``problem`` to a PuLP maximisation model.

    ``fixed_presence`` maps (cluster_id, park_id) to 0 or 1 to fix every presence variable, which
    makes the model an LP (used for shadow prices).
    """
    if not problem.objective:
        raise LandplanError("the problem has no objective term")
    if problem.term(ChainBonus) and not problem.family(ChainColocation):
        raise LandplanError("a chain bonus needs the chain co-location constraints")
    model = Model(problem=problem, lp=pulp.LpProblem("landplan", pulp.LpMaximize))
    _land_and_presence(model, fixed_presence)
    for part in problem.parts:
        part.variables(model)
    for part in (*problem.constraints, *problem.objective):
        part.write(model)
    for part in problem.parts:
        pairs = part.objective(model)
        if pairs or part in problem.objective:
            model.terms[part.objective_name] = pulp.LpAffineExpression(pairs)
    model.lp.setObjective(
        pulp.LpAffineExpression(
            (var, coef) for expression in model.terms.values() for var, coef in expression.items()
        )
    )
    return model


def _land_and_presence(model: Model, fixed_presence: dict | None) -> None:
    """``y[c, p]`` (binary, or fixed) and ``x[c, u] ≥ 0``, the decisions every part shares."""
    problem = model.problem
    for i, cluster in enumerate(problem.clusters.index):
        for j, park in enumerate(problem.parks.index):
            if fixed_presence is None:
                var = model.lp.add_variable(f"y_{i}_{j}", 0, 1, cat=pulp.LpBinary)
            else:
                value = float(round(fixed_presence.get((cluster, park), 0)))
                var = model.lp.add_variable(f"y_{i}_{j}", value, value)
            model.y[cluster, park] = var
        for k, unit in enumerate(problem.units.itertuples()):
            model.x[cluster, unit.park_id, unit.tier] = model.add_variable(f"x_{i}_{k}", 0)
