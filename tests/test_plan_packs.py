"""Plan packs: the bundled pack's words, a pack's manifest checked, the template that
``landplan new-pack`` writes, and a second plan (the template's synthetic town: other
districts, four tiers, horizons 2030 and 2040, UTM zone 51N) run end to end: run, layout,
maps, report, compare and sweep."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest
import yaml
from command import landplan_cmd, landplan_here

import landplan
from landplan.errors import InputError
from landplan.inputs.pack import load_pack

PACKAGE = Path(landplan.__file__).parent
TOWN_TIERS = ["core", "first_ring", "second_ring", "reserve"]


@pytest.fixture(scope="module")
def town(tmp_path_factory) -> Path:
    """The template pack, written by ``landplan new-pack``."""
    folder = tmp_path_factory.mktemp("packs") / "town"
    result = landplan_here("new-pack", str(folder))
    assert result.returncode == 0, result.stderr
    return folder


@pytest.fixture(scope="module")
def town_runs(town, tmp_path_factory) -> Path:
    """The town's two scenarios run and laid out from the command line."""
    out = tmp_path_factory.mktemp("out")
    scenarios = [str(town / "scenarios" / f"{name}.yaml") for name in ("baseline", "growth")]
    result = landplan_cmd(
        "run", *scenarios, "--layout", "--out", str(out), "--lang", "both", "--workers", "1"
    )
    assert result.returncode == 0, result.stderr + result.stdout
    return out


def copy_of(town: Path, tmp_path: Path) -> Path:
    return Path(shutil.copytree(town, tmp_path / "pack"))


def test_no_module_names_the_bundled_plans_words():
    """The package holds no district, policy area, horizon year or area CRS of the bundled
    plan: they are its pack's."""
    pack = load_pack()
    words = [*pack.all_policy_areas, *pack.all_policy_areas.values(), pack.area_crs]
    words += [str(h) for h in pack.horizons]
    pattern = re.compile("|".join(rf"(?<![\w#]){re.escape(w)}(?!\w)" for w in words))
    found = {
        str(path.relative_to(PACKAGE)): sorted(set(pattern.findall(path.read_text("utf-8"))))
        for path in PACKAGE.rglob("*")
        if path.suffix in (".py", ".j2", ".js", ".css", ".html")
        and pattern.search(path.read_text("utf-8"))
    }
    assert found == {}


def test_the_bundled_pack_is_shenzhens_20_plus_8():
    pack = load_pack()
    assert pack.bundled and pack.tier_ids == ("starting", "expansion", "reserve")
    assert pack.horizons == [2025, 2030, 2035] and pack.area_crs == "EPSG:4547"
    assert len(pack.districts) == 11 and set(pack.cluster_kinds) == {"strategic", "future"}
    catalog = landplan.load_catalog()
    assert catalog.clusters["kind"].value_counts().to_dict() == {"strategic": 20, "future": 8}


def test_a_manifest_fault_names_the_file_line_and_field(town, tmp_path):
    pack = copy_of(town, tmp_path)
    manifest = pack / "pack.yaml"
    text = manifest.read_text(encoding="utf-8")
    manifest.write_text(text.replace("horizons: [2030, 2040]", "horizons: [2030, 2050]"), "utf-8")
    with pytest.raises(InputError, match="second_ring is released by 2040, not a horizon"):
        load_pack(pack)
    manifest.write_text(text.replace("area_crs: utm", "area_crs: EPSG:4326"), "utf-8")
    with pytest.raises(InputError, match="not projected") as caught:
        load_pack(pack)
    assert caught.value.field == "area_crs" and caught.value.where and "line" in caught.value.where
    manifest.write_text(text.replace("scenarios: scenarios", "scenario: scenarios"), "utf-8")
    with pytest.raises(InputError, match=r"unknown key \(did you mean 'scenarios'\?\)"):
        load_pack(pack)
    manifest.write_text(text, "utf-8")
    (pack / "districts.geojson").unlink()
    with pytest.raises(InputError, match="districts.geojson, which is not a file"):
        load_pack(pack)


def test_validate_pack_checks_the_data_against_the_packs_words(town, tmp_path):
    result = landplan_here("validate", "--pack", str(town))
    assert result.returncode == 0, result.stderr
    said = " ".join(result.stdout.split())  # as one line, however the terminal wrapped it
    assert "4 tiers, horizons 2030, 2040, 2 scenarios" in said and "valid growth" in said
    pack = copy_of(town, tmp_path)
    parks = pack / "parks.geojson"
    parks.write_text(parks.read_text("utf-8").replace('"tier":"reserve"', '"tier":"starting"', 1))
    result = landplan_here("validate", "--pack", str(pack))
    said = " ".join(result.stderr.split())
    assert result.returncode == 2
    assert "parks.geojson" in said and "unknown tier 'starting'" in said
    assert "field 'tier'" in said and "feature 4 (WE-01" in said


def test_a_catalogue_and_scenario_use_the_packs_kinds_and_horizons(town, tmp_path):
    pack = copy_of(town, tmp_path)
    clusters = pack / "clusters.csv"
    clusters.write_text(clusters.read_text("utf-8").replace(",core,", ",strategic,", 1), "utf-8")
    with pytest.raises(InputError, match="unknown cluster kind 'strategic'") as caught:
        landplan.load_catalog(None, None, load_pack(pack))
    assert caught.value.field == "kind" and "robotics" in str(caught.value.where)
    shutil.copy(town / "clusters.csv", clusters)
    scenario = pack / "scenarios" / "later.yaml"
    scenario.write_text("name: later\nextends: baseline\nhorizons: [2035]\n", "utf-8")
    with pytest.raises(InputError, match="2035 is not a horizon of the plan pack") as caught:
        landplan.validate_scenario(scenario)
    assert caught.value.source == str(scenario) and caught.value.field == "horizons"


def test_new_pack_refuses_a_folder_in_the_way(tmp_path):
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "notes.txt").write_text("mine")
    result = landplan_here("new-pack", str(tmp_path / "full"))
    assert result.returncode == 2 and "in the way" in " ".join(result.stderr.split())
    assert (tmp_path / "full" / "notes.txt").read_text() == "mine"


def test_the_town_runs_with_its_own_words(town, town_runs):
    folder = town_runs / "baseline"
    allocation = pd.read_csv(folder / "allocation.csv")
    assert set(allocation["tier"]) <= set(TOWN_TIERS) and allocation["land_km2"].sum() > 0
    parks = pd.read_csv(folder / "parks.csv")
    used = [c.removesuffix("_used_km2") for c in parks.columns if c.endswith("_used_km2")]
    assert used == TOWN_TIERS  # the pack's order
    kpis = json.loads((folder / "kpis.json").read_text("utf-8"))
    assert {"shortfall_2030_km2", "shortfall_2040_km2"} <= set(kpis)
    assert kpis["status"] in ("optimal", "feasible") and kpis["gap"] <= 0.005
    layout = pd.read_csv(folder / "layout.csv")
    assert set(layout["park_id"]) <= {"WE-01", "WE-02", "EA-01", "EA-02"} and len(layout) > 0
    assert (layout["park_gap"] <= 0.05).all()  # the layout's gap, said against its bound
    report = (folder / "report.html").read_text("utf-8")
    assert "second ring" in report and "by 2040" in report
    page = (folder / "map.html").read_text("utf-8")
    assert json.dumps("二期拓展区")[1:-1] in page and "Riverside" in page  # as the map's JSON
    resolved = yaml.safe_load((folder / "scenario.resolved.yaml").read_text("utf-8"))
    assert Path(resolved["pack"]) == town.resolve()
    assert resolved["provenance"]["plan_pack"]["tiers"][0]["id"] == "core"


def test_the_town_is_measured_in_its_own_utm_zone(town):
    pack = load_pack(town)
    parks = landplan.load_parks(None, pack)
    assert pack.area_crs_of(parks).to_epsg() == 32651  # Shenzhen's pack: EPSG:4547 (zone 50)
    # the template's tiers are 2 km × 1 km strips of 30 %, 30 %, 20 % and 20 %
    assert parks["area_km2"].round(3).tolist()[:4] == [0.6, 0.6, 0.4, 0.4]


def test_the_town_compares_and_sweeps(town, town_runs, tmp_path):
    result = landplan_cmd(
        "compare", str(town_runs / "baseline"), str(town_runs / "growth"), "--out", str(tmp_path)
    )
    assert result.returncode == 0, result.stderr
    kpis = (tmp_path / "compare-baseline-vs-growth" / "compare_kpis.csv").read_text("utf-8")
    assert "shortfall_2030_km2" in kpis and "shortfall_2040_km2" in kpis
    result = landplan_cmd(
        "sweep", str(town / "scenarios" / "baseline.yaml"), "--samples", "4", "--seed", "1",
        "--workers", "1", "--out", str(tmp_path / "sweeps"), "--quiet",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    frequency = pd.read_csv(next((tmp_path / "sweeps").glob("*/frequency.csv")))
    assert set(frequency["park_id"]) <= {"WE-01", "WE-02", "EA-01", "EA-02"} and len(frequency)


def test_the_template_is_what_its_script_builds():
    import build_template_pack

    folder = Path(landplan.__file__).parents[1] / "data" / "template"
    for name, text in build_template_pack.template_files("my_pack").items():
        assert (folder / name).read_text("utf-8") == text, name
