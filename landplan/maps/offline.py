"""Self-contained map pages: the scripts and styles folium links from public CDNs are inlined
from copies shipped in ``landplan/maps/assets`` (fetched from the npm registry by
``scripts/vendor_assets.py``; ``manifest.json`` says from where, with the licences beside them).

A saved page then makes no network request unless it has tile layers: it works offline and
inside intranets that block CDNs. An address with no shipped copy is an error, never a silent
network dependency.
"""

from __future__ import annotations

import base64
import contextlib
import json
import mimetypes
import posixpath
import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import branca.element
import folium

from landplan.errors import LandplanError

ASSETS = Path(__file__).resolve().parent / "assets"
SCRIPT = re.compile(r'<script src="(?P<url>https?://[^"]+)"></script>')
STYLESHEET = re.compile(r'<link rel="stylesheet" href="(?P<url>https?://[^"]+)"\s*/?>')
CSS_URL = re.compile(r"url\(\s*['\"]?(?!data:|#)(?P<path>[^'\")]+)['\"]?\s*\)")

#: What folium's Map needs of its default assets for landplan's maps (no markers, no Bootstrap).
LEAFLET_JS = [("leaflet", "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js")]
LEAFLET_CSS = [("leaflet_css", "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.css")]


def page(fmap: folium.Map) -> Any:
    """The page a map is drawn on (a branca Figure: its header, html and script elements)."""
    return fmap.get_root()


def offline_map(fmap: folium.Map) -> folium.Map:
    """Keep only Leaflet among the map's default assets (landplan's maps use no markers,
    Bootstrap or jQuery); returns the same map."""
    fmap.default_js = LEAFLET_JS
    fmap.default_css = LEAFLET_CSS
    return fmap


def page_html(fmap: folium.Map) -> str:
    """The map's page with every CDN script and stylesheet inlined."""
    with _plain_text_pieces():
        html = fmap.get_root().render()
    return inline_assets(html)


class RawHtml(branca.element.Element):
    """A piece of a page kept as the text it is. ``folium.Element(text)`` compiles its text as a
    Jinja template and runs it when the page renders: with names from the data in it, that
    would evaluate ``{{ ... }}`` in a park or cluster name (and let it run code). Every piece
    landplan adds to a page is a RawHtml."""

    def __init__(self, template: str | None = None, template_name: str | None = None) -> None:
        super().__init__()
        self._text = template or ""

    def render(self, **kwargs: object) -> str:
        return self._text


@contextlib.contextmanager
def _plain_text_pieces() -> Iterator[None]:
    """While a page renders, keep the rendered pieces as text.

    branca's ``MacroElement.render`` wraps each piece it has just rendered (GeoJSON data and all)
    in a new ``Element``, which compiles it as a Jinja template only to print it back: hundreds of
    compilations, a large share of the time of writing a run's maps, and a second evaluation of
    anything in the data that looks like a template. Rendering is single-threaded, so swapping the name
    ``Element`` in branca's module for the time of one render is contained.
    """
    original = branca.element.Element
    branca.element.Element = RawHtml  # type: ignore[misc]
    try:
        yield
    finally:
        branca.element.Element = original  # type: ignore[misc]


def inline_assets(html: str) -> str:
    """Replace each CDN ``<script src>`` and ``<link rel=stylesheet>`` by the shipped copy."""
    html = SCRIPT.sub(lambda m: f"<script>{_script(m['url'])}</script>", html)
    return STYLESHEET.sub(lambda m: f"<style>{_stylesheet(m['url'])}</style>", html)


@cache
def manifest() -> dict[str, dict]:
    return json.loads((ASSETS / "manifest.json").read_text(encoding="utf-8"))


def _entry(url: str) -> dict:
    entry = manifest().get(url)
    if entry is None:
        raise LandplanError(
            f"the map needs {url}, which landplan does not ship; add it to "
            "scripts/vendor_assets.py so maps keep working offline"
        )
    return entry


def _script(url: str) -> str:
    entry = _entry(url)
    text = (ASSETS / entry["file"]).read_text(encoding="utf-8")
    # A literal "</script" inside the code would end the inline element early.
    text = text.replace("</script", "<\\/script")
    return f"/* {entry['package']} {entry['version']}, {entry['licence_name']} licence */\n{text}"


def _stylesheet(url: str) -> str:
    entry = _entry(url)
    path = ASSETS / entry["file"]
    folder = posixpath.dirname(entry["file"])

    def data_uri(match: re.Match) -> str:
        image = ASSETS / posixpath.normpath(posixpath.join(folder, match["path"]))
        kind = mimetypes.guess_type(image.name)[0] or "application/octet-stream"
        encoded = base64.b64encode(image.read_bytes()).decode("ascii")
        return f'url("data:{kind};base64,{encoded}")'

    text = CSS_URL.sub(data_uri, path.read_text(encoding="utf-8"))
    return f"/* {entry['package']} {entry['version']}, {entry['licence_name']} licence */\n{text}"
