"""Parks per cluster."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Any, ClassVar

from pydantic import Field

from landplan.optimisation.part import ConstraintFamily, Names, Setting
from landplan.solving.model import LE

if TYPE_CHECKING:
    from landplan.optimisation.model import Model


@dataclass(frozen=True)
class ConcentrationConstraints(ConstraintFamily):
    """At most ``max_parks`` parks per cluster (concentrated development):
    ``Σ_p y[c, p] ≤ max_parks`` for every ``c`` (rows ``concentration``)."""

    max_parks: int = 4
    name: ClassVar[str] = "concentration"
    VERBS: ClassVar[tuple[str, ...]] = ("add_concentration_constraints",)
    ROWS: ClassVar[tuple[str, ...]] = ("concentration",)
    ORDER: ClassVar[int] = 70
    SETTINGS: ClassVar[tuple[Setting, ...]] = (
        Setting(
            "rules.parks_per_cluster",
            Annotated[int, Field(ge=1)] | None,
            max_parks,
            "At most this many parks per industry (null: no cap).",
        ),
    )

    @classmethod
    def from_settings(
        cls, settings: Mapping[str, Any], names: Names
    ) -> ConcentrationConstraints | None:
        cap = settings["rules.parks_per_cluster"]
        return cls(cap) if cap else None

    def max_parks_per_cluster(self) -> int | None:
        return self.max_parks

    def write(self, model: Model) -> None:
        parks = list(model.problem.parks.index)
        for cluster in model.problem.clusters.index:
            pairs = [(model.y[cluster, p], 1.0) for p in parks]
            model.add_row("concentration", (cluster,), pairs, LE, self.max_parks)
