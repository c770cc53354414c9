"""The cluster catalogue: the industries to place, their land demand, and their chain links.

The plan pack's clusters table has one row per industry (the bundled pack: 20 strategic
emerging clusters and 8 future industries), with its kind (one of the pack's cluster kinds) and
its cumulative demand by each of the pack's horizons (``demand_<year>_km2``); its chain links
table lists pairs of clusters linked along an industrial chain.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

import pandas as pd
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationInfo,
    create_model,
    model_validator,
)

from landplan.errors import InputError, did_you_mean
from landplan.inputs.layers import pack_of, pack_words
from landplan.inputs.pack import Pack, load_pack
from landplan.inputs.records import require_columns, validate_rows
from landplan.inputs.tables import csv_line, read_csv
from landplan.vocabulary import Km2, demand_column, split_list


class ClusterFields(BaseModel):
    """One industry of the catalogue, but for its demand by horizon (:func:`cluster_record`
    adds one column per horizon of the pack). Demand is cumulative land (km²) needed by each
    horizon."""

    model_config = ConfigDict(extra="ignore", str_strip_whitespace=True)

    cluster_id: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")]
    name_en: Annotated[str, Field(min_length=1)]
    name_zh: str = ""
    kind: str
    policy_ref: str = ""
    policy_districts: str = ""
    policy_districts_text: str = ""
    min_footprint_km2: Km2
    access_needs: str = ""
    note: str = ""

    _kind = pack_words("kind", lambda pack: pack.cluster_kinds, "cluster kind")
    _areas = pack_words("policy_districts", lambda pack: pack.all_policy_areas, "district")
    _access = pack_words("access_needs", lambda pack: pack.infrastructure, "access kind")

    @model_validator(mode="after")
    def _consistent(self, info: ValidationInfo) -> ClusterFields:
        horizons = pack_of(info).horizons
        demands = [getattr(self, demand_column(h)) for h in horizons]
        if any(later < earlier for earlier, later in zip(demands, demands[1:], strict=False)):
            raise ValueError(f"demand must not fall over the horizons (got {demands})")
        if self.min_footprint_km2 > demands[-1] > 0:
            raise ValueError(
                f"minimum footprint {self.min_footprint_km2:g} km² exceeds the {horizons[-1]} "
                f"demand {demands[-1]:g} km²"
            )
        return self


@functools.cache
def cluster_record(horizons: tuple[int, ...]) -> type[ClusterFields]:
    """The schema of a catalogue row with demand by each of ``horizons``."""
    demand: dict[str, Any] = {demand_column(h): (Km2, ...) for h in horizons}
    return create_model("ClusterRecord", __base__=ClusterFields, __module__=__name__, **demand)


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
    horizons
        The horizons ``clusters`` states demand by (``demand_<year>_km2``), ascending.
    """

    clusters: pd.DataFrame
    links: pd.DataFrame
    horizons: tuple[int, ...]

    @property
    def ids(self) -> list[str]:
        return list(self.clusters.index)

    def demand(self, horizon: int) -> pd.Series:
        """Cumulative land demand (km²) of each cluster by ``horizon``."""
        return self.clusters[demand_column(horizon)]


def load_catalog(
    path: str | Path | None = None,
    links_path: str | Path | None = None,
    pack: Pack | None = None,
) -> Catalog:
    """Load and validate the catalogue of ``pack`` (the bundled pack by default).

    ``path`` is a clusters CSV (the pack's by default). The chain links are read from
    ``links_path``, or else from ``chain_links.csv`` beside the clusters file if there is one;
    without either, the catalogue has no links.
    """
    pack = pack or load_pack()
    path = Path(path) if path is not None else pack.file("clusters")
    clusters = _load_clusters(path, pack)
    if links_path is None and (path.parent / "chain_links.csv").exists():
        links_path = path.parent / "chain_links.csv"
    links = (
        _load_links(Path(links_path), set(clusters.index))
        if links_path is not None
        else pd.DataFrame(columns=list(LinkRecord.model_fields))
    )
    return Catalog(clusters=clusters, links=links, horizons=tuple(pack.horizons))


def _load_clusters(path: Path, pack: Pack) -> pd.DataFrame:
    table = read_csv(path)
    demand = pack.demand_columns
    require_columns(
        table.columns, ["cluster_id", "name_en", "kind", *demand, "min_footprint_km2"], path
    )
    records = validate_rows(
        table,
        cluster_record(tuple(pack.horizons)),
        path,
        lambda i, row: f"{csv_line(i)} ({row['cluster_id']})",
        {"pack": pack},
    )
    columns = list(ClusterFields.model_fields)
    at = columns.index("min_footprint_km2")  # demand before the footprint, as tables list them
    columns[at:at] = demand
    clusters = pd.DataFrame([r.model_dump() for r in records], columns=columns)
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
