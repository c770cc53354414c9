"""The tests' hands inside QGIS: run by QGIS's own Python (Debian's /usr/bin/python3, where
``import qgis`` works; never the project's environment), headless. It starts QGIS and its
Processing framework, loads the landplan plugin from the test profile, opens the layers a case
names (selecting features where it says), runs one algorithm as a planner's dialog would, and
prints what happened as JSON: the outputs or the error, the log, the algorithm's times (run
``runs`` times in one session), and
the layers it loads into the project (as the dialog loads them), with their renderers.

Usage: python3 qgis_driver.py CASE.json (see tests/qgis/test_plugin.py for the cases).
"""

import json
import os
import sys
import time
import traceback

from qgis.core import (
    QgsApplication,
    QgsProcessingContext,
    QgsProcessingException,
    QgsProcessingFeatureSourceDefinition,
    QgsProcessingFeedback,
    QgsProject,
    QgsVectorLayer,
)


class Feedback(QgsProcessingFeedback):
    """What the algorithm tells QGIS, kept; Cancel pressed once ``cancel_after`` progress
    texts have been told (never, if None)."""

    def __init__(self, cancel_after):
        super().__init__()
        self.cancel_after, self.texts, self.log = cancel_after, [], []

    def setProgressText(self, text):  # noqa: N802 (QGIS's names)
        self.texts.append(text)
        if self.cancel_after is not None and len(self.texts) >= self.cancel_after:
            self.cancel()

    def pushInfo(self, info):  # noqa: N802
        self.log.append(info)

    def reportError(self, error, fatalError=False):  # noqa: N802, N803
        self.log.append(f"ERROR {error}")


def main():
    case = json.loads(open(sys.argv[1], encoding="utf-8").read())
    app = QgsApplication([], False)
    app.initQgis()
    sys.path[:0] = ["/usr/share/qgis/python/plugins", case["plugins"]]
    from processing.core.Processing import Processing

    Processing.initialize()
    import landplan_processing
    import processing
    from processing.gui.Postprocessing import handleAlgorithmResults

    plugin = landplan_processing.classFactory(None)
    plugin.initProcessing()
    parameters = dict(case["parameters"])
    for name, spec in case.get("layers", {}).items():
        layer = QgsVectorLayer(spec["path"], name, "ogr")
        assert layer.isValid(), spec["path"]
        QgsProject.instance().addMapLayer(layer)
        if "select" in spec:
            layer.selectByExpression(spec["select"])
            parameters[name] = QgsProcessingFeatureSourceDefinition(layer.id(), True)
        else:
            parameters[name] = layer
    context = QgsProcessingContext()
    context.setProject(QgsProject.instance())
    feedback = Feedback(case.get("cancel_after"))
    answer = {"texts": feedback.texts, "log": feedback.log}
    try:
        answer["seconds"] = []
        for _ in range(case.get("runs", 1)):  # one QGIS session, the algorithm run again
            began = time.perf_counter()
            outputs = processing.run(
                case["algorithm"], parameters, context=context, feedback=feedback
            )
            answer["seconds"].append(time.perf_counter() - began)
        answer["outputs"] = {
            k: v for k, v in outputs.items() if isinstance(v, (str, bool, int, float))
        }
        # the result layers loaded into the project as the dialog loads them, styles and all
        inputs = set(QgsProject.instance().mapLayers())
        algorithm = QgsApplication.processingRegistry().algorithmById(case["algorithm"])
        handleAlgorithmResults(algorithm, context, feedback, False, parameters)
        answer["loaded"] = {
            layer.name(): {
                "features": layer.featureCount(),
                "renderer": layer.renderer().type() if layer.renderer() else None,
            }
            for key, layer in QgsProject.instance().mapLayers().items()
            if key not in inputs
        }
    except QgsProcessingException as exc:
        answer["error"] = str(exc)
    except Exception:  # a fault of the plugin's: the test fails on it, with its traceback
        answer["crash"] = traceback.format_exc()
    print(json.dumps(answer, ensure_ascii=False))
    sys.stdout.flush()
    os._exit(0)  # QGIS's exit handlers are not the tests' concern (and may hang headless)


if __name__ == "__main__":
    main()
