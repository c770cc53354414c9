"""The planning problem as a value: sets, parameters, objective terms and constraint families.

A :class:`Problem` knows *what* the planner wants and nothing about *how* it is solved: there is
no solver and no PuLP object in it. It is built step by step; every ``add_*`` verb returns a new
problem (the old one is unchanged), so scenarios can branch from one base. Each verb adds one
part (``add_focus_constraints(4)``, ``add_chain_bonus(0.05)``,
``add_locked_in_constraints([...])``…; the part's ``VERBS``). Adding a part that is already
there replaces it, and the replacement is recorded in :attr:`Problem.notes`.

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

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Any, Literal, TypeVar

import pandas as pd

from landplan.optimisation.evaluate import MIN_PRESENCE_KM2
from landplan.optimisation.families.capacity import CapacityConstraints
from landplan.optimisation.families.chain import ChainColocation
from landplan.optimisation.families.concentration import ConcentrationConstraints
from landplan.optimisation.families.demand import DemandConstraints
from landplan.optimisation.families.endorsement import EndorsementConstraints
from landplan.optimisation.families.focus import FocusConstraints
from landplan.optimisation.families.locks import LockConstraints
from landplan.optimisation.families.presence import PresenceConstraints
from landplan.optimisation.families.share import ParkShareConstraints
from landplan.optimisation.part import ConstraintFamily, Ids, Names, ObjectiveTerm, Part
from landplan.optimisation.registry import PARTS, default_settings
from landplan.optimisation.terms.chain_bonus import ChainBonus
from landplan.optimisation.terms.presence_cost import PresenceCost
from landplan.optimisation.terms.suitability import SuitabilityObjective
from landplan.vocabulary import demand_column, demand_horizons

P = TypeVar("P", bound=Part)


@dataclass(frozen=True)
class Problem:
    """Sets and parameters of an allocation problem, plus its objective terms and families.

    Build one with :meth:`from_tables` (from the layers: :func:`landplan.assembly.
    problem_from_layers`), then ``add_*`` what you need.

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
        Planning horizons, ascending (each has its ``demand_<h>_km2`` column in ``clusters``).
    tiers
        The tiers of ``units``, in the plan's order (how tables list them).
    objective, constraints
        The objective terms and the constraint families, each in their ``ORDER``.
    """

    clusters: pd.DataFrame
    units: pd.DataFrame
    parks: pd.DataFrame
    suitability: pd.DataFrame
    endorsed: pd.DataFrame
    links: pd.DataFrame
    horizons: tuple[int, ...]
    tiers: tuple[str, ...]
    objective: tuple[ObjectiveTerm, ...] = ()
    constraints: tuple[ConstraintFamily, ...] = ()
    notes: tuple[str, ...] = field(default=())

    # --- construction ---

    @classmethod
    def from_tables(
        cls,
        clusters: pd.DataFrame,
        units: pd.DataFrame,
        parks: pd.DataFrame,
        suitability: pd.DataFrame,
        endorsed: pd.DataFrame | None = None,
        links: pd.DataFrame | None = None,
        horizons: Iterable[int] | None = None,
        tiers: Iterable[str] | None = None,
        *,
        settings: Mapping[str, Any] | None = None,
        names: Names | None = None,
    ) -> Problem:
        """A problem from plain tables (see the class attributes), with the parts a scenario's
        ``settings`` ask for (by path, :data:`landplan.optimisation.registry.SETTINGS`; each
        part's defaults where not given), names in them read by ``names`` (ids by default).

        ``endorsed`` defaults to all True, ``links`` to none, ``horizons`` to every horizon
        ``clusters`` states demand by, ``tiers`` to the tiers of ``units`` as they first
        appear.
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
            horizons=tuple(
                sorted(demand_horizons(clusters.columns) if horizons is None else horizons)
            ),
            tiers=tuple(dict.fromkeys(units["tier"]) if tiers is None else tiers),
        )
        values = {**default_settings(), **(settings or {})}
        for kind in PARTS:
            part = kind.from_settings(values, names or Ids())
            if part is not None:
                problem = problem.add(part)
        return problem

    # --- the grammar: each returns a new problem ---

    def add(self, part: Part) -> Problem:
        """A problem with ``part``, in place of one of its kind (noted, unless the part adds to
        the one there, as locks do)."""
        old = self.part(type(part))
        notes = self.notes
        if old is not None and old != part and not part.ACCUMULATES:
            notes = (*notes, f"replaced {old} by {part}")
        if isinstance(part, ObjectiveTerm):
            terms = (*(t for t in self.objective if type(t) is not type(part)), part)
            return replace(self, objective=_in_order(terms), notes=notes)
        if isinstance(part, ConstraintFamily):
            families = (*(f for f in self.constraints if type(f) is not type(part)), part)
            return replace(self, constraints=_in_order(families), notes=notes)
        raise TypeError(f"{part!r} is neither an objective term nor a constraint family")

    def remove(self, name: str) -> Problem:
        """A problem without the objective term or constraint family called ``name``."""
        return replace(
            self,
            objective=tuple(t for t in self.objective if t.name != name),
            constraints=tuple(f for f in self.constraints if f.name != name),
            notes=(*self.notes, f"removed {name}"),
        )

    # --- the verbs: each adds one part (its docstring has the mathematics) ---

    def add_suitability_objective(self, weight: float = SuitabilityObjective.weight) -> Problem:
        """Reward land placed where it suits (:class:`SuitabilityObjective`)."""
        return self.add(SuitabilityObjective(weight))

    def add_chain_bonus(
        self, weight: float = ChainBonus.weight, per: Literal["pair", "park"] = ChainBonus.per
    ) -> Problem:
        """Reward chain partners sharing a park (:class:`ChainBonus`)."""
        return self.add(ChainBonus(weight, per))

    def add_presence_cost(self, weight: float = PresenceCost.weight) -> Problem:
        """A cost per site (:class:`PresenceCost`)."""
        return self.add(PresenceCost(weight))

    def add_capacity_constraints(self) -> Problem:
        """Tier capacity (:class:`CapacityConstraints`)."""
        return self.add(CapacityConstraints())

    def add_chain_constraints(self) -> Problem:
        """Co-location of chain partners (:class:`ChainColocation`)."""
        return self.add(ChainColocation())

    def add_demand_constraints(
        self,
        penalty: float = DemandConstraints.penalty,
        strict: bool = DemandConstraints.strict,
        hard: tuple[str, ...] = DemandConstraints.hard,
    ) -> Problem:
        """Demand by horizon, with shortfall and its penalty (:class:`DemandConstraints`)."""
        return self.add(DemandConstraints(penalty, strict, hard))

    def add_presence_constraints(
        self,
        footprints: Mapping[str, float] | tuple[tuple[str, float], ...] = (),
        min_share: float = PresenceConstraints.min_share,
    ) -> Problem:
        """Land only where present, and substantial sites (:class:`PresenceConstraints`)."""
        return self.add(PresenceConstraints(tuple(dict(footprints).items()), min_share))

    def add_endorsement_constraints(self) -> Problem:
        """Only the districts the policy names (:class:`EndorsementConstraints`)."""
        return self.add(EndorsementConstraints())

    def add_focus_constraints(self, max_clusters: int = FocusConstraints.max_clusters) -> Problem:
        """At most ``max_clusters`` industries per park (:class:`FocusConstraints`)."""
        return self.add(FocusConstraints(max_clusters))

    def add_concentration_constraints(
        self, max_parks: int = ConcentrationConstraints.max_parks
    ) -> Problem:
        """At most ``max_parks`` parks per industry (:class:`ConcentrationConstraints`)."""
        return self.add(ConcentrationConstraints(max_parks))

    def add_share_constraints(self, max_share: float = ParkShareConstraints.max_share) -> Problem:
        """No industry takes more than ``max_share`` of a park's land
        (:class:`ParkShareConstraints`)."""
        return self.add(ParkShareConstraints(max_share))

    def add_locked_in_constraints(self, pairs: Iterable[tuple[str, str]]) -> Problem:
        """Each (cluster_id, park_id) of ``pairs`` present, added to the locks there
        (:class:`LockConstraints`)."""
        return self.add(self._locks().with_locked_in(pairs))

    def add_locked_out_constraints(self, pairs: Iterable[tuple[str, str]]) -> Problem:
        """Each (cluster_id, park_id) of ``pairs`` absent, added to the locks there."""
        return self.add(self._locks().with_locked_out(pairs))

    def add_locked_in_any_constraints(self, cluster: str, parks: Iterable[str]) -> Problem:
        """``cluster`` present in at least one of ``parks`` (a district's), added to the locks."""
        return self.add(self._locks().with_locked_in_any(cluster, parks))

    def _locks(self) -> LockConstraints:
        return self.part(LockConstraints) or LockConstraints()

    # --- reading ---

    def part(self, kind: type[P]) -> P | None:
        """The part of this kind, if the problem has one."""
        return next((p for p in self.parts if isinstance(p, kind)), None)

    @property
    def parts(self) -> tuple[Part, ...]:
        """The objective terms, then the constraint families."""
        return (*self.objective, *self.constraints)

    @cached_property
    def demand(self) -> pd.DataFrame:
        """Cluster × horizon cumulative demand (km²)."""
        return pd.DataFrame(
            {h: self.clusters[demand_column(h)] for h in self.horizons}
        ).rename_axis(columns="horizon")

    @property
    def park_capacity(self) -> pd.Series:
        """Releasable land per park (all tiers)."""
        return self.units.groupby("park_id")["capacity_km2"].sum().reindex(self.parks.index)

    # --- what the parts tell one another (see Part's hooks) ---

    def ruled_out(self, but: Part | None = None) -> dict[tuple[str, str], str]:
        """The presences (cluster_id, park_id) the parts (all, or all ``but`` one) forbid, each
        with why."""
        found: dict[tuple[str, str], str] = {}
        for part in self.parts:
            if part is not but:
                found.update(part.rules_out(self))
        return found

    def allowed(self) -> pd.DataFrame:
        """Cluster × park: True where no part rules presence out (strict endorsement, a
        lock-out; it says nothing about capacity)."""
        allowed = pd.DataFrame(True, index=self.clusters.index, columns=self.parks.index)
        for cluster, park in self.ruled_out():
            allowed.loc[cluster, park] = False
        return allowed

    @property
    def max_clusters_per_park(self) -> int | None:
        """The most industries any park may hold (None: no cap)."""
        return _least(part.max_clusters_per_park() for part in self.parts)

    @property
    def max_parks_per_cluster(self) -> int | None:
        """The most parks any industry may be in (None: no cap)."""
        return _least(part.max_parks_per_cluster() for part in self.parts)

    @property
    def max_park_share(self) -> float | None:
        """The largest share of a park's land any industry may take (None: no cap)."""
        shares = [s for part in self.parts if (s := part.max_park_share()) is not None]
        return min(shares) if shares else None

    @property
    def hard_demand(self) -> frozenset[str]:
        """The industries whose demand is a hard rule."""
        return frozenset().union(*(part.hard_demand(self) for part in self.parts))

    @property
    def footprints(self) -> pd.Series:
        """The least land of any site of each cluster, as a part sets it (without one: the
        footprint, never below MIN_PRESENCE_KM2: being present means having land)."""
        for part in self.parts:
            sites = part.minimum_sites(self)
            if sites is not None:
                return sites
        return self.clusters["min_footprint_km2"].astype(float).clip(lower=MIN_PRESENCE_KM2)

    @property
    def gain_per_km2(self) -> float:
        """The most one km² of land can add to the objective's terms."""
        return sum(part.gain_per_km2() for part in self.parts)

    @property
    def land_at_stake(self) -> float:
        """``L = min(Σ_c D[c], Σ_u K[u])``: the most land any plan places (km²), all demand by
        the last horizon or all the parks' land, whichever is less."""
        return min(float(self.demand.iloc[:, -1].sum()), float(self.units["capacity_km2"].sum()))

    @property
    def score_at_stake(self) -> float | None:
        """What every gap of this problem's plans is measured against: the most any plan could
        earn, ``Σ`` of each term's :meth:`~landplan.optimisation.part.Part.stake` (the land at
        stake perfectly suited, every chain link served); None where nothing can be earned (the
        gap is then relative to the plan's own score).

        Why not the plan's score, as solvers measure a relative gap: the shortfall penalty pulls
        the score towards zero, or below it, whenever demand exceeds the land it may use, and a
        gap relative to a score near zero asks for a proof a thousand times stricter than on
        the baseline. This scale is fixed by the problem before any solve, so "within 0.5 %"
        means the same on every scenario: no plan can score more than 0.5 % of what is at stake
        above the one given.
        """
        stake = sum(part.stake(self) for part in self.parts)
        return stake if stake > 0 else None


def _in_order(parts: tuple[P, ...]) -> tuple[P, ...]:
    return tuple(sorted(parts, key=lambda part: (part.ORDER, part.name)))


def _least(caps: Iterable[int | None]) -> int | None:
    given = [cap for cap in caps if cap is not None]
    return min(given) if given else None
