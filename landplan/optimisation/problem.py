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

import pandas as pd

from landplan.optimisation.families import (
    CapacityConstraints,
    ChainColocation,
    ConcentrationConstraints,
    ConstraintFamily,
    DemandConstraints,
    EndorsementConstraints,
    FocusConstraints,
    LockConstraints,
    PresenceConstraints,
)
from landplan.optimisation.part import Part
from landplan.optimisation.terms import (
    ChainBonus,
    ObjectiveTerm,
    PresenceCost,
    SuitabilityObjective,
)
from landplan.vocabulary import HORIZONS

F = TypeVar("F", bound=ConstraintFamily)
T = TypeVar("T", bound=ObjectiveTerm)

# --- the problem ---------------------------------------------------------------------------


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
        merged = tuple(dict.fromkeys((*current.locked_in, *((c, p) for c, p in pairs))))
        return self._with_family(replace(current, locked_in=merged), quiet=True)

    def add_locked_out_constraints(self, pairs: Iterable[tuple[str, str]]) -> Problem:
        current = self.family(LockConstraints) or LockConstraints()
        merged = tuple(dict.fromkeys((*current.locked_out, *((c, p) for c, p in pairs))))
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
    def parts(self) -> tuple[Part, ...]:
        """The objective terms, then the constraint families."""
        return (*self.objective, *self.constraints)

    @property
    def footprints(self) -> pd.Series:
        """The minimum site per cluster, ``m[c]`` of :class:`PresenceConstraints` (without that
        family: the footprint, never below MIN_PRESENCE_KM2: being present means having land)."""
        presence = self.family(PresenceConstraints) or PresenceConstraints(min_share=0.0)
        return presence.minimum_sites(self)

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
