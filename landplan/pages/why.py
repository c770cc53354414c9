"""Why here? For one industry, or one park, of a run: how suitable each pairing is, criterion by
criterion; where else the land could have gone; and what one more km² of each tier is worth.

From a run folder's tables: ``suitability`` (cluster, park, criterion, value, weight,
contribution: the score is the sum of the contributions), ``allocation`` and ``shadow_prices``.
"""

from __future__ import annotations

import pandas as pd


def scores(suitability: pd.DataFrame) -> pd.DataFrame:
    """One row per industry and park: each criterion's contribution and the total score."""
    wide = suitability.pivot_table(
        index=["cluster_id", "park_id"], columns="criterion", values="contribution", aggfunc="sum"
    )
    wide.columns = [str(c) for c in wide.columns]
    wide["score"] = wide.sum(axis=1)
    return wide.reset_index()


def for_industry(
    cluster: str, suitability: pd.DataFrame, allocation: pd.DataFrame, shadow: pd.DataFrame
) -> pd.DataFrame:
    """Every park for ``cluster``, best-suited first: the score and its criteria, the land the
    plan gives it there, and the most one more km² of the park's tiers would be worth (the
    tiers' shadow prices: 0 where the park has land left)."""
    table = scores(suitability)
    table = table[table["cluster_id"] == cluster].drop(columns="cluster_id")
    land = allocation[allocation["cluster_id"] == cluster].groupby("park_id")["land_km2"].sum()
    table["land_km2"] = table["park_id"].map(land).fillna(0.0)
    table["shadow_price"] = table["park_id"].map(_park_prices(shadow)).fillna(0.0)
    return table.sort_values(["score", "park_id"], ascending=[False, True]).reset_index(drop=True)


def for_park(
    park: str, suitability: pd.DataFrame, allocation: pd.DataFrame, shadow: pd.DataFrame
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Every industry for ``park``, best-suited first, with the land the plan gives it there;
    and the park's tiers with their capacity, use and shadow price."""
    table = scores(suitability)
    table = table[table["park_id"] == park].drop(columns="park_id")
    land = allocation[allocation["park_id"] == park].groupby("cluster_id")["land_km2"].sum()
    table["land_km2"] = table["cluster_id"].map(land).fillna(0.0)
    ranked = table.sort_values(["score", "cluster_id"], ascending=[False, True])
    tiers = shadow[shadow["park_id"] == park].drop(columns="park_id")
    return ranked.reset_index(drop=True), tiers.reset_index(drop=True)


def _park_prices(shadow: pd.DataFrame) -> pd.Series:
    return shadow.groupby("park_id")["shadow_price"].max()
