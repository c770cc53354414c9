"""QGIS styles stored in a GeoPackage: the layers landplan writes open in QGIS (or in its
plugin) already drawn as on landplan's maps.

A style is QML, QGIS's own format, stored as the layer's default in the GeoPackage's
``layer_styles`` table (the table QGIS itself writes and reads when a layer is opened):
:func:`by_industry` fills features by an industry column in the maps' colours,
:func:`graduated` shades them by a score in classes.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from contextlib import closing
from pathlib import Path
from xml.sax.saxutils import quoteattr

import pandas as pd

from landplan.maps.options import UNUSED, cluster_colours

#: A graduated style's classes, light to dark (ColorBrewer YlGnBu, 5 classes).
SCORE_COLOURS = ("#ffffcc", "#a1dab4", "#41b6c4", "#2c7fb8", "#253494")


def by_industry(attribute: str, clusters: pd.DataFrame, present: set[str], empty: str) -> str:
    """Features filled by ``attribute`` (an industry id) in the maps' colours, each industry
    of ``clusters`` (``name_en``, ``name_zh`` by id, in the catalogue's order, which sets the
    colours) that is ``present`` labelled in both languages; features with none in light
    grey, labelled ``empty``."""
    colours = cluster_colours(list(clusters.index))
    entries = [(c, f"{clusters.loc[c, 'name_en']} / {clusters.loc[c, 'name_zh']}", colours[c])
               for c in clusters.index if c in present]  # fmt: skip
    categories = [
        f'<category symbol="{n}" value={quoteattr(value)} label={quoteattr(label)} render="true"/>'
        for n, (value, label, _) in enumerate(entries)
    ]
    symbols = [_fill(str(n), colour, 255) for n, (_, _, colour) in enumerate(entries)]
    n = len(entries)  # the catch-all category (an empty value) takes what no other does
    categories.append(f'<category symbol="{n}" value="" label={quoteattr(empty)} render="true"/>')
    symbols.append(_fill(str(n), UNUSED, 60))
    return _renderer("categorizedSymbol", attribute, "categories", categories, symbols)


def graduated(attribute: str, breaks: Sequence[float]) -> str:
    """Features shaded by ``attribute`` in classes between consecutive ``breaks`` (ascending,
    one more than :data:`SCORE_COLOURS`), light (low) to dark (high)."""
    assert len(breaks) == len(SCORE_COLOURS) + 1, "one class per colour"
    ranges, symbols = [], []
    for n, (low, high, colour) in enumerate(zip(breaks, breaks[1:], SCORE_COLOURS, strict=False)):
        label = f"{low:.2f} – {high:.2f}"
        ranges.append(
            f'<range symbol="{n}" lower="{low:.6f}" upper="{high:.6f}" label="{label}" '
            'render="true"/>'
        )
        symbols.append(_fill(str(n), colour, 255))
    return _renderer(
        "graduatedSymbol", attribute, "ranges", ranges, symbols, 'graduatedMethod="GraduatedColor" '
    )


def store_style(gpkg: Path, layer: str, qml: str, description: str) -> None:
    """Store ``qml`` as ``layer``'s default style in the GeoPackage's ``layer_styles`` table
    (registered in ``gpkg_contents`` as attributes, as QGIS registers it)."""
    with closing(sqlite3.connect(gpkg)) as db, db:
        db.execute(
            'CREATE TABLE IF NOT EXISTS "layer_styles" ("id" INTEGER PRIMARY KEY AUTOINCREMENT '
            'NOT NULL, "f_table_catalog" TEXT(256), "f_table_schema" TEXT(256), "f_table_name" '
            'TEXT(256), "f_geometry_column" TEXT(256), "styleName" TEXT(30), "styleQML" TEXT, '
            '"styleSLD" TEXT, "useAsDefault" BOOLEAN, "description" TEXT, "owner" TEXT(30), '
            '"ui" TEXT(30), "update_time" DATETIME)'
        )
        db.execute('DELETE FROM "layer_styles" WHERE "f_table_name" = ?', (layer,))
        db.execute(
            'INSERT INTO "layer_styles" ("f_table_catalog", "f_table_schema", "f_table_name", '
            '"f_geometry_column", "styleName", "styleQML", "styleSLD", "useAsDefault", '
            '"description", "owner", "ui", "update_time") '
            "VALUES ('', '', ?, 'geom', ?, ?, '', 1, ?, '', '', NULL)",
            (layer, layer, qml, description),
        )
        db.execute(
            "INSERT OR IGNORE INTO gpkg_contents (table_name, data_type, identifier, "
            "last_change) VALUES ('layer_styles', 'attributes', 'layer_styles', "
            "'2000-01-01T00:00:00.000Z')"
        )


def _fill(name: str, colour: str, alpha: int) -> str:
    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return (
        f'<symbol type="fill" name="{name}" alpha="1" clip_to_extent="1" force_rhr="0">'
        '<layer class="SimpleFill" enabled="1" locked="0" pass="0"><Option type="Map">'
        f'<Option type="QString" name="color" value="{red},{green},{blue},{alpha}"/>'
        '<Option type="QString" name="outline_color" value="35,35,35,255"/>'
        '<Option type="QString" name="outline_width" value="0.1"/>'
        '<Option type="QString" name="style" value="solid"/>'
        "</Option></layer></symbol>"
    )


def _renderer(
    kind: str, attribute: str, tag: str, items: list[str], symbols: list[str], extra: str = ""
) -> str:
    """A QML style of one renderer: its ``items`` (categories, ranges) in ``tag``, each naming
    one of ``symbols`` by its number."""
    return (
        "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>"
        '<qgis version="3.22" styleCategories="Symbology">'
        f'<renderer-v2 type="{kind}" attr={quoteattr(attribute)} {extra}symbollevels="0" '
        'enableorderby="0" forceraster="0">'
        f"<{tag}>{''.join(items)}</{tag}><symbols>{''.join(symbols)}</symbols>"
        "</renderer-v2></qgis>"
    )
