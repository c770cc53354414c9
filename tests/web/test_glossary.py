"""The glossary: the help page lists every entry under its anchor, in English and Chinese; a
tooltip's title is its entry's definition; every key a template names is an entry's."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from zips import zipped

from landplan import i18n
from landplan.web.glossary import ENTRIES, FIELD_TERMS, GLOSSARY
from landplan.web.store import results

TEMPLATES = Path(__file__).resolve().parents[2] / "landplan" / "web" / "templates"
TIP = re.compile(r'<a class="tip" href="([^"#]*)#([^"]+)" title="([^"]*)"')


def _tips(page: str) -> list[tuple[str, str, str]]:
    return [(href, key, html.unescape(title)) for href, key, title in TIP.findall(page)]


@pytest.mark.parametrize("lang", i18n.LANGS)
def test_the_help_page_lists_every_entry_under_its_anchor(client, lang):
    answer = client.get(f"/help?lang={lang}")
    assert answer.status_code == 200
    page = html.unescape(answer.text)
    with i18n.speaking(lang):
        for entry in GLOSSARY:
            assert (
                f'<dt id="{entry.key}"><a href="#{entry.key}">{i18n.gettext(entry.term)}</a>'
                in page
            )
            assert f"<dd>{i18n.gettext(entry.definition)}</dd>" in page
    link = 'href="/help"' if lang == "en" else f'href="/help?lang={lang}"'
    assert link in answer.text  # the navigation links to it
    if lang == "zh":
        assert "可争取总分" in page and "Score at stake" not in page


def test_every_key_is_one_anchor():
    keys = [entry.key for entry in GLOSSARY]
    assert len(keys) == len(set(keys))
    assert all(re.fullmatch(r"[a-z_]+", key) for key in keys)


def test_every_key_a_template_names_is_an_entry():
    named = set(FIELD_TERMS.values())
    for template in TEMPLATES.glob("*.j2"):
        text = template.read_text(encoding="utf-8")
        named |= set(re.findall(r"""\btip\(\s*["']([^"']+)["']""", text))
        for listed in re.findall(r"""\bglossed\(\[([^\]]*)\]""", text):
            named |= set(re.findall(r"""["']([^"']+)["']""", listed))
    assert named, "the templates name some entries"
    assert named - set(ENTRIES) == set()


@pytest.mark.parametrize("lang", i18n.LANGS)
def test_the_editors_tooltips_say_their_entries_definitions(client, lang):
    made = client.post("/scenarios/new", data={"csrf": client.token, "source": "bundled:baseline",
                       "name": "mine"})  # fmt: skip
    key = str(made.url).rstrip("/").rsplit("/", 1)[-1].split("#")[0]
    page = client.get(f"/scenarios/{key}?lang={lang}").text
    tips = _tips(page)
    keys = {key for _href, key, _title in tips}
    assert {"gap", "shortfall_penalty", "chain_bonus", "lock", "exclusion"} <= keys
    with i18n.speaking(lang):
        for href, key, title in tips:
            assert href == ("/help" if lang == "en" else f"/help?lang={lang}")
            assert title == i18n.gettext(ENTRIES[key].definition)


def test_the_result_pages_tooltips_say_their_entries_definitions(client, bench, baseline_run):
    answer = client.post("/runs/import", data={"csrf": client.token},
                         files={"file": ("baseline.zip", zipped(baseline_run), "application/zip")})  # fmt: skip
    assert answer.status_code == 200, answer.text
    (row,) = bench.store.all(results)
    for lang in i18n.LANGS:
        tips = _tips(client.get(f"/results/{row['id']}?lang={lang}").text)
        assert {"gap", "score_at_stake", "bound", "shadow_price"} <= {key for _h, key, _t in tips}
        with i18n.speaking(lang):
            assert all(title == i18n.gettext(ENTRIES[key].definition) for _h, key, title in tips)
