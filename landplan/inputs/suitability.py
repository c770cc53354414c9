"""Suitability: how well each park suits each cluster, as a weighted sum of criteria in [0, 1].

For cluster ``c`` and park ``p``

    S[c, p] = Σ_k w_k · v_k[c, p],   Σ_k w_k = 1,   v_k[c, p] ∈ [0, 1]

so ``S`` is in [0, 1] too. The built-in criteria ``v_k``:

- ``endorsement``: 1 if the policy names one of the park's policy areas for the cluster, else 0;
  0.5 (neutral) for clusters the policy names no district for (marine, the future industries).
- ``existing_base``: the industry's base already in or around the park, the strongest piece
  of evidence on record, ``max_r strength[r] · level[r]`` (anchor 1, cluster 0.8, present 0.5;
  the park or its subdistrict 1, a wider zone 0.5), 0 where none is on record
  (:mod:`landplan.inputs.existing_base`); only where the plan pack, or the scenario, has an
  existing-base file.
- ``chain``: the strength-weighted share of the cluster's chain partners that the policy
  endorses where the park is, ``Σ_q s[c,q] · e[q,p] / Σ_q s[c,q]`` (``e`` the endorsement value
  above); 0.5 for a cluster with no partners.
- ``access``: for each kind of infrastructure the cluster needs, ``2^(−d / d½)`` with ``d`` the
  effective distance from the park's centre to the nearest such point and ``d½`` the
  half-value distance (the plan pack's ``access.half_km``, or the scenario's); averaged over
  the kinds needed; 0.5 for a cluster that needs none. The effective distance takes the pack's
  rail network (``access.rail_kind``, e.g. high-speed rail) into account:

      d[p, t] = min( |p t|,  min_{s, s'} |p s| + r · |s s'| + h + |s' t| )

  over stations ``s, s'``, with the rail leg counted at ``r`` of its length
  (``access.rail_length_factor``) and ``h`` for getting on and off (``access.rail_boarding_km``).
  These figures are assumptions of the pack; the bundled pack sets them so that access refines
  the choice among the places the policy names rather than vetoes the far ones (the README
  gives its figures).
- ``land_fit``: 0 if the park's releasable land cannot hold the cluster's minimum footprint,
  else ``min(1, L[p] / D[c])`` with ``L[p]`` the park's land and ``D[c]`` the cluster's demand
  by the last horizon.
- any extra criterion a planner supplies as a cluster × park or cluster × district table; pairs
  the table leaves out are neutral (0.5).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from landplan.errors import InputError, did_you_mean
from landplan.inputs.catalog import Catalog
from landplan.inputs.existing_base import existing_base
from landplan.inputs.layers import policy_areas
from landplan.inputs.pack import AccessSpec, Pack, load_pack
from landplan.inputs.tables import refuse_repeated
from landplan.inputs.weights import normalise_weights
from landplan.optimisation.evaluate import LAND_EPSILON

BUILT_IN_CRITERIA: tuple[str, ...] = ("endorsement", "existing_base", "chain", "access", "land_fit")
#: The policy endorsement's weight when a scenario gives none: the most, as the plan's own word.
ENDORSEMENT_WEIGHT = 0.4


def default_weights(evidence: bool) -> dict[str, float]:
    """The criteria's weights when a scenario gives none: the endorsement ENDORSEMENT_WEIGHT,
    the rest shared equally by the other built-in criteria (with ``evidence``, the existing
    base among them: 0.15 each; without, 0.2 each). The existing base weighs as much as each
    other criterion, not more, although the literature ranks it the strongest location factor:
    its evidence is uneven (a park the sources are silent on scores 0, which is no proof that
    nothing is there), so it should tell apart parks the other criteria find alike rather than
    overrule them."""
    others = [
        c for c in BUILT_IN_CRITERIA
        if c != "endorsement" and (evidence or c not in EVIDENCE_CRITERIA)
    ]  # fmt: skip
    share = round((1 - ENDORSEMENT_WEIGHT) / len(others), 12)
    return {"endorsement": ENDORSEMENT_WEIGHT, **dict.fromkeys(others, share)}


#: The criteria that need a plan pack's (or a scenario's) existing-base file.
EVIDENCE_CRITERIA = ("existing_base",)
#: The weights when a scenario gives none, with a plan pack that has an existing base (the
#: bundled one): endorsement 0.4, every other criterion 0.15.
DEFAULT_WEIGHTS = default_weights(evidence=True)
NEUTRAL = 0.5


@dataclass(frozen=True)
class Suitability:
    """Suitability scores with their breakdown.

    Attributes
    ----------
    values
        Criterion values, a DataFrame indexed by (cluster_id, park_id) with one column per
        criterion, each in [0, 1].
    weights
        The weight of each criterion (summing to 1).
    consistency_ratio
        AHP consistency ratio when the weights came from a pairwise matrix, else None.
    """

    values: pd.DataFrame
    weights: dict[str, float]
    consistency_ratio: float | None = None

    @property
    def scores(self) -> pd.DataFrame:
        """Suitability as a cluster × park matrix."""
        weighted = self.values[list(self.weights)].mul(pd.Series(self.weights))
        return weighted.sum(axis=1).unstack("park_id")

    def breakdown(self, cluster_id: str, park_id: str) -> pd.DataFrame:
        """For one pair: each criterion's raw value, weight and contribution to the score."""
        raw = self.values.loc[(cluster_id, park_id), list(self.weights)]
        table = pd.DataFrame({"value": raw, "weight": pd.Series(self.weights)})
        table["contribution"] = table["value"] * table["weight"]
        table.index.name = "criterion"
        return table

    def assignment_breakdown(self, allocation: pd.DataFrame) -> pd.DataFrame:
        """Why each industry is where a plan puts it: per (cluster, park) with land in
        ``allocation`` (``cluster_id``, ``park_id``, ``land_km2``), the land, the score and each
        criterion's value and contribution (``<criterion>_value``, ``<criterion>_contribution``)."""
        land = allocation.groupby(["cluster_id", "park_id"])["land_km2"].sum()
        land = land[land > LAND_EPSILON].rename("land_km2")
        values = self.values.loc[land.index, list(self.weights)]
        table = pd.DataFrame(land)
        scores = self.scores
        table["score"] = [scores.loc[c, p] for c, p in land.index]
        for criterion, weight in self.weights.items():
            table[f"{criterion}_value"] = values[criterion]
            table[f"{criterion}_contribution"] = values[criterion] * weight
        return table.reset_index()

    def long_table(self) -> pd.DataFrame:
        """Every pair and criterion: cluster_id, park_id, criterion, value, weight, contribution."""
        long = self.values[list(self.weights)].stack().rename("value").reset_index()
        long.columns = ["cluster_id", "park_id", "criterion", "value"]
        long["weight"] = long["criterion"].map(self.weights)
        long["contribution"] = long["value"] * long["weight"]
        return long


CONFLICT_COLUMNS = [
    "cluster_id",
    "park_id",
    "score",
    "endorsed_park_id",
    "endorsed_score",
    "reasons",
]


def endorsement_conflicts(suitability: Suitability) -> pd.DataFrame:
    """Where the ranking contradicts the policy: for each cluster the policy names districts
    for, every park outside them (``park_id``) that scores at least as high as a park inside
    them (``endorsed_park_id``), with ``reasons``: the criteria that favour the outside park,
    largest first, as ``criterion +difference in contribution``. Empty when the ranking never
    puts a place the policy does not name above one it names."""
    values = suitability.values
    weights = pd.Series(suitability.weights)
    contributions = values[weights.index].mul(weights)
    scores = contributions.sum(axis=1)
    rows = []
    for cluster_id, endorsed in values["endorsement"].groupby(level="cluster_id", sort=False):
        inside = endorsed.index[endorsed == 1].get_level_values("park_id")
        outside = endorsed.index[endorsed == 0].get_level_values("park_id")
        for park in outside:
            for named in inside:
                here, there = (cluster_id, park), (cluster_id, named)
                if scores[here] < scores[there]:
                    continue
                edge = (contributions.loc[here] - contributions.loc[there]).sort_values(
                    ascending=False
                )
                reasons = "; ".join(f"{k} +{v:.3f}" for k, v in edge.items() if v > 1e-9)
                rows.append((cluster_id, park, scores[here], named, scores[there], reasons))
    return pd.DataFrame(rows, columns=CONFLICT_COLUMNS)


def score_suitability(
    parks: gpd.GeoDataFrame,
    catalog: Catalog,
    infrastructure: gpd.GeoDataFrame | None = None,
    *,
    weights: Mapping[str, float] | None = None,
    extra: Mapping[str, pd.DataFrame] | None = None,
    evidence: pd.DataFrame | None = None,
    access_half_km: float | None = None,
    consistency_ratio: float | None = None,
    pack: Pack | None = None,
) -> Suitability:
    """Score every cluster in every park.

    ``parks`` is the park-tier layer (``load_parks``), ``infrastructure`` the point layer
    (``load_infrastructure``; without it the access criterion is neutral). ``weights`` maps
    criterion names (built-in or extra) to non-negative weights; they are scaled to sum 1.
    ``extra`` maps a criterion name to a table with ``cluster_id``, ``park_id`` or ``district``,
    and ``value`` in [0, 1]. ``evidence`` is the existing base around each park
    (:func:`~landplan.inputs.existing_base.load_existing_base`); without it there is no
    ``existing_base`` criterion. Distances are measured in ``pack``'s area CRS (the bundled pack's
    by default) with its access parameters, the half-value distance ``access_half_km`` if
    given.
    """
    pack = pack or load_pack()
    settings = pack.access
    if access_half_km is not None:
        settings = settings.model_copy(update={"half_km": access_half_km})
    extra = dict(extra or {})
    missing = () if evidence is not None else EVIDENCE_CRITERIA
    weights = normalise_weights(dict(weights or default_weights(evidence is not None)))
    known = (set(BUILT_IN_CRITERIA) - set(missing)) | set(extra)
    for name in weights:
        if name in missing:
            raise InputError(
                "weights",
                "the plan pack has no existing-base file (files: existing_base in its pack.yaml, "
                "or data: existing_base in the scenario)",
                field=name,
            )
        if name not in known:
            raise InputError("weights", f"unknown criterion{did_you_mean(name, known)}", field=name)
    park_areas = policy_areas(parks).groupby(parks["park_id"]).first()
    endorsed = endorsement(catalog, park_areas)
    columns = {
        "endorsement": endorsed,
        **(
            {}
            if evidence is None
            else {
                "existing_base": existing_base(evidence, list(catalog.ids), list(park_areas.index))
            }
        ),
        "chain": chain_affinity(catalog, endorsed),
        "access": access(catalog, parks, infrastructure, settings, pack),
        "land_fit": land_fit(catalog, parks),
    }
    districts = parks.groupby("park_id")["district"].first()
    for name, table in extra.items():
        columns[name] = extra_criterion(name, table, catalog, districts)
    values = pd.DataFrame({name: matrix.stack() for name, matrix in columns.items()}).rename_axis(
        ["cluster_id", "park_id"]
    )
    return Suitability(values=values, weights=weights, consistency_ratio=consistency_ratio)


def endorsement(catalog: Catalog, park_areas: pd.Series) -> pd.DataFrame:
    """1 where the policy names one of the park's areas for the cluster, 0 elsewhere, 0.5 for
    clusters with no district list. Returns a cluster × park matrix."""
    rows = {}
    for cluster_id, named in catalog.clusters["endorsed_in"].items():
        if not named:
            rows[cluster_id] = pd.Series(NEUTRAL, index=park_areas.index)
        else:
            rows[cluster_id] = park_areas.map(lambda areas, n=set(named): float(bool(areas & n)))
    return pd.DataFrame(rows).T.rename_axis(index="cluster_id", columns="park_id")


def chain_affinity(catalog: Catalog, endorsed: pd.DataFrame) -> pd.DataFrame:
    """Strength-weighted share of a cluster's chain partners endorsed where the park is."""
    ids = catalog.ids
    strength = pd.DataFrame(0.0, index=ids, columns=ids)
    for link in catalog.links.itertuples():
        strength.loc[link.cluster_a, link.cluster_b] = link.strength
        strength.loc[link.cluster_b, link.cluster_a] = link.strength
    total = strength.sum(axis=1)
    shared = strength.to_numpy() @ endorsed.loc[ids].to_numpy()
    with np.errstate(invalid="ignore", divide="ignore"):
        share = shared / total.to_numpy()[:, None]
    share[total.to_numpy() == 0] = NEUTRAL
    return pd.DataFrame(share, index=endorsed.index, columns=endorsed.columns)


def park_centres(parks: gpd.GeoDataFrame, pack: Pack) -> gpd.GeoSeries:
    """Each park's centre (of all its tiers), in ``pack``'s area CRS."""
    return parks.to_crs(pack.area_crs_of(parks)).dissolve("park_id").geometry.centroid


def access(
    catalog: Catalog,
    parks: gpd.GeoDataFrame,
    infrastructure: gpd.GeoDataFrame | None,
    settings: AccessSpec,
    pack: Pack,
) -> pd.DataFrame:
    """Mean over the needed kinds of ``2^(−d/d½)``, d = effective km to the nearest point of
    that kind (:func:`effective_km`)."""
    centres = park_centres(parks, pack)
    if infrastructure is None or infrastructure.empty:
        return pd.DataFrame(NEUTRAL, index=catalog.ids, columns=centres.index)
    points = infrastructure.to_crs(centres.crs)
    stations = points.geometry[points["kind"] == settings.rail_kind]
    closeness = {}
    for kind, group in points.groupby("kind"):
        distance_km = pd.Series(
            effective_km(centres, group.geometry, stations, settings).min(axis=1),
            index=centres.index,
        )
        closeness[kind] = np.power(2.0, -distance_km / settings.half_km)
    rows = {}
    for cluster_id, needs in catalog.clusters["needs"].items():
        usable = [closeness[k] for k in needs if k in closeness]
        rows[cluster_id] = (
            pd.concat(usable, axis=1).mean(axis=1)
            if usable
            else pd.Series(NEUTRAL, index=centres.index)
        )
    return pd.DataFrame(rows).T


def effective_km(
    origins: gpd.GeoSeries,
    targets: gpd.GeoSeries,
    stations: gpd.GeoSeries,
    settings: AccessSpec,
) -> np.ndarray:
    """Origins × targets: the straight line, or a trip through two rail stations with the rail
    leg counted at ``settings.rail_length_factor`` of its length plus
    ``settings.rail_boarding_km``, whichever is shorter (km; inputs in a metric CRS)."""
    direct = _km(origins, targets)
    if stations.empty:
        return direct
    to_station, rail, from_station = (
        _km(origins, stations),
        _km(stations, stations),
        _km(stations, targets),
    )
    # via[o, t] = min over s, s' of to_station[o, s] + r·rail[s, s'] + from_station[s', t]
    to_exit = (to_station[:, :, None] + settings.rail_length_factor * rail[None, :, :]).min(axis=1)
    via = (to_exit[:, :, None] + from_station[None, :, :]).min(axis=1) + settings.rail_boarding_km
    return np.minimum(direct, via)


def _km(origins: gpd.GeoSeries, targets: gpd.GeoSeries) -> np.ndarray:
    a = shapely.get_coordinates(origins.to_numpy())
    b = shapely.get_coordinates(targets.to_numpy())
    return np.hypot(a[:, None, 0] - b[None, :, 0], a[:, None, 1] - b[None, :, 1]) / 1000


def land_fit(catalog: Catalog, parks: gpd.GeoDataFrame) -> pd.DataFrame:
    """0 where the park cannot hold the cluster's minimum footprint, else min(1, L[p] / D[c])."""
    land = parks.groupby("park_id")["industrial_land_km2"].sum()
    demand = catalog.demand(catalog.horizons[-1])
    footprint = catalog.clusters["min_footprint_km2"]
    ratio = np.minimum(1.0, land.to_numpy()[None, :] / np.maximum(demand.to_numpy(), 1e-9)[:, None])
    fits = land.to_numpy()[None, :] >= footprint.to_numpy()[:, None]
    return pd.DataFrame(np.where(fits, ratio, 0.0), index=catalog.ids, columns=land.index)


def criterion_source(name: str) -> str:
    """How errors in a planner's criterion name it (the assembly replaces it by the CSV's path)."""
    return f"criterion '{name}'"


def extra_criterion(
    name: str, table: pd.DataFrame, catalog: Catalog, districts: pd.Series
) -> pd.DataFrame:
    """A planner's criterion from a cluster × park or cluster × district table (missing = 0.5)."""
    source = criterion_source(name)
    by = "park_id" if "park_id" in table.columns else "district"
    for column in ("cluster_id", by, "value"):
        if column not in table.columns:
            raise InputError(
                source,
                f"missing column '{column}' (need cluster_id, park_id or district, and value)",
            )
    refuse_repeated(table, ["cluster_id", by], source, lambda position: f"row {position + 1}")
    matrix = pd.DataFrame(NEUTRAL, index=catalog.ids, columns=districts.index)
    places = set(districts.index) if by == "park_id" else set(districts)
    for position, row in enumerate(table.itertuples(index=False)):
        where = f"row {position + 1}"
        cluster, place, value = row.cluster_id, getattr(row, by), row.value
        if cluster not in matrix.index:
            raise InputError(
                source,
                f"unknown cluster '{cluster}'{did_you_mean(str(cluster), matrix.index)}",
                where=where,
                field="cluster_id",
            )
        if place not in places:
            raise InputError(
                source,
                f"unknown {by.replace('_id', '')} '{place}'{did_you_mean(str(place), places)}",
                where=where,
                field=by,
            )
        try:
            value = float(value)
        except (TypeError, ValueError):
            value = float("nan")
        if not 0 <= value <= 1:
            raise InputError(
                source,
                f"value must be a number in [0, 1] (got {row.value!r})",
                where=where,
                field="value",
            )
        columns = [place] if by == "park_id" else list(districts.index[districts == place])
        matrix.loc[cluster, columns] = value
    return matrix
