"""The map first, in Chromium: on every workbench page with a map (the editor, a run, a
comparison) and on the command line's map.html, at the opening view of a large and a small
window, no title, legend, control or panel covers a park and every park is on screen; a park is
picked by clicking it or by finding it (id, English or Chinese name), and shown in a card."""

from __future__ import annotations

import re

import pytest
from browser import SCREENSHOTS, OfflinePage, create, park_centre, run_and_wait

SIZES = [(1400, 900), (1024, 768)]

#: In a map's frame: its size, each park's on-screen box (all its shapes drawn) and the boxes
#: drawn over the map (controls, title, legend, search), in the frame's pixels.
LOOK = """() => {
  const map = Object.keys(window).filter(k => k.startsWith("map_")).map(k => window[k])[0];
  const frame = map.getContainer().getBoundingClientRect(), parks = {};
  const box = r => ({left: r.left - frame.left, top: r.top - frame.top,
                     right: r.right - frame.left, bottom: r.bottom - frame.top});
  map.eachLayer(l => {
    const p = l.feature && l.feature.properties;
    if (!p || !p.park_id || !l.getElement || !l.getElement()) return;
    const r = box(l.getElement().getBoundingClientRect()), b = parks[p.park_id];
    parks[p.park_id] = b ? {left: Math.min(b.left, r.left), top: Math.min(b.top, r.top),
                            right: Math.max(b.right, r.right), bottom: Math.max(b.bottom, r.bottom)}
                         : r;
  });
  const boxes = [...document.querySelectorAll(".leaflet-control, .landplan-box")]
    .filter(e => e.offsetParent !== null && e.getBoundingClientRect().width > 0)
    .map(e => ({name: e.className, ...box(e.getBoundingClientRect())}));
  return {width: frame.width, height: frame.height, parks, boxes};
}"""


def overlap(a: dict, b: dict) -> bool:
    return (
        a["left"] < b["right"]
        and b["left"] < a["right"]
        and a["top"] < b["bottom"]
        and (b["top"] < a["bottom"])
    )


def covered(p, frame: str = "") -> list[str]:
    """What covers a park or leaves it off the map, on a map page ``p`` or in its ``frame`` (a
    selector) once the map is fitted (empty: nothing)."""
    where = p.frame_locator(frame) if frame else p
    where.locator(".leaflet-container[data-fitted]").wait_for()
    p.wait_for_timeout(200)  # the labels parted, the legend counted
    seen = (p.locator(frame).element_handle().content_frame() if frame else p).evaluate(LOOK)
    assert len(seen["parks"]) >= 20, seen["parks"].keys()
    problems = []
    for park, shape in seen["parks"].items():
        if shape["left"] < 0 or shape["top"] < 0:
            problems.append(f"{park} off the map's top or left")
        if shape["right"] > seen["width"] or shape["bottom"] > seen["height"]:
            problems.append(f"{park} off the map's bottom or right")
        problems += [f"{park} under {b['name']}" for b in seen["boxes"] if overlap(shape, b)]
    return problems


@pytest.fixture(scope="module")
def pages(browser, server):
    """A workbench with an editor, a run and a comparison: their addresses."""
    address, _ = server
    page = OfflinePage(browser, allow=(address,))
    p = page.page
    editor = create(p, address, "map-first")
    mine = run_and_wait(p, p.locator("button#run"))
    p.goto(address + "/")
    baseline = run_and_wait(p, p.locator("form[action='/scenarios/bundled:baseline/run'] button"))
    p.goto(address + "/runs")
    for url in (mine, baseline):
        p.check(f"input[value='{url.rsplit('/', 1)[-1]}']")
    p.click("text=Compare the runs ticked")
    p.wait_for_url(re.compile(r".*/results/[0-9a-f]{16}$"), timeout=120_000)
    urls = {"editor": editor, "run": mine, "compare": p.url}
    p.close()
    return address, urls


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_no_box_covers_a_park_at_any_workbench_pages_opening_view(browser, pages, size, lang):
    address, urls = pages
    page = OfflinePage(browser, *size, allow=(address,))
    p = page.page
    problems = []
    for name, url in urls.items():
        p.goto(f"{url}?lang={lang}")
        frame_box = p.locator("#mapfirst iframe.map").bounding_box()
        assert frame_box["y"] + frame_box["height"] <= size[1]  # the whole map in the window
        side = p.locator("#side").bounding_box()
        assert side["x"] >= frame_box["x"] + frame_box["width"]  # the panel beside it
        problems += [f"{name}: {said}" for said in covered(p, "#mapfirst iframe.map")]
        page.screenshot(f"map-first-{name}-{lang}-{size[0]}")
    assert problems == [] and not page.errors and not page.requests
    p.close()


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("file", ["map.html", "suitability.html"])
def test_no_box_covers_a_park_on_the_command_lines_maps(browser, baseline_run, file, size):
    page = OfflinePage(browser, *size).open(baseline_run / file)
    assert covered(page.page) == []
    page.screenshot(f"map-first-cli-{file.removesuffix('.html')}-{size[0]}")
    page.page.close()


def test_folding_the_panel_gives_the_map_its_room(browser, pages):
    address, urls = pages
    page = OfflinePage(browser, 1024, 768, allow=(address,))
    p = page.page
    p.goto(urls["run"])
    frame = p.locator("#mapfirst iframe.map")
    before = frame.bounding_box()["width"]
    p.click("#side button.fold")
    p.wait_for_timeout(300)
    assert frame.bounding_box()["width"] > before + 200
    assert p.locator("#side button.fold").get_attribute("aria-expanded") == "false"
    assert covered(p, "#mapfirst iframe.map") == []  # refitted to its new size
    p.close()


def test_clicking_or_finding_a_park_fills_the_form_and_shows_its_card(browser, pages):
    address, urls = pages
    page = OfflinePage(browser, 1400, 900, allow=(address,))
    p = page.page
    p.goto(urls["editor"])
    x, y = park_centre(p, "#parks-map", "PS-01")
    p.mouse.click(x, y)
    p.wait_for_selector("#place-park[data-picked='PS-01']")
    card = p.locator("#park-card")
    assert (
        card.is_visible()
        and "PS-01 Pingshan Hi-tech North / 坪山高新北先进制造业园区" in card.inner_text()
    )
    assert card.locator(".card-tiers tbody tr").count() == 3  # its tiers, with land and release
    assert "No industry is locked in" in card.inner_text()
    frame = p.frame_locator("#parks-map")
    for words, park in (("gm-03", "GM-03"), ("Yutang", "GM-03"), ("鲘门", "SS-02")):
        frame.locator("#landplan-search").fill(words)
        p.wait_for_selector(f"#place-park[data-picked='{park}']")
        assert card.inner_text().startswith(park)
    frame.locator("#landplan-search").fill("LG-02")  # a park with a lock: said on its card
    p.wait_for_selector("#place-park[data-picked='LG-02']")
    assert "Locked in here: New energy" in card.inner_text()
    p.goto(urls["editor"] + "?lang=zh")
    frame.locator("#landplan-search").fill("玉塘-凤凰")
    p.wait_for_selector("#place-park[data-picked='GM-01']")
    assert "GM-01 玉塘-凤凰先进制造业园区 / Yutang-Fenghuang" in card.inner_text()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    p.screenshot(path=SCREENSHOTS / "map-first-picked-zh.png")
    assert not page.errors and not page.requests
    p.close()


def test_a_whole_page_capture_draws_a_map_frame_below_the_window(browser, pages):
    """A map's frame far down a page is drawn in the capture of the whole page (a plain
    full-page capture leaves it blank: see OfflinePage.whole_page)."""
    from PIL import Image

    from landplan.maps.options import SEA

    address, urls = pages
    page = OfflinePage(browser, 1024, 700, allow=(address,))
    p = page.page
    p.goto(urls["run"])
    src = p.locator("#mapfirst iframe.map").get_attribute("data-src")
    p.evaluate(  # the run's map far below the window, as on a page of several maps
        """src => { const frame = document.createElement("iframe");
          frame.src = src; frame.id = "far"; frame.className = "map";
          document.body.append(Object.assign(document.createElement("div"),
                                             {style: "height: 2500px"}), frame); }""",
        address + src,
    )
    p.frame_locator("#far").locator(".leaflet-container[data-fitted]").wait_for(state="attached")
    box = p.locator("#far").bounding_box()
    image = Image.open(page.whole_page("map-first-whole-page")).convert("RGB")
    inside = image.crop((box["x"] + 5, box["y"] + 5, box["x"] + 300, box["y"] + 300))
    sea = tuple(int(SEA[i : i + 2], 16) for i in (1, 3, 5))
    assert sea in {colour for _, colour in inside.getcolors(1 << 16)}
    p.close()


def test_no_box_covers_a_park_on_an_explore_pages_maps(browser, pages):
    """The maps of an analysis page (here an explore of one alternative), each in its own frame
    down the page: fitted as the others are (the page's layout is the analysis page's own)."""
    address, urls = pages
    page = OfflinePage(browser, 1400, 900, allow=(address,))
    p = page.page
    p.goto(urls["editor"])
    p.eval_on_selector("form[data-kind=explore] input[name=alternatives]", "i => i.value = 1")
    p.click("form[data-kind=explore] button")
    p.wait_for_url(re.compile(r".*/results/[0-9a-f]{16}$"), timeout=300_000)
    frames = p.locator("iframe.analysis-map")
    assert frames.count() >= 1
    problems = []
    for i in range(frames.count()):
        frames.nth(i).evaluate("(f, i) => { f.id = `analysis-map-${i}`; }", i)
        problems += covered(p, f"#analysis-map-{i}")
    assert problems == [] and not page.errors and not page.requests
    p.close()
