"""The workbench's texts come from the message catalogs: every page in the pseudo-language shows
no English outside the catalog's texts (each wrapped in ⟦ ⟧) but the data's own words, every
text gathered has its Chinese, and the catalogs' template is up to date with the sources."""

from __future__ import annotations

import dataclasses
import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po
from conftest import stored_analysis
from starlette.testclient import TestClient
from webforms import FormReader

from landplan import i18n
from landplan.i18n import N_, keep
from landplan.inputs.layers import load_parks
from landplan.inputs.pack import load_pack
from landplan.inputs.scenario import bundled_scenarios
from landplan.progress import PROOF, Report
from landplan.web import worker
from landplan.web.app import create_app
from landplan.web.files import UPLOAD_TYPES
from landplan.web.jobspec import JobParams
from landplan.web.service import Workbench
from landplan.web.store import DEFAULT_PROJECT, FAILED, RUNNING, jobs, new_id, now, results

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "a-long-password"
#: What a page may show in English outside the catalog's texts, besides the data's words: the
#: product's name, the language switch's own name, units and standards, and file types.
ALLOWED = ("landplan", "English", "SHA-256", "UTC", "km²", "MB",
           *{suffix for suffixes in UPLOAD_TYPES.values() for suffix in suffixes})  # fmt: skip
#: Where a page shows words of a layer not translated yet (marked ``data-untranslated``): none
#: now (the maps' note was the last).
UNTRANSLATED_FROM: set[str] = set()
#: What the tests' planner typed or the store named: scenarios, runs, a file, a name, a derived
#: scenario's description (written as it was made), the names a comparison of two runs of the
#: baseline gives them.
TYPED = ("mine", "short", "first", "second", "parks.geojson", "planner", "Derived from baseline.",
         "baseline_2")  # fmt: skip
#: Elements whose text is no word of the workbench's: machine names, file contents, scripts.
NOT_WORDS = {"code", "pre", "textarea", "script", "style"}
#: Values the editor refuses, each of another kind (a whole number, a number, a bound) and a choice
#: not offered.
BAD_FIELDS = {"rules.clusters_per_park": "abc", "demand.multiplier": "lots", "solver.gap": "-1",
              "layout.cell_shape": "round"}  # fmt: skip
#: Attributes a reader sees or hears.
SEEN = ("title", "placeholder", "aria-label", "alt")


@pytest.fixture
def pseudo(monkeypatch):
    monkeypatch.setattr(i18n, "OFFERED", (*i18n.LANGS, i18n.PSEUDO))


class Visible(HTMLParser):
    """A page's text a reader sees (outside :data:`NOT_WORDS` and the parts marked
    untranslated), and the attributes of :data:`SEEN` and the buttons' values."""

    VOID = {"input", "br", "meta", "link", "img", "hr", "col", "source", "wbr"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.attributes: list[str] = []
        self.stack: list[bool] = []  # whether each open element hides its text
        self.marks: set[str] = set()

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        mark = a.get("data-untranslated")
        if mark is not None:
            self.marks.add(mark)
        hidden = bool(self.stack and self.stack[-1]) or tag in NOT_WORDS or mark is not None
        if not hidden:
            self.attributes += [a[name] for name in SEEN if a.get(name)]
            if tag == "input" and a.get("type") in ("submit", "button") and a.get("value"):
                self.attributes.append(a["value"])
        if tag not in self.VOID:
            self.stack.append(hidden)

    def handle_endtag(self, tag):
        if tag not in self.VOID and self.stack:
            self.stack.pop()

    def handle_data(self, data):
        if not (self.stack and self.stack[-1]):
            self.text.append(data)


def _unmarked(text: str) -> str:
    """``text`` without the catalog's texts (innermost first: a text may hold others)."""
    while True:
        shorter = re.sub(r"⟦[^⟦⟧]*⟧", " ", text)
        if shorter == text:
            return text
        text = shorter


def english_left(page: str, data: list[str]) -> tuple[list[str], set[str]]:
    """What a page in the pseudo-language shows in English outside the catalog's texts and the
    ``data`` (longest first), each word in its context, and the layers it marked
    untranslated."""
    reader = Visible()
    reader.feed(page)
    found = []
    for part in ["".join(reader.text), *reader.attributes]:
        rest = _unmarked(part)
        for word in sorted((*data, *ALLOWED), key=len, reverse=True):
            rest = rest.replace(word, " ")
        rest = re.sub(r"[0-9a-f]{16}", " ", rest)  # the store's ids
        rest = " ".join(rest.split())
        found += [
            rest[max(0, m.start() - 40) : m.end() + 40] for m in re.finditer(r"[A-Za-z]+", rest)
        ]
    return found, reader.marks


@pytest.fixture(scope="module")
def data_words() -> list[str]:
    """The words the data gives the pages: the bundled scenarios' names and descriptions, the
    industries', kinds', tiers' and parks' names, ids and districts."""
    pack = load_pack(None)
    words = {"baseline"}
    for name, path in bundled_scenarios().items():
        values = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        words |= {name, str(values.get("description") or "")}
    from landplan.inputs.catalog import load_catalog

    clusters = load_catalog(None, None, pack).clusters
    words |= {str(i) for i in clusters.index} | set(clusters["name_en"])
    words |= {kind.name for kind in pack.cluster_kinds.values()}
    words |= {tier.id for tier in pack.tiers} | {tier.name for tier in pack.tiers}
    parks = load_parks(None)
    for column in ("park_id", "name_en", "district"):
        words |= set(parks[column].astype(str))
    return [w for w in words if w]


@pytest.fixture(scope="module")
def workbench(tmp_path_factory, baseline_run, analyses):
    """A workbench without accounts holding a scenario of the planner's with a lock and one the
    checks warn of, a running
    job and a failed one, two runs, their comparison, a sweep's and an exploration's results
    and an upload."""
    bench = Workbench(tmp_path_factory.mktemp("catalog"))
    app = create_app(bench, run_jobs=False)
    with TestClient(app, base_url="http://127.0.0.1") as client:
        client.cookies.set("landplan_who", "planner")
        client.get("/")
        token = client.cookies["landplan_csrf"]
        made = client.post(
            "/scenarios/new", data={"csrf": token, "source": "bundled:baseline", "name": "mine"}
        )
        sid = str(made.url).rstrip("/").rsplit("/", 1)[-1]
        client.post(f"/scenarios/{sid}/place", data={"csrf": token, "kind": "locks",
                    "cluster": "new_energy", "park": "BA-01"})  # fmt: skip
        short = b"name: short\nextends: baseline\ndemand:\n  multiplier: 5\n"  # checks warn
        made = client.post("/scenarios/import", data={"csrf": token},
                           files={"file": ("short.yaml", short)})  # fmt: skip
        warned = str(made.url).rstrip("/").rsplit("/", 1)[-1]
        from landplan.inputs.bundled import data_path

        client.post("/uploads", data={"csrf": token, "kind": "parks"},
                    files={"file": ("parks.geojson", data_path("parks.geojson").read_bytes())})  # fmt: skip
    runs = []
    for name in ("first", "second"):
        rid = new_id()
        shutil.copytree(baseline_run, bench.folders.results / rid)
        figures = (bench.folders.results / rid / "kpis.json").read_text(encoding="utf-8")
        bench.store.insert(results, id=rid, project_id=DEFAULT_PROJECT, kind="run", job_id=None,
                           scenario_id=sid, scenario_name=name, status="optimal", figures=figures,
                           resolved_yaml="name: x\n", data_sha256=json.dumps({"parks": "ab" * 32}),
                           versions=json.dumps({"landplan": "0.1.0"}), compared="[]",
                           source=N_("imported"), who="planner", created_at=now())  # fmt: skip
        runs.append(rid)
    compare = bench.jobs.submit(
        "compare", JobParams(compared=runs), None, "planner", DEFAULT_PROJECT
    )
    bench.store.update(jobs, compare, status=RUNNING)
    worker.compare(worker.Job(bench.store, bench.store.one(jobs, compare)))
    sweep = stored_analysis(bench, analyses["sweep"], "sweep", sid)
    explore = stored_analysis(bench, analyses["explore"], "explore", sid)
    running = bench.submit("run", sid, "planner", DEFAULT_PROJECT)
    step = Report("mine", PROOF, 12.0, best=46.2, bound=46.25, gap=0.001)
    bench.store.update(jobs, running, status=RUNNING, step=json.dumps(dataclasses.asdict(step)))
    failed = bench.submit("sweep", sid, "planner", DEFAULT_PROJECT, sweep={"samples": 5, "seed": 0})
    reason = keep(
        N_("the worker process ended with exit code %(code)s before it finished"), code="1"
    )
    bench.store.update(
        jobs, failed, status=FAILED, message=keep(N_("%(reason)s; nothing was kept"), reason=reason)
    )
    (compared,) = bench.store.all(results, results.c.kind == "compare")
    return {"app": app, "bench": bench, "key": sid, "warned": warned, "run": runs[0], "compare": compared["id"],
            "sweep": sweep, "explore": explore, "running": running, "failed": failed}  # fmt: skip


def pages(w: dict) -> list[str]:
    return [
        "/",
        "/scenarios/bundled:baseline",
        f"/scenarios/{w['key']}",
        f"/scenarios/{w['key']}/delete",
        f"/scenarios/{w['warned']}",
        "/runs",
        f"/results/{w['run']}",
        f"/results/{w['run']}?cluster=new_energy&park=BA-01",
        f"/results/{w['compare']}",
        f"/results/{w['sweep']}",
        f"/results/{w['explore']}",
        f"/jobs/{w['running']}",
        f"/jobs/{w['failed']}",
        "/uploads",
        "/help",
        "/results/0000000000000000",  # a page that only says something
    ]


def test_every_page_says_its_words_from_the_catalog(pseudo, workbench, data_words):
    seen_marks: set[str] = set()
    with TestClient(workbench["app"], base_url="http://127.0.0.1") as client:
        client.cookies.set("landplan_who", "planner")
        token = client.get("/").cookies.get("landplan_csrf") or client.cookies["landplan_csrf"]
        answers = {
            path: client.get(f"{path}{'&' if '?' in path else '?'}lang=qps")
            for path in pages(workbench)
        }
        # pages that say what went wrong with a form: a field of ours, a refusal
        key = workbench["key"]
        answers["sweep with a bad field"] = client.post(
            f"/scenarios/{key}/sweep?lang=qps", data={"csrf": token, "samples": "many", "seed": "0"}
        )
        answers["a forged form"] = client.post("/runs/compare?lang=qps", data={"csrf": "forged"})
        editor = FormReader(client.get(f"/scenarios/{key}").text, f"/scenarios/{key}")
        answers["the editor with bad fields"] = editor.post(
            client, f"/scenarios/{key}?lang=qps", **BAD_FIELDS
        )
        status = client.get(f"/jobs/{workbench['failed']}/status?lang=qps").json()
        step = client.get(f"/jobs/{workbench['running']}/status?lang=zh").json()["step"]
    assert "⟦What the checks say⟧" in answers[f"/scenarios/{workbench['warned']}"].text
    bad = answers["the editor with bad fields"].text
    assert bad.count('<span class="error"') == len(BAD_FIELDS), bad
    for path, answer in answers.items():
        assert answer.headers["content-type"].startswith("text/html"), path
        assert 'lang="qps"' in answer.text, path  # the page and its links stay in the language
        left, marks = english_left(answer.text, [*data_words, *TYPED])
        assert not left, (path, left)
        seen_marks |= marks
    assert seen_marks <= UNTRANSLATED_FROM, seen_marks - UNTRANSLATED_FROM
    assert all(status[k].startswith("⟦") for k in ("status_words", "message")), status
    assert step == "最优性证明，12 秒；最优 46.200，界 46.250，差距 0.1 %", step


def files(w: dict) -> list[str]:
    """The files a page in a language offers: a run's report, its zip's, a comparison's page."""
    return [
        f"/results/{w['run']}/download/report.html",
        f"/results/{w['compare']}/files/compare.html",
    ]


def test_every_file_a_page_offers_says_its_words_from_the_catalog(pseudo, workbench, data_words):
    """The report and the comparison's page, downloaded or shown from a page in the
    pseudo-language, say no English the catalog does not give them; the run folder they are
    drawn from is left as it was."""
    folder = workbench["bench"].result_folder(workbench["run"])
    before = {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}
    with TestClient(workbench["app"], base_url="http://127.0.0.1") as client:
        client.cookies.set("landplan_who", "planner")
        answers = {path: client.get(f"{path}?lang=qps") for path in files(workbench)}
    for path, answer in answers.items():
        assert answer.status_code == 200, path
        left, marks = english_left(answer.text, [*data_words, *TYPED])
        assert not left, (path, left)
        assert marks <= UNTRANSLATED_FROM, (path, marks)
        assert "⟦" in answer.text, path
    assert {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()} == before


def test_a_page_in_chinese_offers_its_files_in_chinese(workbench):
    """A run's report, downloaded alone or in the run's zip, and its map, from a page in
    Chinese: in Chinese, drawn from the run folder, which is left byte for byte as it was."""
    import io
    import zipfile

    bench, run = workbench["bench"], workbench["run"]
    folder = bench.result_folder(run)
    before = {p.relative_to(folder): p.read_bytes() for p in folder.rglob("*") if p.is_file()}
    with TestClient(workbench["app"], base_url="http://127.0.0.1") as client:
        client.cookies.set("landplan_who", "planner")
        report = client.get(f"/results/{run}/download/report.html?lang=zh")
        english = client.get(f"/results/{run}/download/report.html")
        zipped = client.get(f"/results/{run}/download/run.zip?lang=zh")
        shown = client.get(f"/results/{run}/files/map.html?lang=zh")
    assert report.headers["content-disposition"].startswith("attachment")
    with i18n.speaking("zh"):
        chinese = [i18n.gettext(t) for t in ("At a glance", "How good the plan is:", "Parks")]
    assert all(text in report.text for text in chinese) and "At a glance" not in report.text
    assert "At a glance" in english.text  # English: the folder's own report
    with zipfile.ZipFile(io.BytesIO(zipped.content)) as archive:
        inside = next(n for n in archive.namelist() if n.endswith("/report.html"))
        assert all(text in archive.read(inside).decode("utf-8") for text in chinese)
    assert shown.status_code == 200 and shown.text != (folder / "map.html").read_text("utf-8")
    after = {p.relative_to(folder): p.read_bytes() for p in folder.rglob("*") if p.is_file()}
    assert after == before
    drawn = {p.relative_to(bench.folders.cache(run)) for p in bench.folders.cache(run).rglob("*")}
    assert any(p.name == "report.html" for p in drawn)  # kept there, drawn once


def test_the_pages_of_accounts_say_their_words_from_the_catalog(pseudo, tmp_path, data_words):
    bench = Workbench(tmp_path / "office")
    bench.accounts.add("boss", PASSWORD, "admin", "boss")
    bench.accounts.add("reader", PASSWORD, "viewer", "boss")
    bench.accounts.make_project("Harbour", "", "boss")
    with TestClient(create_app(bench, run_jobs=False), base_url="http://127.0.0.1") as client:
        login = client.get("/login?lang=qps")
        token = client.cookies["landplan_csrf"]
        wrong = client.post(
            "/login?lang=qps", data={"csrf": token, "name": "boss", "password": "no"}
        )
        client.post("/login", data={"csrf": token, "name": "reader", "password": PASSWORD})
        refused = client.get("/admin?lang=qps")
        client.post("/logout", data={"csrf": token})
        client.post("/login", data={"csrf": token, "name": "boss", "password": PASSWORD})
        admin = client.get("/admin?lang=qps")
        bad = client.post("/admin/users?lang=qps", data={"csrf": token, "name": "x y",
                          "password": PASSWORD, "role": "viewer"})  # fmt: skip
    names = [*data_words, *TYPED, "boss", "reader", "Harbour", "127.0.0.1", "testclient"]
    for name, answer in {"login": login, "wrong": wrong, "refused": refused, "admin": admin,
                         "bad": bad}.items():  # fmt: skip
        assert answer.status_code in (200, 400, 401, 403), (name, answer.status_code)
        left, _marks = english_left(answer.text, names)
        assert not left, (name, left)


def test_a_page_in_chinese_says_its_words_in_chinese(workbench):
    with TestClient(workbench["app"], base_url="http://127.0.0.1") as client:
        page = client.get(f"/scenarios/{workbench['key']}?lang=zh").text
        warned = client.get(f"/scenarios/{workbench['warned']}?lang=zh").text
        status = client.get(f"/jobs/{workbench['failed']}/status?lang=zh").json()
        client.cookies.set("landplan_who", "planner")
        client.get("/")
        bad = b"name: bad\ndemand:\n  multiplier: lots\n"  # refused by the scenario's schema
        refused = client.post("/scenarios/import?lang=zh", data={"csrf": client.cookies["landplan_csrf"]},
                              files={"file": ("bad.yaml", bad)})  # fmt: skip
    assert "锁定与排除" in page and "严格满足需求" in page and "每园区产业集群数" in page
    assert "全部产业集群共需" in warned and "all clusters" not in warned  # the checks' words
    assert refused.status_code == 400 and "应为数值" in refused.text  # pydantic's, translated
    assert status["status_words"] == "失败" and "退出码 1" in status["message"]


def _catalog(path: Path, lang: str | None = None):
    with path.open("rb") as po:
        return read_po(po, locale=lang, domain=i18n.DOMAIN)


def test_the_template_is_up_to_date_with_the_sources():
    """``make messages`` left nothing out and nothing over: the texts the sources mark now are
    the template's."""
    with (ROOT / "babel.cfg").open() as cfg:
        method_map, options_map = parse_mapping_cfg(cfg)
    gathered = {
        message if isinstance(message, str) else message[0]
        for _file, _line, message, _comments, _context in extract_from_dir(
            ROOT, method_map, options_map
        )
    }
    kept = {m.id if isinstance(m.id, str) else m.id[0] for m in _catalog(i18n.TEMPLATE) if m.id}
    assert gathered - kept == set(), "run `make messages`: texts new to the template"
    assert kept - gathered == set(), "run `make messages`: texts no source marks any more"


def _placeholders(text: str) -> set[str]:
    return set(re.findall(r"%\(\w+\)[sd]|\{\w+\}", text))


def test_every_text_has_its_chinese():
    template = {m.id for m in _catalog(i18n.TEMPLATE) if m.id}
    chinese = {m.id: m for m in _catalog(i18n.catalog_path("zh"), "zh") if m.id}
    assert set(chinese) == template, "run `make messages`"
    for msgid, entry in chinese.items():
        strings = entry.string if isinstance(entry.string, tuple) else (entry.string,)
        assert all(s.strip() for s in strings) and not entry.fuzzy, f"no Chinese for {msgid!r}"
        ids = msgid if isinstance(msgid, tuple) else (msgid,)
        assert all(_placeholders(s) <= _placeholders(ids[-1]) for s in strings), msgid
        assert all(_placeholders(ids[0]) <= _placeholders(s) for s in strings), msgid


def test_a_kept_text_is_said_in_the_language_it_is_shown_in():
    kept = keep(
        N_("%(reason)s; nothing was kept"), reason=keep(N_("the workbench stopped while it ran"))
    )
    with i18n.speaking("zh"):
        assert i18n.said(kept) == "运行期间工作台已停止；未保留任何结果"
    assert i18n.said(kept) == "the workbench stopped while it ran; nothing was kept"
    for text in ("plain words", '{"message": "%d", "values": {}}', "[1, 2]", ""):
        assert i18n.said(text) == text  # anything else is shown as it is


def test_a_report_says_its_stage_in_the_language_of_the_moment():
    from landplan.progress import SAMPLES, Report

    report = Report("", SAMPLES, 31.0, done=45, total=200)
    assert report.words() == "samples, 45 of 200, 31 s, about 2 min left"
    with i18n.speaking("zh"):
        assert report.words() == "样本，45 / 200，31 秒，约剩 2 分钟"
