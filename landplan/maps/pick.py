"""A map a page can pick parks from: clicking a park tells the page holding the map in a frame
which park it was (``postMessage``, as :mod:`landplan.maps.sync` does), so a planner locks an
industry into a park, or keeps it out, by clicking the park."""

from __future__ import annotations

import folium

from landplan.maps.common import page
from landplan.maps.offline import RawHtml
from landplan.maps.options import script_json

#: The message a click sends: ``{kind: PICKED, park: "<park id>"}``.
PICKED = "landplan-picked"


def answer_picks(fmap: folium.Map) -> None:
    """Clicking any shape with a ``park_id`` tells the parent page which park it is."""
    page(fmap).script.add_child(
        RawHtml(
            f"""document.addEventListener("DOMContentLoaded", function () {{
  if (window.parent === window) return;
  {fmap.get_name()}.eachLayer(function (layer) {{
    var park = layer.feature && layer.feature.properties && layer.feature.properties.park_id;
    if (!park) return;
    layer.on("click", function () {{
      window.parent.postMessage({{kind: {script_json(PICKED)}, park: park}}, "*");
    }});
  }});
}});"""
        )
    )
