"""Exposed boundary: the length of the edge of each industry's land."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from landplan.layout.part import LayoutFamily
from landplan.solving.model import LE, Pairs

if TYPE_CHECKING:
    from landplan.layout.model import LayoutModel


class ExposedBoundary(LayoutFamily):
    """Exposed boundary ``E_c = Σ_i p_i x[c, i] − 2 Σ_e l_e s[c, e]`` with ``0 ≤ s[c, e] ≤ 1``,
    ``s[c, e] ≤ x[c, i]`` and ``s[c, e] ≤ x[c, j]`` for every edge ``e = (i, j)`` both of whose
    parcels ``c`` may take (rows ``edge``, keyed ``(c, e, i)`` and ``(c, e, j)``): ``s`` is
    rewarded, so it is 1 exactly where both sides hold ``c``. Objective: ``+ β Σ_c E_c``, ``β``
    the boundary weight (term ``boundary``)."""

    name: ClassVar[str] = "boundary"
    ROWS: ClassVar[tuple[str, ...]] = ("edge",)
    ORDER: ClassVar[int] = 30

    def variables(self, model: LayoutModel) -> None:
        problem, x = model.problem, model.x
        graph = problem.graph
        for n, c in enumerate(problem.clusters):
            candidates = problem.candidates(c).tolist()
            model.exposed[c] = [(x[c, i], graph.perimeter[i]) for i in candidates]
            for e, (i, j, length) in enumerate(graph.edges):
                if (c, i) in x and (c, j) in x:
                    model.s[c, e] = model.add_variable(f"s_{n}_{e}", 0, 1)
                    model.exposed[c].append((model.s[c, e], -2 * length))

    def write(self, model: LayoutModel) -> None:
        edges = model.problem.graph.edges
        for (c, e), s in model.s.items():
            for i in edges[e][:2]:
                model.add_row("edge", (c, e, i), [(s, 1.0), (model.x[c, i], -1.0)], LE, 0)

    def objective(self, model: LayoutModel) -> Pairs:
        beta = model.problem.boundary_weight
        return [(var, beta * coef) for pairs in model.exposed.values() for var, coef in pairs]
