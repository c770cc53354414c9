"""Parks per cluster."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from landplan.optimisation.part import LE, Part

if TYPE_CHECKING:
    from landplan.optimisation.model import Model


@dataclass(frozen=True)
class ConcentrationConstraints(Part):
    """At most ``max_parks`` parks per cluster (concentrated development):
    ``Σ_p y[c, p] ≤ max_parks`` for every ``c`` (rows ``concentration``)."""

    max_parks: int = 4
    name: ClassVar[str] = "concentration"
    ROWS: ClassVar[tuple[str, ...]] = ("concentration",)

    def write(self, model: Model) -> None:
        parks = list(model.problem.parks.index)
        for cluster in model.problem.clusters.index:
            pairs = [(model.y[cluster, p], 1.0) for p in parks]
            model.add_row("concentration", (cluster,), pairs, LE, self.max_parks)
