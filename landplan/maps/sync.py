"""Maps shown side by side that move together, and mark what changed.

A run's map answers its parent page (the comparison page holds each run's map in a frame): it
says where it was moved to, follows where it is told to go, and outlines the tiers it is told
changed. The pages talk by ``postMessage`` (frames of files opened from disk cannot reach into
each other), with the message kinds below; the comparison page relays a move to the others.
"""

from __future__ import annotations

import folium

from landplan.maps.common import page
from landplan.maps.offline import RawHtml
from landplan.maps.options import CHANGE_COLOUR, script_json, tier_class

#: The kinds of message: a map is ready; a map was moved; go to this view; outline these tiers.
READY, MOVED = "landplan-ready", "landplan-moved"
GO_TO, CHANGED = "landplan-go-to", "landplan-changed"

_STYLE = f"""<style>
path.landplan-changed{{stroke:{CHANGE_COLOUR} !important;stroke-width:4px !important;
 stroke-dasharray:none !important;stroke-opacity:1 !important}}
.landplan-changes{{display:none;position:absolute;top:150px;left:10px;z-index:1000;
 max-width:40%;border-color:{CHANGE_COLOUR}}}
</style>"""


def answer_parent(fmap: folium.Map) -> None:
    """Let a page holding ``fmap`` in a frame move it, be told of its moves and outline tiers
    (their paths found by :func:`~landplan.maps.options.tier_class`). On a page of its own the
    map ignores all this."""
    root = page(fmap)
    root.header.add_child(RawHtml(_STYLE))
    root.html.add_child(RawHtml('<div class="landplan-box landplan-changes"></div>'))
    root.script.add_child(
        RawHtml(
            f"""document.addEventListener("DOMContentLoaded", function () {{
  if (window.parent === window) return;
  var map = {fmap.get_name()}, following = false;
  map.on("moveend", function () {{
    if (following) return;
    var c = map.getCenter();
    window.parent.postMessage({{kind: {script_json(MOVED)}, lat: c.lat, lng: c.lng,
                                zoom: map.getZoom()}}, "*");
  }});
  window.addEventListener("message", function (e) {{
    var m = e.data;
    if (e.source !== window.parent || !m) return;
    if (m.kind === {script_json(GO_TO)}) {{
      following = true;
      map.setView([m.lat, m.lng], m.zoom, {{animate: false}});
      following = false;
    }} else if (m.kind === {script_json(CHANGED)}) {{
      (m.tiers || []).forEach(function (tier) {{
        document.querySelectorAll("path." + tier).forEach(function (p) {{
          p.classList.add("landplan-changed");
        }});
      }});
      var note = document.querySelector(".landplan-changes");
      note.textContent = m.note;  // text, never HTML
      note.style.display = m.note ? "block" : "none";
    }}
  }});
  window.parent.postMessage({{kind: {script_json(READY)}}}, "*");
}});"""
        )
    )


def tier_classes(tiers: set[tuple[str, str]]) -> list[str]:
    """The classes of these (park, tier) pairs' paths, sorted, as a CHANGED message lists
    them."""
    return sorted(tier_class(park, tier) for park, tier in tiers)
