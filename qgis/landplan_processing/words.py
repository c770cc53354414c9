"""The plugin's words in the language QGIS speaks: English, or Chinese from the catalog in
``i18n/`` (compiled by ``landplan qgis-plugin`` from landplan's own catalogs)."""

import gettext
from pathlib import Path

from qgis.core import QgsSettings
from qgis.PyQt.QtCore import QLocale

DOMAIN = "landplan_processing"
HERE = Path(__file__).resolve().parent


def language():
    """QGIS's language: the one set in its options, else the system's (two letters)."""
    settings = QgsSettings()
    if settings.value("locale/overrideFlag", False, type=bool):
        return (settings.value("locale/userLocale", "") or "en")[:2]
    return QLocale.system().name()[:2]


_CATALOG = gettext.translation(
    DOMAIN, localedir=str(HERE / "i18n"), languages=[language()], fallback=True
)


def tr(text):
    """``text`` in QGIS's language (as it is, where the catalog has no translation)."""
    return _CATALOG.gettext(text)


def N_(text):  # noqa: N802 (gettext's name)
    """``text`` marked for the catalog, translated where it is shown (with :func:`tr`)."""
    return text
