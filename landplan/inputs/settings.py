"""The scenario's sections that stand on their own (no data, no geometry): the one thing the
command line needs of a scenario's schema, so that ``landplan --help`` stays quick."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, model_validator

from landplan.limits import MAX_NODE_LIMIT
from landplan.solving.options import SolverOptions
from landplan.vocabulary import DEFAULT_CELL_HA, DEFAULT_CELL_SHAPE, CellShape

#: Settings changed section by section, e.g. ``{"solver": {"gap": 0.001}}``.
Changes = Mapping[str, Mapping[str, Any]]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


def _file_name(value: str) -> str:
    if "\x00" in value or not value.strip():
        raise ValueError("a file name: not empty, and no NUL character")
    return value


#: A path to an input file, relative to the scenario file.
FileName = Annotated[str, AfterValidator(_file_name), Field(max_length=4096)]


class LayoutSettings(Strict):
    """Laying each park's land out on parcels after the park-level plan (``landplan.layout``):
    whether a run does it, the parcels (a planner's file, else a grid), the weights of exposed
    block edge and of edge shared with chain partners, whether each industry must be one block,
    and the limits of the search."""

    enabled: bool = Field(default=False, description="Lay out in every run of this scenario.")
    parcels: FileName | None = Field(
        default=None,
        description="A parcel layer (GeoPackage, GeoJSON, Shapefile) instead of a grid.",
        json_schema_extra={"format": "path"},
    )
    cell_ha: Annotated[float, Field(ge=0.25, le=100, allow_inf_nan=False)] = Field(
        default=DEFAULT_CELL_HA, description="Grid cell size in hectares."
    )
    cell_shape: CellShape = Field(
        default=DEFAULT_CELL_SHAPE, description="Grid cells: square or hexagon."
    )
    boundary_weight: Annotated[float, Field(gt=0, le=100, allow_inf_nan=False)] = Field(
        default=1.0, description="Weight of a km of exposed block edge."
    )
    partner_weight: Annotated[float, Field(ge=0, le=100, allow_inf_nan=False)] = Field(
        default=1.0,
        description="Weight of a km of edge shared with a chain partner (× the link's strength); "
        "below twice the boundary weight.",
    )
    contiguity: bool = Field(
        default=False,
        description="Each industry in one block per group of touching tiers of a park (one that "
        "cannot be is laid out in blocks and named, with why).",
    )
    gap: Annotated[float, Field(ge=0, le=1)] = Field(
        default=0.01, description="Relative gap each park's layout should reach."
    )
    node_limit: Annotated[int, Field(ge=0, le=MAX_NODE_LIMIT)] = Field(
        default=100, description="Branch-and-bound nodes of a park's search."
    )
    time_limit: Annotated[float, Field(gt=0, allow_inf_nan=False)] = Field(
        default=60.0, description="Seconds a park's search may take: a safety net."
    )
    max_parcels: Annotated[int, Field(ge=1)] = Field(
        default=5000,
        description="A park of more parcels is refused before anything is solved (its layout "
        "would take long); raise it to lay such parks out anyway.",
    )

    def search_options(self, solver: SolverOptions) -> SolverOptions:
        """How a park's layout is searched: the scenario's ``solver`` with this section's gap,
        node limit and time limit."""
        return solver.with_changes(
            gap=self.gap, node_limit=self.node_limit, time_limit=self.time_limit
        )

    @model_validator(mode="after")
    def _partners_below_boundary(self) -> LayoutSettings:
        if self.partner_weight >= 2 * self.boundary_weight:
            raise ValueError(
                f"partner_weight ({self.partner_weight:g}) must stay below twice the "
                f"boundary_weight ({self.boundary_weight:g}): an edge between partners counts "
                "as boundary on both sides, and a larger bonus would pay industries to spread "
                "into thin interleaved strips"
            )
        return self


def _listed(value: Any) -> Any:
    """A list, or the same written as text with commas (``suitability,balance``: the command
    line's form)."""
    if isinstance(value, str):
        return [part.strip() for part in value.split(",") if part.strip()]
    return value


def _mapped(value: Any) -> Any:
    """A mapping, or the same written as ``name=value,name=value`` (the command line's form)."""
    if not isinstance(value, str):
        return value
    found: dict[str, str] = {}
    for part in filter(None, (p.strip() for p in value.split(","))):
        key, sign, number = part.partition("=")
        if not sign:
            raise ValueError(f"'{part}' needs a value, as name=value")
        found[key.strip()] = number.strip()
    return found


#: An objective's name (checked against the problem's objectives where the problem is known).
ObjectiveName = Annotated[str, Field(min_length=1, max_length=40)]
#: A value of an objective, in its units.
ObjectiveValue = Annotated[float, Field(ge=-1e6, le=1e6, allow_inf_nan=False)]
ObjectiveNames = Annotated[list[ObjectiveName], BeforeValidator(_listed)]
ObjectiveValues = Annotated[dict[ObjectiveName, ObjectiveValue], BeforeValidator(_mapped)]


class TradeoffPlan(Strict):
    """One point of a trade-off kept as this scenario's plan: ``maximise`` an objective with
    ``bounds`` on others (at least that much of one to be large, at most of one to be small),
    or the ``weights``' sum, or the plan nearest a ``reference`` point. A run of the scenario
    then solves this point instead of the weighted score."""

    maximise: ObjectiveName | None = Field(default=None, description="The objective maximised.")
    bounds: ObjectiveValues = Field(default={}, description="Bounds on other objectives.")
    weights: Annotated[
        dict[ObjectiveName, Annotated[float, Field(ge=0, le=1e6, allow_inf_nan=False)]],
        BeforeValidator(_mapped),
    ] = Field(
        default={}, description="Weights of a weighted sum of objectives (each of its scale)."
    )
    reference: ObjectiveValues = Field(default={}, description="A reference point's values.")

    @model_validator(mode="after")
    def _one_way(self) -> TradeoffPlan:
        ways = [bool(self.maximise), bool(self.weights), bool(self.reference)]
        if sum(ways) != 1:
            raise ValueError("give one of maximise (with bounds), weights or reference")
        if self.bounds and not self.maximise:
            raise ValueError("bounds go with maximise")
        return self


class TradeoffSettings(Strict):
    """A trade-off between objectives (``landplan tradeoff``; :mod:`landplan.tradeoff`): which,
    how it is built, and how many points; ``plan`` keeps one point as this scenario's plan."""

    objectives: Annotated[ObjectiveNames, Field(min_length=2, max_length=6)] = Field(
        default=["suitability", "balance"],
        description="The objectives traded off, the first maximised at each point: "
        "suitability, demand_<year>, chain, balance, sites.",
    )
    method: Literal["epsilon", "hierarchical", "reference", "weights"] = Field(
        default="epsilon",
        description="epsilon: a front (2 objectives) or a grid (3); hierarchical: each "
        "objective in turn; reference: the plan nearest a reference point; weights: a weight "
        "sweep (to compare).",
    )
    points: Annotated[int, Field(ge=2, le=50)] = Field(
        default=12,
        description="Points of a front, ends included (a grid of 3 objectives: levels of each "
        "bounded objective).",
    )
    tolerances: Annotated[
        list[Annotated[float, Field(ge=0, le=1, allow_inf_nan=False)]],
        BeforeValidator(_listed),
        Field(max_length=5),
    ] = Field(
        default=[],
        description="hierarchical: how much of each objective (a share of its value) may be "
        "given up for the next; none: nothing.",
    )
    reference: ObjectiveValues = Field(
        default={}, description="reference: the value aimed at on each objective, its units."
    )
    plan: TradeoffPlan | None = Field(
        default=None, description="Keep one point as this scenario's plan."
    )
