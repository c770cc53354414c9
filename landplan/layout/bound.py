"""The proven bound of a park's layout: no layout of the park can score below it.

Every layout has, for each industry ``c``, an exposed boundary ``E_c`` and, for each chain
link ``(c, q)``, a partner edge ``L_cq``. Whatever the layout, they satisfy:

- ``Σ_{c ∈ S} E_c − 2 Σ_{(c,q) ⊆ S} L_cq ≥ B(S)`` for each industry alone and each set ``S``
  of industries joined by links: the left side is the boundary of their land seen as one region,
  and :meth:`~landplan.layout.problem.ParkLayoutProblem.least_boundary` bounds it from below;
- ``Σ_q L_cq ≤ E_c``: each partner edge of ``c`` is a different stretch of ``c``'s boundary;
- ``0 ≤ L_cq ≤ Σ_t n_ct M_t(q)``, and the same with ``c`` and ``q`` swapped: ``n_ct`` the most
  parcels ``c`` can hold in tier ``t``, ``M_t(q)`` the most edge one parcel of ``t`` shares with
  parcels ``q`` may take (0 where their tiers do not touch).

So the least of ``β Σ_c E_c − γ Σ_(c,q) w_cq L_cq`` over these constraints, a linear programme
with one variable per industry and per link, is a lower bound on every layout's objective: the
bound a layout's gap is measured against. It is the whole model's relaxation with its
least-boundary cuts (:mod:`landplan.layout.model`) with the parcels taken away: on the 20
bundled parks the two are equal (``bench/layout.py``), and this programme solves in milliseconds
instead of up to 1.5 s a park.
"""

from __future__ import annotations

import numpy as np
import pulp

from landplan.layout.model import linked_groups
from landplan.layout.problem import ParkLayoutProblem
from landplan.optimisation.matrix import MatrixForm
from landplan.optimisation.options import Stop
from landplan.optimisation.solvers import run_solver


class _Rows:
    """The small model in the shape MatrixForm reads."""

    def __init__(self, name: str) -> None:
        self.lp = pulp.LpProblem(name, pulp.LpMinimize)
        self.rows: list[pulp.LpConstraint] = []

    def add(self, pairs, sense: int, rhs: float) -> None:
        row = pulp.LpConstraint(pulp.LpAffineExpression(pairs), sense, f"r_{len(self.rows)}", rhs)
        self.lp.addConstraint(row, row.name)
        self.rows.append(row)

    def all_rows(self) -> list[pulp.LpConstraint]:
        return self.rows


def layout_bound(problem: ParkLayoutProblem) -> float | None:
    """The bound (see the module's docstring), or None if HiGHS could not prove it."""
    model = _Rows(f"bound_{problem.park_id}")
    exposed = {c: model.lp.add_variable(f"E_{n}", 0, None) for n, c in enumerate(problem.clusters)}
    shared = {
        (c, q): model.lp.add_variable(f"L_{n}", 0, _reachable_edge(problem, c, q))
        for n, (c, q, _) in enumerate(problem.links)
    }
    for group in linked_groups(problem):
        pairs = [(exposed[c], 1.0) for c in group]
        pairs += [(shared[c, q], -2.0) for c, q, _ in problem.links if c in group and q in group]
        model.add(pairs, pulp.LpConstraintGE, problem.least_boundary(group))
    for c in problem.clusters:
        beside = [(var, -1.0) for (a, q), var in shared.items() if c in (a, q)]
        if beside:
            model.add([(exposed[c], 1.0), *beside], pulp.LpConstraintGE, 0)
    model.lp += pulp.LpAffineExpression(
        [(var, problem.boundary_weight) for var in exposed.values()]
        + [(shared[c, q], -problem.partner_weight * w) for c, q, w in problem.links]
    )
    run = run_solver(MatrixForm.from_model(model), "highs", relax=True)
    if run.stop != Stop.PROOF or run.objective is None:
        return None
    return -run.objective


def _reachable_edge(problem: ParkLayoutProblem, c: str, q: str) -> float:
    """An upper bound on the edge ``c`` and ``q`` can share (see the module's docstring)."""
    return min(_edge_from(problem, c, q), _edge_from(problem, q, c))


def _edge_from(problem: ParkLayoutProblem, c: str, q: str) -> float:
    graph = problem.graph
    theirs = np.zeros(graph.size, bool)
    theirs[problem.candidates(q)] = True
    facing = np.zeros(graph.size)  # edge each parcel shares with parcels q may take
    np.add.at(facing, graph.a, graph.length * theirs[graph.b])
    np.add.at(facing, graph.b, graph.length * theirs[graph.a])
    total = 0.0
    for tier in problem.land[c]:
        cells = problem.candidates(c)
        cells = cells[graph.tier[cells] == tier]
        if len(cells):
            most = int(problem.band(c, tier)[1] // graph.area[cells].min() + 1e-9)
            total += min(most, len(cells)) * float(facing[cells].max())
    return total
