"""The park layout on a 3×3 grid of 1 ha cells, solved to gap 0: optima drawn by hand."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import pytest
import shapely

from landplan.layout.model import layout_park


def grid():
    cells = [
        shapely.box(x * 100, y * 100, x * 100 + 100, y * 100 + 100)
        for y in range(3)
        for x in range(3)
    ]
    return gpd.GeoDataFrame(
        {"tier": ["starting"] * 9, "area_km2": [0.01] * 9}, geometry=cells, crs="EPSG:4547"
    )


PLAN = pd.DataFrame({"cluster_id": ["A", "B"], "tier": ["starting"] * 2, "land_km2": [0.03, 0.03]})


def test_each_industry_gets_its_land_on_distinct_parcels():
    result = layout_park(grid(), PLAN, gap=0.0)
    assert result.status == "optimal" and result.gap == pytest.approx(0, abs=1e-9)
    counts = pd.Series(result.assignment).value_counts()
    assert counts.to_dict() == {"A": 3, "B": 3}  # 0.03 km² each, one industry per parcel


def test_the_boundary_penalty_makes_each_industry_one_compact_block():
    # Any three edge-connected cells expose 8 cell sides (0.8 km); two such blocks: 1.6 km.
    result = layout_park(grid(), PLAN, partners=0.0, gap=0.0)
    assert result.objective == pytest.approx(1.6)


def test_chain_partners_are_drawn_side_by_side():
    # Two rows of three share three sides (0.3 km), counted from each side: 1.6 − 0.5·0.3·2.
    result = layout_park(grid(), PLAN, [("A", "B", 1.0)], partners=0.5, gap=0.0)
    assert result.objective == pytest.approx(1.3)
