"""Build tiny allocation problems by hand, small enough to solve in one's head."""

from __future__ import annotations

import pandas as pd

import landplan
from landplan.optimisation.problem import Problem


def tiny_problem(
    demand: dict[str, float | tuple[float, ...]],
    units: list[tuple[str, str, int, float]],
    suitability: dict[tuple[str, str], float],
    *,
    footprints: dict[str, float] | None = None,
    horizons: tuple[int, ...] = (2025,),
    links: list[tuple[str, str, float]] = (),
    endorsed: dict[tuple[str, str], bool] | None = None,
    presence_cost: float = 0.02,
    chain_bonus: float = 0.1,
    min_share: float = 0.0,
    districts: dict[str, str] | None = None,
) -> Problem:
    """A problem from plain Python values.

    ``demand`` maps a cluster to its demand (one number, or one per horizon); ``units`` lists
    (park, tier, release year, capacity); ``suitability`` maps (cluster, park) to a score
    (missing pairs score 0); ``districts`` a park to its district (Bao'an by default). The default families apply, with the presence cost, the chain bonus
    and the minimum site share fixed here (so the hand-worked optima do not move with landplan's
    defaults); adjust with ``add_*``.
    """
    clusters = pd.DataFrame(index=pd.Index(list(demand), name="cluster_id"))
    clusters["name_en"] = clusters.index.str.upper()
    clusters["name_zh"] = ""
    clusters["min_footprint_km2"] = [(footprints or {}).get(c, 0.0) for c in clusters.index]
    for i, h in enumerate(horizons):
        clusters[f"demand_{h}_km2"] = [d[i] if isinstance(d, tuple) else d for d in demand.values()]
    unit_table = pd.DataFrame(units, columns=["park_id", "tier", "release_by", "capacity_km2"])
    park_ids = list(dict.fromkeys(unit_table["park_id"]))
    parks = pd.DataFrame(
        {
            "name_en": park_ids,
            "name_zh": "",
            "district": [(districts or {}).get(p, "Bao'an") for p in park_ids],
        },
        index=pd.Index(park_ids),
    )
    scores = pd.DataFrame(0.0, index=clusters.index, columns=park_ids)
    for (c, p), value in suitability.items():
        scores.loc[c, p] = value
    endorsement = None
    if endorsed is not None:
        endorsement = pd.DataFrame(True, index=clusters.index, columns=park_ids)
        for (c, p), value in endorsed.items():
            endorsement.loc[c, p] = value
    link_table = pd.DataFrame(list(links), columns=["cluster_a", "cluster_b", "strength"])
    return (
        Problem.from_tables(
            clusters, unit_table, parks, scores, endorsement, link_table, horizons=horizons
        )
        .add_presence_cost(presence_cost)
        .add_chain_bonus(chain_bonus)
        .add_presence_constraints(min_share=min_share)
    )


def two_parks():
    """A (demand 1, footprint 0.5) and B (0.5, 0.2) in P1 and P2 (1 km² each, from 2025); A
    suits P1 (0.9), B P2 (0.5); the policy does not name P2's district for A."""
    return tiny_problem(
        {"A": 1.0, "B": 0.5},
        [("P1", "starting", 2025, 1.0), ("P2", "starting", 2025, 1.0)],
        {("A", "P1"): 0.9, ("B", "P2"): 0.5},
        footprints={"A": 0.5, "B": 0.2},
        endorsed={("A", "P2"): False},
    )


def two_districts():
    """A and B (1 km² each) in P1 (district X) and P2 (Y), 2 km² each; A suits P1 0.9 and P2
    0.5, B 0.8 and 0.6 (a straight trade-off of suitability and balance:
    tests/tradeoff/test_tiny_fronts.py)."""
    return tiny_problem(
        {"A": 1.0, "B": 1.0},
        [("P1", "starting", 2025, 2.0), ("P2", "starting", 2025, 2.0)],
        {("A", "P1"): 0.9, ("A", "P2"): 0.5, ("B", "P1"): 0.8, ("B", "P2"): 0.6},
        districts={"P1": "X", "P2": "Y"},
    )


def messages(problem):
    """The messages of the problem's diagnostics."""
    return [d.message for d in landplan.check_problem(problem)]
