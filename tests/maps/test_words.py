"""The maps say their words from the message catalog: a map written in Chinese says every word
in Chinese, and in the pseudo-language (the Chinese catalog swapped for one that wraps each text
in ⟦ ⟧) shows no English outside the catalog's texts but the data's own words; in English it
says them as written, and in both languages side by side."""

from __future__ import annotations

import json
import re

import pandas as pd
import pytest
from web.test_catalog import english_left

import landplan
from landplan import i18n
from landplan.maps.compare import comparison_map
from landplan.maps.offline import page_html
from landplan.maps.options import MapOptions
from landplan.maps.parks import parks_map
from landplan.maps.result import planned_land, result_map
from landplan.maps.suitability import suitability_map
from landplan.outputs.layout import parcel_note
from landplan.outputs.readback import read_kpis, read_layers, read_parcel_layer, read_suitability
from landplan.solving.words import certificate_words

#: The features' properties a map shows (in tooltips and popups); the others are machine words.
SHOWN = {"label", "tier_label", "lead", "land", "what", "popup_html"}
#: A JSON string in a page's script.
STRING = r'"(?:[^"\\]|\\.)*"'


def map_pieces(page: str) -> list[str]:
    """What a map page shows a reader, as pieces of HTML: its body (its boxes: title, legend,
    search, hints), and from its scripts the layer control's names, the labels' HTML, the
    tooltips' headings, the features' shown properties and the buttons' titles."""
    body = page[page.index("<body>") :]
    pieces = [body]
    pieces += [json.loads(m[1]) for m in re.finditer(rf"^\s*({STRING}) : \w+,?$", body, re.M)]
    pieces += [json.loads(m[1]) for m in re.finditer(rf'"html": ({STRING})', body)]
    for aliases in re.finditer(r"bindTooltip\(.*?let aliases = (\[.*?\]);", body, re.S):
        pieces += json.loads(aliases[1])
    for titles in re.finditer(r"(?:mergeOptions\(|var titles = )(\{.*?\})", body):
        pieces += json.loads(titles[1]).values()
    decoder = json.JSONDecoder()
    for layer in re.finditer(r"geo_json_\w+_add\(", body):
        data, _ = decoder.raw_decode(body, layer.end())
        for feature in data["features"]:
            shown = feature["properties"].items()
            pieces += [str(v) for k, v in shown if k in SHOWN and v is not None]
    return pieces


@pytest.fixture(scope="module")
def run(laid_out):
    """The laid-out baseline's figures, layers, suitability and parcels, as its maps use them."""
    folder = laid_out[0]
    tiers, districts, clusters = read_layers(folder)
    parcels = read_parcel_layer(folder)
    return {"tiers": tiers, "districts": districts, "clusters": clusters, "kpis": read_kpis(folder),
            "breakdown": read_suitability(folder), "parcels": parcels}  # fmt: skip


def draw_all(run: dict, lang: str) -> dict[str, str]:
    """Every kind of map of ``run`` in ``lang``: the result (with its parcels), suitability,
    a ranking by another measure, two runs compared with what changed, and the parks."""
    options = MapOptions(lang=lang)
    tiers, districts, clusters = run["tiers"], run["districts"], run["clusters"]
    breakdown, parcels = run["breakdown"], run["parcels"]
    scores = breakdown.groupby(["cluster_id", "park_id"], as_index=False)["contribution"].sum()
    scores = scores.rename(columns={"contribution": "score"})
    later = tiers.copy()
    moved = later["lead_cluster_id"].notna().idxmax()
    later.loc[moved, "lead_cluster_id"] = clusters.index[-1]
    changes = pd.DataFrame({"run": ["second"], "park_id": [later.loc[moved, "park_id"]],
                            "tier": [later.loc[moved, "tier"]],
                            "cluster_id": [clusters.index[-1]], "change_km2": [0.5]})  # fmt: skip
    note, planned = parcel_note(parcels), planned_land(tiers, clusters.index)
    first_and_second = [("first", tiers), ("second", later)]
    maps = {
        "result": result_map(tiers, districts, run["kpis"], clusters, breakdown, options,
                             parcels, note),
        "suitability": suitability_map(tiers, districts, scores, clusters, "baseline", options,
                                       planned=planned),
        "importance": suitability_map(tiers, districts, scores, clusters, "baseline", options,
                                      "importance"),
        "compare": comparison_map(first_and_second, districts, clusters, options, changes),
        "parks": parks_map(landplan.load_parks(), districts, options),
    }  # fmt: skip
    return {name: page_html(fmap) for name, fmap in maps.items()}


@pytest.fixture(scope="module")
def pseudo_maps(run):
    """Every map written in Chinese, its Chinese the pseudo-language's, and the status sentence
    its title says in that language (the run's, from :mod:`landplan.solving.words`)."""
    real, swapped = i18n.translations, {"zh": i18n.PSEUDO}
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(i18n, "translations", lambda lang: real(swapped.get(lang, lang)))
        kpis = run["kpis"]
        with i18n.speaking("zh"):
            status = certificate_words(kpis["objective"], kpis["bound"], kpis["gap"],
                                       kpis.get("gap_scale"))  # fmt: skip
        pages = draw_all(run, "zh")
    return pages, status


def data_words(run: dict) -> list[str]:
    """The data's own words a map may show: ids of parks, parcels and criteria, the scenario's
    and the compared runs' names, the parcels' geometry status (a tier and an industry are
    shown by their names)."""
    words = {"baseline", "first", "second", *run["breakdown"]["criterion"]}
    words |= set(landplan.load_parks()["park_id"])
    words |= set(run["parcels"]["parcel_id"].astype(str))
    words |= set(run["parcels"]["geometry_status"])
    return [str(w) for w in words if str(w)]


@pytest.mark.parametrize("kind", ["result", "suitability", "importance", "compare", "parks"])
def test_a_map_in_chinese_shows_no_english_outside_the_catalog(pseudo_maps, run, kind):
    pages, status = pseudo_maps
    page = pages[kind]
    if kind == "result":
        assert status in page  # the title says what the run's status sentence says
    pieces = map_pieces(page)
    assert any("⟦Park⟧" in piece for piece in pieces)  # the extraction found the map's words
    allowed = [*data_words(run), status]
    left = [word for piece in pieces for word in english_left(piece, allowed)[0]]
    assert not left, left


def shown(pages: dict[str, str]) -> dict[str, str]:
    """What each map page shows, as one text (:func:`map_pieces`)."""
    return {name: "\n".join(map_pieces(page)) for name, page in pages.items()}


def test_a_map_in_chinese_says_its_words_in_chinese(run):
    pages = shown(draw_all(run, "zh"))
    result = pages["result"]
    for chinese in ("园区范围为示意", "已分配用地", "园区分期（示意）", "行政区", "园区标注",
                    "官方名称", "搜索园区", "放大至园区查看地块布局", "地块为示意网格", "全屏", "图层",
                    "产业（分期按主导产业着色）"):  # fmt: skip
        assert chinese in result, chinese
    assert "Park geometry" not in result and "Search parks" not in result
    assert "园区排序（由高到低）" in pages["suitability"] and "替代重要性" in pages["importance"]
    assert "运行比较" in pages["compare"] and "变化：second 对比 first" in pages["compare"]
    assert re.search(r"园区：\d+ 个 · 分期：\d+ 个", pages["parks"])
    assert re.search(r"<b>地块 [^<]*</b><br>[^<]*<br>园区: [^<]*· 分期: 启动区", result)  # a parcel


def test_a_map_in_english_says_its_words_as_written_and_in_both_side_by_side(run):
    english, both = shown(draw_all(run, "en")), shown(draw_all(run, "both"))
    for words in ("Park geometry is SCHEMATIC", "km² allocated", "Search parks", "Full screen",
                  "official name, from the plan&#x27;s sources", "Park tiers (schematic)"):  # fmt: skip
        assert words in english["result"] and words in both["result"], words
    for chinese in ("园区范围为示意", "已分配用地", "搜索园区", "官方名称"):
        assert chinese not in english["result"] and chinese in both["result"], chinese
    assert "Parks, best first" in english["suitability"]
    assert "What changed: second vs first" in english["compare"]


def test_a_text_is_said_in_the_language_asked_whatever_the_language_of_the_moment():
    with i18n.speaking("zh"):
        assert i18n.in_language("en", "Park") == "Park"
        assert i18n.gettext("Park") == "园区"  # the moment's language is left as it was
    assert i18n.in_language("zh", "Park") == "园区" and i18n.gettext("Park") == "Park"
    kept = i18n.keep(i18n.N_("Parks: %(parks)s · tiers: %(tiers)s"), parks="3", tiers="7")
    assert i18n.in_language("zh", kept, i18n.said) == "园区：3 个 · 分期：7 个"
    assert MapOptions(lang="both").said(kept) == "Parks: 3 · tiers: 7 园区：3 个 · 分期：7 个"
