"""Each industry's suitability in every park, ranked, as a layer: ``<out>/<scenario>-suitability/``
holds ``suitability.gpkg`` (layer ``suitability``, one feature a park and industry, styled for
QGIS by score) and ``suitability.csv`` (the same without geometry).

Columns: ``cluster_id``, ``cluster_name_en``, ``cluster_name_zh``, ``rank`` (1: the park best
suited to the industry; equal scores ranked by park id), ``score``, ``park_id``,
``park_name_en``, ``park_name_zh``, ``name_status``, ``district``, ``industrial_land_km2`` (the park's, all tiers),
``geometry_status`` (schematic where the geometry is), and each criterion's ``<criterion>_value``
(0–1) and ``<criterion>_contribution`` (value × weight, summing to the score).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import geopandas as gpd

from landplan.assembly import Inputs
from landplan.atomic import write_folder_atomically
from landplan.errors import InputError, did_you_mean
from landplan.outputs.styles import SCORE_COLOURS, graduated, store_style

SUITABILITY_GPKG = "suitability.gpkg"
SUITABILITY_CSV = "suitability.csv"
SUITABILITY_LAYER = "suitability"
SUITABILITY_FILES = (SUITABILITY_GPKG, SUITABILITY_CSV)
#: The layer's columns before the criteria's.
LEAD_COLUMNS = [
    "cluster_id",
    "cluster_name_en",
    "cluster_name_zh",
    "rank",
    "score",
    "park_id",
    "park_name_en",
    "park_name_zh",
    "name_status",
    "district",
    "industrial_land_km2",
    "geometry_status",
]


def suitability_folder(out: str | Path, scenario: str) -> Path:
    """Where the ranked suitability of ``scenario`` is written."""
    return Path(out) / f"{scenario}-suitability"


def ranked_parks(inputs: Inputs, industries: Sequence[str] = ()) -> gpd.GeoDataFrame:
    """Every park for each of ``industries`` (all of the catalogue's if none), best first, with
    its score and each criterion's part in it (see the module's docstring), in WGS-84."""
    clusters = inputs.problem.clusters
    for industry in industries:
        if industry not in clusters.index:
            raise InputError(
                "--industry",
                f"unknown industry '{industry}'{did_you_mean(industry, clusters.index)}",
            )
    chosen = list(dict.fromkeys(industries)) or list(clusters.index)
    suitability = inputs.suitability
    values = suitability.values.loc[chosen, list(suitability.weights)]
    table = suitability.scores.loc[chosen].stack().rename("score").to_frame()
    for criterion, weight in suitability.weights.items():
        table[f"{criterion}_value"] = values[criterion]
        table[f"{criterion}_contribution"] = values[criterion] * weight
    table = table.reset_index()
    table["order"] = table["cluster_id"].map({c: n for n, c in enumerate(chosen)})
    table = table.sort_values(["order", "score", "park_id"], ascending=[True, False, True])
    table["rank"] = table.groupby("order").cumcount() + 1
    tiers = inputs.parks
    parks = tiers.dissolve("park_id", aggfunc="first")
    parks["industrial_land_km2"] = tiers.groupby("park_id")["industrial_land_km2"].sum()
    parks = parks.rename(columns={"name_en": "park_name_en", "name_zh": "park_name_zh"})
    layer = table.join(parks, on="park_id")
    for language in ("en", "zh"):
        layer[f"cluster_name_{language}"] = layer["cluster_id"].map(clusters[f"name_{language}"])
    criteria = [c for c in table.columns if c.endswith(("_value", "_contribution"))]
    columns = [*LEAD_COLUMNS, *criteria, "geometry"]
    return gpd.GeoDataFrame(layer[columns], crs=tiers.crs).reset_index(drop=True)


def write_suitability(layer: gpd.GeoDataFrame, folder: Path) -> Path:
    """Write ``folder`` (see the module's docstring) all at once."""

    def write(tmp: Path) -> None:
        layer.drop(columns="geometry").to_csv(
            tmp / SUITABILITY_CSV, index=False, float_format="%.6g"
        )
        gpkg = tmp / SUITABILITY_GPKG
        layer.to_file(gpkg, layer=SUITABILITY_LAYER, driver="GPKG")
        low, high = float(layer["score"].min()), float(layer["score"].max())
        step = (high - low) / len(SCORE_COLOURS) or 1.0
        breaks = [low + k * step for k in range(len(SCORE_COLOURS) + 1)]
        store_style(
            gpkg, SUITABILITY_LAYER, graduated("score", breaks), "landplan: suitability by score"
        )

    write_folder_atomically(folder, write, SUITABILITY_FILES)
    return folder
