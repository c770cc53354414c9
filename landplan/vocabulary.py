"""The fixed words of the plan: districts, policy areas, tiers, horizons.

English district names are the keys every layer and table uses; Chinese names are for display.
"""

from __future__ import annotations

import math
from collections.abc import Collection
from typing import Annotated, Literal

from pydantic import Field

from landplan.errors import did_you_mean

#: Shenzhen's districts plus Dapeng New Area and the Shenzhen–Shanwei (Shenshan) Special
#: Cooperation Zone, which the policy names like districts.
DISTRICTS: dict[str, str] = {
    "Futian": "福田区",
    "Luohu": "罗湖区",
    "Nanshan": "南山区",
    "Yantian": "盐田区",
    "Bao'an": "宝安区",
    "Longgang": "龙岗区",
    "Longhua": "龙华区",
    "Pingshan": "坪山区",
    "Guangming": "光明区",
    "Dapeng": "大鹏新区",
    "Shenshan": "深汕特别合作区",
}

#: Places the policy names when it endorses a cluster: the districts, plus Qianhai (the Qianhai
#: Shenzhen–Hong Kong cooperation zone, whose extension covers Bao'an's Fuhai–Shajing park).
POLICY_AREAS: dict[str, str] = {**DISTRICTS, "Qianhai": "前海"}

Tier = Literal["starting", "expansion", "reserve"]
TIERS: tuple[str, ...] = ("starting", "expansion", "reserve")
TIER_ZH: dict[str, str] = {"starting": "启动区", "expansion": "拓展区", "reserve": "储备区"}


def is_missing(value: object) -> bool:
    """Whether a figure is not there: None, or NaN (how pandas holds a missing number)."""
    return value is None or (isinstance(value, float) and math.isnan(value))


def land_column(cluster: str) -> str:
    """The column of a run's tier layer holding ``cluster``'s land, km²."""
    return f"land_{cluster}"


#: Planning horizons; a tier's land is available from its release year on.
HORIZONS: tuple[int, ...] = (2025, 2030, 2035)
DEFAULT_RELEASE_BY: dict[str, int] = {"starting": 2025, "expansion": 2030, "reserve": 2035}

NameStatus = Literal["official", "inferred", "working"]
#: What a park's name status tells a planner (English, Chinese).
NAME_STATUS_WORDS: dict[str, tuple[str, str]] = {
    "official": ("official name, from the plan's sources", "官方名称，见规划来源"),
    "inferred": ("name inferred from a related plan", "据相关规划推断的名称"),
    "working": (
        "working name: the sources do not identify this district's park; a likely industrial "
        "area stands in for it",
        "暂用名：来源未明确该区园区，暂以可能的产业片区代替",
    ),
}

#: Areas are measured in CGCS2000 3-degree Gauss–Krüger, central meridian 114°E: Shenzhen and
#: Shenshan lie within 1.2° of it, so area distortion stays below 0.03 %.
AREA_CRS = "EPSG:4547"

#: Kinds of infrastructure a cluster may need to be near (``access_needs`` in the catalogue).
ACCESS_KINDS: tuple[str, ...] = ("airport", "port", "hsr", "innovation_core")

ClusterKind = Literal["strategic", "future"]


def split_list(value: str) -> tuple[str, ...]:
    """Parse a ";"-separated cell into its items."""
    return tuple(part.strip() for part in value.split(";") if part.strip())


def check_known(value: str, vocabulary: Collection[str], what: str) -> str:
    """Return ``value`` if it is in ``vocabulary``; else raise ValueError with a suggestion.

    A ";"-separated value is checked item by item.
    """
    for item in split_list(value):
        if item not in vocabulary:
            raise ValueError(f"unknown {what} '{item}'{did_you_mean(item, vocabulary)}")
    return value


#: Land in km²: finite, not negative, and below a bound no city reaches (Shenzhen with Shenshan
#: is about 2,500 km²), so a figure in the wrong unit is refused instead of overflowing a solver.
MAX_KM2 = 100_000.0
Km2 = Annotated[float, Field(ge=0, le=MAX_KM2, allow_inf_nan=False)]
#: A factor on demand, or an objective weight: finite, not negative, at most a million.
Factor = Annotated[float, Field(ge=0, le=1e6, allow_inf_nan=False)]

#: Parcels of the default layout grid (landplan.inputs.parcels): cells of 4 ha (a 200 m square,
#: an ordinary industrial block), square or hexagonal.
CellShape = Literal["square", "hexagon"]
DEFAULT_CELL_HA = 4.0
DEFAULT_CELL_SHAPE: CellShape = "square"
