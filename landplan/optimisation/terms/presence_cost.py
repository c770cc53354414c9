"""A cost per site."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from landplan.optimisation.evaluate import presences
from landplan.optimisation.part import Names, ObjectiveTerm, Setting
from landplan.solving.model import Pairs
from landplan.vocabulary import Factor

if TYPE_CHECKING:
    import pandas as pd

    from landplan.optimisation.model import Model
    from landplan.optimisation.problem import Problem


@dataclass(frozen=True)
class PresenceCost(ObjectiveTerm):
    """A cost per site, preferring fewer sites: ``− weight · Σ y[c, p]``.

    0 by default: the minimum site and the caps (presence, concentration) keep sites few and
    substantial, and a cost per site weakens the LP relaxation, which counts a split cluster's
    sites as fractions (``bench/model.py`` measures what a cost does to the plan and the proof).
    """

    weight: float = 0.0
    name: ClassVar[str] = "presence_cost"
    VERBS: ClassVar[tuple[str, ...]] = ("add_presence_cost",)
    ORDER: ClassVar[int] = 30
    SETTINGS: ClassVar[tuple[Setting, ...]] = (
        Setting("objective.presence_cost", Factor, weight, "Objective lost per site (0: none)."),
    )

    @classmethod
    def from_settings(cls, settings: Mapping[str, Any], names: Names) -> PresenceCost:
        return cls(settings["objective.presence_cost"])

    def objective(self, model: Model) -> Pairs:
        return [(y, -self.weight) for y in model.y.values()]

    def value(self, problem: Problem, allocation: pd.DataFrame) -> float:
        return -self.weight * len(presences(allocation))
