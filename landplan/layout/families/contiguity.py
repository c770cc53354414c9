"""Each industry one block: a flow through its parcels from one root."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from landplan.layout.part import LayoutFamily
from landplan.solving.model import EQ, GE, LE, Pairs

if TYPE_CHECKING:
    from landplan.layout.model import LayoutModel
    from landplan.layout.problem import ParkLayoutProblem


class ContiguityConstraints(LayoutFamily):
    """Each industry in one block per group of touching tiers (a single-commodity flow, as in
    districting models), where the problem asks for contiguity and the industry's parcels allow
    it (:meth:`~landplan.layout.problem.ParkLayoutProblem.must_be_whole`; the others are named
    in the park's result, :mod:`landplan.layout.pieces`).

    One root ``r[c, i] ∈ {0, 1}`` per group: ``Σ_{i ∈ group} r[c, i] = 1`` and ``r[c, i] ≤
    x[c, i]`` (rows ``root``); a flow ``f[c, i→j] ≥ 0`` on both directions of each edge between
    candidates, ``f[c, i→j] ≤ (n_c − 1) x[c, i]`` and ``≤ (n_c − 1) x[c, j]``, and each held
    parcel but the root consumes one unit: ``Σ_j f[c, j→i] − Σ_j f[c, i→j] ≥ x[c, i] − n_c
    r[c, i]`` (rows ``flow``), ``n_c`` the most parcels ``c`` can hold. Flow reaches every held
    parcel only along held parcels, so ``c`` is one block. An industry that holds one parcel at
    most needs none of this."""

    name: ClassVar[str] = "contiguity"
    ROWS: ClassVar[tuple[str, ...]] = ("root", "flow")
    ORDER: ClassVar[int] = 60

    @classmethod
    def applies(cls, problem: ParkLayoutProblem) -> bool:
        return problem.contiguity

    def variables(self, model: LayoutModel) -> None:
        problem, x = model.problem, model.x
        for n, c in enumerate(problem.clusters):
            most = problem.most_parcels(c)
            if most <= 1 or not problem.must_be_whole(c):
                continue
            for group in self._groups(model, c):
                for i in group:
                    model.roots[c, i] = model.add_variable(f"r_{n}_{i}", binary=True)
            for e, (i, j, _) in enumerate(problem.graph.edges):
                if (c, i) in x and (c, j) in x:
                    for k, (tail, head) in enumerate(((i, j), (j, i))):
                        flow = model.add_variable(f"f_{n}_{k}_{e}", 0, most - 1)
                        model.flows[c, tail, head] = flow

    def write(self, model: LayoutModel) -> None:
        problem, x, roots = model.problem, model.x, model.roots
        for c in problem.clusters:
            most = problem.most_parcels(c)
            if most <= 1 or not problem.must_be_whole(c):
                continue
            for g, group in enumerate(self._groups(model, c)):
                for i in group:
                    model.add_row("root", (c, i), [(roots[c, i], 1.0), (x[c, i], -1.0)], LE, 0)
                model.add_row("root", (c, f"group {g}"), [(roots[c, i], 1.0) for i in group], EQ, 1)
            cells = problem.candidates(c).tolist()
            balance: dict[int, Pairs] = {
                i: [(x[c, i], -1.0)] + ([(roots[c, i], float(most))] if (c, i) in roots else [])
                for i in cells
            }
            for (owner, tail, head), flow in model.flows.items():
                if owner != c:
                    continue
                for end in (tail, head):
                    key = (c, tail, head, end)
                    model.add_row("flow", key, [(flow, 1.0), (x[c, end], 1.0 - most)], LE, 0)
                balance[head].append((flow, 1.0))
                balance[tail].append((flow, -1.0))
            for i in cells:
                model.add_row("flow", (c, i), balance[i], GE, 0)

    @staticmethod
    def _groups(model: LayoutModel, c: str) -> list[list[int]]:
        """``c``'s candidate parcels in each group of touching tiers (tiers apart cannot be one
        block)."""
        problem = model.problem
        cells, tier = problem.candidates(c).tolist(), problem.graph.tier
        return [[i for i in cells if tier[i] in tiers] for tiers in problem.touching_groups((c,))]
