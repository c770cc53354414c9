"""The cluster catalogue: the 28 industries to place, their land demand, and their chain links.

``data/clusters.csv`` has one row per industry (20 strategic emerging clusters, 8 future
industries); ``data/chain_links.csv`` lists pairs of clusters linked along an industrial chain.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

import pandas as pd
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from landplan.errors import InputError, did_you_mean
from landplan.inputs.bundled import data_path
from landplan.inputs.records import require_columns, validate_rows
from landplan.inputs.tables import csv_line, read_csv
from landplan.vocabulary import (
    ACCESS_KINDS,
    HORIZONS,
    POLICY_AREAS,
    ClusterKind,
    Km2,
    check_known,
    split_list,
)

DEMAND_COLUMNS: tuple[str, ...] = tuple(f"demand_{h}_km2" for h in HORIZONS)


class ClusterRecord(BaseModel):
    """One industry of the catalogue. Demand is cumulative land (km²) needed by each horizon."""

    model_config = ConfigDict(extra="ignore", str_strip_whitespace=True)

    cluster_id: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")]
    name_en: Annotated[str, Field(min_length=1)]
    name_zh: str = ""
    kind: ClusterKind
    policy_ref: str = ""
    policy_districts: str = ""
    policy_districts_text: str = ""
    demand_2025_km2: Km2
    demand_2030_km2: Km2
    demand_2035_km2: Km2
    min_footprint_km2: Km2
    access_needs: str = ""
    note: str = ""

    @field_validator("policy_districts")
    @classmethod
    def _areas(cls, value: str) -> str:
        return check_known(value, POLICY_AREAS, "district")

    @field_validator("access_needs")
    @classmethod
    def _access(cls, value: str) -> str:
        return check_known(value, ACCESS_KINDS, "access kind")

    @model_validator(mode="after")
    def _consistent(self) -> ClusterRecord:
        demands = [getattr(self, c) for c in DEMAND_COLUMNS]
        if any(later < earlier for earlier, later in zip(demands, demands[1:], strict=False)):
            raise ValueError(f"demand must not fall over the horizons (got {demands})")
        if self.min_footprint_km2 > self.demand_2035_km2 > 0:
            raise ValueError(
                f"minimum footprint {self.min_footprint_km2:g} km² exceeds the 2035 demand "
                f"{self.demand_2035_km2:g} km²"
            )
        return self


class LinkRecord(BaseModel):
    """An industrial-chain link between two clusters, with the policy passage behind it."""

    model_config = ConfigDict(extra="ignore", str_strip_whitespace=True)

    cluster_a: Annotated[str, Field(min_length=1)]
    cluster_b: Annotated[str, Field(min_length=1)]
    strength: Annotated[float, Field(gt=0, le=1, allow_inf_nan=False)] = 1.0
    basis: str = ""
    basis_ref: str = ""


@dataclass(frozen=True)
class Catalog:
    """The industries to place and the chain links between them.

    Attributes
    ----------
    clusters
        One row per cluster, indexed by ``cluster_id``; ``endorsed_in`` holds the parsed
        ``policy_districts`` and ``needs`` the parsed ``access_needs`` (tuples).
    links
        One row per undirected link: ``cluster_a``, ``cluster_b``, ``strength``, ``basis``.
    """

    clusters: pd.DataFrame
    links: pd.DataFrame

    @property
    def ids(self) -> list[str]:
        return list(self.clusters.index)

    def demand(self, horizon: int) -> pd.Series:
        """Cumulative land demand (km²) of each cluster by ``horizon``."""
        return self.clusters[f"demand_{horizon}_km2"]


def load_catalog(path: str | Path | None = None, links_path: str | Path | None = None) -> Catalog:
    """Load and validate the catalogue.

    ``path`` is a clusters CSV (bundled ``data/clusters.csv`` by default). The chain links are
    read from ``links_path``, or else from ``chain_links.csv`` beside the clusters file if there
    is one; without either, the catalogue has no links.
    """
    path = Path(path) if path is not None else data_path("clusters.csv")
    clusters = _load_clusters(path)
    if links_path is None and (path.parent / "chain_links.csv").exists():
        links_path = path.parent / "chain_links.csv"
    links = (
        _load_links(Path(links_path), set(clusters.index))
        if links_path is not None
        else pd.DataFrame(columns=list(LinkRecord.model_fields))
    )
    return Catalog(clusters=clusters, links=links)


def _load_clusters(path: Path) -> pd.DataFrame:
    table = read_csv(path)
    require_columns(
        table.columns, ["cluster_id", "name_en", "kind", *DEMAND_COLUMNS, "min_footprint_km2"], path
    )
    records = validate_rows(
        table, ClusterRecord, path, lambda i, row: f"{csv_line(i)} ({row['cluster_id']})"
    )
    clusters = pd.DataFrame([r.model_dump() for r in records])
    duplicated = clusters.duplicated("cluster_id")
    if duplicated.any():
        position = int(duplicated.to_numpy().nonzero()[0][0])
        raise InputError(
            path,
            f"cluster id '{clusters['cluster_id'].iloc[position]}' appears more than once",
            where=csv_line(position),
            field="cluster_id",
        )
    clusters["endorsed_in"] = clusters["policy_districts"].map(split_list)
    clusters["needs"] = clusters["access_needs"].map(split_list)
    return clusters.set_index("cluster_id")


def _load_links(path: Path, known: set[str]) -> pd.DataFrame:
    table = read_csv(path)
    require_columns(table.columns, ["cluster_a", "cluster_b"], path)
    records = validate_rows(
        table,
        LinkRecord,
        path,
        lambda i, row: f"{csv_line(i)} ({row['cluster_a']}–{row['cluster_b']})",
    )
    seen: set[frozenset[str]] = set()
    for position, record in enumerate(records):
        where = f"{csv_line(position)} ({record.cluster_a}–{record.cluster_b})"
        for field in ("cluster_a", "cluster_b"):
            cluster = getattr(record, field)
            if cluster not in known:
                raise InputError(
                    path,
                    f"unknown cluster '{cluster}'{did_you_mean(cluster, known)}",
                    where=where,
                    field=field,
                )
        pair = frozenset((record.cluster_a, record.cluster_b))
        if len(pair) == 1:
            raise InputError(
                path, "a cluster cannot link to itself", where=where, field="cluster_b"
            )
        if pair in seen:
            raise InputError(
                path, "this pair is listed more than once", where=where, field="cluster_b"
            )
        seen.add(pair)
    return pd.DataFrame([r.model_dump() for r in records], columns=list(LinkRecord.model_fields))
