"""The QGIS plugin in a real QGIS (Debian's 3.22 LTR), headless: its algorithms listed and run
in the Processing framework as a planner's dialog runs them, against the CLI on the same inputs.
"""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
from command import landplan_cmd
from qgis_env import Qgis, need_qgis

from landplan.inputs.bundled import data_path

ALGORITHMS = ("run", "layout", "compare", "suitability", "validate")
#: The bundled park tiers as another office's layer might name its fields.
RENAMED = {"park_id": "PARK", "tier": "ZONE", "industrial_land_km2": "LAND", "district": "QU"}
MAPPING = {"PARKS_PARK_ID": "PARK", "PARKS_TIER": "ZONE",
           "PARKS_INDUSTRIAL_LAND_KM2": "LAND", "PARKS_DISTRICT": "QU"}  # fmt: skip


@pytest.fixture(scope="module")
def plugin_zip(tmp_path_factory) -> Path:
    zip_file = tmp_path_factory.mktemp("zip") / "landplan_processing.zip"
    made = landplan_cmd("qgis-plugin", str(zip_file))
    assert made.returncode == 0, made.stderr
    return zip_file


@pytest.fixture(scope="module")
def qgis(tmp_path_factory, plugin_zip) -> Qgis:
    need_qgis()
    return Qgis(tmp_path_factory.mktemp("qgis"), plugin_zip)


@pytest.fixture(scope="module")
def renamed_parks(tmp_path_factory) -> Path:
    """The bundled park tiers in a GeoPackage with other field names (for the mapping)."""
    path = tmp_path_factory.mktemp("layers") / "parks_renamed.gpkg"
    gpd.read_file(data_path("parks.geojson")).rename(columns=RENAMED).to_file(path)
    return path


@pytest.fixture(scope="module")
def from_qgis(qgis, renamed_parks, tmp_path_factory):
    """The baseline run from QGIS on the renamed layer, its fields mapped in the dialog."""
    out = tmp_path_factory.mktemp("from-qgis") / "results"
    answer = qgis.run({
        "algorithm": "landplan:run",
        "layers": {"PARKS": {"path": str(renamed_parks)}},
        "parameters": {**MAPPING, "SCENARIO_NAME": "baseline", "OUTPUT": str(out)},
    })  # fmt: skip
    return out, answer


def test_the_toolbox_lists_every_algorithm_with_its_help(qgis):
    listed = qgis.process("list")
    assert listed.returncode == 0, listed.stderr
    for name in ALGORITHMS:
        assert f"landplan:{name}" in listed.stdout
        helped = qgis.process("help", f"landplan:{name}")
        assert helped.returncode == 0 and "landplan" in helped.stdout


def test_a_run_from_a_layer_loaded_in_qgis_gives_the_clis_allocation_byte_for_byte(
    from_qgis, tmp_path
):
    out, answer = from_qgis
    assert "error" not in answer, answer
    cli = landplan_cmd("run", "baseline", "--out", str(tmp_path), "-q")
    assert cli.returncode == 0, cli.stderr
    mine = (out / "baseline" / "allocation.csv").read_bytes()
    assert mine == (tmp_path / "baseline" / "allocation.csv").read_bytes()
    # the inputs landplan was given are kept beside the run, to repeat it from the command line
    scenario = json.loads((out / "baseline-inputs" / "scenario.yaml").read_text(encoding="utf-8"))
    assert scenario["extends"] == "baseline" and scenario["data"] == {"parks": "parks.gpkg"}


def test_the_runs_layers_open_in_qgis_with_their_styles_and_say_they_are_schematic(from_qgis):
    _, answer = from_qgis
    assert answer["loaded"] == {
        "baseline · park tiers (schematic geometry)": {
            "features": 60,
            "renderer": "categorizedSymbol",
        },
        "baseline · suitability": {"features": 28 * 20 * 5, "renderer": None},  # a table
    }
    assert any("gap" in text for text in answer["texts"])  # the solve's progress reached QGIS


def test_locks_from_a_selection_of_a_table_are_honoured(qgis, tmp_path):
    locks = tmp_path / "locks.csv"
    pd.DataFrame({
        "cluster": ["semiconductors", "biomedicine"], "park": ["SS-01", "BA-01"],
        "note": ["taken", "not selected"],
    }).to_csv(locks, index=False)  # fmt: skip
    out = tmp_path / "results"
    answer = qgis.run({
        "algorithm": "landplan:run",
        "layers": {"LOCKS": {"path": str(locks), "select": "\"cluster\" = 'semiconductors'"}},
        "parameters": {"SCENARIO_NAME": "baseline", "GAP": 0.02, "OUTPUT": str(out)},
    })  # fmt: skip
    assert "error" not in answer, answer
    scenario = json.loads((out / "baseline-inputs" / "scenario.yaml").read_text(encoding="utf-8"))
    assert scenario["locks"] == [{"cluster": "semiconductors", "park": "SS-01", "note": "taken"}]
    assert scenario["solver"] == {"gap": 0.02}
    allocation = pd.read_csv(out / "baseline" / "allocation.csv")
    assert (
        (allocation["cluster_id"] == "semiconductors") & (allocation["park_id"] == "SS-01")
    ).any()


def test_a_bad_field_mapping_is_refused_in_landplans_words_and_leaves_no_folder(
    qgis, renamed_parks, tmp_path
):
    out = tmp_path / "results"
    answer = qgis.run({
        "algorithm": "landplan:run",
        "layers": {"PARKS": {"path": str(renamed_parks)}},
        "parameters": {**MAPPING, "PARKS_TIER": "name_en", "OUTPUT": str(out)},
    })  # fmt: skip
    assert "parks.gpkg" in answer["error"] and "tier" in answer["error"]
    assert "Traceback" not in answer["error"] and "\n" not in answer["error"]
    assert not out.exists()
    missing = qgis.run({
        "algorithm": "landplan:run",
        "layers": {"PARKS": {"path": str(renamed_parks)}},
        "parameters": {**MAPPING, "PARKS_PARK_ID": "park", "OUTPUT": str(out)},
    })  # fmt: skip
    assert "the field park chosen for park_id is not in the layer" in missing["error"]
    assert not out.exists()


def test_cancel_stops_landplan_and_leaves_no_folder(qgis, tmp_path):
    out = tmp_path / "results"
    answer = qgis.run({
        "algorithm": "landplan:run",
        "parameters": {"SCENARIO_NAME": "baseline", "LAYOUT": 1, "OUTPUT": str(out)},
        "cancel_after": 3,
    })  # fmt: skip
    assert answer["error"].startswith("Cancelled")
    assert not out.exists()


def test_layout_compare_suitability_and_validate_run_headless(qgis, from_qgis, tmp_path):
    run = tmp_path / "baseline"
    for folder in ("baseline", "baseline-inputs"):
        shutil.copytree(from_qgis[0] / folder, tmp_path / folder)
    laid = qgis.run({
        "algorithm": "landplan:layout",
        "parameters": {"RUN_FOLDER": str(run), "CELL_HA": 12},
    })  # fmt: skip
    assert "error" not in laid, laid
    (parcels,) = laid["loaded"].values()
    assert parcels["renderer"] == "categorizedSymbol" and parcels["features"] > 1000
    assert any("park" in line for line in laid["log"])
    assert (tmp_path / "baseline-inputs" / "parks.gpkg").is_file()  # the run's inputs kept
    compared = qgis.run({
        "algorithm": "landplan:compare",
        "parameters": {"RUN_A": str(from_qgis[0] / "baseline"), "RUN_B": str(run),
                       "OUTPUT": str(tmp_path / "compared")},
    })  # fmt: skip
    assert Path(compared["outputs"]["COMPARISON"]).is_file()
    assert [m["features"] for m in compared["loaded"].values()] == [28]
    ranked = qgis.run({
        "algorithm": "landplan:suitability",
        "parameters": {"SCENARIO_NAME": "baseline", "INDUSTRY": "semiconductors",
                       "OUTPUT": str(tmp_path / "ranked")},
    })  # fmt: skip
    assert ranked["loaded"] == {
        "semiconductors · suitability (schematic geometry)": {
            "features": 20, "renderer": "graduatedSymbol"
        }
    }  # fmt: skip
    valid = qgis.run(
        {"algorithm": "landplan:validate", "parameters": {"SCENARIO_NAME": "baseline"}}
    )
    assert valid["outputs"]["VALID"] is True and "valid: baseline" in valid["outputs"]["FINDINGS"]
    unknown = qgis.run(
        {"algorithm": "landplan:validate", "parameters": {"SCENARIO_NAME": "basline"}}
    )
    assert "basline" in unknown["error"] and "baseline" in unknown["error"]


def test_landplan_not_found_is_said_with_where_it_was_looked_for(qgis, plugin_zip, tmp_path):
    bare = tmp_path / "bare.zip"  # the plugin without the landplan that built it
    with zipfile.ZipFile(plugin_zip) as source, zipfile.ZipFile(bare, "w") as target:
        for item in source.infolist():
            if not item.filename.endswith("landplan.json"):
                target.writestr(item, source.read(item))
    lost = Qgis(tmp_path / "profile", bare)
    answer = lost.run(
        {"algorithm": "landplan:validate", "parameters": {"SCENARIO_NAME": "baseline"}},
        environment={"PATH": "/usr/bin:/bin", "LANDPLAN_COMMAND": str(tmp_path / "nowhere")},
    )
    assert answer["error"].startswith("landplan was not found")
    assert "LANDPLAN_COMMAND" in answer["error"] and "nowhere" in answer["error"]


def test_the_toolbox_speaks_chinese_when_qgis_does(plugin_zip, tmp_path):
    need_qgis()
    chinese = Qgis(tmp_path / "profile", plugin_zip)
    settings = chinese.folder / "profiles" / "default" / "QGIS" / "QGIS3.ini"
    settings.parent.mkdir(parents=True, exist_ok=True)
    with settings.open("a", encoding="utf-8") as ini:
        ini.write("\n[locale]\noverrideFlag=true\nuserLocale=zh_CN\n")
    listed = chinese.process("list")
    assert "landplan:run\t运行情景" in listed.stdout
    assert "landplan:suitability\t产业适宜性" in listed.stdout
