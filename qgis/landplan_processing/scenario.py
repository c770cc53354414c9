"""The scenario an algorithm hands landplan: the planner's scenario (a file, or a bundled one
by name), extended with what the dialog says: park tiers and parcels from layers open in QGIS
(their fields mapped to landplan's), locks and exclusions from tables (or their selections),
and the main settings. It is written, with the layers, into ``<results>/<name>-inputs/``, so the
run can be repeated from the command line: ``landplan run <results>/<name>-inputs/scenario.yaml``.

The file is JSON, which is YAML too: landplan reads and checks it like any scenario.
"""

import json
import os
import shutil
from pathlib import Path

from qgis.core import (
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingParameterDefinition,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterField,
    QgsProcessingParameterFile,
    QgsProcessingParameterNumber,
    QgsProcessingParameterString,
)

from .layers import is_polygonal, write_mapped
from .words import N_, tr

SCENARIO_FILE = "scenario.yaml"
PARKS_FILE = "parks.gpkg"
PARCELS_FILE = "parcels.gpkg"
#: landplan's fields of a park tiers layer, and whether each is required.
PARK_FIELDS = (
    ("park_id", True), ("name_en", True), ("name_zh", False), ("name_status", False),
    ("district", True), ("policy_areas", False), ("tier", True), ("release_by", False),
    ("gross_area_km2", False), ("industrial_land_km2", True), ("geometry_status", False),
)  # fmt: skip
#: landplan's fields of a parcel layer, and whether each is required.
PARCEL_FIELDS = (
    ("parcel_id", True), ("park_id", True), ("tier", True), ("developable", False),
    ("existing_use", False),
)  # fmt: skip
#: A lock's or an exclusion's fields, as a scenario's ``locks`` and ``exclusions`` take them.
PLACEMENT_FIELDS = ("cluster", "park", "district", "note")
LAYOUT_CHOICES = (N_("as the scenario says"), N_("lay out on parcels"), N_("do not lay out"))


def field_parameter(layer, field):
    return f"{layer}_{field.upper()}"


def add_scenario_parameters(algorithm, settings=True):
    """The scenario's parameters on ``algorithm``: the scenario, the park tiers layer with its
    fields; with ``settings``, the parcels, locks, exclusions and the main settings too."""
    add = algorithm.addParameter
    add(
        QgsProcessingParameterFile(
            "SCENARIO",
            tr("Scenario file (YAML); a bundled scenario if none"),
            extension="yaml",
            optional=True,
        )
    )
    add(
        QgsProcessingParameterString(
            "SCENARIO_NAME", tr("Bundled scenario (when no file is given)"), defaultValue="baseline"
        )
    )
    add_layer_parameters(
        algorithm, "PARKS", tr("Park tiers layer (the plan pack's if none)"), PARK_FIELDS
    )
    if not settings:
        return
    add_layer_parameters(
        algorithm, "PARCELS", tr("Parcel layer for the layout (a grid if none)"), PARCEL_FIELDS
    )
    for name, label in (
        ("LOCKS", tr("Locks: table of cluster, park or district, note")),
        ("EXCLUSIONS", tr("Exclusions: table of cluster, park or district, note")),
    ):
        add(
            QgsProcessingParameterFeatureSource(
                name, label, [QgsProcessing.TypeVector], optional=True
            )
        )
    number = QgsProcessingParameterNumber.Double
    add(
        QgsProcessingParameterNumber(
            "DEMAND_MULTIPLIER",
            tr("Demand multiplier (the scenario's if empty)"),
            number,
            optional=True,
            minValue=0,
        )
    )
    add(
        QgsProcessingParameterString(
            "WEIGHTS",
            tr("Suitability weights, e.g. endorsement=0.4,chain=0.2 (the scenario's if empty)"),
            optional=True,
        )
    )
    add(
        QgsProcessingParameterNumber(
            "GAP",
            tr(
                "Gap: stop once no plan can beat it by more than this share (the scenario's if empty)"
            ),
            number,
            optional=True,
            minValue=0,
            maxValue=1,
        )
    )
    add(
        QgsProcessingParameterEnum(
            "LAYOUT", tr("Layout on parcels"), [tr(c) for c in LAYOUT_CHOICES], defaultValue=0
        )
    )
    add(
        QgsProcessingParameterNumber(
            "CELL_HA",
            tr("Layout cell size, ha (the scenario's if empty)"),
            number,
            optional=True,
            minValue=0.25,
            maxValue=100,
        )
    )
    add(
        QgsProcessingParameterString(
            "RUN_NAME", tr("Name of the run (the scenario's if empty)"), optional=True
        )
    )


def add_layer_parameters(algorithm, layer, label, fields):
    """The layer ``layer`` and a field parameter for each of landplan's ``fields`` (each
    defaulting to the field of landplan's name; the optional ones under "Advanced
    parameters")."""
    algorithm.addParameter(
        QgsProcessingParameterFeatureSource(
            layer, label, [QgsProcessing.TypeVectorPolygon], optional=True
        )
    )
    for field, required in fields:
        parameter = QgsProcessingParameterField(
            field_parameter(layer, field),
            tr("{layer}: field for {field}").format(layer=layer.lower(), field=field),
            defaultValue=field,
            parentLayerParameterName=layer,
            optional=True,
        )
        if not required:
            parameter.setFlags(parameter.flags() | QgsProcessingParameterDefinition.FlagAdvanced)
        algorithm.addParameter(parameter)


def scenario_name(algorithm, parameters, context):
    """The run's name: as given, else the scenario file's stem, else the bundled scenario's."""
    given = (
        (algorithm.parameterAsString(parameters, "RUN_NAME", context) or "").strip()
        if "RUN_NAME" in parameters
        else ""
    )
    if given:
        return given
    path = algorithm.parameterAsFile(parameters, "SCENARIO", context)
    return Path(path).stem if path else _bundled(algorithm, parameters, context)


def _bundled(algorithm, parameters, context):
    name = (algorithm.parameterAsString(parameters, "SCENARIO_NAME", context) or "").strip()
    if not name:
        raise QgsProcessingException(tr("Give a scenario file or a bundled scenario's name."))
    return name


def write_scenario(algorithm, parameters, context, feedback, folder, name, settings=True):
    """Write the scenario (and its layers) into ``folder``; its path. ``settings``: the
    algorithm has the settings' parameters (:func:`add_scenario_parameters`)."""
    path = algorithm.parameterAsFile(parameters, "SCENARIO", context)
    values = {
        "name": name,
        "description": tr("Run from QGIS."),
        "extends": str(Path(path).resolve()) if path else _bundled(algorithm, parameters, context),
    }
    parks = write_layer(
        algorithm, parameters, context, feedback, "PARKS", PARK_FIELDS, folder / PARKS_FILE, "parks"
    )
    if parks:
        values["data"] = {"parks": PARKS_FILE}
    if settings:
        _settings(algorithm, parameters, context, feedback, folder, values)
    text = json.dumps(values, indent=2, ensure_ascii=False) + "\n"
    scenario = folder / SCENARIO_FILE
    scenario.write_text(text, encoding="utf-8")
    feedback.pushInfo(tr("Scenario for landplan: {path}").format(path=scenario))
    return scenario


def _settings(algorithm, parameters, context, feedback, folder, values):
    layout = {}
    if write_layer(
        algorithm,
        parameters,
        context,
        feedback,
        "PARCELS",
        PARCEL_FIELDS,
        folder / PARCELS_FILE,
        "parcels",
    ):
        layout["parcels"] = PARCELS_FILE
    choice = algorithm.parameterAsEnum(parameters, "LAYOUT", context)
    if choice:
        layout["enabled"] = choice == 1
    cell = _number(algorithm, parameters, "CELL_HA", context)
    if cell is not None:
        layout["cell_ha"] = cell
    if layout:
        values["layout"] = layout
    multiplier = _number(algorithm, parameters, "DEMAND_MULTIPLIER", context)
    if multiplier is not None:
        values["demand"] = {"multiplier": multiplier}
    weights = (algorithm.parameterAsString(parameters, "WEIGHTS", context) or "").strip()
    if weights:
        values["suitability"] = {"weights": _weights(weights)}
    gap = _number(algorithm, parameters, "GAP", context)
    if gap is not None:
        values["solver"] = {"gap": gap}
    for parameter, key in (("LOCKS", "locks"), ("EXCLUSIONS", "exclusions")):
        placements = _placements(algorithm, parameters, context, parameter)
        if placements:
            values[key] = placements


def _number(algorithm, parameters, name, context):
    """A number given, or None where the field was left empty (the scenario's value)."""
    if parameters.get(name) in (None, ""):
        return None
    return algorithm.parameterAsDouble(parameters, name, context)


def _weights(text):
    """``endorsement=0.4,chain=0.2`` as a mapping; the criteria's names are landplan's to check."""
    weights = {}
    for item in text.split(","):
        key, equals, value = item.partition("=")
        try:
            if not equals or not key.strip():
                raise ValueError
            weights[key.strip()] = float(value)
        except ValueError:
            raise QgsProcessingException(
                tr(
                    "Suitability weights: '{item}' is not criterion=number (e.g. "
                    "endorsement=0.4,chain=0.2)"
                ).format(item=item.strip())
            ) from None
    return weights


def write_layer(algorithm, parameters, context, feedback, layer, fields, path, layer_name):
    """Write the layer ``layer`` (if given) to ``path`` with its fields mapped; whether given."""
    source = algorithm.parameterAsSource(parameters, layer, context)
    if source is None:
        return False
    what = tr("{layer} layer").format(layer=layer.lower())
    if not is_polygonal(source):
        raise QgsProcessingException(tr("{what}: must be polygons").format(what=what))
    names = source.fields().names()
    mapping = {}
    for field, required in fields:
        chosen = algorithm.parameterAsFields(parameters, field_parameter(layer, field), context)
        chosen = chosen[0] if chosen else None
        if chosen is None or (not required and chosen not in names):
            if required:
                raise QgsProcessingException(
                    tr("{what}: choose the field that holds {field}").format(what=what, field=field)
                )
            feedback.pushInfo(
                tr("{what}: no field for {field}: landplan's default").format(
                    what=what, field=field
                )
            )
            chosen = None
        mapping[field] = chosen
    write_mapped(source, mapping, str(path), layer_name, context, feedback, what)
    return True


def _placements(algorithm, parameters, context, parameter):
    """The rows of a locks or exclusions table (only its selection, where the planner chose
    "Selected features only"), as a scenario's list."""
    source = algorithm.parameterAsSource(parameters, parameter, context)
    if source is None:
        return []
    names = source.fields().names()
    if "cluster" not in names:
        raise QgsProcessingException(
            tr(
                "{parameter}: the table needs a field cluster (and park or district, and note "
                "if you like); it has {fields}"
            ).format(parameter=parameter.lower(), fields=", ".join(names))
        )
    rows = []
    for feature in source.getFeatures():
        row = {}
        for field in PLACEMENT_FIELDS:
            value = feature[field] if field in names else None
            if value not in (None, "") and str(value) != "NULL":
                row[field] = str(value)
        rows.append(row)
    return rows


class Workspace:
    """The inputs' folder ``<results>/<name>-inputs/`` for one algorithm's run (fresh, or
    with ``keep`` the inputs already there kept: a layout adds its parcels to the run's), and
    what to leave when it ends: on success, the new inputs (the old ones gone); on failure or
    Cancel, everything as it was before (a results folder made for this run removed whole)."""

    def __init__(self, results, name, keep=False):
        if Path(name).name != name or name in ("", ".", ".."):  # the rest is landplan's to say
            raise QgsProcessingException(
                tr("The run's name '{name}' is also a folder's: one name, no path").format(
                    name=name
                )
            )
        self.results = Path(results)
        self.made = not self.results.exists()
        self.inputs = self.results / f"{name}-inputs"
        self.old = self.results / f".{name}-inputs.old"
        self.keep = keep

    def __enter__(self):
        self.results.mkdir(parents=True, exist_ok=True)
        if self.old.exists():
            shutil.rmtree(self.old)
        if self.inputs.exists():
            os.replace(self.inputs, self.old)
        if self.keep and self.old.exists():
            shutil.copytree(self.old, self.inputs)
        else:
            self.inputs.mkdir()
        return self

    def __exit__(self, kind, value, traceback):
        if kind is None:
            shutil.rmtree(self.old, ignore_errors=True)
        elif self.made:
            shutil.rmtree(self.results, ignore_errors=True)
        else:
            shutil.rmtree(self.inputs, ignore_errors=True)
            if self.old.exists():
                os.replace(self.old, self.inputs)
        return False
