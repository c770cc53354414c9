"""A cost per site."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from landplan.optimisation.evaluate import presences
from landplan.optimisation.part import Pairs, Part

if TYPE_CHECKING:
    import pandas as pd

    from landplan.optimisation.model import Model
    from landplan.optimisation.problem import Problem


@dataclass(frozen=True)
class PresenceCost(Part):
    """A cost per site, preferring fewer sites: ``− weight · Σ y[c, p]``.

    0 by default: the minimum site and the caps (presence, concentration) keep sites few and
    substantial, and a cost per site weakens the LP relaxation, which counts a split cluster's
    sites as fractions. On the baseline (bench/model.py) a cost of 0.001 left the plan as it was
    and made the proof several times slower; 0.01 put the relaxation 0.3 % above the best plan.
    """

    weight: float = 0.0
    name: ClassVar[str] = "presence_cost"

    def objective(self, model: Model) -> Pairs:
        return [(y, -self.weight) for y in model.y.values()]

    def value(self, problem: Problem, allocation: pd.DataFrame) -> float:
        return -self.weight * len(presences(allocation))
