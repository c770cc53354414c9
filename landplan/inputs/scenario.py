"""Scenario files: YAML validated by a schema, with ``extends`` to derive one from another.

A scenario says what to plan with (data), how to score (suitability weights), what is needed
(demand), which rules hold (endorsement, caps, footprints, locks, exclusions), what to prefer
(objective weights) and how to solve. Every field has a default, so a file only states what it
changes; ``extends: parent.yaml`` takes the parent's values first (a file relative to this one,
or a bundled scenario by name: ``extends: baseline``):
mappings merge key by key, a child's locks and exclusions add to its parent's, and any other
value replaces the parent's.

Errors name the file, the line and the field path, e.g.
``baseline.yaml: line 12: field 'rules.clusters_per_park': Input should be a valid integer``.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeAlias

import yaml
from pydantic import (
    BeforeValidator,
    Field,
    ValidationError,
    create_model,
    field_validator,
    model_validator,
)

from landplan.errors import InputError, did_you_mean
from landplan.inputs.pack import MANIFEST, Pack, load_pack
from landplan.inputs.settings import (
    Changes,
    FileName,
    LayoutSettings,
    Strict,
    TradeoffSettings,
)
from landplan.inputs.yamlfile import line_of, read_yaml, validation_error, walk
from landplan.limits import MAX_PACK_SCENARIOS
from landplan.optimisation.registry import SETTINGS
from landplan.solving.options import SolverOptions
from landplan.vocabulary import Factor, Km2, written_ratio

SCENARIO_SUFFIXES = (".yaml", ".yml")


class DataPaths(Strict):
    """Input files, relative to the scenario file; empty means the plan pack's."""

    parks: FileName | None = None
    clusters: FileName | None = None
    chain_links: FileName | None = None
    infrastructure: FileName | None = None
    districts: FileName | None = None
    existing_base: FileName | None = None


class Ahp(Strict):
    """A pairwise-comparison matrix: ``matrix[i][j]`` is how much more criterion i matters than
    criterion j (1–9, reciprocals as 1/3 or 0.333)."""

    criteria: Annotated[list[str], Field(min_length=2)]
    matrix: list[list[Annotated[float, BeforeValidator(written_ratio), Field(gt=0, le=9)]]]


class SuitabilitySettings(Strict):
    """Criterion weights (direct, or from an AHP matrix) and planners' extra criteria, each a CSV
    with ``cluster_id``, ``park_id`` or ``district``, and ``value`` in [0, 1]."""

    weights: dict[str, Factor] | None = None
    ahp: Ahp | None = None
    extra: dict[str, FileName] = {}
    #: The access criterion's half-value distance; None: the plan pack's.
    access_half_km: Annotated[float, Field(gt=0, le=1000, allow_inf_nan=False)] | None = None

    @model_validator(mode="after")
    def _one_way(self) -> SuitabilitySettings:
        if self.weights is not None and self.ahp is not None:
            raise ValueError("give weights or ahp, not both")
        return self


#: Per cluster: a number multiplies its demand; a mapping gives km² by horizon.
DemandChange = Factor | dict[int, Km2]


class DemandSettings(Strict):
    """Demand changes: ``multiplier`` for all, then by ``kinds`` (the pack's cluster kinds), then by
    ``clusters`` (id or name). Multipliers compound; absolute figures replace."""

    multiplier: Factor = 1.0
    kinds: dict[str, Factor] = {}
    clusters: dict[str, DemandChange] = {}


def _part_fields(section: str | None) -> dict[str, Any]:
    """The fields the problem's parts add to ``section`` (None: the top level), from their
    declarations (:data:`landplan.optimisation.registry.SETTINGS`)."""
    return {
        setting.key: (
            setting.annotation,
            Field(default=setting.default, description=setting.description),
        )
        for setting in SETTINGS
        if setting.section == section
    }


if TYPE_CHECKING:  # the sections' fields are the parts' (read by path: Scenario.part_settings)
    Rules: TypeAlias = Strict
    ObjectiveWeights: TypeAlias = Strict
else:
    Rules = create_model(
        "Rules",
        __base__=Strict,
        __module__=__name__,
        __doc__="Hard rules and caps.",
        **_part_fields("rules"),
    )
    ObjectiveWeights = create_model(
        "ObjectiveWeights",
        __base__=Strict,
        __module__=__name__,
        __doc__="The objective's weights.",
        **_part_fields("objective"),
    )


class OutputSettings(Strict):
    xlsx: bool = False


class ScenarioBase(Strict):
    """One planning scenario (see the module docstring): :class:`Scenario` is this with the
    top-level fields the problem's parts declare (``locks``, ``exclusions``); its ``rules`` and
    ``objective`` sections are theirs too."""

    name: Annotated[str, Field(min_length=1, max_length=100)]
    description: str = ""
    extends: FileName | None = None
    #: The plan pack's folder, relative to the file; None: the pack whose scenarios folder
    #: holds the file, else the bundled pack.
    pack: FileName | None = None
    data: DataPaths = DataPaths()
    suitability: SuitabilitySettings = SuitabilitySettings()
    demand: DemandSettings = DemandSettings()
    rules: Rules = Rules()
    #: The horizons planned for; None: all of the pack's.
    horizons: list[int] | None = None
    objective: ObjectiveWeights = ObjectiveWeights()
    solver: SolverOptions = SolverOptions()
    layout: LayoutSettings = LayoutSettings()
    tradeoff: TradeoffSettings = TradeoffSettings()
    outputs: OutputSettings = OutputSettings()
    #: Written into scenario.resolved.yaml by a run (data hashes, versions); ignored on load.
    provenance: dict[str, Any] | None = Field(default=None, exclude=True)
    #: Where the file is (set by load_scenario; relative data paths start from it).
    source: Path | None = Field(default=None, exclude=True)
    #: The file and its parents, child first (to point at the line an error comes from).
    chain: tuple[Path, ...] = Field(default=(), exclude=True)

    @field_validator("name")
    @classmethod
    def _folder_name(cls, value: str) -> str:
        if len(value.encode("utf-8")) > 200:
            raise ValueError("the name is also the results folder's: at most 200 bytes in UTF-8")
        if re.search(r'[/\\:*?"<>|\x00-\x1f]', value) or value.strip(". ") != value:
            raise ValueError(
                "the name is also the results folder's: no / \\ : * ? \" < > |, and no "
                "leading or trailing dots or spaces"
            )
        return value

    @field_validator("horizons")
    @classmethod
    def _horizons(cls, horizons: list[int] | None) -> list[int] | None:
        if horizons is not None and (not horizons or horizons != sorted(set(horizons))):
            raise ValueError(f"horizons: at least one, each once, in order (got {horizons})")
        return horizons

    def part_settings(self) -> dict[str, Any]:
        """The value of every field the problem's parts declare, by path
        (``rules.clusters_per_park``: what :meth:`landplan.optimisation.part.Part.from_settings`
        reads)."""
        values = {}
        for setting in SETTINGS:
            value: Any = self
            for key in setting.path.split("."):
                value = getattr(value, key)
            values[setting.path] = value
        return values

    def data_file(self, kind: str) -> Path | None:
        """The path of one input (``parks``, ``clusters``…), or None for the pack's file."""
        value = getattr(self.data, kind)
        return None if value is None else self.relative(value)

    def plan_pack(self) -> Pack:
        """The plan pack this scenario plans with, checked."""
        try:
            return load_pack(None if self.pack is None else self.relative(self.pack))
        except InputError as exc:
            if self.pack is None or exc.source != str(self.relative(self.pack)):
                raise
            raise self.error(exc.problem, "pack") from None

    def planned_horizons(self, known: Sequence[int]) -> list[int]:
        """The horizons planned for: the scenario's, each one of the plan pack's ``known``
        horizons, or all of them."""
        if self.horizons is None:
            return list(known)
        unknown = [h for h in self.horizons if h not in known]
        if unknown:
            raise self.error(
                f"{unknown[0]} is not a horizon of the plan pack (its horizons: "
                f"{', '.join(map(str, known))})",
                "horizons",
            )
        return self.horizons

    def resolved(self) -> dict[str, Any]:
        """The fully resolved scenario as plain data (what ``scenario.resolved.yaml`` holds)."""
        values = self.model_dump(mode="json", exclude={"extends"})
        values["pack"] = None if self.pack is None else str(self.relative(self.pack))
        values["data"] = {
            key: None if (path := self.data_file(key)) is None else str(path)
            for key in DataPaths.model_fields
        }
        values["suitability"]["extra"] = {
            k: str(self.relative(v)) for k, v in self.suitability.extra.items()
        }
        if self.layout.parcels is not None:
            values["layout"]["parcels"] = str(self.relative(self.layout.parcels))
        return values

    def derive(self, name: str, description: str = "", **changes: Any) -> Scenario:
        """A variant of this scenario, as ``extends`` would make it: ``changes`` are sections
        (``demand={"multiplier": 1.3}``, ``objective={"chain_bonus": 0.05}``, ``locks=[...]``)
        merged over this scenario's values; locks and exclusions are added."""
        values = _deep_merge(self.model_dump(exclude={"extends"}), changes)
        values.update(name=name, description=description or f"{self.name}, varied")
        try:
            derived = Scenario.model_validate(values)
        except ValidationError as exc:
            raise validation_error(Path(name), exc, None, Scenario) from None
        return derived.model_copy(update={"source": self.source, "chain": self.chain})

    def with_settings(self, changes: Changes, source: str = "command line") -> Scenario:
        """This scenario with some settings changed, section by section (``{"solver": {"gap":
        0.001}, "layout": {"enabled": True}}``), checked like a scenario file: a bad value is an
        InputError naming ``source`` and the field (``layout.cell_shape``)."""
        merged = self.model_dump(exclude={"extends"})
        for section, values in changes.items():
            merged[section] = merged[section] | dict(values)
        try:
            changed = Scenario.model_validate(merged)
        except ValidationError as exc:
            raise validation_error(source, exc, None, Scenario) from None
        return changed.model_copy(update={"source": self.source, "chain": self.chain})

    def locate(self, *loc: str | int) -> tuple[Path | str, str | None, tuple[str | int, ...]]:
        """The file (child first) that sets the field at ``loc``, its line there, and the
        field's path in that file: an item of a list that adds up along ``extends`` (locks,
        exclusions) is counted in the file that lists it, not in the merged list."""
        for path, here in self._places(loc):
            _, node = read_yaml(path)
            found, complete = walk(node, here)
            if complete and found is not None:
                return path, f"line {found.start_mark.line + 1}", here
        return self.source or self.name, None, loc

    def _places(self, loc: tuple[str | int, ...]) -> list[tuple[Path, tuple[str | int, ...]]]:
        """Where to look for ``loc``: each file of the chain, with the path it would have there."""
        if len(loc) < 2 or loc[0] not in ACCUMULATED or not isinstance(loc[1], int):
            return [(path, loc) for path in self.chain]
        index = loc[1]
        for path in reversed(self.chain):  # merged, the furthest parent's items come first
            count = len(read_yaml(path)[0].get(str(loc[0])) or [])
            if index < count:
                return [(path, (loc[0], index, *loc[2:]))]
            index -= count
        return []  # an item added after loading (Scenario.derive): in no file

    def error(self, problem: str, *loc: str | int) -> InputError:
        """An InputError about the field at ``loc``, naming the file and line that set it."""
        path, where, here = self.locate(*loc)
        field = ".".join(str(part) for part in here)
        return InputError(path, problem, where=where, field=field)

    def relative(self, path: str) -> Path:
        """A path from the scenario, made absolute against the scenario's folder."""
        base = self.source.parent if self.source else Path.cwd()
        return (base / path).resolve()


if TYPE_CHECKING:
    Scenario: TypeAlias = ScenarioBase
else:
    Scenario = create_model(
        "Scenario", __base__=ScenarioBase, __module__=__name__, **_part_fields(None)
    )
    Scenario.__doc__ = ScenarioBase.__doc__


def bundled_scenarios(pack: Pack | None = None) -> dict[str, Path]:
    """The scenarios of ``pack`` (the bundled pack's by default), by name."""
    folder = (pack or load_pack()).scenario_folder
    found = list(itertools.islice(folder.glob("*.yaml"), MAX_PACK_SCENARIOS + 1))
    if len(found) > MAX_PACK_SCENARIOS:
        raise InputError(
            folder,
            f"more than {MAX_PACK_SCENARIOS} scenarios, the most a plan pack may hold: "
            "move some to a pack of their own",
        )
    return {p.stem: p for p in sorted(found)}


def find_scenario(name_or_path: str | Path, pack: Pack | None = None) -> Path:
    """A scenario file from a path or the name of one of ``pack``'s scenarios (the bundled
    pack's by default)."""
    path = Path(name_or_path)
    if path.suffix in SCENARIO_SUFFIXES or path.exists():
        if not path.is_file():
            raise InputError(path, "no such scenario file")
        return path
    shipped = bundled_scenarios(pack)
    if str(name_or_path) in shipped:
        return shipped[str(name_or_path)]
    hint = did_you_mean(str(name_or_path), shipped)
    raise InputError(
        str(name_or_path),
        f"not a scenario file nor a bundled scenario{hint}; bundled: {', '.join(shipped)}",
    )


def load_scenario(name_or_path: str | Path, pack: Pack | None = None) -> Scenario:
    """Read, merge (``extends``) and validate a scenario file or the name of one of ``pack``'s
    scenarios (the bundled pack's by default). A file kept in a plan pack's scenarios folder
    plans with that pack unless it names another."""
    path = find_scenario(name_or_path, pack).resolve()
    merged, chain = _merged(path, chain=())
    home = home_pack(path)
    if merged.get("pack") is None and home is not None:
        merged["pack"] = str(home.folder)
    try:
        scenario = Scenario.model_validate(merged)
    except ValidationError as exc:  # each file was valid alone; the merge can still clash
        raise validation_error(path, exc, None, Scenario) from None
    return scenario.model_copy(update={"source": path, "chain": chain})


def home_pack(path: Path) -> Pack | None:
    """The plan pack (other than the bundled one) whose scenarios folder holds the file
    ``path``, if any."""
    folder = path.parent.parent
    if not (folder / MANIFEST).is_file():
        return None
    pack = load_pack(folder)
    return pack if not pack.bundled and pack.scenario_folder == path.parent else None


def _merged(path: Path, chain: tuple[Path, ...]) -> tuple[dict[str, Any], tuple[Path, ...]]:
    """The file's values over its parents' (checked file by file, so errors name the file)."""
    if path in chain:
        cycle = " → ".join(p.name for p in (*chain, path))
        raise InputError(chain[-1], f"'extends' makes a cycle: {cycle}", field="extends")
    values, node = read_yaml(path)
    try:
        Scenario.model_validate(values)
    except ValidationError as exc:
        raise validation_error(path, exc, node, Scenario) from None
    parent = values.get("extends")
    if not parent:
        return values, (path,)
    parent_path = _parent_file(path, str(parent), node)
    base, parents = _merged(parent_path, (*chain, path))
    _rebase_paths(base, parent_path.parent, path.parent)
    return _deep_merge(base, values), (path, *parents)


def _parent_file(path: Path, parent: str, node: yaml.Node | None) -> Path:
    """The scenario ``extends`` names in the file ``path``: a file beside it, else one of its
    pack's scenarios by name (so ``extends: baseline`` works from any folder)."""
    beside = (path.parent / parent).resolve()
    if beside.is_file():
        return beside
    shipped = bundled_scenarios(home_pack(path))
    if parent in shipped:
        return shipped[parent].resolve()
    hint = did_you_mean(Path(parent).stem, shipped)
    raise InputError(
        path,
        f"parent scenario '{parent}' not found: no such file beside this one, and no bundled "
        f"scenario of that name{hint}; bundled: {', '.join(shipped)}",
        where=line_of(node, ("extends",)),
        field="extends",
    )


def _rebase_paths(values: dict[str, Any], parent_dir: Path, child_dir: Path) -> None:
    """Make a parent's relative data paths valid from the child's folder."""

    def rebase(value: str) -> str:
        return str(Path(value) if Path(value).is_absolute() else (parent_dir / value).resolve())

    for key, value in (values.get("data") or {}).items():
        if isinstance(value, str):
            values["data"][key] = rebase(value)
    if isinstance(values.get("pack"), str):
        values["pack"] = rebase(values["pack"])
    extra = (values.get("suitability") or {}).get("extra") or {}
    for key, value in extra.items():
        extra[key] = rebase(value)
    layout = values.get("layout") or {}
    if isinstance(layout, dict) and isinstance(layout.get("parcels"), str):
        layout["parcels"] = rebase(layout["parcels"])


#: Lists a child adds to its parent's instead of replacing them.
ACCUMULATED = tuple(setting.path for setting in SETTINGS if setting.accumulates)


def _deep_merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    """``override`` over ``base``: mappings merge key by key, locks and exclusions add up,
    everything else replaces."""
    merged = dict(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _deep_merge(merged[key], value)
        elif key in ACCUMULATED and isinstance(value, list):
            merged[key] = [*(merged.get(key) or []), *value]
        else:
            merged[key] = value
    return merged
