"""The workbench's pages through HTTP (Starlette's test client): every form needs its CSRF
token, every name shows as text, a bad field is said beside it and changes nothing, files are
found only among a result's own, uploads are checked before anything is kept."""

from __future__ import annotations

import html
import json
import re
from decimal import Decimal

import pytest
import yaml
from starlette.routing import Route
from starlette.testclient import TestClient
from webforms import FormReader, counts, derive, post
from zips import zipped

from landplan.inputs.scenario import load_scenario
from landplan.web.app import ROUTES, create_app
from landplan.web.forms import summing_to_one
from landplan.web.store import DEFAULT_PROJECT, jobs, results, scenarios

HOSTILE = "</script><img src=x onerror=alert(1)>{{7*7}}"
#: A scenario name may hold what a folder name may: no < > / " but braces and quotes.
HOSTILE_NAME = "{{ 7+7 }}'&x"


POSTS = sorted({r.path for r in ROUTES if isinstance(r, Route) and "POST" in (r.methods or ())})


def test_every_form_needs_the_browsers_token(client, bench):
    sid = derive(client)
    before, text = counts(bench), bench.store.one(scenarios, sid)["yaml"]
    data = {"name": "x", "source": "bundled:baseline", "kind": "locks", "cluster": "new_energy",
            "park": "BA-01", "index": "0", "result": "0" * 16}  # fmt: skip
    assert len(POSTS) >= 14
    for path in POSTS:
        target = path.format(key=sid, kind="run", job="0" * 16, result="0" * 16, user="u",
                             project="0" * 16)  # fmt: skip
        for token in (None, "forged"):
            answer = client.post(target, data={**data, **({"csrf": token} if token else {})})
            assert answer.status_code == 403, (target, token, answer.status_code)
    assert counts(bench) == before and bench.store.one(scenarios, sid)["yaml"] == text


def test_a_form_from_another_site_is_refused(client, bench):
    before = counts(bench)
    answer = client.post("/scenarios/new", data={"csrf": client.token, "source": "bundled:baseline",
                         "name": "x"}, headers={"Origin": "http://evil.example"})  # fmt: skip
    assert answer.status_code == 403 and counts(bench) == before


def test_only_this_machine_is_answered(bench):
    with TestClient(create_app(bench, run_jobs=False), base_url="http://evil.example") as client:
        assert client.get("/").status_code == 400  # a DNS-rebinding page gets nothing


def test_security_headers(client, bench):
    answer = client.get("/")
    policy = answer.headers["content-security-policy"]
    assert (
        "script-src 'self'" in policy
        and "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
    )
    assert answer.headers["x-content-type-options"] == "nosniff"
    assert (
        "httponly" in answer.headers.get("set-cookie", "").lower()
        or client.cookies["landplan_csrf"]
    )


def test_hostile_names_show_as_text_on_every_page(client, bench):
    sid = derive(client, HOSTILE_NAME)
    assert (
        post(client, f"/scenarios/{sid}/rename", name=HOSTILE_NAME, description=HOSTILE).status_code
        == 200
    )
    bench.store.insert(results, project_id=DEFAULT_PROJECT, kind="run", job_id=None, scenario_id=sid, scenario_name=HOSTILE,
                       status=HOSTILE, figures="{}", resolved_yaml=HOSTILE, data_sha256=json.dumps({HOSTILE: HOSTILE}),
                       versions=json.dumps({"landplan": HOSTILE}), compared="[]", source="imported",
                       who=HOSTILE, created_at="2026")  # fmt: skip
    client.cookies.set("landplan_who", HOSTILE)
    for path in (
        "/",
        f"/scenarios/{sid}",
        "/runs",
        f"/scenarios/{sid}/delete",
        "/uploads",
        "/?lang=zh",
    ):
        page = client.get(path).text
        assert "<img src=x" not in page and "</script><img" not in page, path
        assert (
            "{{7*7}}" in page and "&lt;img src=x onerror=alert(1)&gt;" in page or path == "/uploads"
        ), path
        assert "{{ 7+7 }}&#39;&amp;x" in page or path in ("/runs", "/uploads"), path


#: Three bad fields of the editor, and what is said beside each, in English and in Chinese.
BAD_FIELDS = {
    "rules.clusters_per_park": ("abc", "Clusters per park must be a whole number, e.g. 5",
                                "每园区产业集群数须为整数，例如 5"),
    "demand.multiplier": ("lots", "Multiplier for all must be a number, e.g. 1",
                          "全部需求倍数须为数字，例如 1"),
    "solver.gap": ("-1", "Gap must be at least 0", "差距须不小于 0"),
}  # fmt: skip


def said_beside(page: str) -> dict[str, str]:
    """The problems a page says beside their fields, by field."""
    found = re.findall(r'<span class="error" id="error-([^"]*)" data-for="\1">([^<]*)<', page)
    return {field: html.unescape(text) for field, text in found}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_bad_field_is_said_beside_it_and_nothing_changes(client, bench, lang):
    sid = derive(client)
    text = bench.store.one(scenarios, sid)["yaml"]
    form = FormReader(client.get(f"/scenarios/{sid}").text, f"/scenarios/{sid}")
    typed = {name: bad for name, (bad, *_said) in BAD_FIELDS.items()}
    answer = form.post(client, f"/scenarios/{sid}?lang={lang}", **typed)
    assert answer.status_code == 400
    said = {name: said[1 if lang == "en" else 2] for name, said in BAD_FIELDS.items()}
    assert said_beside(answer.text) == said
    for name, bad in typed.items():  # each listed at the top, a link to the one beside its field
        assert f'<li><a href="#error-{name}">{html.escape(said[name])}</a></li>' in answer.text
        assert f'value="{bad}"' in answer.text  # what was typed stays to be corrected
    assert "data-unsaved" in answer.text  # and counts as not saved
    assert bench.store.one(scenarios, sid)["yaml"] == text


def test_the_weights_saved_add_up_to_exactly_one(client, bench):
    sid = derive(client)
    form = FormReader(client.get(f"/scenarios/{sid}").text, f"/scenarios/{sid}")
    moved = {"endorsement": "0.25", "existing_base": "0.1", "chain": "0.13", "access": "0.4",
             "land_fit": "0.13"}  # fmt: skip
    answer = form.post(client, f"/scenarios/{sid}", **{
        f"suitability.weights.{name}": weight for name, weight in moved.items()})  # fmt: skip
    assert answer.status_code == 200, answer.text
    saved = yaml.safe_load(bench.store.one(scenarios, sid)["yaml"])["suitability"]["weights"]
    assert sum(Decimal(str(weight)) for weight in saved.values()) == 1  # not 1.01
    assert saved == {"endorsement": 0.25, "existing_base": 0.1, "chain": 0.13, "access": 0.39,
                     "land_fit": 0.13}  # fmt: skip


def test_weights_add_up_to_one_by_the_largest_remainder():
    assert summing_to_one({"a": 1.0, "b": 1.0, "c": 1.0}) == {"a": 0.34, "b": 0.33, "c": 0.33}
    for refused in ({"a": "x", "b": 0.5}, {"a": 0.0, "b": 0.0}, {"a": -0.5, "b": 1.5}):
        assert summing_to_one(refused) == refused  # for the schema to say what is wrong


def test_save_and_run_saves_then_runs_the_settings_saved(client, bench):
    sid = derive(client)
    form = FormReader(client.get(f"/scenarios/{sid}").text, f"/scenarios/{sid}")
    answer = form.post(client, f"/scenarios/{sid}", **{"demand.multiplier": "1.3", "then": "run"})
    assert answer.status_code == 200 and "/jobs/" in str(answer.url)
    (job,) = bench.store.all(jobs)
    assert job["kind"] == "run" and "multiplier: 1.3" in json.loads(job["params"])["yaml"]
    bad = form.post(client, f"/scenarios/{sid}", **{"demand.multiplier": "x", "then": "run"})
    assert bad.status_code == 400 and len(bench.store.all(jobs)) == 1  # not saved: not run


def test_the_form_saves_what_differs_from_the_parent(client, bench):
    sid = derive(client)
    form = FormReader(client.get(f"/scenarios/{sid}").text, f"/scenarios/{sid}")
    unchanged = form.post(client, f"/scenarios/{sid}")
    assert unchanged.status_code == 200, unchanged.text
    assert set(yaml.safe_load(bench.store.one(scenarios, sid)["yaml"])) == {
        "name",
        "description",
        "extends",
    }
    changed = form.post(client, f"/scenarios/{sid}", **{
        "rules.clusters_per_park": "6", "demand.multiplier": "1.2",
        "suitability.weights.endorsement": "0.7", "suitability.weights.existing_base": "0",
        "suitability.weights.chain": "0.1",
        "suitability.weights.access": "0.1", "suitability.weights.land_fit": "0.1",
        "demand.clusters.semiconductors.2035": "7"})  # fmt: skip
    assert changed.status_code == 200, changed.text
    saved = yaml.safe_load(bench.store.one(scenarios, sid)["yaml"])
    assert saved["extends"] == "baseline"
    assert saved["rules"] == {"clusters_per_park": 6}
    assert saved["demand"]["multiplier"] == 1.2
    assert saved["demand"]["clusters"] == {"semiconductors": {2035: 7.0}}
    assert saved["suitability"]["weights"]["endorsement"] == 0.7
    assert "objective" not in saved and "layout" not in saved  # unchanged: not written
    scenario = load_scenario(bench.scenario_file(sid))
    assert scenario.rules.clusters_per_park == 6 and scenario.solver.heuristic


def test_locks_by_park_and_their_removal(client, bench):
    sid = derive(client)
    assert (
        post(
            client, f"/scenarios/{sid}/place", kind="locks", cluster="new_energy", park="PS-01"
        ).status_code
        == 200
    )
    assert yaml.safe_load(bench.store.one(scenarios, sid)["yaml"])["locks"] == [
        {"cluster": "new_energy", "park": "PS-01"}
    ]
    answer = post(
        client, f"/scenarios/{sid}/place", kind="exclusions", cluster="new_energy", park="XX-99"
    )
    assert answer.status_code == 400 and "XX-99" in answer.text  # an unknown park, said
    assert post(client, f"/scenarios/{sid}/unplace", kind="locks", index="0").status_code == 200
    assert "locks" not in yaml.safe_load(bench.store.one(scenarios, sid)["yaml"])


def test_import_and_export_round_trip_exactly(client, bench, tmp_path):
    text = "# my variant\nname: imported\nextends: baseline   # the policy\ndemand: {multiplier: 1.1}\n"
    answer = client.post("/scenarios/import", data={"csrf": client.token},
                         files={"file": ("mine.yaml", text.encode(), "application/yaml")})  # fmt: skip
    assert answer.status_code == 200
    sid = str(answer.url).rsplit("/", 1)[-1]
    exported = client.get(f"/scenarios/{sid}/export")
    assert exported.content == text.encode()
    (tmp_path / "back.yaml").write_bytes(exported.content)
    assert load_scenario(tmp_path / "back.yaml").demand.multiplier == 1.1


def test_an_invalid_import_is_said_and_kept_out(client, bench):
    before = counts(bench)
    answer = client.post("/scenarios/import", data={"csrf": client.token},
                         files={"file": ("bad.yaml", b"name: bad\nrules: {clusters_per_park: -1}\n", "application/yaml")})  # fmt: skip
    assert answer.status_code == 400 and "clusters_per_park" in answer.text
    assert counts(bench) == before


def test_a_scenario_that_does_not_validate_starts_no_job(client, bench):
    sid = derive(client)
    bench.store.update(
        scenarios,
        sid,
        yaml="name: variant\nextends: baseline\nlocks: [{cluster: nowhere, park: BA-01}]\n",
    )
    answer = post(client, f"/scenarios/{sid}/run")
    assert answer.status_code == 400 and "nowhere" in answer.text
    assert bench.store.all(jobs) == []


def test_deleting_a_scenario_asks_first_and_keeps_its_runs(client, bench):
    sid = derive(client)
    bench.store.insert(results, project_id=DEFAULT_PROJECT, kind="run", job_id=None, scenario_id=sid, scenario_name="variant",
                       status="optimal", figures="{}", resolved_yaml="", data_sha256="{}", versions="{}",
                       compared="[]", source="workbench", who="", created_at="2026")  # fmt: skip
    assert "1 run stays" in client.get(f"/scenarios/{sid}/delete").text
    assert post(client, f"/scenarios/{sid}/delete").status_code == 200
    assert bench.store.one(scenarios, sid) is None and len(bench.store.all(results)) == 1


def test_files_are_found_only_among_a_results_own(client, bench):
    rid = bench.store.insert(results, project_id=DEFAULT_PROJECT, kind="run", job_id=None, scenario_id=None, scenario_name="r",
                             status="optimal", figures="{}", resolved_yaml="", data_sha256="{}",
                             versions="{}", compared="[]", source="imported", who="", created_at="2026")  # fmt: skip
    folder = bench.folders.results / rid
    folder.mkdir()
    (folder / "map.html").write_text("<p>map</p>")
    (folder / "link.html").symlink_to(bench.folders.database)
    assert client.get(f"/results/{rid}/files/map.html").status_code == 200
    for path in (f"/results/{rid}/files/../../workbench.sqlite", f"/results/{rid}/files/link.html",
                 f"/results/{rid}/files/%2e%2e/%2e%2e/workbench.sqlite", f"/results/{rid}/download/kpis.json",
                 "/results/..%2f..%2fworkbench.sqlite", "/results/zz/files/map.html", "/scenarios/../export"):  # fmt: skip
        assert client.get(path).status_code == 404, path


def geojson(name_en: str, land: object = 1.0) -> bytes:
    feature = {"type": "Feature", "properties": {"park_id": "T-01", "name_en": name_en, "name_zh": "",
               "district": "Bao'an", "tier": "starting", "industrial_land_km2": land},
               "geometry": {"type": "Polygon", "coordinates": [[[113.8, 22.7], [113.81, 22.7], [113.81, 22.71], [113.8, 22.7]]]}}  # fmt: skip
    return json.dumps({"type": "FeatureCollection", "features": [feature]}).encode()


@pytest.mark.parametrize(
    ("name", "data", "said"),
    [
        ("parks.geojson", geojson("ok", "lots"), "industrial_land_km2"),
        ("parks.exe", geojson("ok"), "must be one of"),
        ("parks.gpkg", geojson("ok"), "not a .gpkg file"),
        ("parks.geojson", b"", "empty"),
    ],
)
def test_an_upload_that_fails_its_checks_keeps_nothing(client, bench, name, data, said):
    answer = client.post("/uploads", data={"csrf": client.token, "kind": "parks"},
                         files={"file": (name, data, "application/octet-stream")})  # fmt: skip
    assert answer.status_code == 400 and said in answer.text
    assert (
        bench.files.uploaded(DEFAULT_PROJECT) == [] and list(bench.folders.uploads.iterdir()) == []
    )


def test_an_upload_that_passes_is_kept_under_a_generated_name(client, bench):
    from landplan.inputs.bundled import data_path

    data = data_path("parks.geojson").read_bytes()
    answer = client.post("/uploads", data={"csrf": client.token, "kind": "parks"},
                         files={"file": (f"{HOSTILE}.geojson", data, "application/geo+json")})  # fmt: skip
    assert answer.status_code == 200
    (row,) = bench.files.uploaded(DEFAULT_PROJECT)
    assert row["stored_name"] == f"{row['id']}.geojson" and HOSTILE in row["original_name"]
    assert "<img src=x" not in answer.text


def test_a_refused_upload_keeps_the_forms_choices(client, bench):
    answer = client.post("/uploads", data={"csrf": client.token, "kind": "criterion", "name": "noise"},
                         files={"file": ("noise.exe", b"a,b\n1,2\n", "text/csv")})  # fmt: skip
    assert answer.status_code == 400 and "must be one of" in answer.text
    form = answer.text.split('action="/uploads"', 1)[1].split("</form>", 1)[0]
    assert re.search(r'<option value="criterion" selected>', form), form
    assert len(re.findall(r"<option[^>]* selected>", form)) == 1
    assert 'name="name" value="noise"' in form


def shapefile_zip(folder, parts=(".shp", ".shx", ".dbf", ".prj", ".cpg")) -> bytes:
    """The bundled parks as a Shapefile (field names cut to 10 characters), zipped with
    ``parts``."""
    import io
    import warnings
    import zipfile

    import geopandas as gpd

    from landplan.inputs.bundled import data_path

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        gpd.read_file(data_path("parks.geojson")).to_file(folder / "parks.shp")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for part in parts:
            archive.write(folder / f"parks{part}", f"parks{part}")
    return buffer.getvalue()


def test_a_zipped_shapefile_is_taken_and_one_without_its_shp_is_refused(client, bench, tmp_path):
    def upload(data):
        return client.post("/uploads", data={"csrf": client.token, "kind": "parks"},
                           files={"file": ("parks.zip", data, "application/zip")})  # fmt: skip

    refused = upload(shapefile_zip(tmp_path, (".shx", ".dbf", ".prj")))
    assert refused.status_code == 400 and "one Shapefile" in refused.text
    no_dbf = upload(shapefile_zip(tmp_path, (".shp", ".shx", ".prj")))
    assert no_dbf.status_code == 400 and "has no .dbf beside its .shp" in no_dbf.text
    assert bench.files.uploaded(DEFAULT_PROJECT) == []
    assert list(bench.folders.uploads.iterdir()) == []
    taken = upload(shapefile_zip(tmp_path))
    assert taken.status_code == 200, taken.text[-800:]
    (row,) = bench.files.uploaded(DEFAULT_PROJECT)
    assert row["stored_name"] == f"{row['id']}.zip" and row["original_name"] == "parks.zip"
    key = derive(client, "zipped-parks")
    form = FormReader(client.get(f"/scenarios/{key}").text, f"/scenarios/{key}")
    saved = form.post(client, f"/scenarios/{key}", **{"data.parks": row["id"]})
    assert saved.status_code == 200, saved.text[-800:]
    scenario = load_scenario(bench.scenario_file(key))
    assert str(scenario.data_file("parks")).endswith(f"{row['id']}.zip")


def test_pages_in_chinese(client):
    page = client.get("/?lang=zh").text
    assert "情景" in page and 'href="/runs?lang=zh"' in page


def test_a_run_folder_the_cli_wrote_is_imported(client, bench, baseline_run):
    answer = client.post("/runs/import", data={"csrf": client.token},
                         files={"file": ("baseline.zip", zipped(baseline_run), "application/zip")})  # fmt: skip
    assert answer.status_code == 200, answer.text
    (row,) = bench.store.all(results)
    assert (row["source"], row["scenario_name"], row["kind"]) == ("imported", "baseline", "run")
    assert json.loads(row["data_sha256"])["parks"]  # its provenance came with it
    folder = bench.result_folder(row["id"])
    assert (folder / "allocation.csv").read_bytes() == (
        baseline_run / "allocation.csv"
    ).read_bytes()
    assert "Why here?" in client.get(f"/results/{row['id']}").text


def test_a_zip_that_reaches_out_or_is_damaged_is_refused(client, bench, baseline_run, tmp_path):
    import zipfile

    evil = tmp_path / "evil.zip"
    with zipfile.ZipFile(evil, "w") as archive:
        archive.writestr("../../outside.txt", "x")
    damaged = tmp_path / "damaged"
    import shutil

    shutil.copytree(baseline_run, damaged)
    (damaged / "allocation.csv").write_text("cluster_id,park_id,tier,land_km2\nx,y,z,-5\n")
    for data, said in ((evil.read_bytes(), "will not unpack"), (zipped(damaged), "allocation.csv")):
        answer = client.post("/runs/import", data={"csrf": client.token},
                             files={"file": ("run.zip", data, "application/zip")})  # fmt: skip
        assert answer.status_code == 400 and said in answer.text, answer.text[-800:]
    assert bench.store.all(results) == [] and list(bench.folders.results.iterdir()) == []
    assert not (bench.folders.root.parent / "outside.txt").exists()
    assert [p.name for p in bench.folders.jobs.iterdir()] == []


def test_a_scenario_naming_a_plan_pack_is_refused(client, bench):
    """The workbench plans with its bundled pack: a folder of the server's is no planner's to
    name."""
    before = counts(bench)
    answer = client.post("/scenarios/import", data={"csrf": client.token},
                         files={"file": ("mine.yaml", b"name: mine\npack: /etc\n", "application/yaml")})  # fmt: skip
    assert answer.status_code == 400 and "bundled plan pack" in answer.text
    assert counts(bench) == before


def test_the_icon_is_served_and_every_page_links_one_that_exists(client):
    icon = client.get("/favicon.ico")
    assert icon.status_code == 200 and icon.headers["content-type"].startswith("image/")
    key = derive(client, "iconic")
    for path in ("/", f"/scenarios/{key}", "/runs", "/uploads", "/scenarios/nosuch"):
        links = re.findall(r'<link rel="icon" href="([^"]+)"', client.get(path).text)
        assert links, path
        for link in links:
            linked = client.get(link)
            assert linked.status_code == 200, link
            assert linked.headers["content-type"].startswith("image/"), link


def test_the_click_that_starts_a_job_is_followed_to_its_result_even_if_done_at_once(client, bench):
    sid = derive(client)
    started = client.post(
        f"/scenarios/{sid}/run", data={"csrf": client.token}, follow_redirects=False
    )
    assert started.status_code == 303 and started.headers["location"].endswith("?follow=1")
    job = bench.store.all(jobs)[0]
    bench.store.update(jobs, job["id"], status="done")  # done before its page was first asked for
    assert client.get(started.headers["location"]).url.path == f"/results/{job['result_id']}"
    stays = client.get(f"/jobs/{job['id']}")  # from the history: the job's own page
    assert stays.url.path == f"/jobs/{job['id']}" and 'id="job-result"' in stays.text
