"""Land only where present, and substantial sites."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Any, ClassVar

from pydantic import Field

from landplan.i18n import N_, keep
from landplan.optimisation.diagnostics import Diagnostic, cluster_label, unmet
from landplan.optimisation.evaluate import MIN_PRESENCE_KM2
from landplan.optimisation.part import ConstraintFamily, Names, Numbers, RowKey, Setting
from landplan.solving.model import GE, LE
from landplan.vocabulary import Km2

if TYPE_CHECKING:
    import pandas as pd

    from landplan.optimisation.model import Model
    from landplan.optimisation.problem import Problem


@dataclass(frozen=True)
class PresenceConstraints(ConstraintFamily):
    """Land only where present, and at least a substantial site where present.

    Linking, per park and per unit, with the tightest valid big-M (rows ``presence_link`` and
    ``presence_unit``): ``Σ_t x[c, (p, t)] ≤ M[c, p] · y[c, p]`` and
    ``x[c, u] ≤ min(K[u], M[c, p]) · y[c, p]``, with ``M[c, p] = min(K[p], D[c], s · K[p])``
    the most land ``c`` can hold in ``p`` (``s``: the largest share of a park one industry may
    take, where a rule caps it; 1 otherwise), the unit row only for a tier smaller than its park
    (otherwise the park row implies it); minimum site (rows ``min_site``):
    ``Σ_t x[c, (p, t)] ≥ m[c] · y[c, p]`` with ``m[c] = max(f[c], min_share · D[c])``: a site
    holds at least the cluster's footprint and at least ``min_share`` of its land by the last
    horizon (by default a fifth: no token outposts, and room for the four sites the
    concentration cap allows). ``footprints`` overrides ``f`` per cluster.

    And a cut (rows ``site_count``): ``Σ_p y[c, p] ≤ ⌊D[c] / m[c]⌋``, since the sites' least
    land ``m[c] Σ_p y[c, p] ≤ Σ_p x[c, p] ≤ D[c]``. Every plan keeps it; the LP relaxation,
    whose fractional sites may be smaller than ``m[c]``, did not (with sites of a third of an
    industry's land it spread the industry over four parks where whole sites allow two).
    Likewise ``s · K[p]`` in the big-M: without it the relaxation let an industry capped at
    half of each of two parks hold two whole parks' land, fractionally present in more
    (``bench/variants.py``: the relaxation's bound 60 points above the best plan on such a
    variant). The coefficients on ``y`` and the cut's right-hand side depend on demand: a
    re-solve changes them.
    """

    footprints: tuple[tuple[str, float], ...] = ()
    min_share: float = 0.2
    name: ClassVar[str] = "presence"
    VERBS: ClassVar[tuple[str, ...]] = ("add_presence_constraints",)
    ROWS: ClassVar[tuple[str, ...]] = ("presence_link", "presence_unit", "min_site", "site_count")
    ORDER: ClassVar[int] = 40
    SETTINGS: ClassVar[tuple[Setting, ...]] = (
        Setting(
            "rules.footprints",
            dict[str, Km2],
            {},
            "The least land (km²) of a site of these industries, in place of the catalogue's.",
        ),
        Setting(
            "rules.min_site_share",
            Annotated[float, Field(ge=0, le=1)],
            min_share,
            "Every site of an industry holds at least this share of its land by the last "
            "horizon (or its footprint, if larger).",
        ),
    )

    def __post_init__(self) -> None:
        given: Any = self.footprints or ()  # a mapping, or (id, km²) pairs
        pairs = given.items() if isinstance(given, Mapping) else given
        object.__setattr__(self, "footprints", tuple(sorted(pairs)))

    @classmethod
    def from_settings(cls, settings: Mapping[str, Any], names: Names) -> PresenceConstraints:
        listed: Mapping[str, float] = settings["rules.footprints"]
        footprints = tuple(
            (names.cluster(name, "rules", "footprints", name), km2) for name, km2 in listed.items()
        )
        return cls(footprints, settings["rules.min_site_share"])

    def minimum_sites(self, problem: Problem) -> pd.Series:  # what it tells the others too
        """``m[c]``: the footprint (with overrides) or the minimum share of the last horizon's
        demand, whichever is larger, and never below MIN_PRESENCE_KM2."""
        sites = problem.clusters["min_footprint_km2"].astype(float).copy()
        for cluster, value in self.footprints:
            sites[cluster] = value
        return sites.clip(lower=self.min_share * problem.demand.iloc[:, -1]).clip(
            lower=MIN_PRESENCE_KM2
        )

    def numbers(self, problem: Problem) -> Numbers:
        """The coefficients of ``y[c, p]``: ``−M[c, p]``, ``−min(K[u], M[c, p])`` and ``−m[c]``,
        and the cut's ``⌊D[c] / m[c]⌋``. Every unit row is written whatever the demand, so
        that which rows exist does not depend on it (a sweep changes only numbers)."""
        sites, total = self.minimum_sites(problem), problem.demand.iloc[:, -1]
        share = problem.max_park_share or 1.0
        by_park = units_by_park(problem)
        coefficients: dict[tuple[str, tuple, str, tuple], float] = {}
        for cluster in problem.clusters.index:
            for park, tiers in by_park.items():
                y = ("y", (cluster, park))
                park_capacity = sum(capacity for _, capacity in tiers)
                most = min(park_capacity, total[cluster], share * park_capacity)
                coefficients["presence_link", (cluster, park), *y] = -most
                for tier, capacity in tiers:
                    if capacity < park_capacity:
                        unit_m = -min(capacity, most)
                        coefficients["presence_unit", (cluster, park, tier), *y] = unit_m
                coefficients["min_site", (cluster, park), *y] = -float(sites[cluster])
        rhs: dict[RowKey, float] = {
            ("site_count", (cluster,)): float(math.floor(total[cluster] / sites[cluster] + 1e-9))
            for cluster in problem.clusters.index
        }
        return Numbers(rhs=rhs, coefficients=coefficients)

    def write(self, model: Model) -> None:
        problem = model.problem
        written = self.numbers(problem)
        numbers, counts = written.coefficients, written.rhs
        by_park = units_by_park(problem)
        for cluster in problem.clusters.index:
            for park, tiers in by_park.items():
                key, y = (cluster, park), model.y[cluster, park]
                land = [(model.x[cluster, park, tier], 1.0) for tier, _ in tiers]
                link = numbers["presence_link", key, "y", key]
                model.add_row("presence_link", key, [*land, (y, link)], LE, 0.0)
                for tier, _ in tiers:
                    unit = numbers.get(("presence_unit", (*key, tier), "y", key))
                    if unit is not None:
                        pairs = [(model.x[cluster, park, tier], 1.0), (y, unit)]
                        model.add_row("presence_unit", (*key, tier), pairs, LE, 0.0)
                site = numbers["min_site", key, "y", key]
                model.add_row("min_site", key, [*land, (y, site)], GE, 0.0)
        for cluster in problem.clusters.index:
            sites = [(model.y[cluster, park], 1.0) for park in by_park]
            model.add_row("site_count", (cluster,), sites, LE, counts["site_count", (cluster,)])

    def check(self, problem: Problem) -> list[Diagnostic]:
        """Footprints no park can hold, and fewer park places (clusters per park × parks) than
        the sites the clusters need."""
        hard = problem.hard_demand
        strict = hard >= set(problem.clusters.index)
        allowed, capacity = problem.allowed(), problem.park_capacity
        sites, total = self.minimum_sites(problem), problem.demand.iloc[:, -1]
        found, needed = [], 0
        for cluster in problem.clusters.index:
            if total[cluster] <= 0:
                continue
            usable = capacity[allowed.loc[cluster]]
            usable = usable[usable >= sites[cluster]]
            if usable.empty:
                found.append(
                    unmet(
                        cluster in hard,
                        keep(
                            N_(
                                "no park it may use can hold the minimum site of %(cluster)s "
                                "(%(site)s km²)"
                            ),
                            cluster=cluster_label(problem, cluster),
                            site=f"{sites[cluster]:.2f}",
                        ),
                        (cluster,),
                    )
                )
                continue
            needed += math.ceil(total[cluster] / usable.max() - 1e-9)
        cap = problem.max_clusters_per_park
        places = cap * len(problem.parks) if cap else needed
        if needed > places:
            found.append(
                unmet(
                    strict,
                    keep(
                        N_(
                            "the clusters need at least %(needed)s park places but %(parks)s "
                            "parks × %(cap)s clusters per park give only %(places)s"
                        ),
                        needed=str(needed),
                        parks=str(len(problem.parks)),
                        cap=str(cap),
                        places=str(places),
                    ),
                )
            )
        return found


def units_by_park(problem: Problem) -> dict[str, list[tuple[str, float]]]:
    """park_id → [(tier, capacity)], in the units' order."""
    by_park: dict[str, list[tuple[str, float]]] = defaultdict(list)
    for unit in problem.units.itertuples():
        by_park[unit.park_id].append((unit.tier, float(unit.capacity_km2)))
    return by_park
