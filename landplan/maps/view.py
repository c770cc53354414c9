"""The opening view of a map: its parks fitted into the room its boxes (title, legend, controls,
search) leave free, measured where they stand once the page is laid out, so that none of them
covers a park; park labels that would overlap an earlier one hidden."""

from __future__ import annotations

import folium

from landplan.maps.offline import RawHtml, page
from landplan.maps.options import script_json

#: Pixels kept clear around the parks (more below them: their labels hang under them).
MARGIN, LABEL_ROOM = 12, 16
#: An open box that folds (a legend, a ranking) or layer list taking more of the map than this
#: starts folded.
OPEN_SHARE = 0.12


def fit_parks(fmap: folium.Map, bounds: list[list[float]]) -> None:
    """Fit ``bounds`` ([[south, west], [north, east]]) into the map less its boxes, at load and
    whenever the map's size changes until the planner moves it (a side panel folding)."""
    page(fmap).script.add_child(
        RawHtml(
            f"""document.addEventListener("DOMContentLoaded", function () {{
  var map = {fmap.get_name()}, bounds = L.latLngBounds({script_json(bounds)}), moved = false;
  var box = map.getContainer();
  ["mousedown", "wheel", "touchstart", "keydown"].forEach(function (kind) {{
    box.addEventListener(kind, function () {{ moved = true; }}, {{passive: true}});
  }});
  function boxes() {{
    return Array.prototype.slice.call(document.querySelectorAll(
      ".leaflet-control, .landplan-box")).filter(function (el) {{
        return el.offsetParent !== null && el.getBoundingClientRect().width > 0;
      }});
  }}
  // the title between the top corners' controls, not under them
  function placeTitle() {{
    var title = document.querySelector(".landplan-title");
    if (!title) return;
    var width = map.getSize().x, left = 0, right = width;
    document.querySelectorAll(".leaflet-top.leaflet-left .leaflet-control").forEach(function (c) {{
      left = Math.max(left, c.getBoundingClientRect().right);
    }});
    document.querySelectorAll(".leaflet-top.leaflet-right .leaflet-control").forEach(function (c) {{
      right = Math.min(right, c.getBoundingClientRect().left);
    }});
    title.style.left = ((left + right) / 2) + "px";
    title.style.maxWidth = Math.max(160, right - left - 20) + "px";
  }}
  // each box cleared by one of the two sides of the map nearest it: of every such choice, the
  // one that lets the parks be drawn largest
  function padding() {{
    var size = map.getSize(), frame = box.getBoundingClientRect(), choices = [];
    boxes().forEach(function (el) {{
      var r = el.getBoundingClientRect();
      var x0 = r.left - frame.left, y0 = r.top - frame.top;
      var x1 = r.right - frame.left, y1 = r.bottom - frame.top;
      choices.push([y0 < size.y - y1 ? ["top", y1] : ["bottom", size.y - y0],
                    x0 < size.x - x1 ? ["left", x1] : ["right", size.x - x0]]);
    }});
    var best = null, zoom = -Infinity, spent = Infinity;
    for (var pick = 0; pick < (1 << choices.length); pick++) {{
      var pad = {{top: 0, right: 0, bottom: 0, left: 0}};
      choices.forEach(function (sides, i) {{
        var side = sides[(pick >> i) & 1];
        pad[side[0]] = Math.max(pad[side[0]], side[1]);
      }});
      var room = L.point(pad.left + pad.right + 2 * {MARGIN},
                         pad.top + pad.bottom + 2 * {MARGIN} + {LABEL_ROOM});
      if (room.x > size.x - 100 || room.y > size.y - 100) continue;  // no room (Leaflet: zoom ∞)
      var z = map.getBoundsZoom(bounds, false, room);
      var total = pad.top + pad.right + pad.bottom + pad.left;
      if (z > zoom || (z === zoom && total < spent)) {{ best = pad; zoom = z; spent = total; }}
    }}
    return best || {{top: 0, right: 0, bottom: 0, left: 0}};
  }}
  function fit() {{
    var size = map.getSize();
    function large(el) {{
      var r = el.getBoundingClientRect();
      return r.width * r.height > {OPEN_SHARE} * size.x * size.y;
    }}
    document.querySelectorAll("details.landplan-box[open]").forEach(function (folds) {{
      if (large(folds)) folds.open = false;  // a legend, a ranking
    }});
    document.querySelectorAll(".leaflet-control-layers-expanded").forEach(function (list) {{
      if (large(list)) list.classList.remove("leaflet-control-layers-expanded");
    }});
    placeTitle();
    var pad = padding();
    map.fitBounds(bounds, {{
      paddingTopLeft: [pad.left + {MARGIN}, pad.top + {MARGIN}],
      paddingBottomRight: [pad.right + {MARGIN}, pad.bottom + {MARGIN + LABEL_ROOM}],
      animate: false
    }});
    box.dataset.fitted = "true";  // (what a test waits for)
  }}
  map.on("resize", function () {{ if (!moved) fit(); else placeTitle(); }});
  setTimeout(fit, 0);  // after every other part of the page has set its boxes up
}});"""
        )
    )


def spaced_labels(fmap: folium.Map) -> None:
    """Park labels that would overlap one already shown are hidden, until a zoom parts them;
    so are districts' labels that would overlap a park's."""
    page(fmap).script.add_child(
        RawHtml(
            f"""document.addEventListener("DOMContentLoaded", function () {{
  var map = {fmap.get_name()};
  function part() {{
    var shown = [];  // the parks' labels first: a district's gives way to them
    [".landplan-park-label", ".landplan-district-label"].forEach(function (kind) {{
      document.querySelectorAll(kind).forEach(function (label) {{
        label.style.visibility = "";
        var r = label.getBoundingClientRect();
        var clash = shown.some(function (s) {{
          return r.left < s.right && s.left < r.right && r.top < s.bottom && s.top < r.bottom;
        }});
        if (clash) label.style.visibility = "hidden"; else shown.push(r);
      }});
    }});
  }}
  map.on("zoomend moveend", part);
  setTimeout(part, 0);
}});"""
        )
    )


def layers_open(fmap: folium.Map) -> None:
    """The layer list (a ``LayerControl(collapsed=True)``, which opens on hover) open at the
    opening view, unless it would take too much of the map (:data:`OPEN_SHARE`)."""
    page(fmap).script.add_child(
        RawHtml(
            """document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll(".leaflet-control-layers").forEach(function (list) {
    list.classList.add("leaflet-control-layers-expanded");
  });
});"""
        )
    )
