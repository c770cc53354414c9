"""Why here? For one industry, or one park, of a run: how suitable each pairing is, criterion by
criterion; where else the land could have gone; and what one more km² of each tier is worth. In
tables with named columns and in sentences, in the language of the moment (:mod:`landplan.i18n`).

From a run folder's tables: ``suitability`` (cluster, park, criterion, value, weight,
contribution: the score is the sum of the contributions), ``allocation`` and ``shadow_prices``.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from landplan.i18n import N_
from landplan.i18n import gettext as _
from landplan.optimisation.evaluate import LAND_EPSILON

#: The built-in criteria by name (a planner's own criterion goes by its id).
CRITERIA = {
    "endorsement": N_("Policy endorsement"),
    "existing_base": N_("Existing base"),
    "chain": N_("Chain partners"),
    "access": N_("Access"),
    "land_fit": N_("Land fit"),
}
#: Decimals shown: of scores and prices, and of land.
SCORE_DECIMALS, LAND_DECIMALS = 3, 2


@dataclass(frozen=True)
class Names:
    """The run's industries, parks and tiers by id, as a page names them."""

    industry: dict[str, str]
    park: dict[str, str]
    tier: dict[str, str]


@dataclass(frozen=True)
class Reasons:
    """A table with named columns, and the sentences that say what it means."""

    table: pd.DataFrame
    sentences: list[str]


def scores(suitability: pd.DataFrame) -> pd.DataFrame:
    """One row per industry and park: each criterion's contribution and the total score."""
    wide = suitability.pivot_table(
        index=["cluster_id", "park_id"], columns="criterion", values="contribution", aggfunc="sum"
    )
    wide.columns = [str(c) for c in wide.columns]
    wide["score"] = wide.sum(axis=1)
    return wide.reset_index()


def for_industry(
    cluster: str,
    suitability: pd.DataFrame,
    allocation: pd.DataFrame,
    shadow: pd.DataFrame,
    names: Names,
) -> Reasons:
    """Every park for ``cluster``, best-suited first: the score and its criteria, the land the
    plan gives it there, and the most one more km² of the park's tiers would be worth (the
    tiers' shadow prices: 0 where the park has land left); a sentence for each park it gets
    land in."""
    table = scores(suitability)
    table = table[table["cluster_id"] == cluster]
    land = allocation[allocation["cluster_id"] == cluster].groupby("park_id")["land_km2"].sum()
    table = table.assign(
        land_km2=table["park_id"].map(land).fillna(0.0),
        shadow_price=table["park_id"].map(shadow.groupby("park_id")["shadow_price"].max()),
    ).fillna({"shadow_price": 0.0})
    table = table.sort_values(["score", "park_id"], ascending=[False, True])
    sentences = _assignments(table, suitability, names, len(table))
    shown = table.drop(columns="cluster_id").assign(
        park_id=table["park_id"].map(_named(names.park))
    )
    return Reasons(_columns(shown, _("Park")), sentences)


def for_park(
    park: str,
    suitability: pd.DataFrame,
    allocation: pd.DataFrame,
    shadow: pd.DataFrame,
    names: Names,
) -> tuple[Reasons, Reasons]:
    """Every industry for ``park``, best-suited first, with the land the plan gives it there
    and a sentence for each it gets; and the park's tiers with their capacity, use and shadow
    price, with a sentence for each tier that is full."""
    table = scores(suitability)
    table = table[table["park_id"] == park]
    land = allocation[allocation["park_id"] == park].groupby("cluster_id")["land_km2"].sum()
    price = float(shadow.loc[shadow["park_id"] == park, "shadow_price"].max())
    table = table.assign(land_km2=table["cluster_id"].map(land).fillna(0.0), shadow_price=price)
    table = table.sort_values(["score", "cluster_id"], ascending=[False, True])
    industries = Reasons(
        _columns(
            table.drop(columns=["park_id", "shadow_price"]).assign(
                cluster_id=table["cluster_id"].map(_named(names.industry))
            ),
            _("Industry"),
        ),
        _assignments(table, suitability, names),
    )
    return industries, _tiers(shadow[shadow["park_id"] == park], names)


def allocation_table(allocation: pd.DataFrame, names: Names) -> pd.DataFrame:
    """allocation.csv as a page shows it: industries, parks and tiers by name, land rounded,
    named columns (the file keeps its ids and every decimal)."""
    return pd.DataFrame(
        {
            _("Industry"): allocation["cluster_id"].map(lambda c: names.industry.get(c, c)),
            _("Park"): allocation["park_id"].map(_named(names.park)),
            _("Tier"): allocation["tier"].map(lambda t: names.tier.get(t, t)),
            _("Released by"): allocation["release_by"],
            _("Land, km²"): allocation["land_km2"].round(LAND_DECIMALS),
        }
    )


def _named(names: dict[str, str]) -> dict[str, str]:
    return {key: f"{key} {name}" for key, name in names.items()}


def _columns(table: pd.DataFrame, first: str) -> pd.DataFrame:
    """``table`` with its first column called ``first`` and the others named and rounded."""
    named = {c: _criterion_label(c) for c in table.columns[1:]}
    named |= {"score": _("Score"), "land_km2": _("Land, km²"), "shadow_price": _("Shadow price")}
    decimals = {c: LAND_DECIMALS if c == "land_km2" else SCORE_DECIMALS for c in table.columns[1:]}
    rounded = table.round(decimals).rename(columns={table.columns[0]: first, **named})
    return rounded.reset_index(drop=True)


def _criterion_label(criterion: str) -> str:
    return _(CRITERIA[criterion]) if criterion in CRITERIA else criterion


def _assignments(
    table: pd.DataFrame, suitability: pd.DataFrame, names: Names, ranked: int | None = None
) -> list[str]:
    """A sentence for each row of ``table`` with land: the industry, its land and park, and the
    criteria behind the score, strongest first (``ranked``: the rows are one industry's parks,
    and each sentence says the park's rank among them)."""
    values = suitability.set_index(["cluster_id", "park_id", "criterion"]).sort_index()
    sentences = []
    for rank, row in enumerate(table.itertuples(), start=1):
        if row.land_km2 <= LAND_EPSILON:
            continue
        here = values.loc[(row.cluster_id, row.park_id)].sort_values(
            "contribution", ascending=False
        )
        reasons = [_criterion_words(str(c), float(v)) for c, v in here["value"].items()]
        score = f"{row.score:.3f}"
        reasons.append(
            _("score %(score)s, rank %(rank)d of %(count)d parks for it")
            % {"score": score, "rank": rank, "count": ranked}
            if ranked
            else _("score %(score)s") % {"score": score}
        )
        if row.shadow_price > LAND_EPSILON:
            reasons.append(_price_words(float(row.shadow_price)))
        sentences.append(
            _("%(industry)s gets %(land)s km² in %(park)s: %(reasons)s.")
            % {
                "industry": names.industry.get(row.cluster_id, row.cluster_id),
                "land": f"{row.land_km2:.2f}",
                "park": names.park.get(row.park_id, row.park_id),
                "reasons": _("; ").join(reasons),
            }
        )
    return sentences


def _criterion_words(criterion: str, value: float) -> str:
    """What a criterion's value (0–1) says of a pairing."""
    if criterion == "endorsement":
        if value >= 1 - LAND_EPSILON:
            return _("its district is endorsed by the policy")
        if value <= LAND_EPSILON:
            return _("its district is not one the policy names for it")
    if criterion == "existing_base":
        if value <= LAND_EPSILON:
            return _("no existing base of it on record there")
        if value >= 1 - LAND_EPSILON:
            return _("an anchor firm of it is already there")
        return _("an existing base of it on record there (%(value)s of 1)") % {
            "value": f"{value:.2f}"
        }
    if criterion == "land_fit":
        if value >= 1 - LAND_EPSILON:
            return _("the park's land can hold all it needs")
        return _("the park's land can hold %(share)s of what it needs") % {"share": f"{value:.0%}"}
    return _("%(criterion)s %(value)s of 1") % {
        "criterion": _criterion_label(criterion).lower(),
        "value": f"{value:.2f}",
    }


def _price_words(price: float) -> str:
    """What a shadow price means."""
    return _("one more km² in this park's full tier would raise the score by %(price)s") % {
        "price": f"{price:.3f}"
    }


def _tiers(shadow: pd.DataFrame, names: Names) -> Reasons:
    """A park's tiers named: released and planned land, full or not, shadow price; a sentence
    for each full tier."""
    sentences = [
        _("One more km² in the %(tier)s tier would raise the score by %(price)s.")
        % {"tier": names.tier.get(row.tier, row.tier), "price": f"{row.shadow_price:.3f}"}
        for row in shadow.itertuples()
        if row.shadow_price > LAND_EPSILON
    ]
    table = pd.DataFrame(
        {
            _("Tier"): shadow["tier"].map(lambda t: names.tier.get(t, t)),
            _("Released, km²"): shadow["capacity_km2"].round(LAND_DECIMALS),
            _("Planned, km²"): shadow["used_km2"].round(LAND_DECIMALS),
            _("Full"): shadow["binding"].astype(bool),
            _("Shadow price"): shadow["shadow_price"].round(SCORE_DECIMALS),
        }
    )
    return Reasons(table.reset_index(drop=True), sentences)
