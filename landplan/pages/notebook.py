"""Maps inline in Jupyter, offline: each map is shown as a self-contained page in an iframe.

folium's own notebook display loads Leaflet from public CDNs; these views carry the inlined
page instead (see :mod:`landplan.maps.offline`), so maps render in a notebook without a network.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

import folium

from landplan.maps.offline import page_html


class MapView:
    """One or more maps side by side, shown by Jupyter through ``_repr_html_``."""

    def __init__(self, maps: Sequence[folium.Map], titles: Sequence[str] = (), height: int = 520):
        self.maps, self.titles, self.height = list(maps), list(titles), height

    def _repr_html_(self) -> str:
        width = 100 / max(len(self.maps), 1)
        cells = []
        for i, fmap in enumerate(self.maps):
            title = f"<b>{html.escape(self.titles[i])}</b>" if i < len(self.titles) else ""
            frame = (
                f'<iframe srcdoc="{html.escape(page_html(fmap))}" style="width:100%;'
                f'height:{self.height}px;border:1px solid #ccc"></iframe>'
            )
            cells.append(f'<div style="flex:0 0 {width:.2f}%">{title}{frame}</div>')
        return f'<div style="display:flex;gap:6px">{"".join(cells)}</div>'


def show_map(fmap: folium.Map, height: int = 520) -> MapView:
    """Show a map inline in a notebook (offline)."""
    return MapView([fmap], height=height)


def show_maps(maps: Sequence[folium.Map], titles: Sequence[str] = (), height: int = 460) -> MapView:
    """Show maps side by side in a notebook (offline)."""
    return MapView(maps, titles, height)
