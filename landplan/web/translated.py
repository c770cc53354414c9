"""A result's pages in the language of the page that asks for them: its report, its maps and a
comparison's page, drawn again from the stored folder, which is only read (a result never
changes). Drawing a report or a map takes most of a second, so each page is drawn once a
language and kept in the data folder's cache (``cache/<result>/<edition>/``: the language and
what its words come from, so that another landplan or catalog draws afresh), written
atomically. English is the folder's own: its files as the run wrote them."""

from __future__ import annotations

import functools
import hashlib
from importlib import metadata
from pathlib import Path, PurePosixPath

from landplan.atomic import write_text_atomically
from landplan.i18n import LANGS, PSEUDO, TEMPLATE, catalog_path, speaking
from landplan.maps.offline import page_html
from landplan.maps.options import MapOptions
from landplan.outputs.analysis import comparison_html, folder_comparison_map
from landplan.outputs.contract import MAP_HTML, REPORT_HTML, SUITABILITY_HTML
from landplan.outputs.runfolder import folder_maps, report_html

#: The pages drawn again in a page's language, by file name (in a run's folder, or a
#: comparison's and the runs it holds).
PAGES = (REPORT_HTML, MAP_HTML, SUITABILITY_HTML, "compare.html", "compare_map.html")


def map_options(lang: str) -> MapOptions:
    """How a workbench's page in ``lang`` names things on maps: in Chinese on a Chinese page,
    else in both languages (as the workbench's runs draw them)."""
    return MapOptions(lang="zh" if lang == "zh" else "both")


def page_in(folder: Path, name: str, lang: str, maps_query: str = "") -> str:
    """The page ``name`` (one of :data:`PAGES`) of the result in ``folder``, in ``lang``
    (``maps_query``: added to the addresses of a comparison's maps)."""
    options = map_options(lang)
    with speaking(lang):
        if name == "compare.html":
            return comparison_html(folder, lang, maps_query)
        if name == "compare_map.html":
            return page_html(folder_comparison_map(folder, options))
        drawn = MAP_HTML if name == REPORT_HTML else name  # the report holds the plan's map
        fmap = page_html(folder_maps(folder, options, (drawn,))[drawn])
        return report_html(folder, lang, fmap) if name == REPORT_HTML else fmap


@functools.cache
def edition(lang: str) -> str:
    """The folder of a result's cache for pages in ``lang``: the language, and a digest of
    landplan's version and the language's catalog (the words its pages were drawn with)."""
    catalog = TEMPLATE if lang == PSEUDO else catalog_path(lang)
    version = metadata.version("landplan").encode()  # installed, as the workbench is
    digest = hashlib.sha256(version + catalog.read_bytes()).hexdigest()[:12]
    return f"{lang}-{digest}"


def translated(folder: Path, path: str, lang: str, cache: Path, viewed: bool) -> Path | None:
    """The result's file ``path`` (inside ``folder``) in ``lang``, drawn once into ``cache``
    (the result's own cache folder); None where the stored file is the answer: in English, or a
    file that is not a page. ``viewed``: shown by the workbench (a comparison's page then
    frames its runs' maps in the same language), else downloaded."""
    where = PurePosixPath(path)
    if lang == LANGS[0] or where.name not in PAGES:
        return None
    kept = cache / edition(lang) / ("viewed" if viewed else "downloaded") / where
    if not kept.is_file():
        query = f"?lang={lang}" if viewed else ""
        write_text_atomically(kept, page_in(folder / where.parent, where.name, lang, query))
    return kept
