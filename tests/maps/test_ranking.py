"""The ranking maps (a sweep's selection frequency, an exploration's importance, a run's
suitability) in Chromium: no box (the ranking, the title, the industry's selector, the legend)
covers a park, SS-02 (the easternmost, once under the ranking) included, on a wide map and on a
narrow one (where the ranking starts folded)."""

from __future__ import annotations

import pandas as pd
import pytest
from browser import OfflinePage

import landplan
from landplan.inputs.catalog import load_catalog
from landplan.maps.common import save_map
from landplan.maps.suitability import suitability_map


@pytest.fixture(scope="module")
def ranking_map(tmp_path_factory):
    """The bundled parks ranked for every industry by a made-up score."""
    parks = landplan.load_parks()
    clusters = load_catalog(None, None, landplan.load_pack(None)).clusters[["name_en", "name_zh"]]
    ids = sorted(set(parks["park_id"]))
    scores = pd.DataFrame(
        [(c, p, (i % 10) / 10) for c in clusters.index for i, p in enumerate(ids)],
        columns=["cluster_id", "park_id", "score"],
    )
    fmap = suitability_map(
        parks,
        landplan.load_districts(),
        scores,
        clusters,
        "baseline: 20 samples",
        None,
        "frequency",
    )
    return save_map(fmap, tmp_path_factory.mktemp("ranking") / "frequency.html")


@pytest.mark.parametrize("width, height", [(1000, 560), (1280, 900), (620, 480)])
def test_no_box_covers_a_park(browser, ranking_map, width, height):
    page = OfflinePage(browser, width=width, height=height).open(ranking_map)
    try:
        found = page.page.evaluate(
            """() => {
              const boxes = [...document.querySelectorAll(".landplan-box")]
                .map(box => box.getBoundingClientRect());
              const map = document.querySelector(".leaflet-container").getBoundingClientRect();
              const parks = {}, under = [];
              document.querySelectorAll("path.landplan-suitability").forEach(path => {
                const b = path.getBoundingClientRect();
                if (!b.width) return;  // another industry's layer
                parks[Object.keys(parks).length] = b;
                for (const box of boxes) {
                  if (b.right > box.left && b.left < box.right && b.bottom > box.top
                      && b.top < box.bottom) under.push([b.left, b.top]);
                }
              });
              const shown = Object.values(parks).filter(b => b.left >= map.left
                && b.right <= map.right && b.top >= map.top && b.bottom <= map.bottom);
              return {under, parks: Object.keys(parks).length, shown: shown.length,
                      open: document.querySelector(".landplan-ranking").open};
            }"""
        )
        page.screenshot(f"ranking-{width}x{height}")
    finally:
        page.page.close()
    assert found["parks"] == 20 and found["shown"] == 20, found  # every park in view
    assert found["under"] == [], found
    # open where it takes no more than view.OPEN_SHARE of the map, folded on smaller maps
    assert found["open"] == (width >= 1280)
    assert page.errors == [] and page.requests == []
