"""Clusters per park."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from landplan.optimisation.part import LE, Part

if TYPE_CHECKING:
    from landplan.optimisation.model import Model


@dataclass(frozen=True)
class FocusConstraints(Part):
    """At most ``max_clusters`` clusters per park ("one cluster, one policy"):
    ``Σ_c y[c, p] ≤ max_clusters`` for every ``p`` (rows ``focus``)."""

    max_clusters: int = 5
    name: ClassVar[str] = "focus"
    ROWS: ClassVar[tuple[str, ...]] = ("focus",)

    def write(self, model: Model) -> None:
        clusters = list(model.problem.clusters.index)
        for park in model.problem.parks.index:
            pairs = [(model.y[c, park], 1.0) for c in clusters]
            model.add_row("focus", (park,), pairs, LE, self.max_clusters)
