"""The README's QGIS screenshots, taken in a real QGIS desktop (Debian's, under Xvfb): the
Processing toolbox with landplan's algorithms and the dialog of "Run a scenario", then the
baseline run from the bundled park tiers loaded as a layer, its styled layers on the canvas.

Run (needs qgis, python3-qgis, xvfb):
    .venv/bin/landplan qgis-plugin /tmp/landplan_processing.zip
    python3 scripts/qgis_screenshots.py /tmp/landplan_processing.zip docs/
It starts QGIS with a profile of its own (the plugin installed from the zip) and this file as
its startup code (QGIS runs it with ``exec``: no ``__file__``, ``qgis.utils`` loaded), whose
``in_qgis`` part saves the pictures and quits.
"""

import os
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path


def main():
    root = Path(__file__).resolve().parents[1]
    zip_file, out = Path(sys.argv[1]).resolve(), Path(sys.argv[2]).resolve()
    with tempfile.TemporaryDirectory(prefix="landplan-shots-") as tmp:
        profile = Path(tmp) / "profiles" / "default"
        plugins = profile / "python" / "plugins"
        plugins.mkdir(parents=True)
        with zipfile.ZipFile(zip_file) as archive:
            archive.extractall(plugins)
        ini = profile / "QGIS" / "QGIS3.ini"
        ini.parent.mkdir(parents=True)
        ini.write_text(
            "[PythonPlugins]\nlandplan_processing=true\nprocessing=true\n"
            "[qgis]\ncheckVersion=false\nshowTips=false\n",
            encoding="utf-8",
        )
        environment = {
            **os.environ,
            "LANDPLAN_SHOTS": str(out),
            "LANDPLAN_ROOT": str(root),
            "LANDPLAN_RESULTS": str(Path(tmp) / "results"),
        }
        environment.pop("PYTHONPATH", None)
        environment["PATH"] = "/usr/bin:/bin"  # QGIS's Python is the system's, whatever is first
        subprocess.run(
            [
                "xvfb-run",
                "-a",
                "-s",
                "-screen 0 1600x1000x24",
                "qgis",
                "--profiles-path",
                tmp,
                "--nologo",
                "--noversioncheck",
                "--code",
                str(Path(__file__).resolve()),
            ],
            env=environment,
            check=True,
            timeout=600,
        )


def in_qgis():
    """Inside QGIS (its startup code): the pictures, then quit."""
    import processing
    from qgis.core import QgsProject, QgsVectorLayer
    from qgis.PyQt.QtCore import QTimer
    from qgis.PyQt.QtWidgets import QDockWidget
    from qgis.utils import iface, plugins

    shots, root = Path(os.environ["LANDPLAN_SHOTS"]), Path(os.environ["LANDPLAN_ROOT"])
    window = iface.mainWindow()
    window.resize(1600, 1000)

    def toolbox():
        box = plugins["processing"].toolbox
        box.setVisible(True)
        box.searchBox.setText("landplan")
        dialog = processing.createAlgorithmDialog("landplan:run")
        dialog.show()
        dialog.resize(760, 900)
        QTimer.singleShot(1500, lambda: grab_dialog(dialog))

    def grab_dialog(dialog):
        dialog.grab().save(str(shots / "qgis-dialog.png"))
        dialog.close()
        parks = QgsVectorLayer(str(root / "data" / "parks.geojson"), "parks (schematic)", "ogr")
        QgsProject.instance().addMapLayer(parks, False)
        processing.runAndLoadResults(
            "landplan:run",
            {
                "PARKS": parks,
                "SCENARIO_NAME": "baseline",
                "OUTPUT": os.environ["LANDPLAN_RESULTS"],
            },
        )
        project = QgsProject.instance()
        tiers = next(
            layer for layer in project.mapLayers().values() if "park tiers" in layer.name()
        )
        districts = QgsVectorLayer(
            tiers.source().replace("park_tiers", "districts"), "districts", "ogr"
        )  # the district lines, for where
        districts.renderer().symbol().symbolLayer(0).setBrushStyle(0)  # no fill
        project.addMapLayer(districts)
        project.layerTreeRoot().findLayer(tiers.id()).setExpanded(True)  # the legend
        for dock in ("Browser", "Browser2"):
            found = window.findChild(QDockWidget, dock)
            if found is not None:
                found.hide()
        iface.setActiveLayer(tiers)
        iface.mapCanvas().setExtent(tiers.extent().buffered(0.01))
        iface.mapCanvas().refresh()
        QTimer.singleShot(4000, grab_window)

    def grab_window():
        window.grab().save(str(shots / "qgis-result.png"))
        os._exit(0)  # no "save the project?" on the way out

    QTimer.singleShot(3000, toolbox)


if "qgis.utils" in sys.modules:  # QGIS runs this file as its startup code
    in_qgis()
elif __name__ == "__main__":
    main()
