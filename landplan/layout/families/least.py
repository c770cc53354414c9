"""The least boundary: cuts that remove no layout, only the fractional points that spread land
thinly."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from landplan.layout.part import LayoutFamily
from landplan.layout.problem import linked_groups
from landplan.solving.model import GE

if TYPE_CHECKING:
    from landplan.layout.model import LayoutModel


class LeastBoundaryCuts(LayoutFamily):
    """No land has less boundary than the least its cells can have: ``E_c ≥ B(c)`` for every
    industry and ``Σ_{c ∈ S} E_c − 2 Σ_{(c,q) ⊆ S} L_cq ≥ B(S)`` for every set ``S`` of
    industries joined by links (the boundary of their land seen as one region; rows ``least``,
    keyed by ``S``), ``B`` from :meth:`~landplan.layout.problem.ParkLayoutProblem.
    least_boundary`; and ``E_c − Σ_q L_cq ≥ 0``: every partner edge of ``c`` is a different
    stretch of its own boundary (rows ``beside``, keyed ``(c,)``). Without them the relaxation
    spreads every industry thinly over all parcels and proves nothing (a bound of about 0)."""

    name: ClassVar[str] = "least"
    ROWS: ClassVar[tuple[str, ...]] = ("least", "beside")
    ORDER: ClassVar[int] = 50

    def write(self, model: LayoutModel) -> None:
        problem, exposed, shared = model.problem, model.exposed, model.shared
        for group in linked_groups(problem):
            pairs = [pair for c in group for pair in exposed[c]]
            pairs += [
                (u, -2 * length)
                for c, q, _ in problem.links
                if c in group and q in group
                for u, length in shared[c, q]
            ]
            model.add_row("least", group, pairs, GE, problem.least_boundary(group))
        for c in problem.clusters:
            beside = [(u, -length) for (a, q), edges in shared.items() if c in (a, q)
                      for u, length in edges]  # fmt: skip
            if beside:
                model.add_row("beside", (c,), exposed[c] + beside, GE, 0)
