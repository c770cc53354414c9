"""The scenario's sections that stand on their own (no data, no geometry): the one thing the
command line needs of a scenario's schema, so that ``landplan --help`` stays quick."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

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
    node_limit: Annotated[int, Field(ge=0)] = Field(
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
