"""The pages of a sweep and an exploration: named sections, charts, a map per alternative, the
files as named downloads (never a file's name as a heading), in English and Chinese."""

from __future__ import annotations

import html
import re

import pytest
from conftest import stored_analysis

from landplan import i18n
from landplan.web.glossary import ENTRIES

FRAME = re.compile(r'<iframe class="analysis-map"[^>]* data-src="[^"]*/files/([^"]+)"')
HEADING = re.compile(r"<h[1-3][^>]*>(.*?)</h[1-3]>", re.S)
DOWNLOAD = re.compile(r'href="(/results/[0-9a-f]{16}/download/([^"?]+))[^"]*" download')
TIP = re.compile(r'<a class="tip" href="[^"#]*#([^"]+)" title="([^"]*)"')


def _page(client, bench, analyses, kind: str, lang: str = "en") -> tuple[str, str]:
    rid = stored_analysis(bench, analyses[kind], kind, None)
    answer = client.get(f"/results/{rid}?lang={lang}")
    assert answer.status_code == 200, answer.text
    return rid, answer.text


def _sections(page: str) -> list[str]:
    return re.findall(r'<section id="([^"]+)"', page)


def _headings(page: str) -> list[str]:
    """The headings' words (without their tooltips' marks)."""
    words = [re.sub(r'<a class="tip".*?</a>', "", h) for h in HEADING.findall(page)]
    return [html.unescape(re.sub(r"<[^>]+>", "", h)).strip() for h in words]


def test_a_sweep_is_a_page_of_named_sections(client, bench, analyses):
    rid, page = _page(client, bench, analyses, "sweep")
    assert _sections(page) == ["varied", "stability", "frequency", "map", "scores", "downloads"]
    assert FRAME.findall(page) == ["frequency.html"]
    assert page.count("<svg") == 2  # the heat table and the scores' spread
    headings = _headings(page)
    assert "How stable the plan is" in headings and "The ranking map" in headings
    assert not [h for h in headings if ".csv" in h or ".html" in h]
    assert "Robust:" in page and "4 samples of the scenario" in page
    assert "<table" in page.split('id="frequency"')[1].split("<details>")[1]  # folded
    _downloads_answer(client, page, {"frequency.csv", "samples.csv", "sweep.json"})


def test_an_exploration_has_a_section_and_a_map_per_alternative(client, bench, analyses):
    rid, page = _page(client, bench, analyses, "explore")
    assert _sections(page) == [
        "asked", "alternative-1", "alternative-2", "importance", "downloads",
    ]  # fmt: skip
    assert FRAME.findall(page) == ["alternative_1.html", "alternative_2.html", "importance.html"]
    for name in FRAME.findall(page):
        answer = client.get(f"/results/{rid}/files/{name}")
        assert answer.status_code == 200 and "leaflet" in answer.text.lower()
    headings = _headings(page)
    named = [h for h in headings if h.startswith("Alternative ")]
    assert len(named) == 2
    assert all(re.match(r"Alternative \d: moves \d+ industr(y|ies); ", h) for h in named), named
    assert not [h for h in headings if ".csv" in h or ".html" in h]
    assert page.count("<svg") >= 1  # the alternatives' scores (and the largest losses)
    assert "1 = " in page and "points and 0.5 = half of it" in page
    _downloads_answer(client, page, {"alternative_1_allocation.csv", "importance.csv"})


def _downloads_answer(client, page: str, names: set[str]) -> None:
    links = dict((name, href) for href, name in DOWNLOAD.findall(page))
    assert names <= set(links), set(links)
    for name in names:
        answer = client.get(links[name])
        assert answer.status_code == 200 and name in answer.headers["content-disposition"]


def test_a_file_outside_an_analysis_is_no_download(client, bench, analyses):
    rid = stored_analysis(bench, analyses["sweep"], "sweep", None)
    assert client.get(f"/results/{rid}/download/sweep.json").status_code == 200
    assert client.get(f"/results/{rid}/download/notes.txt").status_code == 404


@pytest.mark.parametrize("kind", ["sweep", "explore"])
def test_the_analysis_pages_speak_chinese_and_explain_their_terms(client, bench, analyses, kind):
    _rid, page = _page(client, bench, analyses, kind, "zh")
    headings = _headings(page)
    expected = {"sweep": "方案的稳定程度", "explore": "哪些布局最重要"}[kind]
    assert expected in headings
    assert not [h for h in headings if re.search(r"\b(Alternative|How|What|Which)\b", h)]
    tips = {key: html.unescape(title) for key, title in TIP.findall(page)}
    keys = {"sweep": {"sweep", "selection_frequency", "stability"},
            "explore": {"alternatives", "replacement_importance"}}[kind]  # fmt: skip
    assert keys <= set(tips)
    with i18n.speaking("zh"):
        assert all(tips[key] == i18n.gettext(ENTRIES[key].definition) for key in keys)
