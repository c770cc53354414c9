"""Tier capacity."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from landplan.optimisation.part import ConstraintFamily
from landplan.solving.model import LE

if TYPE_CHECKING:
    from landplan.optimisation.model import Model


@dataclass(frozen=True)
class CapacityConstraints(ConstraintFamily):
    """Tier capacity: ``Σ_c x[c, u] ≤ K[u]`` for every unit ``u`` (rows ``capacity``, keyed by
    (park_id, tier); their duals are the shadow prices of land)."""

    name: ClassVar[str] = "capacity"
    VERBS: ClassVar[tuple[str, ...]] = ("add_capacity_constraints",)
    ROW: ClassVar[str] = "capacity"  # the rows whose duals are the shadow prices of land
    ROWS: ClassVar[tuple[str, ...]] = (ROW,)
    ORDER: ClassVar[int] = 10

    def write(self, model: Model) -> None:
        clusters = list(model.problem.clusters.index)
        for unit in model.problem.units.itertuples():
            pairs = [(model.x[c, unit.park_id, unit.tier], 1.0) for c in clusters]
            model.add_row(self.ROW, (unit.park_id, unit.tier), pairs, LE, unit.capacity_km2)
