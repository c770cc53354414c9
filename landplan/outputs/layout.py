"""A run's parcel layout on disk: ``layout.csv`` and the ``parcels`` layer of ``results.gpkg``,
styled for QGIS.

- ``layout.csv``: one row per park and industry (:data:`~landplan.layout.measures.LAYOUT_COLUMNS`):
  land planned and laid out, parcels, blocks, exposed boundary and the least it could be,
  perimeter-to-area ratio, edge shared with chain partners, and the park's status and gap;
- ``results.gpkg``, layer ``parcels``: every parcel with its industry (empty where none), block,
  tier, release year, area and ``geometry_status`` (a schematic grid, or the planner's file);
  its QGIS style (one colour per industry, as on the map) is stored in the GeoPackage's
  ``layer_styles`` table, which QGIS reads when the layer is opened.
"""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pandas as pd

from landplan.errors import InputError
from landplan.i18n import N_, keep
from landplan.inputs.parcels import GRID_STATUS
from landplan.inputs.tables import read_csv
from landplan.layout.measures import LATER_COLUMNS, LAYOUT_COLUMNS, parcel_table, summary_table
from landplan.layout.plan import PlanLayout
from landplan.outputs.contract import LAYOUT_CSV, PARCELS_LAYER
from landplan.outputs.styles import by_industry, store_style

PARCEL_LAYER_COLUMNS = [
    "parcel_id",
    "park_id",
    "tier",
    "release_by",
    "cluster_id",
    "cluster_name_en",
    "cluster_name_zh",
    "block",
    "area_km2",
    "developable",
    "existing_use",
    "geometry_status",
]


def parcel_layer(
    layout: PlanLayout, tiers: pd.DataFrame, clusters: pd.DataFrame
) -> gpd.GeoDataFrame:
    """The ``parcels`` layer (WGS-84): ``tiers`` gives the release years (``park_id``,
    ``tier``, ``release_by``), ``clusters`` the names (``name_en``, ``name_zh`` by id)."""
    parcels = parcel_table(layout)
    release = tiers.set_index(["park_id", "tier"])["release_by"]
    keys = pd.MultiIndex.from_frame(parcels[["park_id", "tier"]])
    parcels["release_by"] = release.reindex(keys).to_numpy()
    for language in ("en", "zh"):
        parcels[f"cluster_name_{language}"] = (
            parcels["cluster_id"].map(clusters[f"name_{language}"]).fillna("")
        )
    return parcels[[*PARCEL_LAYER_COLUMNS, "geometry"]].to_crs(4326)


def parcel_note(parcels: gpd.GeoDataFrame) -> str:
    """What the parcels' geometry is, for the map (a text kept to be said in its language)."""
    status = str(parcels["geometry_status"].iloc[0]) if len(parcels) else GRID_STATUS
    if status == GRID_STATUS:
        return keep(N_("Parcels: a SCHEMATIC grid over the schematic park tiers"))
    return keep(N_("Parcels: %(status)s; park tiers schematic"), status=status)


def write_layout(
    folder: Path, layout: PlanLayout, parcels: gpd.GeoDataFrame, gpkg: Path, clusters: pd.DataFrame
) -> None:
    """Write ``layout.csv`` into ``folder`` and the ``parcels`` layer (``parcels``, from
    :func:`parcel_layer`) with its QGIS style into the GeoPackage ``gpkg``; ``clusters``: the
    catalogue (``name_en``, ``name_zh`` by id, in its order, which sets the colours)."""
    summary_table(layout).to_csv(folder / LAYOUT_CSV, index=False, float_format="%.6g")
    parcels.to_file(gpkg, layer=PARCELS_LAYER, driver="GPKG", layer_options={"OVERWRITE": "YES"})
    style = by_industry("cluster_id", clusters, set(parcels["cluster_id"]), "no industry / 未布局")
    store_style(gpkg, PARCELS_LAYER, style, "landplan: parcels by industry")


def read_layout_table(folder: str | Path) -> pd.DataFrame:
    """A run folder's ``layout.csv`` (LAYOUT_COLUMNS), checked: a damaged one is an InputError
    naming the file and the field."""
    path = Path(folder) / LAYOUT_CSV
    table = read_csv(path)
    missing = [c for c in LAYOUT_COLUMNS if c not in table.columns and c not in LATER_COLUMNS]
    if missing:
        raise InputError(path, f"not a layout: missing {', '.join(missing)}")
    for column in LATER_COLUMNS:
        table[column] = table[column].fillna("") if column in table else ""
    try:
        table["park_gap"] = pd.to_numeric(table["park_gap"])
    except ValueError:
        raise InputError(path, "a gap must be a number (or empty)", field="park_gap") from None
    return table
