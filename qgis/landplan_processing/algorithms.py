"""The provider's algorithms. Each one parses its parameters, writes what landplan needs, calls
landplan (:mod:`.runner`) and hands its outputs back to QGIS; the planning is all landplan's."""

import tempfile
from pathlib import Path

from qgis.core import (
    QgsProcessingAlgorithm,
    QgsProcessingOutputBoolean,
    QgsProcessingOutputFile,
    QgsProcessingOutputFolder,
    QgsProcessingOutputHtml,
    QgsProcessingOutputString,
    QgsProcessingOutputVectorLayer,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterFile,
    QgsProcessingParameterFolderDestination,
    QgsProcessingParameterNumber,
    QgsProcessingParameterString,
)

from .layers import load_on_completion
from .locate import find_landplan
from .runner import run_landplan
from .scenario import (
    PARCEL_FIELDS,
    PARCELS_FILE,
    Workspace,
    add_layer_parameters,
    add_scenario_parameters,
    scenario_name,
    write_layer,
    write_scenario,
)
from .words import N_, tr

#: landplan's run folder: its files and GeoPackage layers (landplan's README, "Run folders").
RESULTS_GPKG, REPORT_HTML, ALLOCATION_CSV = "results.gpkg", "report.html", "allocation.csv"
TIERS_LAYER, PARCELS_LAYER, SUITABILITY_TABLE = "park_tiers", "parcels", "suitability"


def layer_uri(gpkg, layer):
    return f"{gpkg}|layername={layer}"


def _figure(value, spec):
    return "n/a" if value is None else format(value, spec)


class LandplanAlgorithm(QgsProcessingAlgorithm):
    """What every algorithm of the provider shares: its names and help, and landplan."""

    NAME = DISPLAY = HELP = ""

    def name(self):
        return self.NAME

    def displayName(self):  # noqa: N802 (QGIS's names)
        return tr(self.DISPLAY)

    def shortHelpString(self):  # noqa: N802
        return tr(self.HELP)

    def createInstance(self):  # noqa: N802
        return type(self)()

    def landplan(self, arguments, feedback):
        """landplan's document for ``arguments`` (see :func:`.runner.run_landplan`)."""
        command, version = find_landplan()
        feedback.pushInfo(tr("landplan {version}").format(version=version))
        return run_landplan(command, [str(a) for a in arguments], feedback)

    def on_scenario(
        self, parameters, context, feedback, folder, inputs, verb, *after, settings=True
    ):
        """landplan's document for ``verb SCENARIO *after``, SCENARIO the dialog's scenario
        written with its layers into ``<folder>/<inputs>-inputs/`` (:class:`.scenario.Workspace`:
        kept on success, nothing left on failure or Cancel); ``settings``: the algorithm has the
        settings' parameters."""
        name = scenario_name(self, parameters, context)
        with Workspace(folder, inputs) as work:
            scenario = write_scenario(
                self, parameters, context, feedback, work.inputs, name, settings=settings
            )
            return self.landplan([verb, scenario, *after], feedback)


class RunScenario(LandplanAlgorithm):
    NAME, DISPLAY = "run", N_("Run a scenario")
    HELP = N_(
        "Solves a scenario with landplan and loads its results: the park tiers by their lead "
        "industry, the parcels (when laid out), the allocation and the suitability, with the "
        "report. The scenario is a file or a bundled one; the park tiers and parcels may be "
        "layers open in QGIS (their fields mapped here; a selection is used where chosen), "
        "locks and exclusions tables with fields cluster, park or district, and note. Settings "
        "left empty keep the scenario's. The run goes into the results folder, in a folder named "
        "after it, and the inputs landplan was given beside it (name-inputs), to repeat the run "
        "from the command line. Park geometry in the bundled plan pack is schematic."
    )

    def initAlgorithm(self, config=None):  # noqa: N802
        add_scenario_parameters(self)
        self.addParameter(QgsProcessingParameterFolderDestination("OUTPUT", tr("Results folder")))
        self.addOutput(QgsProcessingOutputFolder("RUN_FOLDER", tr("Run folder")))
        self.addOutput(QgsProcessingOutputHtml("REPORT", tr("Report")))
        self.addOutput(QgsProcessingOutputVectorLayer("TIERS", tr("Park tiers with the plan")))
        self.addOutput(QgsProcessingOutputVectorLayer("PARCELS", tr("Parcels laid out")))
        self.addOutput(QgsProcessingOutputVectorLayer("SUITABILITY", tr("Suitability")))
        self.addOutput(QgsProcessingOutputFile("ALLOCATION", tr("Allocation table")))
        self.addOutput(QgsProcessingOutputString("STATUS", tr("Status")))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        results = self.parameterAsString(parameters, "OUTPUT", context)
        name = scenario_name(self, parameters, context)
        document = self.on_scenario(
            parameters, context, feedback, results, name, "run", "--out", results
        )
        run = document["runs"][0]
        folder = Path(run["folder"])
        status = tr("{status}: objective {objective}, bound {bound}, gap {gap}").format(
            status=run["status"], objective=_figure(run["objective"], ".3f"),
            bound=_figure(run["bound"], ".3f"),
            gap="n/a" if run["gap"] is None else f"{100 * run['gap']:.2f} %",
        )  # fmt: skip
        feedback.pushInfo(status)
        if document["exit_code"]:
            feedback.reportError(document.get("error") or status, False)
        gpkg = folder / RESULTS_GPKG
        outputs = {
            "OUTPUT": results,
            "RUN_FOLDER": str(folder),
            "REPORT": str(folder / REPORT_HTML),
            "ALLOCATION": str(folder / ALLOCATION_CSV),
            "STATUS": status,
        }
        layers = {"TIERS": (TIERS_LAYER, tr("park tiers")),
                  "SUITABILITY": (SUITABILITY_TABLE, tr("suitability"))}  # fmt: skip
        if "layout" in run:
            layers["PARCELS"] = (PARCELS_LAYER, tr("parcels"))
        for output, (layer, label) in layers.items():
            outputs[output] = layer_uri(gpkg, layer)
            load_on_completion(context, outputs[output], f"{name} · {label}", output)
        return outputs


class LayOutRun(LandplanAlgorithm):
    NAME, DISPLAY = "layout", N_("Lay out a run")
    HELP = N_(
        "Lays an existing run's land out on parcels inside each park (landplan layout): "
        "compact, next to chain partners. The parcels may be a layer open in QGIS (fields "
        "mapped here), else a grid of cells. The run folder is rewritten all at once: Cancel "
        "leaves it as it was."
    )

    def initAlgorithm(self, config=None):  # noqa: N802
        self.addParameter(
            QgsProcessingParameterFile(
                "RUN_FOLDER", tr("Run folder"), behavior=QgsProcessingParameterFile.Folder
            )
        )
        add_layer_parameters(self, "PARCELS", tr("Parcel layer (a grid if none)"), PARCEL_FIELDS)
        self.addParameter(
            QgsProcessingParameterNumber(
                "CELL_HA",
                tr("Cell size, ha (the scenario's if empty)"),
                QgsProcessingParameterNumber.Double,
                optional=True,
                minValue=0.25,
                maxValue=100,
            )
        )
        self.addParameter(
            QgsProcessingParameterBoolean(
                "CONTIGUITY", tr("Each industry in one block where it can be"), defaultValue=False
            )
        )
        self.addOutput(QgsProcessingOutputFolder("RUN_FOLDER", tr("Run folder")))
        self.addOutput(QgsProcessingOutputVectorLayer("PARCELS", tr("Parcels laid out")))
        self.addOutput(QgsProcessingOutputHtml("REPORT", tr("Report")))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        folder = Path(self.parameterAsFile(parameters, "RUN_FOLDER", context))
        arguments = ["layout", folder]
        if parameters.get("CELL_HA") not in (None, ""):
            arguments += ["--cell-ha", self.parameterAsDouble(parameters, "CELL_HA", context)]
        if self.parameterAsBool(parameters, "CONTIGUITY", context):
            arguments.append("--contiguity")
        with Workspace(folder.parent, folder.name, keep=True) as work:
            if write_layer(
                self,
                parameters,
                context,
                feedback,
                "PARCELS",
                PARCEL_FIELDS,
                work.inputs / PARCELS_FILE,
                "parcels",
            ):
                arguments += ["--parcels", work.inputs / PARCELS_FILE]
            document = self.landplan(arguments, feedback)
        if document["exit_code"]:
            feedback.reportError(document.get("error") or "", False)
        for park, figures in document.get("parks", {}).items():
            feedback.pushInfo(f"{park}: {figures['status']}, gap {figures['gap']}")
        uri = layer_uri(folder / RESULTS_GPKG, PARCELS_LAYER)
        load_on_completion(context, uri, folder.name + " · " + tr("parcels"), "PARCELS")
        return {"RUN_FOLDER": str(folder), "PARCELS": uri, "REPORT": str(folder / REPORT_HTML)}


class CompareRuns(LandplanAlgorithm):
    NAME, DISPLAY = "compare", N_("Compare runs")
    HELP = N_(
        "Compares run folders (landplan compare): industries that moved between parks, the "
        "figures' changes and land side by side, with maps side by side (compare.html). The "
        "first run is the one the others are compared with."
    )

    def initAlgorithm(self, config=None):  # noqa: N802
        for name, label, optional in (
            ("RUN_A", tr("First run folder"), False),
            ("RUN_B", tr("Second run folder"), False),
            ("RUN_C", tr("Third run folder"), True),
        ):
            self.addParameter(
                QgsProcessingParameterFile(
                    name, label, behavior=QgsProcessingParameterFile.Folder, optional=optional
                )
            )
        self.addParameter(QgsProcessingParameterFolderDestination("OUTPUT", tr("Results folder")))
        self.addOutput(QgsProcessingOutputFolder("FOLDER", tr("Comparison folder")))
        self.addOutput(QgsProcessingOutputHtml("COMPARISON", tr("Comparison")))
        self.addOutput(QgsProcessingOutputVectorLayer("MOVES", tr("Industries and their parks")))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        runs = [self.parameterAsFile(parameters, n, context) for n in ("RUN_A", "RUN_B", "RUN_C")]
        out = self.parameterAsString(parameters, "OUTPUT", context)
        document = self.landplan(["compare", *[r for r in runs if r], "--out", out], feedback)
        folder = Path(document["folder"])
        feedback.pushInfo(
            tr("{moved} of {industries} industries changed parks").format(
                moved=len(document["moved"]), industries=document["industries"]
            )
        )
        moves = str(folder / "moves.csv")
        load_on_completion(context, moves, folder.name + " · " + tr("moves"), "MOVES")
        return {"FOLDER": str(folder), "COMPARISON": str(folder / "compare.html"), "MOVES": moves}


class IndustrySuitability(LandplanAlgorithm):
    NAME, DISPLAY = "suitability", N_("Suitability of an industry")
    HELP = N_(
        "Ranks every park for an industry by the scenario's suitability, without solving "
        "(landplan suitability): a layer of the parks with their rank, score and each "
        "criterion's part in it, shaded by score. The park tiers may be a layer open in QGIS."
    )

    def initAlgorithm(self, config=None):  # noqa: N802
        add_scenario_parameters(self, settings=False)
        self.addParameter(
            QgsProcessingParameterString(
                "INDUSTRY",
                tr("Industry (its id, e.g. semiconductors; every industry if empty)"),
                optional=True,
            )
        )
        self.addParameter(QgsProcessingParameterFolderDestination("OUTPUT", tr("Results folder")))
        self.addOutput(QgsProcessingOutputVectorLayer("SUITABILITY", tr("Parks ranked")))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        results = self.parameterAsString(parameters, "OUTPUT", context)
        name = scenario_name(self, parameters, context)
        industry = (self.parameterAsString(parameters, "INDUSTRY", context) or "").strip()
        document = self.on_scenario(
            parameters, context, feedback, results, f"{name}-suitability",  # beside its folder
            "suitability", "--out", results, *(["--industry", industry] if industry else []),
            settings=False,
        )  # fmt: skip
        for cluster, ranked in document["industries"].items():
            best = ", ".join(f"{r['rank']} {r['park_id']} {r['score']:.3f}" for r in ranked[:3])
            feedback.pushInfo(f"{cluster}: {best}")
        uri = layer_uri(Path(document["folder"]) / "suitability.gpkg", "suitability")
        load_on_completion(
            context, uri, (industry or name) + " · " + tr("suitability"), "SUITABILITY"
        )
        return {"SUITABILITY": uri}


class ValidateScenario(LandplanAlgorithm):
    NAME, DISPLAY = "validate", N_("Validate a scenario or pack")
    HELP = N_(
        "Checks a scenario (with the layers and settings given here) or a whole plan pack "
        "without solving (landplan validate): files, names, data and the rules' checks. A "
        "fault fails the algorithm with landplan's message; findings (warnings) are listed."
    )

    def initAlgorithm(self, config=None):  # noqa: N802
        add_scenario_parameters(self)
        self.addParameter(
            QgsProcessingParameterFile(
                "PACK",
                tr("Plan pack folder (checks the whole pack instead)"),
                behavior=QgsProcessingParameterFile.Folder,
                optional=True,
            )
        )
        self.addOutput(QgsProcessingOutputBoolean("VALID", tr("Valid")))
        self.addOutput(QgsProcessingOutputString("FINDINGS", tr("Findings")))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        pack = self.parameterAsFile(parameters, "PACK", context)
        if pack:
            document = self.landplan(["validate", "--pack", pack], feedback)
        else:
            name = scenario_name(self, parameters, context)
            with tempfile.TemporaryDirectory(prefix="landplan-validate-") as folder:
                document = self.on_scenario(parameters, context, feedback, folder, name, "validate")
        lines = []
        for checked in document["scenarios"]:
            lines.append(tr("valid: {name}").format(name=checked["name"]))
            lines += [f"  {f['level']}: {f['message']}" for f in checked["findings"]]
        for line in lines:
            feedback.pushInfo(line)
        return {"VALID": True, "FINDINGS": "\n".join(lines)}


ALGORITHMS = (RunScenario, LayOutRun, CompareRuns, IndustrySuitability, ValidateScenario)
