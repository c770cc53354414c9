"""One park's layout problem as a PuLP model (see :mod:`landplan.layout.problem` for the terms).

Decisions and rows, for industries ``c``, candidate parcels ``i`` (usable, in a tier where ``c``
has land), shared edges ``e = (i, j)`` of length ``l_e``:

- ``x[c, i] ∈ {0, 1}``: parcel ``i`` holds ``c``;
- **land** (family ``land``): ``low[c, t] ≤ Σ_{i ∈ t} a_i x[c, i] ≤ high[c, t]``, the plan ± half a
  parcel;
- **one industry a parcel** (``parcel``): ``Σ_c x[c, i] ≤ 1``;
- **exposed boundary**: ``E_c = Σ_i p_i x[c, i] − 2 Σ_e l_e s[c, e]`` with ``s[c, e] ≤ x[c, i]``,
  ``s[c, e] ≤ x[c, j]`` (family ``edge``), ``0 ≤ s ≤ 1``: ``s`` is maximised, so it is 1 exactly
  where both sides hold ``c``;
- **partner edge**: ``L_cq = Σ_e l_e (u[c, q, e] + u[q, c, e])`` with ``u[c, q, e] ≤ x[c, i]``,
  ``u[c, q, e] ≤ x[q, j]`` (family ``partner``);
- **least boundary** (family ``least``, cuts: they remove no layout, only fractional points):
  ``E_c ≥ B(c)`` and, for partners, ``E_c + E_q − 2 L_cq ≥ B(c ∪ q)`` (the boundary of the two
  blocks seen as one), ``B`` from :meth:`ParkLayoutProblem.least_boundary`. Without them the
  relaxation spreads every industry thinly over all parcels and proves nothing (bound ≈ 0);
- **contiguity** (optional, a single-commodity flow as in districting models): one root
  ``r[c, i] ∈ {0, 1}`` a industry, ``Σ_i r[c, i] = 1``, ``r ≤ x``; flow ``f[c, i→j] ≥ 0`` on both
  directions of each edge between candidates, ``f[c, i→j] ≤ (n_c − 1) x[c, i]`` and
  ``≤ (n_c − 1) x[c, j]``; each held parcel but the root consumes one unit:
  ``Σ_j f[c, j→i] − Σ_j f[c, i→j] ≥ x[c, i] − n_c r[c, i]`` (``n_c`` the most parcels ``c`` can
  hold). Flow reaches every held parcel only along held parcels, so ``c`` is one block.
- objective: minimise ``β Σ_c E_c − γ Σ_(c,q) w_cq L_cq``.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np
import pulp

from landplan.layout.problem import EMPTY, ParkLayoutProblem


@dataclass
class LayoutModel:
    """The compiled model: the PuLP problem, ``x`` keyed by (industry, parcel) and the rows by
    family (the shape :class:`~landplan.optimisation.matrix.MatrixForm` reads)."""

    problem: ParkLayoutProblem
    lp: pulp.LpProblem
    x: dict[tuple[str, int], pulp.LpVariable] = field(default_factory=dict)
    #: contiguity: roots keyed by (industry, parcel), flows by (industry, tail, head)
    roots: dict[tuple[str, int], pulp.LpVariable] = field(default_factory=dict)
    flows: dict[tuple[str, int, int], pulp.LpVariable] = field(default_factory=dict)
    #: ``s`` and ``u``: (variable, industry, parcel, industry, parcel), 1 where both hold
    pairs: list[tuple[pulp.LpVariable, str, int, str, int]] = field(default_factory=list)
    rows: dict[str, list[pulp.LpConstraint]] = field(default_factory=lambda: defaultdict(list))

    def add_row(self, family: str, pairs, sense: int, rhs: float) -> None:
        name = f"{family}_{len(self.rows[family])}"
        row = pulp.LpConstraint(pulp.LpAffineExpression(pairs), sense, name, rhs)
        self.lp.addConstraint(row, name)
        self.rows[family].append(row)

    def all_rows(self) -> list[pulp.LpConstraint]:
        return [row for family in self.rows.values() for row in family]

    def start(self, owner: np.ndarray, names: tuple[str, ...]) -> np.ndarray:
        """The decisions of a layout, aligned with ``names``: ``x``, and for contiguity a root
        in each block and the flow of a spanning tree of it (the size of the subtree each edge
        feeds), and ``s`` and ``u`` where both sides hold their industries."""
        position = {name: j for j, name in enumerate(names)}
        values = np.zeros(len(names))
        index = {c: n for n, c in enumerate(self.problem.clusters)}
        for (c, i), var in self.x.items():
            if owner[i] == index[c]:
                values[position[var.name]] = 1.0
        for var, one, i, other, j in self.pairs:
            if owner[i] == index[one] and owner[j] == index[other]:
                values[position[var.name]] = 1.0
        if self.roots:
            neighbours = self.problem.graph.neighbours()
            for n, c in enumerate(self.problem.clusters):
                for tree in _spanning_trees(np.flatnonzero(owner == n).tolist(), neighbours):
                    root = tree[0][0]
                    if (c, root) in self.roots:
                        values[position[self.roots[c, root].name]] = 1.0
                    below: dict[int, int] = {}
                    for parent, child in reversed(tree[1:]):
                        below[child] = below.get(child, 0) + 1
                        below[parent] = below.get(parent, 0) + below[child]
                        values[position[self.flows[c, parent, child].name]] = below[child]
        return values

    def owner(self, values: dict[str, float] | np.ndarray, names: tuple[str, ...]) -> np.ndarray:
        """The layout a solver's values describe."""
        value = dict(zip(names, values, strict=True)) if isinstance(values, np.ndarray) else values
        owner = np.full(self.problem.graph.size, EMPTY)
        for (c, i), var in self.x.items():
            if value.get(var.name, 0.0) > 0.5:
                owner[i] = self.problem.clusters.index(c)
        return owner


def compile_layout(problem: ParkLayoutProblem) -> LayoutModel:
    """The model of ``problem`` (see the module's docstring)."""
    graph = problem.graph
    model = LayoutModel(problem, pulp.LpProblem(f"layout_{problem.park_id}", pulp.LpMinimize))
    lp = model.lp
    beta, gamma = problem.boundary_weight, problem.partner_weight
    for n, c in enumerate(problem.clusters):
        for i in problem.candidates(c).tolist():
            model.x[c, i] = lp.add_variable(f"x_{n}_{i}", 0, 1, cat=pulp.LpBinary)
    x = model.x
    for c in problem.clusters:
        for t in problem.land[c]:
            low, high = problem.band(c, t)
            cells = [
                (x[c, i], graph.area[i])
                for i in np.flatnonzero(graph.tier == t).tolist()
                if (c, i) in x
            ]
            model.add_row("land", cells, pulp.LpConstraintGE, low)
            model.add_row("land", cells, pulp.LpConstraintLE, high)
    holders: dict[int, list[pulp.LpVariable]] = defaultdict(list)
    for (_, i), var in x.items():
        holders[i].append(var)
    for i in sorted(holders):
        if len(holders[i]) > 1:
            model.add_row("parcel", [(v, 1.0) for v in holders[i]], pulp.LpConstraintLE, 1)

    exposed: dict[str, list[tuple[pulp.LpVariable, float]]] = {
        c: [(x[c, i], graph.perimeter[i]) for i in problem.candidates(c).tolist()]
        for c in problem.clusters
    }
    edges = list(zip(graph.a.tolist(), graph.b.tolist(), graph.length.tolist(), strict=True))
    for n, c in enumerate(problem.clusters):
        for e, (i, j, length) in enumerate(edges):
            if (c, i) in x and (c, j) in x:
                s = lp.add_variable(f"s_{n}_{e}", 0, 1)
                model.add_row("edge", [(s, 1.0), (x[c, i], -1.0)], pulp.LpConstraintLE, 0)
                model.add_row("edge", [(s, 1.0), (x[c, j], -1.0)], pulp.LpConstraintLE, 0)
                exposed[c].append((s, -2 * length))
                model.pairs.append((s, c, i, c, j))
    shared: dict[tuple[str, str], list[tuple[pulp.LpVariable, float]]] = {}
    for n, (c, q, _) in enumerate(problem.links):
        shared[c, q] = []
        for e, (i, j, length) in enumerate(edges):
            for k, (one, other) in enumerate(((c, q), (q, c))):
                if (one, i) in x and (other, j) in x:
                    u = lp.add_variable(f"u_{n}_{k}_{e}", 0, 1)
                    model.add_row("partner", [(u, 1.0), (x[one, i], -1.0)], pulp.LpConstraintLE, 0)
                    model.add_row(
                        "partner", [(u, 1.0), (x[other, j], -1.0)], pulp.LpConstraintLE, 0
                    )
                    shared[c, q].append((u, length))
                    model.pairs.append((u, one, i, other, j))

    for group in linked_groups(problem):
        pairs = [pair for c in group for pair in exposed[c]]
        pairs += [
            (u, -2 * length)
            for c, q, _ in problem.links
            if c in group and q in group
            for u, length in shared[c, q]
        ]
        model.add_row("least", pairs, pulp.LpConstraintGE, problem.least_boundary(group))
    for c in problem.clusters:
        beside = [
            (u, length) for (a, q), edges_ in shared.items() if c in (a, q) for u, length in edges_
        ]
        if beside:  # every partner edge of c is a different stretch of c's own boundary
            model.add_row(
                "least", exposed[c] + [(u, -length) for u, length in beside], pulp.LpConstraintGE, 0
            )

    if problem.contiguity:
        _add_contiguity(model, edges)

    lp += pulp.LpAffineExpression(
        [(var, beta * coef) for c in problem.clusters for var, coef in exposed[c]]
        + [
            (u, -gamma * strength * length)
            for c, q, strength in problem.links
            for u, length in shared[c, q]
        ]
    )
    return model


def _spanning_trees(cells: list[int], neighbours) -> list[list[tuple[int, int]]]:
    """Breadth-first trees over the blocks of ``cells``: each a list of (parent, child) edges
    in visiting order, the first entry ``(root, root)``."""
    left, trees = set(cells), []
    for root in cells:
        if root not in left:
            continue
        left.discard(root)
        tree, queue = [(root, root)], [root]
        while queue:
            i = queue.pop(0)
            for j, _ in neighbours[i]:
                if j in left:
                    left.discard(j)
                    tree.append((i, j))
                    queue.append(j)
        trees.append(tree)
    return trees


def linked_groups(problem: ParkLayoutProblem) -> list[tuple[str, ...]]:
    """Each industry alone, and every set of industries joined by chain links (a park holds a
    handful, so there are few): the groups whose joint boundary the ``least`` cuts bound."""
    joined = {frozenset((c, q)) for c, q, _ in problem.links}
    groups: list[tuple[str, ...]] = []
    for size in range(1, len(problem.clusters) + 1):
        for group in itertools.combinations(problem.clusters, size):
            if size == 1 or _connected(group, joined):
                groups.append(group)
    return groups


def _connected(group: tuple[str, ...], joined: set[frozenset[str]]) -> bool:
    reached, frontier = {group[0]}, [group[0]]
    while frontier:
        c = frontier.pop()
        for q in group:
            if q not in reached and frozenset((c, q)) in joined:
                reached.add(q)
                frontier.append(q)
    return len(reached) == len(group)


def _add_contiguity(model: LayoutModel, edges: list[tuple[int, int, float]]) -> None:
    problem, lp, x, graph = model.problem, model.lp, model.x, model.problem.graph
    for n, c in enumerate(problem.clusters):
        cells = problem.candidates(c).tolist()
        most = sum(
            int(problem.band(c, t)[1] // graph.area[graph.tier == t].min())
            for t in problem.land[c]
            if (graph.tier == t).any()
        )
        if most <= 1:
            continue
        for tiers in problem.touching_groups((c,)):  # tiers apart cannot be one block
            group = [i for i in cells if graph.tier[i] in tiers]
            for i in group:
                model.roots[c, i] = lp.add_variable(f"r_{n}_{i}", 0, 1, cat=pulp.LpBinary)
                model.add_row(
                    "root", [(model.roots[c, i], 1.0), (x[c, i], -1.0)], pulp.LpConstraintLE, 0
                )
            model.add_row("root", [(model.roots[c, i], 1.0) for i in group], pulp.LpConstraintEQ, 1)
        balance: dict[int, list[tuple[pulp.LpVariable, float]]] = {
            i: [(x[c, i], -1.0)]
            + ([(model.roots[c, i], float(most))] if (c, i) in model.roots else [])
            for i in cells
        }
        for e, (i, j, _) in enumerate(edges):
            if (c, i) not in x or (c, j) not in x:
                continue
            for k, (tail, head) in enumerate(((i, j), (j, i))):
                f = lp.add_variable(f"f_{n}_{k}_{e}", 0, most - 1)
                model.flows[c, tail, head] = f
                model.add_row("flow", [(f, 1.0), (x[c, tail], 1.0 - most)], pulp.LpConstraintLE, 0)
                model.add_row("flow", [(f, 1.0), (x[c, head], 1.0 - most)], pulp.LpConstraintLE, 0)
                balance[head].append((f, 1.0))
                balance[tail].append((f, -1.0))
        for i in cells:
            model.add_row("flow", balance[i], pulp.LpConstraintGE, 0)
