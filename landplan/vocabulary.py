"""The words and types every plan shares: name statuses, land figures, lists in a cell.

A plan's own words (its districts, tiers, horizons, area CRS, kinds) are its plan pack's
(:mod:`landplan.inputs.pack`).
"""

from __future__ import annotations

import math
import re
from collections.abc import Collection, Iterable
from typing import Annotated, Any, Literal

from pydantic import Field

from landplan.errors import did_you_mean
from landplan.i18n import N_


def is_missing(value: object) -> bool:
    """Whether a figure is not there: None, or NaN (how pandas holds a missing number)."""
    return value is None or (isinstance(value, float) and math.isnan(value))


def land_column(cluster: str) -> str:
    """The column of a run's tier layer holding ``cluster``'s land, km²."""
    return f"land_{cluster}"


def demand_column(horizon: int) -> str:
    """The catalogue column holding cumulative demand by ``horizon``, km²."""
    return f"demand_{horizon}_km2"


def shortfall_column(horizon: int) -> str:
    """The column (and KPI) holding demand not met by ``horizon``, km²."""
    return f"shortfall_{horizon}_km2"


def demand_horizons(columns: Iterable[object], what: str = "demand") -> tuple[int, ...]:
    """The horizons a table states ``what`` by (its ``<what>_<year>_km2`` columns or keys),
    ascending."""
    found = (re.fullmatch(rf"{what}_(\d+)_km2", str(column)) for column in columns)
    return tuple(sorted({int(match.group(1)) for match in found if match}))


NameStatus = Literal["official", "inferred", "working"]
#: What a park's name status tells a planner (a text of the catalog, said where it is shown).
NAME_STATUS_WORDS: dict[str, str] = {
    "official": N_("official name, from the plan's sources"),
    "inferred": N_("name inferred from a related plan"),
    "working": N_(
        "working name: the sources do not identify this district's park; a likely industrial "
        "area stands in for it"
    ),
}


def written_ratio(value: Any) -> Any:
    """A ratio as a planner writes it, 0.25 or "1/3", as a number (anything else as given, for
    the schema to refuse in its words)."""
    if isinstance(value, str) and "/" in value:
        top, _, bottom = value.partition("/")
        try:
            return float(top) / float(bottom)
        except (ValueError, ZeroDivisionError):
            return value
    return value


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


#: Land in km²: finite, not negative, and below a bound no city's plan reaches (a large city is a
#: few thousand km²), so a figure in the wrong unit is refused instead of overflowing a solver.
MAX_KM2 = 100_000.0
Km2 = Annotated[float, Field(ge=0, le=MAX_KM2, allow_inf_nan=False)]
#: A factor on demand, or an objective weight: finite, not negative, at most a million.
Factor = Annotated[float, Field(ge=0, le=1e6, allow_inf_nan=False)]

#: Parcels of the default layout grid (landplan.inputs.parcels): cells of 4 ha (a 200 m square,
#: an ordinary industrial block), square or hexagonal.
CellShape = Literal["square", "hexagon"]
DEFAULT_CELL_HA = 4.0
DEFAULT_CELL_SHAPE: CellShape = "square"
