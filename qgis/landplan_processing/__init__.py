"""landplan's QGIS plugin: a Processing provider whose algorithms call landplan in its own
environment (see provider.py and landplan's README, "landplan in QGIS")."""


def classFactory(iface):  # noqa: N802 (QGIS's name)
    from .plugin import LandplanPlugin

    return LandplanPlugin(iface)
