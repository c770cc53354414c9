"""Finding a park on a map: a box (top right) that takes part of a park's id or of its name in
English or Chinese, lists the parks that match, and on a choice (or a single match) zooms to the
park and selects it as a click on it does (a popup on the result map, a pick on the picker)."""

from __future__ import annotations

import folium
import pandas as pd

from landplan.maps.offline import RawHtml, page
from landplan.maps.options import MapOptions, plain_text, script_json

#: The most matches listed under the box.
SHOWN = 8


def park_search(fmap: folium.Map, parks: pd.DataFrame, options: MapOptions) -> None:
    """The search box over the parks of ``parks`` (``park_id``, ``name_en``, ``name_zh``).
    Every name reaches the page as JSON and is shown as text."""
    names = parks.groupby("park_id")[["name_en", "name_zh"]].first()
    labels = {
        str(park): f"{park} {' / '.join(n for n in (plain_text(en), plain_text(zh)) if n)}"
        for park, en, zh in zip(names.index, names["name_en"], names["name_zh"], strict=True)
    }
    page(fmap).script.add_child(
        RawHtml(
            f"""document.addEventListener("DOMContentLoaded", function () {{
  var map = {fmap.get_name()}, labels = {script_json(labels)};
  var control = L.control({{position: "topright"}});
  control.onAdd = function () {{
    var box = L.DomUtil.create("div", "landplan-box landplan-search leaflet-control");
    var input = L.DomUtil.create("input", "", box), list = L.DomUtil.create("ul", "", box);
    input.id = "landplan-search";
    input.type = "search";
    input.size = 22;
    input.placeholder = {script_json(options.word("search"))};
    input.setAttribute("list", "landplan-parks");
    var known = L.DomUtil.create("datalist", "", box);
    known.id = "landplan-parks";
    Object.keys(labels).forEach(function (park) {{
      var option = document.createElement("option");
      option.value = labels[park];
      known.appendChild(option);
    }});
    L.DomEvent.disableClickPropagation(box);
    L.DomEvent.disableScrollPropagation(box);
    function matches() {{
      var words = input.value.trim().toLowerCase();
      if (!words) return [];
      return Object.keys(labels).filter(function (park) {{
        return labels[park].toLowerCase().indexOf(words) >= 0;
      }});
    }}
    function show(found) {{
      list.textContent = "";
      found.slice(0, {SHOWN}).forEach(function (park) {{
        var item = L.DomUtil.create("li", "", list);
        item.textContent = labels[park];
        item.addEventListener("click", function () {{ choose(park); }});
      }});
    }}
    function choose(park) {{
      input.value = labels[park];
      list.textContent = "";
      select(park);
    }}
    input.addEventListener("input", function () {{
      var found = matches(), exact = found.filter(function (park) {{
        var words = input.value.trim().toLowerCase();
        return park.toLowerCase() === words || labels[park].toLowerCase() === words;
      }});
      if (exact.length === 1 || (found.length === 1 && input.value.trim().length >= 2)) {{
        choose(exact[0] || found[0]);
      }} else show(found);
    }});
    input.addEventListener("keydown", function (e) {{
      var found = matches();
      if (e.key === "Enter" && found.length) {{ e.preventDefault(); choose(found[0]); }}
    }});
    return box;
  }};
  control.addTo(map);
  // zoom to the park (every shape of it drawn now) and click its first: as a planner's click
  function select(park) {{
    var shapes = [];
    map.eachLayer(function (layer) {{
      var p = layer.feature && layer.feature.properties;
      if (p && p.park_id === park && layer.getBounds) shapes.push(layer);
    }});
    if (!shapes.length) return;
    var bounds = shapes[0].getBounds();
    shapes.forEach(function (s) {{ bounds.extend(s.getBounds()); }});
    map.fitBounds(bounds, {{maxZoom: 13, animate: false}});
    document.querySelectorAll(".landplan-found").forEach(function (el) {{
      el.classList.remove("landplan-found");
    }});
    shapes.forEach(function (s) {{ if (s.getElement()) s.getElement().classList.add("landplan-found"); }});
    shapes[0].fire("click", {{latlng: bounds.getCenter()}}, true);
  }}
}});"""
        )
    )
