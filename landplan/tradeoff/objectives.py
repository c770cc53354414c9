"""The objectives a planner can put against each other, each a measured quantity in its own units.

Each :class:`Objective` names an objective term of the allocation (notation in
:mod:`landplan.optimisation.problem`) that is *maximised* in signed form (a quantity to be made
small enters with a minus sign), the scale every certificate on it is measured against, and how
it reads to a planner:

- ``suitability``, suitability-weighted land (km², more is better):
  ``Σ_c Σ_u S[c, p(u)] · x[c, u]``, today's score without its penalties and bonus
  (:class:`~landplan.optimisation.terms.suitability.SuitabilityObjective` of weight 1); scale
  ``L``, the land at stake.
- ``demand_<h>``, demand met by horizon ``h`` (km², more): :class:`DemandMet`; scale
  ``Σ_c D[c, h]``.
- ``chain``, chain partners sharing a park (link strength, more): ``Σ_(c,q,s) s · w[c, q]``,
  each link counted once when its partners share at least one park
  (:class:`~landplan.optimisation.terms.chain_bonus.ChainBonus` of weight 1, per pair); scale
  ``Σ s``.
- ``balance``, land per district away from the policy's emphasis (km², less): :class:`
  DistrictBalance`; scale ``L``.
- ``sites``, industries' sites, one per industry in a park (count, less: industries concentrated
  in fewer parks): ``Σ y[c, p]`` (:class:`~landplan.optimisation.terms.presence_cost.
  PresenceCost` of weight 1); scale, the most sites any plan may have,
  ``Σ_c min(P_c, parks allowed to c)`` with ``P_c`` the parks-per-industry cap.

A certificate on an objective (a gap of 0.5 %) says no plan meeting the point's other bounds
is better on it by more than 0.5 % of its scale: a scale fixed by the problem, never by the
answer, so a gap means the same on every point and every scenario.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar, Literal

import pandas as pd

from landplan.errors import did_you_mean
from landplan.i18n import N_, gettext
from landplan.optimisation.evaluate import shortfall_table
from landplan.optimisation.part import ObjectiveTerm
from landplan.optimisation.terms.chain_bonus import ChainBonus
from landplan.optimisation.terms.presence_cost import PresenceCost
from landplan.optimisation.terms.suitability import SuitabilityObjective
from landplan.solving.model import GE, LE, Pairs

if TYPE_CHECKING:
    from landplan.optimisation.model import Model
    from landplan.optimisation.problem import Problem

#: The objective keys a planner may name (``demand_<h>`` for each horizon the problem has).
DEMAND_PREFIX = "demand_"


@dataclass(frozen=True)
class DemandMet(ObjectiveTerm):
    """Demand met by horizon ``h``: ``+ Σ_c met[c, h]``, with ``0 ≤ met[c, h] ≤ D[c, h]`` and
    ``met[c, h] ≤ Σ_{u : r[u] ≤ h} x[c, u]`` (rows ``demand_met``): each industry's land
    released by ``h``, up to its demand by then. Maximised, ``met[c, h] = min(D[c, h], land by
    h)``; bounded below, the land by ``h`` meets at least what ``met`` says."""

    horizon: int
    name: ClassVar[str] = "demand_met"
    ROWS: ClassVar[tuple[str, ...]] = ("demand_met",)
    ORDER: ClassVar[int] = 40

    def stake(self, problem: Problem) -> float:
        return float(problem.demand[self.horizon].sum())

    def variables(self, model: Model) -> None:
        demand = model.problem.demand[self.horizon]
        for i, cluster in enumerate(demand.index):
            model.met[cluster, self.horizon] = model.add_variable(
                f"met_{i}_{self.horizon}", 0, float(demand[cluster])
            )

    def write(self, model: Model) -> None:
        units = [u for u in model.problem.units.itertuples() if u.release_by <= self.horizon]
        for cluster in model.problem.clusters.index:
            land = [(model.x[cluster, u.park_id, u.tier], -1.0) for u in units]
            met = model.met[cluster, self.horizon]
            model.add_row("demand_met", (cluster, self.horizon), [(met, 1.0), *land], LE, 0.0)

    def objective(self, model: Model) -> Pairs:
        return [(model.met[c, self.horizon], 1.0) for c in model.problem.clusters.index]

    def value(self, problem: Problem, allocation: pd.DataFrame) -> float:
        table = shortfall_table(problem, allocation)
        at = table[table["horizon"] == self.horizon]
        return float((at["demand_km2"] - at["shortfall_km2"]).sum())


def district_targets(problem: Problem) -> pd.Series:
    """Each district's share ``τ_d`` of the land by the policy's emphasis: every industry's
    demand ``D[c]`` split evenly among the districts the policy names for it (all districts
    where it names none), summed and divided by ``Σ_c D[c]``."""
    district = problem.parks["district"]
    demand = problem.demand.iloc[:, -1]
    named = problem.endorsed.T.groupby(district).any().T  # cluster × district
    split = named.div(named.sum(axis=1).clip(lower=1), axis=0).mul(demand, axis=0)
    total = float(demand.sum())
    return (split.sum() / total if total > 0 else split.sum()).sort_index()


@dataclass(frozen=True)
class DistrictBalance(ObjectiveTerm):
    """Land per district away from the policy's emphasis: ``− Σ_d dev[d]`` with
    ``dev[d] ≥ |Σ_{c, u ∈ d} x[c, u] − τ_d · Σ_{c, u} x[c, u]|`` (rows ``balance_over`` and
    ``balance_under``): how far each district's land is from its share ``τ_d``
    (:func:`district_targets`) of all the land placed, in km². Minimised, ``dev[d]`` is that
    distance."""

    name: ClassVar[str] = "district_balance"
    ROWS: ClassVar[tuple[str, ...]] = ("balance_over", "balance_under")
    ORDER: ClassVar[int] = 41

    def stake(self, problem: Problem) -> float:
        return problem.land_at_stake

    def variables(self, model: Model) -> None:
        for i, district in enumerate(district_targets(model.problem).index):
            model.dev[district,] = model.add_variable(f"dev_{i}", 0)

    def write(self, model: Model) -> None:
        problem = model.problem
        targets = district_targets(problem)
        district = problem.parks["district"]
        for (d,), dev in model.dev.items():
            # L_d − τ_d · L, as pairs over every land decision
            away = [
                (var, float(district[p] == d) - float(targets[d]))
                for (_, p, _), var in model.x.items()
            ]
            model.add_row("balance_over", (d,), [(dev, 1.0), *((v, -a) for v, a in away)], GE, 0.0)
            model.add_row("balance_under", (d,), [(dev, 1.0), *away], GE, 0.0)

    def objective(self, model: Model) -> Pairs:
        return [(dev, -1.0) for dev in model.dev.values()]

    def value(self, problem: Problem, allocation: pd.DataFrame) -> float:
        targets = district_targets(problem)
        land = allocation.groupby(allocation["park_id"].map(problem.parks["district"]))[
            "land_km2"
        ].sum()
        land = land.reindex(targets.index, fill_value=0.0)
        return -float((land - targets * land.sum()).abs().sum())


def most_sites(problem: Problem) -> float:
    """The most sites any plan may have: per industry, the parks it may use, at most the
    parks-per-industry cap."""
    allowed = problem.allowed().sum(axis=1)
    cap = problem.max_parks_per_cluster
    return float(allowed.clip(upper=cap).sum() if cap is not None else allowed.sum())


@dataclass(frozen=True)
class Objective:
    """One objective of a trade-off: its ``key`` (what a planner writes), the term maximised
    (signed: ``sense`` −1 for a quantity to be made small), the scale of its certificates, its
    label and unit (catalog texts), and its number format."""

    key: str
    sense: Literal[1, -1]
    make_term: Callable[[], ObjectiveTerm]
    make_scale: Callable[[Problem], float]
    label: str
    unit: str
    meaning: str
    decimals: int = 2
    #: The values the label's placeholders take (a horizon's year).
    label_values: tuple[tuple[str, str], ...] = ()

    def title(self) -> str:
        """The label in the language of the moment."""
        return gettext(self.label) % dict(self.label_values)

    def term(self) -> ObjectiveTerm:
        return self.make_term()

    def scale(self, problem: Problem) -> float:
        """What a gap on this objective is a share of (at least 1e-9)."""
        return max(self.make_scale(problem), 1e-9)

    def measure(self, problem: Problem, allocation: pd.DataFrame) -> float:
        """The plan's value on this objective, in its units (landplan's own evaluation), to
        nine decimals (a sum's floating-point noise, such as 3e-15 for 0, left out)."""
        return round(self.sense * float(self.term().value(problem, allocation) or 0.0), 9) + 0.0

    @property
    def larger_is_better(self) -> bool:
        return self.sense > 0

    def better(self, a: float, b: float) -> bool:
        """Whether ``a`` is strictly better than ``b`` on this objective."""
        return self.sense * (a - b) > 0

    def words(self, value: float) -> str:
        return f"{value:,.{self.decimals}f}"


FIXED: dict[str, Objective] = {
    "suitability": Objective(
        "suitability", 1, lambda: SuitabilityObjective(1.0), lambda p: p.land_at_stake,
        N_("Suitability-weighted land"), N_("km²"),
        N_("Each km² placed counts its suitability (0 to 1) for the industry in that park: "
           "the plan's score without its penalties and bonus. More is better."),
    ),
    "chain": Objective(
        "chain", 1, lambda: ChainBonus(1.0, "pair"), lambda p: float(p.links["strength"].sum()),
        N_("Chain partners sharing a park"), N_("link strength"),
        N_("Each chain link whose two industries share at least one park counts its strength "
           "(1 strong, 0.5 weaker). More is better."),
    ),
    "balance": Objective(
        "balance", -1, DistrictBalance, lambda p: p.land_at_stake,
        N_("Land away from the policy's district emphasis"), N_("km²"),
        N_("Each district's land against its share by the policy (every industry's demand "
           "split evenly among the districts the policy names for it), summed over districts. "
           "Less is better: 0 is land exactly as the policy's emphasis."),
    ),
    "sites": Objective(
        "sites", -1, lambda: PresenceCost(1.0), most_sites,
        N_("Industry sites"), N_("sites"),
        N_("One site per industry in each park it has land in: fewer sites keep each industry "
           "concentrated in fewer parks. Less is better."),
        0,
    ),
}  # fmt: skip
#: What the objectives' label of demand met says, with its horizon.
DEMAND_LABEL = N_("Demand met by %(year)s")


def demand_objective(horizon: int) -> Objective:
    """Demand met by ``horizon`` (km²)."""
    return Objective(
        f"{DEMAND_PREFIX}{horizon}", 1, lambda: DemandMet(horizon),
        lambda p: float(p.demand[horizon].sum()), DEMAND_LABEL, N_("km²"),
        N_("Each industry's land in tiers released by the year, up to its demand by then, "
           "summed. More is better."),
        label_values=(("year", str(horizon)),),
    )  # fmt: skip


def objective_keys(problem: Problem) -> list[str]:
    """Every objective a planner may name for ``problem``."""
    return [*FIXED, *(f"{DEMAND_PREFIX}{h}" for h in problem.horizons)]


class UnknownObjective(ValueError):
    """A name that is not one of a problem's objectives (the message names the known ones)."""


def named(key: str) -> Objective | None:
    """The objective a key names, whatever the problem's horizons (None: none)."""
    if key in FIXED:
        return FIXED[key]
    year = key.removeprefix(DEMAND_PREFIX)
    if key.startswith(DEMAND_PREFIX) and year.isascii() and year.isdigit() and len(year) <= 4:
        return demand_objective(int(year))
    return None


def objective(key: str, problem: Problem) -> Objective:
    """The objective called ``key`` (:class:`UnknownObjective` if the problem has none)."""
    found = named(key)
    if found is not None and (
        found.key in FIXED or int(key.removeprefix(DEMAND_PREFIX)) in problem.horizons
    ):
        return found
    known = objective_keys(problem)
    raise UnknownObjective(
        f"unknown objective '{key}'{did_you_mean(key, known)} (known: {', '.join(known)})"
    )
