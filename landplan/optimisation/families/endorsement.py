"""Strict policy: only the districts the policy names."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from landplan.optimisation.part import LE, Part

if TYPE_CHECKING:
    from landplan.optimisation.model import Model


@dataclass(frozen=True)
class EndorsementConstraints(Part):
    """Strict policy: ``y[c, p] = 0`` where the policy names districts for ``c`` but none of
    ``p``'s (clusters without a district list may go anywhere); rows ``endorsement``."""

    name: ClassVar[str] = "endorsement"
    ROWS: ClassVar[tuple[str, ...]] = ("endorsement",)

    def write(self, model: Model) -> None:
        endorsed = model.problem.endorsed
        for cluster in endorsed.index:
            for park in endorsed.columns[~endorsed.loc[cluster].to_numpy()]:
                model.add_row(
                    "endorsement", (cluster, park), [(model.y[cluster, park], 1.0)], LE, 0
                )
