"""Suitability criteria on hand-made data, weights, AHP and the breakdown."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from shapely.geometry import Point, box

import landplan
from landplan.errors import InputError
from landplan.inputs.catalog import Catalog
from landplan.inputs.pack import load_pack
from landplan.inputs.suitability import effective_km, endorsement_conflicts, score_suitability

PACK = load_pack()
AREA_CRS, ACCESS = PACK.area_crs, PACK.access


def parks_layer():
    """P1 in Bao'an (2 km² of land), P2 in Pingshan (0.5 km²), each one 0.02° square."""
    rows = [
        {
            "park_id": "P1",
            "district": "Bao'an",
            "policy_areas": "Bao'an",
            "tier": "starting",
            "industrial_land_km2": 2.0,
            "geometry": box(113.80, 22.70, 113.82, 22.72),
        },
        {
            "park_id": "P2",
            "district": "Pingshan",
            "policy_areas": "Pingshan",
            "tier": "starting",
            "industrial_land_km2": 0.5,
            "geometry": box(114.30, 22.70, 114.32, 22.72),
        },
    ]
    return gpd.GeoDataFrame(rows, crs="EPSG:4326")


def catalog():
    clusters = pd.DataFrame(
        {
            "name_en": ["A", "B", "F"],
            "endorsed_in": [("Bao'an",), ("Pingshan", "Futian"), ()],
            "needs": [("airport",), (), ("airport", "port")],
            "demand_2025_km2": [1.0, 1.0, 0.1],
            "demand_2030_km2": [1.0, 1.0, 0.1],
            "demand_2035_km2": [4.0, 1.0, 0.2],
            "min_footprint_km2": [1.0, 0.2, 0.1],
        },
        index=pd.Index(["A", "B", "F"], name="cluster_id"),
    )
    links = pd.DataFrame({"cluster_a": ["A", "A"], "cluster_b": ["B", "F"], "strength": [1.0, 0.5]})
    return Catalog(clusters=clusters, links=links, horizons=(2025, 2030, 2035))


def infrastructure():
    """An airport exactly at P1's centre and a port one half-distance east of it."""
    centre = parks_layer().to_crs(AREA_CRS).geometry.iloc[0].centroid
    port = Point(centre.x + ACCESS.half_km * 1000, centre.y)
    points = gpd.GeoSeries([centre, port], crs=AREA_CRS)
    return gpd.GeoDataFrame({"kind": ["airport", "port"]}, geometry=points).to_crs(4326)


@pytest.fixture
def suitability():
    return score_suitability(parks_layer(), catalog(), infrastructure())


def test_endorsement_is_one_zero_or_neutral(suitability):
    values = suitability.values["endorsement"]
    assert values["A", "P1"] == 1 and values["A", "P2"] == 0
    assert values["B", "P2"] == 1
    assert values["F", "P1"] == 0.5 == values["F", "P2"]  # no district list: neutral


def test_chain_share_of_partners_endorsed_there(suitability):
    values = suitability.values["chain"]
    # A's partners: B (1.0; endorsed in P2 only) and F (0.5; neutral 0.5 everywhere).
    assert values["A", "P1"] == pytest.approx((1.0 * 0 + 0.5 * 0.5) / 1.5)
    assert values["A", "P2"] == pytest.approx((1.0 * 1 + 0.5 * 0.5) / 1.5)
    assert values["B", "P1"] == pytest.approx(1.0)  # B's only partner, A, is endorsed in P1


def test_access_halves_every_half_distance(suitability):
    values = suitability.values["access"]
    assert values["A", "P1"] == pytest.approx(1.0, abs=1e-6)  # the airport is at the centre
    assert values["F", "P1"] == pytest.approx((1.0 + 0.5) / 2, abs=1e-3)  # port d½ away
    assert values["B", "P1"] == 0.5  # needs nothing: neutral


def test_a_rail_trip_shortens_the_effective_distance():
    # Origin 5 km from station s, station s' 90 km further, target 5 km beyond s' (100 km in
    # all): by rail 5 + 90 r + boarding + 5; the straight line where rail is no help.
    def at(*xs):
        return gpd.GeoSeries([Point(x * 1000, 0) for x in xs], crs=AREA_CRS)

    via_rail = effective_km(at(0), at(100), at(5, 95), ACCESS)
    expected = 5 + 90 * ACCESS.rail_length_factor + ACCESS.rail_boarding_km + 5
    assert via_rail[0, 0] == pytest.approx(expected)
    assert effective_km(at(0), at(10), at(5, 95), ACCESS)[0, 0] == pytest.approx(10)
    assert effective_km(at(0), at(100), at(), ACCESS)[0, 0] == pytest.approx(100)


def test_endorsement_conflicts_name_the_outranking_park_and_why(suitability):
    assert endorsement_conflicts(suitability).empty  # the default weights: none
    # With endorsement weighted at zero, land fit alone puts P1 (not named for B) above P2.
    tilted = score_suitability(
        parks_layer(), catalog(), infrastructure(), weights={"land_fit": 1.0, "endorsement": 0.0}
    )
    conflicts = endorsement_conflicts(tilted)
    assert conflicts[["cluster_id", "park_id", "endorsed_park_id"]].values.tolist() == [
        ["B", "P1", "P2"]
    ]
    assert conflicts["reasons"].iloc[0].startswith("land_fit +")


def test_land_fit(suitability):
    values = suitability.values["land_fit"]
    assert values["A", "P1"] == pytest.approx(2.0 / 4.0)  # 2 km² of the 4 A wants by 2035
    assert values["A", "P2"] == 0  # 0.5 km² cannot hold A's 1 km² footprint
    assert values["B", "P2"] == pytest.approx(0.5)


def test_score_is_the_weighted_sum_and_the_breakdown_adds_up(suitability):
    table = suitability.breakdown("A", "P1")
    assert table["weight"].sum() == pytest.approx(1.0)
    assert table["contribution"].sum() == pytest.approx(suitability.scores.loc["A", "P1"])
    assert ((suitability.scores >= 0) & (suitability.scores <= 1)).all().all()
    long = suitability.long_table()
    assert len(long) == 3 * 2 * 4


def test_extra_criterion_by_district_and_weights():
    extra = pd.DataFrame({"cluster_id": ["A"], "district": ["Pingshan"], "value": [1.0]})
    suitability = score_suitability(
        parks_layer(),
        catalog(),
        infrastructure(),
        weights={"endorsement": 1, "flood_risk": 1},
        extra={"flood_risk": extra},
    )
    assert suitability.weights == {"endorsement": 0.5, "flood_risk": 0.5}
    assert suitability.values["flood_risk"]["A", "P2"] == 1.0
    assert suitability.values["flood_risk"]["A", "P1"] == 0.5  # not in the table: neutral
    assert suitability.scores.loc["A", "P2"] == pytest.approx(0.5)


@pytest.mark.parametrize(
    ("table", "message"),
    [
        (
            pd.DataFrame({"cluster_id": ["Z"], "park_id": ["P1"], "value": [1]}),
            "unknown cluster 'Z'",
        ),
        (pd.DataFrame({"cluster_id": ["A"], "park_id": ["P9"], "value": [1]}), "unknown park 'P9'"),
        (pd.DataFrame({"cluster_id": ["A"], "park_id": ["P1"], "value": [2]}), r"in \[0, 1\]"),
        (pd.DataFrame({"cluster_id": ["A"], "value": [1]}), "missing column 'district'"),
        (
            pd.DataFrame({"cluster_id": ["A", "A"], "park_id": ["P1", "P1"], "value": [1, 0]}),
            r"cluster_id, park_id \(A, P1\) appears more than once \(also row 1\)",
        ),
        (
            pd.DataFrame(
                {"cluster_id": ["A", "B", "A"], "district": ["Pingshan"] * 3, "value": [1, 1, 1]}
            ),  # fmt: skip
            "row 3: field 'district': cluster_id, district",
        ),
    ],
)
def test_bad_extra_criterion(table, message):
    with pytest.raises(InputError, match=message):
        score_suitability(parks_layer(), catalog(), weights={"x": 1}, extra={"x": table})


def test_unknown_or_negative_weights():
    with pytest.raises(InputError, match="unknown criterion"):
        score_suitability(parks_layer(), catalog(), weights={"endorsment": 1})
    with pytest.raises(InputError, match="non-negative"):
        score_suitability(parks_layer(), catalog(), weights={"endorsement": -1})


def test_ahp_weights_and_consistency_ratio():
    # Saaty's textbook example: weights about 0.64, 0.26, 0.10; CR about 0.03.
    names = ["endorsement", "access", "land_fit"]
    matrix = pd.DataFrame([[1, 3, 5], [1 / 3, 1, 3], [1 / 5, 1 / 3, 1]], index=names, columns=names)
    weights, ratio = landplan.ahp_weights(matrix)
    assert list(weights.values()) == pytest.approx([0.637, 0.258, 0.105], abs=0.002)
    assert ratio == pytest.approx(0.033, abs=0.003)


def test_ahp_refuses_inconsistent_judgements_with_the_ratio():
    names = ["a", "b", "c"]
    matrix = pd.DataFrame([[1, 9, 1 / 9], [1 / 9, 1, 9], [9, 1 / 9, 1]], index=names, columns=names)
    with pytest.raises(InputError, match=r"consistency ratio \d+\.\d+ > 0.1"):
        landplan.ahp_weights(matrix)
    matrix.iloc[0, 1] = 2  # no longer reciprocal
    with pytest.raises(InputError, match="reciprocal"):
        landplan.ahp_weights(matrix)


def test_bundled_scores_are_in_range():
    suitability = score_suitability(
        landplan.load_parks(), landplan.load_catalog(), landplan.load_infrastructure()
    )
    scores = suitability.scores
    assert scores.shape == (28, 20)
    assert np.all((scores.to_numpy() >= 0) & (scores.to_numpy() <= 1))
    # The policy names Longgang and Longhua for new energy: those parks score above the rest.
    districts = landplan.load_parks().groupby("park_id")["district"].first()
    endorsed = districts.isin(["Longgang", "Longhua"])
    assert scores.loc["new_energy", endorsed].min() > scores.loc["new_energy", ~endorsed].max()
