"""Each industry's planned land in each tier."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

import numpy as np

from landplan.layout.part import LayoutFamily
from landplan.solving.model import GE, LE

if TYPE_CHECKING:
    from landplan.layout.model import LayoutModel


class LandConstraints(LayoutFamily):
    """The plan, to within half a parcel: ``low[c, t] ≤ Σ_{i ∈ t} a_i x[c, i] ≤ high[c, t]``
    for every industry ``c`` and tier ``t`` of its plan (rows ``land``, keyed ``(c, t, ">=")``
    and ``(c, t, "<=")``)."""

    name: ClassVar[str] = "land"
    ROWS: ClassVar[tuple[str, ...]] = ("land",)
    ORDER: ClassVar[int] = 10

    def write(self, model: LayoutModel) -> None:
        problem, x = model.problem, model.x
        graph = problem.graph
        for c in problem.clusters:
            for t in problem.land[c]:
                low, high = problem.band(c, t)
                cells = [
                    (x[c, i], graph.area[i])
                    for i in np.flatnonzero(graph.tier == t).tolist()
                    if (c, i) in x
                ]
                model.add_row("land", (c, t, GE), cells, GE, low)
                model.add_row("land", (c, t, LE), cells, LE, high)
