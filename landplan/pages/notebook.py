"""Jupyter's readers: maps inline, offline, and a line that shows how long work goes.

folium's own notebook display loads Leaflet from public CDNs; these views carry the inlined
page instead (see :mod:`landplan.maps.offline`), so maps render in a notebook without a network.
:class:`ProgressLine` reads :mod:`landplan.progress`'s reports into one line of a cell's output,
updated in place.
"""

from __future__ import annotations

import html
import time
from collections.abc import Sequence
from typing import Any

import folium

from landplan.maps.offline import page_html
from landplan.progress import Report


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


class ProgressLine:
    """A listener (:data:`landplan.progress.Listener`) showing the work's report as one line
    of the cell's output, updated in place at most every ``every_s`` seconds (and at each new
    stage): ``landplan.run_scenario("baseline", progress=landplan.progress_line())``. Outside
    a notebook, the line is printed."""

    def __init__(self, every_s: float = 0.25) -> None:
        self.every_s = every_s
        self._shown: Any = None
        self._stage: tuple[str, str] | None = None
        self._at = 0.0

    def __call__(self, report: Report) -> None:
        stage, now = (report.task, report.stage), time.monotonic()
        if stage == self._stage and now - self._at < self.every_s:
            return
        self._stage, self._at = stage, now
        if not _in_notebook():  # plain Python: a line each time
            print(report.words())
            return
        from IPython.display import HTML, display

        line = HTML(f"<code>{html.escape(report.words())}</code>")
        if self._shown is None:
            self._shown = display(line, display_id=True)
        else:
            self._shown.update(line)


def progress_line(every_s: float = 0.25) -> ProgressLine:
    """A notebook's reader of how long work goes (see :class:`ProgressLine`)."""
    return ProgressLine(every_s)


def _in_notebook() -> bool:
    """Whether this runs in a Jupyter kernel."""
    try:
        from IPython import get_ipython
    except ImportError:
        return False
    return hasattr(get_ipython(), "kernel")
