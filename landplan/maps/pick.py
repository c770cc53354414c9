"""A map a page can pick parks from: clicking a park tells the page holding the map in a frame
which park it was (``postMessage``, as :mod:`landplan.maps.sync` does), with its names and
tiers for the page to show beside the map, so a planner locks an industry into a park, or keeps
it out, by clicking the park. The page shows the park, so the map shows no hover box over its
neighbours."""

from __future__ import annotations

import folium

from landplan.maps.common import page
from landplan.maps.offline import RawHtml
from landplan.maps.options import script_json

#: The message a click sends: ``{kind: PICKED, park, name_en, name_zh, tiers: [{tier, land,
#: released}]}`` (the tiers as the parks map has them, see :mod:`landplan.maps.parks`).
PICKED = "landplan-picked"


def answer_picks(fmap: folium.Map) -> None:
    """Clicking any shape with a ``park_id`` tells the parent page which park it is."""
    # hidden rather than unbound: Leaflet 1.9.3 keeps a tooltip's focus listener after unbinding
    page(fmap).header.add_child(RawHtml("<style>.leaflet-tooltip{display:none}</style>"))
    page(fmap).script.add_child(
        RawHtml(
            f"""document.addEventListener("DOMContentLoaded", function () {{
  if (window.parent === window) return;
  var shapes = [];
  {fmap.get_name()}.eachLayer(function (layer) {{
    if (layer.feature && layer.feature.properties && layer.feature.properties.park_id) {{
      shapes.push(layer);
    }}
  }});
  shapes.forEach(function (layer) {{
    var p = layer.feature.properties, park = p.park_id;
    layer.on("click", function () {{
      var tiers = shapes.filter(function (s) {{ return s.feature.properties.park_id === park; }})
        .map(function (s) {{
          var t = s.feature.properties;
          return {{tier: t.tier_label, land: t.industrial_land_km2, released: t.release_by}};
        }});
      window.parent.postMessage({{kind: {script_json(PICKED)}, park: park, name_en: p.name_en,
                                  name_zh: p.name_zh, tiers: tiers}}, "*");
    }});
  }});
}});"""
        )
    )
