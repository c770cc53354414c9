"""One park's layout problem as a PuLP model (see :mod:`landplan.layout.problem` for the terms),
compiled from its families (:mod:`landplan.layout.families`, one module each with its rows'
mathematics) by the convention of :func:`landplan.solving.model.compile_parts`.

The decisions every family shares: ``x[c, i] ∈ {0, 1}``, parcel ``i`` holds industry ``c``, for
each candidate parcel (usable, in a tier where ``c`` has land). The objective is minimised:
``β Σ_c E_c − γ Σ_(c,q) w_cq L_cq``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pulp

from landplan.layout.families import FAMILIES
from landplan.layout.problem import EMPTY, ParkLayoutProblem
from landplan.solving.model import LinearModel, ModelPart, Pairs, compile_parts


@dataclass(kw_only=True)
class LayoutModel(LinearModel):
    """The compiled model: ``x`` keyed by (industry, parcel); ``s`` by (industry, edge), 1
    where both parcels of the edge hold the industry; ``u`` by (link, side, edge), 1 where the
    edge joins the link's two industries (side 0: the first industry on the edge's first
    parcel); each industry's exposed boundary ``E_c`` and each link's partner edge ``L_cq`` as
    (variable, coefficient) pairs; the contiguity roots and flows."""

    problem: ParkLayoutProblem
    x: dict[tuple[str, int], pulp.LpVariable] = field(default_factory=dict)
    s: dict[tuple[str, int], pulp.LpVariable] = field(default_factory=dict)
    u: dict[tuple[int, int, int], pulp.LpVariable] = field(default_factory=dict)
    exposed: dict[str, Pairs] = field(default_factory=dict)
    shared: dict[tuple[str, str], Pairs] = field(default_factory=dict)
    #: contiguity: roots keyed by (industry, parcel), flows by (industry, tail, head)
    roots: dict[tuple[str, int], pulp.LpVariable] = field(default_factory=dict)
    flows: dict[tuple[str, int, int], pulp.LpVariable] = field(default_factory=dict)

    def holders(self, key: tuple[int, int, int]) -> tuple[str, str]:
        """The industries on the first and second parcel of edge ``key[2]`` where ``u[key]``
        is 1."""
        n, side, _ = key
        c, q, _ = self.problem.links[n]
        return (c, q) if side == 0 else (q, c)

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
        graph = self.problem.graph
        both = [((c, c), e, var) for (c, e), var in self.s.items()]
        both += [(self.holders(key), key[2], var) for key, var in self.u.items()]
        for (one, other), e, var in both:
            if owner[graph.a[e]] == index[one] and owner[graph.b[e]] == index[other]:
                values[position[var.name]] = 1.0
        if self.roots:
            neighbours = self.problem.graph.neighbours()
            for n, c in enumerate(self.problem.clusters):
                if not self.problem.must_be_whole(c):
                    continue
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


def layout_parts(problem: ParkLayoutProblem) -> tuple[ModelPart, ...]:
    """The families ``problem`` is compiled from, in their order (contiguity where asked)."""
    return tuple(kind() for kind in FAMILIES if kind.applies(problem))


def compile_layout(problem: ParkLayoutProblem) -> LayoutModel:
    """The model of ``problem`` (see the module's docstring)."""
    model = LayoutModel(
        problem=problem, lp=pulp.LpProblem(f"layout_{problem.park_id}", pulp.LpMinimize)
    )
    for n, c in enumerate(problem.clusters):
        for i in problem.candidates(c).tolist():
            model.x[c, i] = model.add_variable(f"x_{n}_{i}", binary=True)
    compile_parts(model, layout_parts(problem))
    return model


def _spanning_trees(
    cells: list[int], neighbours: list[list[tuple[int, float]]]
) -> list[list[tuple[int, int]]]:
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
