"""One industry a parcel."""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING, ClassVar

import pulp

from landplan.layout.part import LayoutFamily
from landplan.solving.model import LE

if TYPE_CHECKING:
    from landplan.layout.model import LayoutModel


class ParcelConstraints(LayoutFamily):
    """At most one industry a parcel: ``Σ_c x[c, i] ≤ 1`` for every parcel ``i`` more than one
    industry may take (rows ``parcel``, keyed ``(i,)``)."""

    name: ClassVar[str] = "parcel"
    ROWS: ClassVar[tuple[str, ...]] = ("parcel",)
    ORDER: ClassVar[int] = 20

    def write(self, model: LayoutModel) -> None:
        holders: dict[int, list[pulp.LpVariable]] = defaultdict(list)
        for (_, i), var in model.x.items():
            holders[i].append(var)
        for i in sorted(holders):
            if len(holders[i]) > 1:
                model.add_row("parcel", (i,), [(v, 1.0) for v in holders[i]], LE, 1)
