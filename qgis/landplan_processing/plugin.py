"""The plugin: it adds the "landplan" Processing provider, in QGIS and in qgis_process."""

from qgis.core import QgsApplication

from .provider import LandplanProvider


class LandplanPlugin:
    def __init__(self, iface=None):
        self.provider = None

    def initProcessing(self):  # noqa: N802 (QGIS's name)
        self.provider = LandplanProvider()
        QgsApplication.processingRegistry().addProvider(self.provider)

    def initGui(self):  # noqa: N802
        self.initProcessing()

    def unload(self):
        if self.provider is not None:
            QgsApplication.processingRegistry().removeProvider(self.provider)
            self.provider = None
