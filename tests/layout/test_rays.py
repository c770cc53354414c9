"""The rays' least boundary of land in rings: never above any set of parcels' boundary (random
parcels, hypothesis), sharp for an arc of a thin ring, and nothing where a parcel holds the
centre."""

from __future__ import annotations

import math

import numpy as np
import pytest
import shapely
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from landplan.layout.rays import least_ray_boundary, polar

#: A ring 1 to 1.1 km from the origin in 72 sectors, as metres.
SECTORS = 72
RING = np.array(
    [
        shapely.Polygon(
            [
                (r * 1000 * math.cos(a), r * 1000 * math.sin(a))
                for r, a in [(1.0, k * 2 * math.pi / SECTORS)]
                + [(1.1, (k + s / 8) * 2 * math.pi / SECTORS) for s in range(9)]
                + [(1.0, (k + 1 - s / 8) * 2 * math.pi / SECTORS) for s in range(8)]
            ]
        )
        for k in range(SECTORS)
    ]
)


def test_an_arc_of_a_thin_ring_is_bounded_by_its_length_not_its_area():
    rays = polar(RING, (0.0, 0.0))
    area = shapely.area(RING) / 1e6
    tier = np.array(["reserve"] * SECTORS)
    arc = shapely.union_all(RING[:12])  # a sixth of the ring
    need = float(area[:12].sum())
    bound = least_ray_boundary(rays, area, tier, {"reserve": need})
    assert bound <= arc.length / 1000 + 1e-9
    assert bound >= 0.85 * arc.length / 1000  # all but the arc's two ends (0.2 of 2.5 km)
    assert bound > 1.7 * 2 * math.sqrt(math.pi * need)  # a disc's bound is far below


def test_a_parcel_holding_the_centre_leaves_nothing_to_bound():
    centre = shapely.box(-50, -50, 50, 50)
    geoms = np.append(RING, centre)
    rays = polar(geoms, (0.0, 0.0))
    assert rays[-1, 1] - rays[-1, 0] == pytest.approx(2 * math.pi) and rays[-1, 2] == 0
    area = shapely.area(geoms) / 1e6
    tier = np.array(["reserve"] * SECTORS + ["starting"])
    assert least_ray_boundary(rays, area, tier, {"reserve": 0.1, "starting": 0.0}) == 0.0


def _voronoi(seed: int, count: int) -> np.ndarray:
    points = np.random.default_rng(seed).uniform(-2000, 2000, size=(count, 2))
    cells = shapely.get_parts(shapely.voronoi_polygons(shapely.multipoints(points)))
    square = shapely.box(-2000, -2000, 2000, 2000)
    hole = shapely.Point(0, 0).buffer(600)
    return np.array([shapely.difference(shapely.intersection(c, square), hole) for c in cells])


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, 10**6), st.data())
def test_no_set_of_parcels_has_less_boundary_than_the_rays_bound(seed, data):
    geoms = _voronoi(seed, 60)
    geoms = geoms[~shapely.is_empty(geoms) & (shapely.area(geoms) > 1)]
    tier = np.where(np.arange(len(geoms)) % 3 == 0, "expansion", "reserve")
    chosen = data.draw(st.lists(st.integers(0, len(geoms) - 1), min_size=1, unique=True))
    area = shapely.area(geoms) / 1e6
    needs = {t: float(area[chosen][tier[chosen] == t].sum()) for t in ("expansion", "reserve")}
    bound = least_ray_boundary(polar(geoms, (0.0, 0.0)), area, tier, needs)
    boundary = shapely.union_all(geoms[chosen]).length / 1000
    assert bound <= boundary + 1e-9
