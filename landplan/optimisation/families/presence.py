"""Land only where present, and substantial sites."""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from landplan.optimisation.diagnostics import Diagnostic, cluster_label, unmet
from landplan.optimisation.families.demand import DemandConstraints
from landplan.optimisation.families.focus import FocusConstraints
from landplan.optimisation.part import GE, LE, Numbers, Part

if TYPE_CHECKING:
    import pandas as pd

    from landplan.optimisation.model import Model
    from landplan.optimisation.problem import Problem

#: The least land that counts as a presence (1 ha), so that presence always means land.
MIN_PRESENCE_KM2 = 0.01


@dataclass(frozen=True)
class PresenceConstraints(Part):
    """Land only where present, and at least a substantial site where present.

    Linking, per park and per unit, with the tightest valid big-M (rows ``presence_link`` and
    ``presence_unit``): ``Σ_t x[c, (p, t)] ≤ min(K[p], D[c]) · y[c, p]`` and
    ``x[c, u] ≤ min(K[u], D[c]) · y[c, p]``, the unit row only for a tier smaller than its park
    (otherwise the park row implies it); minimum site (rows ``min_site``):
    ``Σ_t x[c, (p, t)] ≥ m[c] · y[c, p]`` with ``m[c] = max(f[c], min_share · D[c])``: a site
    holds at least the cluster's footprint and at least ``min_share`` of its land by the last
    horizon (by default a fifth: no token outposts, and room for the four sites the
    concentration cap allows). ``footprints`` overrides ``f`` per cluster. The coefficients on
    ``y`` depend on demand: a re-solve changes them.
    """

    footprints: tuple[tuple[str, float], ...] = ()
    min_share: float = 0.2
    name: ClassVar[str] = "presence"
    ROWS: ClassVar[tuple[str, ...]] = ("presence_link", "presence_unit", "min_site")

    def minimum_sites(self, problem: Problem) -> pd.Series:
        """``m[c]``: the footprint (with overrides) or the minimum share of the last horizon's
        demand, whichever is larger, and never below MIN_PRESENCE_KM2."""
        sites = problem.clusters["min_footprint_km2"].astype(float).copy()
        for cluster, value in self.footprints:
            sites[cluster] = value
        return sites.clip(lower=self.min_share * problem.demand.iloc[:, -1]).clip(
            lower=MIN_PRESENCE_KM2
        )

    def numbers(self, problem: Problem) -> Numbers:
        """The coefficients of ``y[c, p]``: ``−min(K[p], D[c])``, ``−min(K[u], D[c])`` and
        ``−m[c]``. Every unit row is written whatever the demand, so that which rows exist does
        not depend on it (a sweep changes only numbers)."""
        sites, total = self.minimum_sites(problem), problem.demand.iloc[:, -1]
        by_park = units_by_park(problem)
        coefficients: dict[tuple[str, tuple, str, tuple], float] = {}
        for cluster in problem.clusters.index:
            for park, tiers in by_park.items():
                y = ("y", (cluster, park))
                park_capacity = sum(capacity for _, capacity in tiers)
                big_m = -min(park_capacity, total[cluster])
                coefficients["presence_link", (cluster, park), *y] = big_m
                for tier, capacity in tiers:
                    if capacity < park_capacity:
                        unit_m = -min(capacity, total[cluster])
                        coefficients["presence_unit", (cluster, park, tier), *y] = unit_m
                coefficients["min_site", (cluster, park), *y] = -float(sites[cluster])
        return Numbers(coefficients=coefficients)

    def write(self, model: Model) -> None:
        problem = model.problem
        numbers = self.numbers(problem).coefficients
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

    def check(self, problem: Problem) -> list[Diagnostic]:
        """Footprints no park can hold, and fewer park places (clusters per park × parks) than
        the sites the clusters need."""
        demand = problem.family(DemandConstraints)
        strict = bool(demand and demand.strict)
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
                        bool(demand and demand.is_hard(cluster)),
                        f"no park it may use can hold the minimum site of "
                        f"{cluster_label(problem, cluster)} ({sites[cluster]:.2f} km²)",
                        (cluster,),
                    )
                )
                continue
            needed += math.ceil(total[cluster] / usable.max() - 1e-9)
        focus = problem.family(FocusConstraints)
        places = focus.max_clusters * len(problem.parks) if focus else needed
        if needed > places:
            found.append(
                unmet(
                    strict,
                    f"the clusters need at least {needed} park places but {len(problem.parks)} "
                    f"parks × {focus.max_clusters if focus else 0} clusters per park give only "
                    f"{places}",
                )
            )
        return found


def units_by_park(problem: Problem) -> dict[str, list[tuple[str, float]]]:
    """park_id → [(tier, capacity)], in the units' order."""
    by_park: dict[str, list[tuple[str, float]]] = defaultdict(list)
    for unit in problem.units.itertuples():
        by_park[unit.park_id].append((unit.tier, float(unit.capacity_km2)))
    return by_park
