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
least-boundary cuts (:mod:`landplan.layout.families.least`) with the parcels taken away: on the
bundled parks the two are equal, and this programme is far quicker to solve (both measured by
``bench/layout.py``).
"""

from __future__ import annotations

import numpy as np
import pulp

from landplan.layout.problem import ParkLayoutProblem, linked_groups
from landplan.solving.adapters import call_solver
from landplan.solving.matrix import MatrixForm
from landplan.solving.model import GE, LinearModel
from landplan.solving.result import Stop


def layout_bound(problem: ParkLayoutProblem) -> float | None:
    """The bound (see the module's docstring), or None if HiGHS could not prove it."""
    model = LinearModel(lp=pulp.LpProblem(f"bound_{problem.park_id}", pulp.LpMinimize))
    exposed = {c: model.add_variable(f"E_{n}", 0) for n, c in enumerate(problem.clusters)}
    shared = {
        (c, q): model.add_variable(f"L_{n}", 0, _reachable_edge(problem, c, q))
        for n, (c, q, _) in enumerate(problem.links)
    }
    for group in linked_groups(problem):
        pairs = [(exposed[c], 1.0) for c in group]
        pairs += [(shared[c, q], -2.0) for c, q, _ in problem.links if c in group and q in group]
        model.add_row("least", group, pairs, GE, problem.least_boundary(group))
    for c in problem.clusters:
        beside = [(var, -1.0) for (a, q), var in shared.items() if c in (a, q)]
        if beside:
            model.add_row("beside", (c,), [(exposed[c], 1.0), *beside], GE, 0)
    model.lp.setObjective(
        pulp.LpAffineExpression(
            [(var, problem.boundary_weight) for var in exposed.values()]
            + [(shared[c, q], -problem.partner_weight * w) for c, q, w in problem.links]
        )
    )
    call = call_solver(MatrixForm.from_model(model), "highs", relax=True)
    if call.stop != Stop.PROOF or call.objective is None:
        return None
    return -call.objective


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
    cells = problem.candidates(c)
    for tier in problem.land[c]:
        mine = cells[graph.tier[cells] == tier]
        if len(mine):
            total += problem.most_parcels(c, tier) * float(facing[mine].max())
    return total
