"""The Processing provider "landplan": its algorithms, and its setting, the landplan command
(:mod:`.locate`)."""

from pathlib import Path

from qgis.core import QgsProcessingProvider
from qgis.PyQt.QtGui import QIcon

from .algorithms import ALGORITHMS
from .locate import SETTING
from .words import tr


class LandplanProvider(QgsProcessingProvider):
    def id(self):
        return "landplan"

    def name(self):
        return "landplan"

    def longName(self):  # noqa: N802 (QGIS's names)
        return tr("landplan: where a city's strategic industries go")

    def icon(self):
        return QIcon(str(Path(__file__).with_name("icon.svg")))

    def load(self):
        try:  # the setting shows in Processing › Options (QGIS's Processing plugin)
            from processing.core.ProcessingConfig import ProcessingConfig, Setting
        except ImportError:  # qgis_process without the Processing plugin: read as stored
            return super().load()
        ProcessingConfig.addSetting(
            Setting(
                self.name(),
                SETTING,
                tr(
                    "landplan command (the landplan program, its Python, or a checkout; found by "
                    "itself if empty)"
                ),
                "",
                valuetype=Setting.FILE,
            )
        )
        ProcessingConfig.readSettings()
        self.refreshAlgorithms()
        return True

    def unload(self):
        try:
            from processing.core.ProcessingConfig import ProcessingConfig
        except ImportError:
            return
        ProcessingConfig.removeSetting(SETTING)

    def loadAlgorithms(self):  # noqa: N802
        for algorithm in ALGORITHMS:
            self.addAlgorithm(algorithm())
