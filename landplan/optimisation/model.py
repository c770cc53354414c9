"""Compile a :class:`~landplan.optimisation.problem.Problem` into a PuLP model, rows labelled by
family.

This module holds the decisions every part shares (``x``, ``y``) and compiles the problem's
families, then its objective terms, by the convention of :func:`landplan.solving.model.
compile_parts`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pulp

from landplan.errors import LandplanError
from landplan.optimisation.families.chain import ChainColocation
from landplan.optimisation.problem import Problem
from landplan.optimisation.terms.chain_bonus import ChainBonus
from landplan.solving.model import LinearModel, compile_parts
from landplan.solving.result import Counts


@dataclass(kw_only=True)
class Model(LinearModel):
    """A compiled problem: the PuLP problem plus its variables and rows, keyed by meaning
    (``rows[family][key]``, e.g. ``rows["capacity"][("BA-01", "starting")]``)."""

    problem: Problem
    x: dict[tuple[str, str, str], pulp.LpVariable] = field(default_factory=dict)
    y: dict[tuple[str, str], pulp.LpVariable] = field(default_factory=dict)
    short: dict[tuple[str, int], pulp.LpVariable] = field(default_factory=dict)
    z: dict[tuple[str, str, str], pulp.LpVariable] = field(default_factory=dict)
    w: dict[tuple[str, str], pulp.LpVariable] = field(default_factory=dict)
    #: a trade-off's objectives (:mod:`landplan.tradeoff`): demand met by cluster and horizon, distance
    #: from a district's share, and the reference point's achievement
    met: dict[tuple[str, int], pulp.LpVariable] = field(default_factory=dict)
    dev: dict[tuple[str], pulp.LpVariable] = field(default_factory=dict)
    reach: dict[tuple[()], pulp.LpVariable] = field(default_factory=dict)

    def variable(self, kind: str, key: tuple) -> pulp.LpVariable:
        """A variable by kind (x, y, short, z, w, met, dev, reach) and key."""
        variables: dict[tuple, pulp.LpVariable] = getattr(self, kind)
        return variables[key]

    @property
    def is_mip(self) -> bool:
        """Whether any presence decision is still integer (not fixed into an LP)."""
        return any(var.cat != pulp.LpContinuous for var in self.y.values())

    @property
    def counts(self) -> Counts:
        """Its presence decisions (integer ones) and rows."""
        return Counts(decisions=len(self.y) if self.is_mip else 0, rows=len(self.all_rows()))


def compile_problem(problem: Problem, fixed_presence: dict | None = None) -> Model:
    """Compile ``problem`` to a PuLP maximisation model.

    ``fixed_presence`` maps (cluster_id, park_id) to 0 or 1 to fix every presence variable, which
    makes the model an LP (used for shadow prices).
    """
    if not problem.objective:
        raise LandplanError("the problem has no objective term")
    if problem.part(ChainBonus) and not problem.part(ChainColocation):
        raise LandplanError("a chain bonus needs the chain co-location constraints")
    model = Model(problem=problem, lp=pulp.LpProblem("landplan", pulp.LpMaximize))
    _land_and_presence(model, fixed_presence)
    compile_parts(model, (*problem.constraints, *problem.objective))
    return model


def _land_and_presence(model: Model, fixed_presence: dict | None) -> None:
    """``y[c, p]`` (binary, or fixed) and ``x[c, u] ≥ 0``, the decisions every part shares."""
    problem = model.problem
    for i, cluster in enumerate(problem.clusters.index):
        for j, park in enumerate(problem.parks.index):
            if fixed_presence is None:
                var = model.add_variable(f"y_{i}_{j}", binary=True)
            else:
                value = float(round(fixed_presence.get((cluster, park), 0)))
                var = model.add_variable(f"y_{i}_{j}", value, value)
            model.y[cluster, park] = var
        for k, unit in enumerate(problem.units.itertuples()):
            model.x[cluster, unit.park_id, unit.tier] = model.add_variable(f"x_{i}_{k}", 0)
