"""Edge shared with chain partners."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from landplan.layout.part import LayoutFamily
from landplan.solving.model import LE, Pairs

if TYPE_CHECKING:
    from landplan.layout.model import LayoutModel


class PartnerEdge(LayoutFamily):
    """Partner edge ``L_cq = Σ_e l_e (u[c, q, e] + u[q, c, e])`` for every chain link
    ``(c, q)``, with ``0 ≤ u ≤ 1``, ``u[c, q, e] ≤ x[c, i]`` and ``u[c, q, e] ≤ x[q, j]`` for every
    edge ``e = (i, j)`` (and the same with ``c`` and ``q`` swapped) whose parcels they may take
    (rows ``partner``, keyed ``(link, side, e, parcel)``). Objective: ``− γ Σ_(c,q) w_cq L_cq``,
    ``γ`` the partner weight (term ``partner``). ``γ < 2β`` keeps a shared edge from paying for
    itself: it still counts in both industries' boundaries."""

    name: ClassVar[str] = "partner"
    ROWS: ClassVar[tuple[str, ...]] = ("partner",)
    ORDER: ClassVar[int] = 40

    def variables(self, model: LayoutModel) -> None:
        problem, x = model.problem, model.x
        for n, (c, q, _) in enumerate(problem.links):
            model.shared[c, q] = []
            for e, (i, j, length) in enumerate(problem.graph.edges):
                for side, (one, other) in enumerate(((c, q), (q, c))):
                    if (one, i) in x and (other, j) in x:
                        model.u[n, side, e] = model.add_variable(f"u_{n}_{side}_{e}", 0, 1)
                        model.shared[c, q].append((model.u[n, side, e], length))

    def write(self, model: LayoutModel) -> None:
        edges = model.problem.graph.edges
        for (n, side, e), u in model.u.items():
            for holder, i in zip(model.holders((n, side, e)), edges[e][:2], strict=True):
                key = (n, side, e, i)
                model.add_row("partner", key, [(u, 1.0), (model.x[holder, i], -1.0)], LE, 0)

    def objective(self, model: LayoutModel) -> Pairs:
        gamma = model.problem.partner_weight
        return [
            (u, -gamma * strength * length)
            for c, q, strength in model.problem.links
            for u, length in model.shared[c, q]
        ]
