"""Suitability of the land placed."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from landplan.optimisation.part import Names, ObjectiveTerm, Setting
from landplan.solving.model import Pairs
from landplan.vocabulary import Factor

if TYPE_CHECKING:
    import pandas as pd

    from landplan.optimisation.model import Model
    from landplan.optimisation.problem import Problem


@dataclass(frozen=True)
class SuitabilityObjective(ObjectiveTerm):
    """Reward land placed where it suits: ``+ weight · Σ_c Σ_u S[c, p(u)] · x[c, u]``. A
    re-solve changes the coefficients with the scores."""

    weight: float = 1.0
    name: ClassVar[str] = "suitability"
    VERBS: ClassVar[tuple[str, ...]] = ("add_suitability_objective",)
    ORDER: ClassVar[int] = 10
    SETTINGS: ClassVar[tuple[Setting, ...]] = (
        Setting(
            "objective.suitability", Factor, weight, "Objective per km² of perfectly suitable land."
        ),
    )

    @classmethod
    def from_settings(cls, settings: Mapping[str, Any], names: Names) -> SuitabilityObjective:
        return cls(settings["objective.suitability"])

    def gain_per_km2(self) -> float:
        return self.weight

    def stake(self, problem: Problem) -> float:
        """``weight · L``: every km² a plan can place (``L``, the land at stake) at ``S ≤ 1``."""
        return self.weight * problem.land_at_stake

    def gains(self, problem: Problem) -> dict[tuple[str, str], float]:
        """The objective coefficient of land, ``weight · S[c, p]``, per (cluster, park)."""
        scores = problem.suitability.stack()
        return {key: self.weight * float(value) for key, value in scores.items()}

    def objective(self, model: Model) -> Pairs:
        gains = self.gains(model.problem)
        return [(var, gains[c, p]) for (c, p, _), var in model.x.items()]

    def value(self, problem: Problem, allocation: pd.DataFrame) -> float:
        land = allocation.groupby(["cluster_id", "park_id"])["land_km2"].sum()
        if land.empty:
            return 0.0
        gains = self.gains(problem)
        return float(sum(gains[key] * value for key, value in land.items()))
