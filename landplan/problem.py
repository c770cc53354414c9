"""The planning problem as a value: sets, parameters, objective terms and constraint families.

A :class:`Problem` knows *what* the planner wants and nothing about *how* it is solved: there is
no solver and no PuLP object in it. It is built step by step; every ``add_*`` method returns a new
problem (the old one is unchanged), so scenarios can branch from one base. Adding a family that
is already there replaces it, and the replacement is recorded in :attr:`Problem.notes`.

Notation used in the docstrings of the families (all land in km²):

- ``c`` cluster, ``p`` park, ``u = (p, t)`` a tier ``t`` of park ``p`` (a *unit*), ``h`` horizon;
- ``K[u]`` releasable industrial land of unit ``u``; ``r[u]`` its release year;
- ``D[c, h]`` cumulative demand of cluster ``c`` by horizon ``h``; ``D[c] = D[c, last]``;
- ``f[c]`` minimum footprint of ``c`` in a park it is present in;
- ``S[c, p]`` suitability in [0, 1]; ``(c, q, s)`` a chain link of strength ``s``;
- decisions: ``x[c, u] ≥ 0`` land of ``c`` in ``u``; ``y[c, p] ∈ {0, 1}`` whether ``c`` is
  present in ``p`` (has a *site* there); ``short[c, h] ≥ 0`` unmet demand; ``z[c, q, p] ∈ [0, 1]``
  whether chain partners ``c`` and ``q`` are both present in ``p``; ``w[c, q] ∈ [0, 1]`` whether
  they share at least one park.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Literal, TypeVar

import geopandas as gpd
import pandas as pd

from landplan.catalog import Catalog
from landplan.suitability import Suitability
from landplan.vocabulary import HORIZONS

#: The least land that counts as a presence (1 ha), so that presence always means land.
MIN_PRESENCE_KM2 = 0.01

# --- objective terms -----------------------------------------------------------------------


@dataclass(frozen=True)
class SuitabilityObjective:
    """Reward land placed where it suits: ``+ weight · Σ_c Σ_u S[c, p(u)] · x[c, u]``."""

    weight: float = 1.0
    name: str = "suitability"


@dataclass(frozen=True)
class ChainBonus:
    """Reward chain partners sharing a park.

    ``per="pair"`` (the default) counts each link once, when its partners share at least one
    park: ``+ weight · Σ_(c,q,s) s · w[c, q]`` with ``w[c, q] ≤ Σ_p z[c, q, p]`` and
    ``w[c, q] ≤ 1``. A second shared park earns nothing more, so no site pays for itself by
    collecting the same bonus again.

    ``per="park"`` counts it in every park they share: ``+ weight · Σ_(c,q,s) s · Σ_p z[c, q, p]``
    (the rule before December 2026: it rewarded footprint-sized outposts placed in each park of a
    partner).

    ``z`` and ``w`` need no integrality: they are maximised and bounded by binaries (see
    :class:`ChainColocation`), so at an optimum ``z = min(y[c,p], y[q,p])`` and ``w`` are 0 or 1.
    """

    weight: float = 0.02
    per: Literal["pair", "park"] = "pair"
    name: str = "chain_bonus"


@dataclass(frozen=True)
class PresenceCost:
    """A cost per site, preferring fewer sites: ``− weight · Σ y[c, p]``.

    0 by default: the minimum site and the caps (:class:`PresenceConstraints`,
    :class:`ConcentrationConstraints`) keep sites few and substantial, and a cost per site weakens
    the LP relaxation, which counts a split cluster's sites as fractions. On the baseline
    (bench/model.py) a cost of 0.001 left the plan as it was (66 sites against 67) and made the
    proof five times slower (69 s against 14 s); 0.01 put the relaxation 0.3 % above the best plan.
    """

    weight: float = 0.0
    name: str = "presence_cost"


ObjectiveTerm = SuitabilityObjective | ChainBonus | PresenceCost

# --- constraint families -------------------------------------------------------------------


@dataclass(frozen=True)
class CapacityConstraints:
    """Tier capacity: ``Σ_c x[c, u] ≤ K[u]`` for every unit ``u``."""

    name: str = "capacity"


@dataclass(frozen=True)
class DemandConstraints:
    """Demand by horizon, with shortfall.

    For every cluster ``c`` and horizon ``h``:
    ``Σ_{u : r[u] ≤ h} x[c, u] + short[c, h] ≥ D[c, h]``, and a cap on the total,
    ``Σ_u x[c, u] ≤ D[c]`` (no cluster gets more land than it asks for).

    The objective subtracts ``penalty · Σ_c Σ_h short[c, h]``; a penalty above the largest
    possible gain per km² (suitability ≤ 1 plus chain and presence terms) makes the model meet
    demand whenever it can. In ``strict`` mode ``short`` is fixed at 0: demand is a hard rule;
    ``hard`` makes it a hard rule for the listed clusters only.
    """

    penalty: float = 10.0
    strict: bool = False
    hard: tuple[str, ...] = ()
    name: str = "demand"

    def is_hard(self, cluster: str) -> bool:
        return self.strict or cluster in self.hard


@dataclass(frozen=True)
class PresenceConstraints:
    """Land only where present, and at least a substantial site where present.

    Linking, per park and per unit, with the tightest valid big-M:
    ``Σ_t x[c, (p, t)] ≤ min(K[p], D[c]) · y[c, p]`` and ``x[c, u] ≤ min(K[u], D[c]) · y[c, p]``;
    minimum site: ``Σ_t x[c, (p, t)] ≥ m[c] · y[c, p]`` with
    ``m[c] = max(f[c], min_share · D[c])``: a site holds at least the cluster's footprint and at
    least ``min_share`` of its land by the last horizon (by default a fifth: no token outposts,
    and room for the four sites the concentration cap allows). ``footprints`` overrides ``f`` per
    cluster.
    """

    footprints: tuple[tuple[str, float], ...] = ()
    min_share: float = 0.2
    name: str = "presence"


@dataclass(frozen=True)
class FocusConstraints:
    """At most ``max_clusters`` clusters per park: ``Σ_c y[c, p] ≤ max_clusters`` for every p."""

    max_clusters: int = 5
    name: str = "focus"


@dataclass(frozen=True)
class ConcentrationConstraints:
    """At most ``max_parks`` parks per cluster: ``Σ_p y[c, p] ≤ max_parks`` for every c."""

    max_parks: int = 4
    name: str = "concentration"


@dataclass(frozen=True)
class EndorsementConstraints:
    """Strict policy: ``y[c, p] = 0`` where the policy names districts for ``c`` but none of
    ``p``'s (clusters without a district list may go anywhere)."""

    name: str = "endorsement"


@dataclass(frozen=True)
class LockConstraints:
    """Locks and exclusions: ``y[c, p] = 1`` for locked-in pairs, ``y[c, p] = 0`` for
    locked-out pairs, and ``Σ_{p ∈ P} y[c, p] ≥ 1`` for a cluster locked into a group of parks
    ``P`` (a district: present in at least one of its parks). Pairs are (cluster_id, park_id);
    an excluded district is expanded to its parks before it gets here."""

    locked_in: tuple[tuple[str, str], ...] = ()
    locked_out: tuple[tuple[str, str], ...] = ()
    locked_in_any: tuple[tuple[str, tuple[str, ...]], ...] = ()
    name: str = "locks"


@dataclass(frozen=True)
class ChainColocation:
    """Co-location of chain partners (needed by :class:`ChainBonus`).

    ``z[c, q, p] ≤ y[c, p]`` and ``z[c, q, p] ≤ y[q, p]`` for every link and park, strengthened
    by a focus-aware aggregate: a cluster present in a park shares it with at most
    ``max_clusters − 1`` others, so ``Σ_q z[c, q, p] ≤ min(n[c], max_clusters − 1) · y[c, p]``
    with ``n[c]`` the number of partners of ``c``. The aggregate cuts off fractional LP
    solutions that spread presence thinly to collect bonuses.
    """

    name: str = "chain"


ConstraintFamily = (
    CapacityConstraints
    | DemandConstraints
    | PresenceConstraints
    | FocusConstraints
    | ConcentrationConstraints
    | EndorsementConstraints
    | LockConstraints
    | ChainColocation
)

F = TypeVar("F", bound=ConstraintFamily)
T = TypeVar("T", bound=ObjectiveTerm)

# --- the problem ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    """Sets and parameters of an allocation problem, plus its objective terms and families.

    Build one with :meth:`from_layers` (or :meth:`from_tables`), then ``add_*`` what you need.

    Attributes
    ----------
    clusters
        Indexed by cluster_id: ``name_en``, ``name_zh``, ``min_footprint_km2``,
        ``demand_<h>_km2`` for each horizon.
    units
        One row per park tier: ``park_id``, ``tier``, ``release_by``, ``capacity_km2``.
    parks
        Indexed by park_id: ``name_en``, ``name_zh``, ``district``.
    suitability
        Cluster × park matrix of scores in [0, 1].
    endorsed
        Cluster × park matrix: True where the policy endorses the park's district for the
        cluster or names no district for it (what strict mode allows).
    links
        Chain links: ``cluster_a``, ``cluster_b``, ``strength``.
    horizons
        Planning horizons, ascending.
    """

    clusters: pd.DataFrame
    units: pd.DataFrame
    parks: pd.DataFrame
    suitability: pd.DataFrame
    endorsed: pd.DataFrame
    links: pd.DataFrame
    horizons: tuple[int, ...] = HORIZONS
    objective: tuple[ObjectiveTerm, ...] = ()
    constraints: tuple[ConstraintFamily, ...] = ()
    notes: tuple[str, ...] = field(default=())

    # --- construction ---

    @classmethod
    def from_layers(
        cls, parks: gpd.GeoDataFrame, catalog: Catalog, suitability: Suitability
    ) -> Problem:
        """A problem from the park-tier layer, the catalogue and the suitability scores, with the
        default objective and families: suitability, chain bonus and presence cost; capacity,
        demand (penalised shortfall), presence, focus (5 clusters per park), concentration
        (4 parks per cluster) and chain co-location."""
        units = parks[["park_id", "tier", "release_by", "industrial_land_km2"]].rename(
            columns={"industrial_land_km2": "capacity_km2"}
        )
        park_table = parks.groupby("park_id")[["name_en", "name_zh", "district"]].first()
        endorsement = suitability.values["endorsement"].unstack("park_id")
        columns = ["name_en", "name_zh", "min_footprint_km2"] + [
            f"demand_{h}_km2" for h in HORIZONS
        ]
        return cls.from_tables(
            clusters=catalog.clusters[columns],
            units=units,
            parks=park_table,
            suitability=suitability.scores,
            endorsed=endorsement > 0,
            links=catalog.links[["cluster_a", "cluster_b", "strength"]],
        )

    @classmethod
    def from_tables(
        cls,
        clusters: pd.DataFrame,
        units: pd.DataFrame,
        parks: pd.DataFrame,
        suitability: pd.DataFrame,
        endorsed: pd.DataFrame | None = None,
        links: pd.DataFrame | None = None,
        horizons: Iterable[int] = HORIZONS,
    ) -> Problem:
        """A problem from plain tables (see the class attributes), with the default terms.

        ``endorsed`` defaults to all True, ``links`` to none.
        """
        clusters = clusters.copy()
        ids, park_ids = list(clusters.index), list(parks.index)
        if endorsed is None:
            endorsed = pd.DataFrame(True, index=ids, columns=park_ids)
        if links is None:
            links = pd.DataFrame(columns=["cluster_a", "cluster_b", "strength"])
        problem = cls(
            clusters=clusters,
            units=units.reset_index(drop=True),
            parks=parks,
            suitability=suitability.loc[ids, park_ids],
            endorsed=endorsed.loc[ids, park_ids].astype(bool),
            links=links.reset_index(drop=True),
            horizons=tuple(sorted(horizons)),
        )
        return (
            problem.add_suitability_objective()
            .add_chain_bonus()
            .add_presence_cost()
            .add_capacity_constraints()
            .add_demand_constraints()
            .add_presence_constraints()
            .add_focus_constraints()
            .add_concentration_constraints()
            .add_chain_constraints()
        )

    # --- the grammar: each returns a new problem ---

    def add_suitability_objective(self, weight: float = SuitabilityObjective.weight) -> Problem:
        return self._with_term(SuitabilityObjective(weight))

    def add_chain_bonus(
        self, weight: float = ChainBonus.weight, per: Literal["pair", "park"] = ChainBonus.per
    ) -> Problem:
        return self._with_term(ChainBonus(weight, per))

    def add_presence_cost(self, weight: float = PresenceCost.weight) -> Problem:
        return self._with_term(PresenceCost(weight))

    def add_capacity_constraints(self) -> Problem:
        return self._with_family(CapacityConstraints())

    def add_demand_constraints(
        self,
        penalty: float = DemandConstraints.penalty,
        strict: bool = False,
        hard: Iterable[str] = (),
    ) -> Problem:
        return self._with_family(DemandConstraints(penalty, strict, tuple(sorted(hard))))

    def add_presence_constraints(
        self,
        footprints: dict[str, float] | None = None,
        min_share: float = PresenceConstraints.min_share,
    ) -> Problem:
        overrides = tuple(sorted((footprints or {}).items()))
        return self._with_family(PresenceConstraints(overrides, min_share))

    def add_focus_constraints(self, max_clusters: int = FocusConstraints.max_clusters) -> Problem:
        return self._with_family(FocusConstraints(max_clusters))

    def add_concentration_constraints(
        self, max_parks: int = ConcentrationConstraints.max_parks
    ) -> Problem:
        return self._with_family(ConcentrationConstraints(max_parks))

    def add_endorsement_constraints(self) -> Problem:
        return self._with_family(EndorsementConstraints())

    def add_locked_in_constraints(self, pairs: Iterable[tuple[str, str]]) -> Problem:
        current = self.family(LockConstraints) or LockConstraints()
        merged = tuple(dict.fromkeys((*current.locked_in, *map(tuple, pairs))))
        return self._with_family(replace(current, locked_in=merged), quiet=True)

    def add_locked_out_constraints(self, pairs: Iterable[tuple[str, str]]) -> Problem:
        current = self.family(LockConstraints) or LockConstraints()
        merged = tuple(dict.fromkeys((*current.locked_out, *map(tuple, pairs))))
        return self._with_family(replace(current, locked_out=merged), quiet=True)

    def add_locked_in_any_constraints(self, cluster: str, parks: Iterable[str]) -> Problem:
        """``cluster`` present in at least one of ``parks`` (e.g. the parks of a district)."""
        current = self.family(LockConstraints) or LockConstraints()
        group = (cluster, tuple(sorted(parks)))
        merged = tuple(dict.fromkeys((*current.locked_in_any, group)))
        return self._with_family(replace(current, locked_in_any=merged), quiet=True)

    def add_chain_constraints(self) -> Problem:
        return self._with_family(ChainColocation())

    def remove(self, name: str) -> Problem:
        """A problem without the objective term or constraint family called ``name``."""
        return replace(
            self,
            objective=tuple(t for t in self.objective if t.name != name),
            constraints=tuple(f for f in self.constraints if f.name != name),
            notes=(*self.notes, f"removed {name}"),
        )

    # --- reading ---

    def family(self, kind: type[F]) -> F | None:
        """The constraint family of this type, if the problem has one."""
        return next((f for f in self.constraints if isinstance(f, kind)), None)

    def term(self, kind: type[T]) -> T | None:
        """The objective term of this type, if the problem has one."""
        return next((t for t in self.objective if isinstance(t, kind)), None)

    @cached_property
    def demand(self) -> pd.DataFrame:
        """Cluster × horizon cumulative demand (km²)."""
        return pd.DataFrame(
            {h: self.clusters[f"demand_{h}_km2"] for h in self.horizons}
        ).rename_axis(columns="horizon")

    @property
    def footprints(self) -> pd.Series:
        """The minimum site per cluster, ``m[c]`` of :class:`PresenceConstraints`: the footprint
        (with any override applied) or the minimum share of the last horizon's demand, whichever
        is larger, and never below MIN_PRESENCE_KM2: being present in a park means having land
        there."""
        base = self.clusters["min_footprint_km2"].astype(float).copy()
        presence = self.family(PresenceConstraints)
        if presence:
            for cluster, value in presence.footprints:
                base[cluster] = value
            base = base.clip(lower=presence.min_share * self.demand.iloc[:, -1])
        return base.clip(lower=MIN_PRESENCE_KM2)

    @property
    def park_capacity(self) -> pd.Series:
        """Releasable land per park (all tiers)."""
        return self.units.groupby("park_id")["capacity_km2"].sum().reindex(self.parks.index)

    def allowed(self) -> pd.DataFrame:
        """Cluster × park: True where presence is not ruled out by strict endorsement or a
        lock-out (it says nothing about capacity)."""
        allowed = pd.DataFrame(True, index=self.clusters.index, columns=self.parks.index)
        if self.family(EndorsementConstraints):
            allowed &= self.endorsed
        locks = self.family(LockConstraints)
        for cluster, park in locks.locked_out if locks else ():
            allowed.loc[cluster, park] = False
        return allowed

    # --- helpers ---

    def _with_term(self, term: ObjectiveTerm) -> Problem:
        old = self.term(type(term))
        notes = self.notes + ((f"replaced {old} by {term}",) if old and old != term else ())
        objective = tuple(t for t in self.objective if not isinstance(t, type(term)))
        return replace(self, objective=(*objective, term), notes=notes)

    def _with_family(self, family: ConstraintFamily, quiet: bool = False) -> Problem:
        old = self.family(type(family))
        replaced = old is not None and old != family and not quiet
        notes = self.notes + ((f"replaced {old} by {family}",) if replaced else ())
        families = tuple(f for f in self.constraints if not isinstance(f, type(family)))
        return replace(self, constraints=(*families, family), notes=notes)
