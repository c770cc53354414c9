"""Clusters per park."""

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
class FocusConstraints(ConstraintFamily):
    """At most ``max_clusters`` clusters per park ("one cluster, one policy"):
    ``Σ_c y[c, p] ≤ max_clusters`` for every ``p`` (rows ``focus``)."""

    max_clusters: int = 5
    name: ClassVar[str] = "focus"
    VERBS: ClassVar[tuple[str, ...]] = ("add_focus_constraints",)
    ROWS: ClassVar[tuple[str, ...]] = ("focus",)
    ORDER: ClassVar[int] = 60
    SETTINGS: ClassVar[tuple[Setting, ...]] = (
        Setting(
            "rules.clusters_per_park",
            Annotated[int, Field(ge=1)] | None,
            max_clusters,
            "At most this many industries per park (null: no cap).",
        ),
    )

    @classmethod
    def from_settings(cls, settings: Mapping[str, Any], names: Names) -> FocusConstraints | None:
        cap = settings["rules.clusters_per_park"]
        return cls(cap) if cap else None

    def max_clusters_per_park(self) -> int | None:
        return self.max_clusters

    def write(self, model: Model) -> None:
        clusters = list(model.problem.clusters.index)
        for park in model.problem.parks.index:
            pairs = [(model.y[c, park], 1.0) for c in clusters]
            model.add_row("focus", (park,), pairs, LE, self.max_clusters)
