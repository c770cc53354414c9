"""The existing industrial base: what industries are already established in or around each
park, each with its strength, the level of place its source speaks of, the source and its date
(a plan pack's ``existing_base`` file; the bundled one is ``data/existing_base.csv``).

The criterion ``existing_base`` reads it. For industry ``c`` and park ``p``,

    base[c, p] = max over the rows r naming c and p of  strength[r] × level[r]

(0 where no row names them), with STRENGTH anchor 1 (a named firm's site), cluster 0.8 (a
source calls the industry a cluster or base there), present 0.5 (named as present), and
LEVEL park 1 and subdistrict 1 (the source speaks of the park, or of the subdistrict it lies
in), zone 0.5 (a wider zone holding several places: a master plan's zones, a whole special zone). What a whole district hosts is not evidence of this kind: the policy's
endorsement carries it, and rows at that level are refused. No row means no base on record,
not that none exists: where the sources are silent a park scores 0 on this criterion.
"""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path
from typing import Annotated, Literal

import pandas as pd
from pydantic import BaseModel, ConfigDict, Field

from landplan.errors import InputError, did_you_mean
from landplan.inputs.records import require_columns, validate_rows
from landplan.inputs.tables import read_csv, refuse_repeated
from landplan.optimisation.evaluate import LAND_EPSILON

#: What a row's strength and level are worth (see the module's docstring).
STRENGTH = {"anchor": 1.0, "cluster": 0.8, "present": 0.5}
LEVEL = {"park": 1.0, "subdistrict": 1.0, "zone": 0.5}
COLUMNS = ["park_id", "level", "place", "cluster_id", "strength", "source", "source_date"]


class EvidenceRecord(BaseModel):
    """One row of evidence: an industry established in or around a park."""

    model_config = ConfigDict(extra="ignore", str_strip_whitespace=True)

    park_id: Annotated[str, Field(min_length=1)]
    level: Literal["park", "subdistrict", "zone"]
    place: Annotated[str, Field(min_length=1)]
    cluster_id: Annotated[str, Field(min_length=1)]
    strength: Literal["anchor", "cluster", "present"]
    source: Annotated[str, Field(min_length=1)]
    source_date: Annotated[str, Field(min_length=1)]
    note: str = ""


def load_existing_base(
    path: str | Path, parks: Collection[str], clusters: Collection[str], own: bool = True
) -> pd.DataFrame | None:
    """The evidence in ``path`` (COLUMNS and ``note``), each row naming one of ``parks`` and
    ``clusters``; an InputError naming the file, row and field otherwise. A plan pack's file
    (not the scenario's ``own``) speaks of the pack's parks and industries: with a park layer
    or a catalogue of others, its rows for parks or industries they do not have are left out,
    and None if none is left (no evidence, no criterion)."""
    table = read_csv(path)
    require_columns(table.columns, COLUMNS, path)
    records = validate_rows(
        table, EvidenceRecord, path, lambda i, row: f"row {i + 2} ({row['park_id']})"
    )
    evidence = pd.DataFrame([r.model_dump() for r in records], columns=[*COLUMNS, "note"])
    if not own:
        known = evidence["park_id"].isin(list(parks)) & evidence["cluster_id"].isin(list(clusters))
        evidence = evidence[known].reset_index(drop=True)
        if evidence.empty:
            return None
    for column, known in (("park_id", parks), ("cluster_id", clusters)):
        for position, value in enumerate(evidence[column]):
            if value not in known:
                raise InputError(
                    path,
                    f"unknown {column.removesuffix('_id')} '{value}'{did_you_mean(value, known)}",
                    where=f"row {position + 2}",
                    field=column,
                )
    refuse_repeated(
        evidence, ["park_id", "level", "place", "cluster_id", "source"], path,
        lambda position: f"row {position + 2}",
    )  # fmt: skip
    return evidence


def existing_base(evidence: pd.DataFrame, clusters: list[str], parks: list[str]) -> pd.DataFrame:
    """The criterion: a cluster × park matrix in [0, 1] (see the module's docstring)."""
    worth = evidence["strength"].map(STRENGTH) * evidence["level"].map(LEVEL)
    best = worth.groupby([evidence["cluster_id"], evidence["park_id"]]).max()
    matrix = best.unstack("park_id") if len(best) else pd.DataFrame()
    return matrix.reindex(index=clusters, columns=parks).fillna(0.0).astype(float)


def evidence_behind(allocation: pd.DataFrame, evidence: pd.DataFrame) -> pd.DataFrame:
    """Each industry with land in a park in ``allocation`` (``park_id``, ``cluster_id``,
    ``land_km2``) and each row of ``evidence`` of a base of it there, strongest first; an
    industry with none on record keeps one row with the evidence columns empty. Parks in id
    order, industries by land."""
    land = allocation.groupby(["park_id", "cluster_id"], as_index=False)["land_km2"].sum()
    land = land[land["land_km2"] > LAND_EPSILON]
    rows = land.merge(evidence[COLUMNS], how="left", on=["park_id", "cluster_id"])
    rows["worth"] = (rows["strength"].map(STRENGTH) * rows["level"].map(LEVEL)).fillna(0.0)
    rows = rows.sort_values(
        ["park_id", "land_km2", "cluster_id", "worth", "source"],
        ascending=[True, False, True, False, True],
        kind="stable",
    )
    return rows.drop(columns="worth").reset_index(drop=True)
