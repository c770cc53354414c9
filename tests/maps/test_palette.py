"""The map's industry colours can be told apart: no two closer than CIEDE2000 12 (the earlier
palette had two yellows 4.4 apart, and new energy and UHD display both orange), and none lost
against the land, the sea or a tier with no land."""

from __future__ import annotations

from itertools import combinations

from coloraide import Color

from landplan.maps.options import CHANGE_COLOUR, LAND, PALETTE, SEA, UNUSED, cluster_colours


def difference(a: str, b: str) -> float:
    return Color(a).delta_e(Color(b), method="2000")


def test_no_two_industry_colours_are_alike():
    closest = min(difference(a, b) for a, b in combinations(PALETTE, 2))
    assert closest >= 12, closest


def test_every_industry_colour_stands_out_from_land_sea_and_empty_tiers():
    assert min(difference(c, ground) for c in PALETTE for ground in (LAND, SEA, UNUSED)) >= 10


def test_the_28_industries_each_get_their_own_colour():
    ids = [f"cluster_{i}" for i in range(28)]
    assert len(set(cluster_colours(ids).values())) == 28 == len(PALETTE)


def test_what_changed_between_runs_is_marked_in_no_industry_colour():
    assert min(difference(CHANGE_COLOUR, c) for c in PALETTE) >= 20
