"""A run's page explains itself (Starlette's test client): the score term by term, Why here?
in named columns and sentences in the page's language, its history naming results, not ids;
a comparison's page gives each term's change."""

from __future__ import annotations

import re

import pandas as pd
import pytest
from starlette.testclient import TestClient
from zips import zipped

from landplan.web.app import create_app
from landplan.web.service import Workbench
from landplan.web.store import DEFAULT_PROJECT, results


@pytest.fixture(scope="module")
def imported(tmp_path_factory, baseline_run):
    """A workbench holding the baseline run twice (imported) and their comparison."""
    bench = Workbench(tmp_path_factory.mktemp("explain"))
    with TestClient(create_app(bench, run_jobs=False), base_url="http://127.0.0.1") as client:
        client.get("/")
        token = client.cookies["landplan_csrf"]
        for _ in range(2):
            answer = client.post("/runs/import", data={"csrf": token},
                                 files={"file": ("baseline.zip", zipped(baseline_run), "application/zip")})  # fmt: skip
            assert answer.status_code == 200, answer.text
    ids = [row["id"] for row in bench.store.all(results, order=results.c.created_at)]
    return bench, ids


def get(bench: Workbench, path: str) -> str:
    with TestClient(create_app(bench, run_jobs=False), base_url="http://127.0.0.1") as client:
        answer = client.get(path)
    assert answer.status_code == 200, answer.text[-800:]
    return answer.text


def test_a_run_says_its_score_term_by_term(imported):
    bench, (rid, _other) = imported
    page = get(bench, f"/results/{rid}")
    assert "The score, term by term" in page and "Suitability (suitability × km²)" in page
    assert "Suitability (suitability × km²) dominates the score" in page
    assert "Presence cost" not in page  # nought: left out
    chinese = get(bench, f"/results/{rid}?lang=zh")
    assert "方案得分的各项构成" in chinese and "值得关注" in chinese


def test_why_here_speaks_in_names_and_sentences(imported, baseline_run):
    bench, (rid, _other) = imported
    prices = pd.read_csv(baseline_run / "shadow_prices.csv")
    park = prices.loc[prices["shadow_price"] > 0, "park_id"].iloc[0]  # one with a full tier
    name = pd.read_csv(baseline_run / "parks.csv").set_index("park_id").loc[park, "name_en"]
    page = get(bench, f"/results/{rid}?cluster=new_energy&park={park}#why")
    page = page.split('id="why"')[1].split('<div class="report"')[0]  # the section
    for raw in ("<code>cluster_id</code>", "<code>park_id</code>", "<code>land_fit</code>",
                "<code>shadow_price</code>", "<code>land_km2</code>"):  # fmt: skip
        assert raw not in page, raw
    assert "<th>Policy endorsement</th>" in page and "<th>Land, km²</th>" in page
    assert "<th>Shadow price</th>" in page and f"{park} {name}" in page
    assert re.search(r"New energy \S+ gets \d+\.\d\d km² in ", page), page
    assert re.search(r"One more km² in the \w[\w ]* tier would raise the score by 0\.\d{3}", page)
    assert not re.search(r">\d+\.\d{4,}<", page)
    chinese = get(bench, f"/results/{rid}?cluster=new_energy&park={park}&lang=zh")
    assert "<th>影子价格</th>" in chinese and "<th>政策指定</th>" in chinese


def test_the_allocation_table_names_its_columns_and_rows(imported):
    bench, (rid, _other) = imported
    for lang, header, tier in (
        ("en", "<th>Industry</th>", "starting area"),
        ("zh", "<th>产业</th>", "启动区"),
    ):
        page = get(bench, f"/results/{rid}?lang={lang}")
        table = page.split('id="allocation"')[1].split("</table>")[0]
        assert header in table and f"<td>{tier}</td>" in table and "BA-01 Yanluo" in table
        assert "<code>" not in table and not re.search(r">\d+\.\d{3,}<", table), table[:800]


def test_the_history_names_a_result_by_its_run_and_time(imported):
    bench, (rid, _other) = imported
    bench.store.record("planner", "run finished", f"result:{rid}", DEFAULT_PROJECT, rid)
    page = get(bench, f"/results/{rid}")
    trail = page.split('class="list trail"')[1].split("</table>")[0]
    assert rid not in trail and re.search(r"baseline · \d{4}-\d\d-\d\d \d\d:\d\d UTC", trail)


def test_a_comparison_gives_each_terms_change(imported):
    bench, ids = imported
    job = bench.compare(ids, "planner", DEFAULT_PROJECT)
    from landplan.web import worker
    from landplan.web.store import RUNNING, jobs

    bench.store.update(jobs, job, status=RUNNING)
    worker.compare(worker.Job(bench.store, bench.store.one(jobs, job)))
    (row,) = bench.store.all(results, results.c.kind == "compare")
    page = get(bench, f"/results/{row['id']}")
    assert "The score, term by term" in page and "Change in baseline_2" in page
    assert "+0.000" in page  # the same plan: no term changes, nothing said of near-equal plans
    assert "near-equal" not in page
