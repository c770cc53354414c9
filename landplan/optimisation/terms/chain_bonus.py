"""Chain partners sharing a park."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar, Literal

from landplan.optimisation.evaluate import co_located_links
from landplan.optimisation.part import Names, ObjectiveTerm, Setting
from landplan.solving.model import LE, Pairs
from landplan.vocabulary import Factor

if TYPE_CHECKING:
    import pandas as pd

    from landplan.optimisation.model import Model
    from landplan.optimisation.problem import Problem


@dataclass(frozen=True)
class ChainBonus(ObjectiveTerm):
    """Reward chain partners sharing a park.

    ``per="pair"`` (the default) counts each link once, when its partners share at least one
    park: ``+ weight · Σ_(c,q,s) s · w[c, q]`` with ``w[c, q] ≤ Σ_p z[c, q, p]`` (rows
    ``chain_pair``) and ``w[c, q] ≤ 1``. A second shared park earns nothing more, so no site pays
    for itself by collecting the same bonus again.

    ``per="park"`` counts it in every park they share: ``+ weight · Σ_(c,q,s) s · Σ_p z[c, q, p]``
    (the rule before December 2026: it rewarded footprint-sized outposts placed in each park of a
    partner).

    ``z`` and ``w`` need no integrality: they are maximised and bounded by binaries (see
    :class:`~landplan.optimisation.families.chain.ChainColocation`), so at an optimum
    ``z = min(y[c,p], y[q,p])`` and ``w`` are 0 or 1.
    """

    weight: float = 0.02
    per: Literal["pair", "park"] = "pair"
    name: ClassVar[str] = "chain_bonus"
    VERBS: ClassVar[tuple[str, ...]] = ("add_chain_bonus",)
    ROWS: ClassVar[tuple[str, ...]] = ("chain_pair",)
    ORDER: ClassVar[int] = 20
    SETTINGS: ClassVar[tuple[Setting, ...]] = (
        Setting(
            "objective.chain_bonus",
            Factor,
            weight,
            "Objective per chain link whose partners share a park (× the link's strength).",
        ),
        Setting(
            "objective.chain_bonus_per",
            Literal["pair", "park"],
            per,
            "pair: a link counts once when its partners share a park; park: in every park "
            "they share.",
        ),
    )

    @classmethod
    def from_settings(cls, settings: Mapping[str, Any], names: Names) -> ChainBonus:
        return cls(settings["objective.chain_bonus"], settings["objective.chain_bonus_per"])

    def stake(self, problem: Problem) -> float:
        """``weight · Σ s``, every link served once (per pair); per park, in as many parks as
        its partners may share (the parks per cluster cap, or every park)."""
        parks = len(problem.parks)
        shared = 1 if self.per == "pair" else min(problem.max_parks_per_cluster or parks, parks)
        return self.weight * float(problem.links["strength"].sum()) * shared

    def variables(self, model: Model) -> None:
        if self.per == "pair":
            for n, link in enumerate(model.problem.links.itertuples()):
                model.w[link.cluster_a, link.cluster_b] = model.add_variable(f"w_{n}", 0, 1)

    def write(self, model: Model) -> None:
        parks = model.problem.parks.index
        for (a, b), w in model.w.items():
            shared = [(model.z[a, b, park], -1.0) for park in parks]
            model.add_row("chain_pair", (a, b), [(w, 1.0), *shared], LE, 0.0)

    def objective(self, model: Model) -> Pairs:
        strength = {
            (link.cluster_a, link.cluster_b): link.strength
            for link in model.problem.links.itertuples()
        }
        if self.per == "park":
            return [(z, self.weight * strength[a, b]) for (a, b, _), z in model.z.items()]
        return [(w, self.weight * strength[key]) for key, w in model.w.items()]

    def value(self, problem: Problem, allocation: pd.DataFrame) -> float:
        shared = co_located_links(problem, allocation)
        if self.per == "pair":  # a link counts once, however many parks its partners share
            shared = shared.drop_duplicates(["cluster_a", "cluster_b"])
        return self.weight * float(shared["strength"].sum())
