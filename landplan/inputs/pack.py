"""Plan packs: a plan's vocabulary and data, as one folder a planner can fill in.

A pack is a folder with a manifest, ``pack.yaml``, and the files it names:

- the **districts** (English key and Chinese name) and other **policy areas** the policy names;
- the **tiers** land is released in, in order, each with its release year;
- the **horizons** demand is stated for (cumulative land by each);
- the **area CRS** areas and distances are measured in: an EPSG code, or ``utm`` (the UTM zone
  of each layer's centre, picked from the data);
- the **cluster kinds** (e.g. strategic clusters and future industries) and the
  **infrastructure kinds** of the access criterion, with its parameters;
- the **files**: park tiers, districts, infrastructure, the cluster catalogue and chain links,
  and (optional) the existing industrial base around each park;
- the **scenarios** folder.

landplan's checks, labels, maps and reports take their words from the pack. The bundled pack
(``data/`` of the repository) is Shenzhen's 20+8 programme; any other is given by its folder
(``pack:`` in a scenario, or a scenario file kept in ``<pack>/scenarios/``).
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Annotated

import geopandas as gpd
from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)
from pyproj import CRS
from pyproj.exceptions import CRSError

from landplan.errors import InputError, did_you_mean
from landplan.inputs.bundled import DATA_DIR
from landplan.inputs.tables import input_file
from landplan.inputs.yamlfile import read_yaml, validation_error
from landplan.vocabulary import demand_column, written_ratio

#: The manifest's file name in a pack folder.
MANIFEST = "pack.yaml"
#: The area CRS rule that picks the UTM zone of the data.
UTM_RULE = "utm"
#: A key of the pack's vocabulary: what layers and tables write (letters, digits, ``_ - '``).
Key = Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[A-Za-z][\w '\-]*$")]
Year = Annotated[int, Field(ge=1900, le=2200)]


Ratio = Annotated[float, BeforeValidator(written_ratio), Field(gt=0, le=1, allow_inf_nan=False)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Named(Strict):
    """A word of the pack in English and Chinese."""

    name: Annotated[str, Field(min_length=1)]
    name_zh: str = ""


class TierSpec(Named):
    """A tier of every park: its key, its names and the year its land is released by."""

    id: Key
    release_by: Year


class AccessSpec(Strict):
    """The access criterion's parameters (assumptions; see
    :mod:`landplan.inputs.suitability`): the half-value distance, and the rail network's
    kind, the share of its length a rail leg counts for and the distance counted for getting on
    and off."""

    half_km: Annotated[float, Field(gt=0, le=1000, allow_inf_nan=False)] = 30.0
    rail_kind: str | None = None
    rail_length_factor: Ratio = 1.0
    rail_boarding_km: Annotated[float, Field(ge=0, le=1000, allow_inf_nan=False)] = 0.0


class PackFiles(Strict):
    """The pack's data files, relative to its folder (every one but the optional ones at the
    end, OPTIONAL_FILES)."""

    parks: str = "parks.geojson"
    districts: str = "districts.geojson"
    infrastructure: str = "infrastructure.geojson"
    clusters: str = "clusters.csv"
    chain_links: str = "chain_links.csv"
    #: The existing industrial base around each park (landplan.inputs.existing_base); a pack
    #: without one has no such criterion.
    existing_base: str | None = None


#: The pack's data files it may go without.
OPTIONAL_FILES = ("existing_base",)


class Pack(Strict):
    """A plan pack's manifest, checked (see the module docstring); ``folder`` is where it is."""

    name: Annotated[str, Field(min_length=1)]
    name_zh: str = ""
    description: str = ""
    sources: str = ""
    districts: Annotated[dict[Key, str], Field(min_length=1)]
    policy_areas: dict[Key, str] = {}
    tiers: Annotated[list[TierSpec], Field(min_length=1)]
    horizons: Annotated[list[Year], Field(min_length=1)]
    area_crs: str
    cluster_kinds: Annotated[dict[Key, Named], Field(min_length=1)]
    infrastructure: dict[Key, Named] = {}
    access: AccessSpec = AccessSpec()
    files: PackFiles = PackFiles()
    scenarios: str = "scenarios"
    folder: Path = Field(default=DATA_DIR, exclude=True)

    @field_validator("horizons")
    @classmethod
    def _ascending(cls, horizons: list[int]) -> list[int]:
        if horizons != sorted(set(horizons)):
            raise ValueError(f"horizons must be given once each, in order (got {horizons})")
        return horizons

    @field_validator("area_crs")
    @classmethod
    def _crs(cls, value: str) -> str:
        if value == UTM_RULE:
            return value
        try:
            crs = CRS.from_user_input(value)
        except CRSError:
            raise ValueError(
                f"'{value}' is not a CRS (an EPSG code such as EPSG:32650, or utm)"
            ) from None
        if not crs.is_projected:
            raise ValueError(f"{value} is not projected: areas need metres (or say utm)")
        return value

    @model_validator(mode="after")
    def _consistent(self) -> Pack:
        ids = [t.id for t in self.tiers]
        if len(set(ids)) != len(ids):
            raise ValueError(f"tiers: each id once (got {', '.join(ids)})")
        for tier in self.tiers:
            if tier.release_by not in self.horizons:
                raise ValueError(
                    f"tiers: {tier.id} is released by {tier.release_by}, not a horizon "
                    f"{self.horizons}"
                )
        clash = set(self.policy_areas) & set(self.districts)
        if clash:
            raise ValueError(f"policy_areas: {', '.join(sorted(clash))} are districts already")
        rail = self.access.rail_kind
        if rail is not None and rail not in self.infrastructure:
            raise ValueError(
                f"access.rail_kind: '{rail}' is not an infrastructure kind"
                f"{did_you_mean(rail, self.infrastructure)}"
            )
        return self

    # --- the words, as checks and labels use them ---

    @property
    def all_policy_areas(self) -> dict[str, str]:
        """Every place the policy may name: the districts and the other policy areas."""
        return {**self.districts, **self.policy_areas}

    @property
    def tier_ids(self) -> tuple[str, ...]:
        return tuple(t.id for t in self.tiers)

    def tier(self, tier_id: str) -> TierSpec:
        return next(t for t in self.tiers if t.id == tier_id)

    @property
    def demand_columns(self) -> tuple[str, ...]:
        """The catalogue's demand columns, one per horizon."""
        return tuple(demand_column(h) for h in self.horizons)

    @property
    def bundled(self) -> bool:
        return self.folder == DATA_DIR

    def file(self, key: str) -> Path:
        """The path of one of the pack's data files (``parks``, ``clusters``…)."""
        name = getattr(self.files, key)
        assert name is not None, f"{key} is optional: see optional_file"
        return self.folder / name

    def optional_file(self, key: str) -> Path | None:
        """The path of one of the pack's optional data files, or None where it has none."""
        return None if getattr(self.files, key) is None else self.file(key)

    @property
    def manifest(self) -> Path:
        return self.folder / MANIFEST

    @property
    def scenario_folder(self) -> Path:
        return self.folder / self.scenarios

    def area_crs_of(self, layer: gpd.GeoDataFrame) -> CRS:
        """The CRS ``layer``'s areas and distances are measured in: the pack's, or by the
        ``utm`` rule the UTM zone of the layer's centre."""
        if self.area_crs == UTM_RULE:
            found = layer.estimate_utm_crs()
            assert found is not None  # a layer of valid geometries has a centre
            return found
        return CRS.from_user_input(self.area_crs)


def load_pack(folder: str | Path | None = None) -> Pack:
    """The pack in ``folder`` (the bundled pack if None), its manifest checked: a fault is an
    InputError naming ``pack.yaml``, the line and the field, and so is a data file it names that
    is not there."""
    path = (Path(folder) if folder is not None else DATA_DIR).resolve()
    if path.is_file() and path.name == MANIFEST:
        path = path.parent
    manifest = path / MANIFEST
    if not manifest.is_file():
        raise InputError(path, f"not a plan pack: no {MANIFEST} in it")
    return _load(manifest, manifest.stat().st_mtime_ns)


@functools.lru_cache(maxsize=16)
def _load(manifest: Path, _mtime_ns: int) -> Pack:
    """The manifest read once per version of the file (the mtime is the cache's key)."""
    values, node = read_yaml(input_file(manifest), what="plan pack manifest")
    try:
        pack = Pack.model_validate({**values, "folder": manifest.parent})
    except ValidationError as exc:
        raise validation_error(manifest, exc, node, Pack) from None
    for key in PackFiles.model_fields:
        path = pack.optional_file(key)
        if path is not None and not path.is_file():
            raise InputError(manifest, f"names {path}, which is not a file", field=key)
    return pack
