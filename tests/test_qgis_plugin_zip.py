"""The QGIS plugin's zip, as ``landplan qgis-plugin`` builds it (no QGIS needed here: the
plugin itself is tested in a real QGIS in tests/qgis/)."""

from __future__ import annotations

import configparser
import io
import json
import subprocess
import sys
import zipfile
from pathlib import Path

from babel.messages.pofile import read_po
from command import landplan_here

from landplan.machine import CONTRACT
from landplan.outputs.qgis_plugin import PLUGIN, PLUGIN_DIR, plugin_zip

PLUGIN_SOURCE = Path(__file__).resolve().parents[1] / "qgis" / PLUGIN


def test_the_zip_holds_the_plugin_and_names_this_landplan(tmp_path):
    result = landplan_here("qgis-plugin", str(tmp_path / "plugin.zip"))
    assert result.returncode == 0, result.stderr
    with zipfile.ZipFile(tmp_path / "plugin.zip") as archive:
        names = set(archive.namelist())
        recorded = json.loads(archive.read(f"{PLUGIN}/landplan.json"))
        metadata = archive.read(f"{PLUGIN}/metadata.txt").decode()
    sources = {f"{PLUGIN}/{p.relative_to(PLUGIN_SOURCE).with_suffix('.mo' if p.suffix == '.po' else p.suffix).as_posix()}"
               for p in PLUGIN_SOURCE.rglob("*")
               if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pot"}  # fmt: skip
    assert names == sources | {f"{PLUGIN}/landplan.json"}
    assert recorded == {"command": [sys.executable, "-m", "landplan"]}
    general = configparser.ConfigParser()
    general.read_string(metadata)
    assert general["general"]["hasProcessingProvider"] == "yes"
    assert general["general"]["qgisMinimumVersion"] == "3.22"


def test_the_zip_is_the_same_bytes_each_time():
    assert plugin_zip() == plugin_zip()


def test_the_plugin_speaks_landplans_contract():
    locate = (PLUGIN_DIR / "locate.py").read_text(encoding="utf-8")
    assert f"CONTRACT = {CONTRACT}\n" in locate


def test_every_word_of_the_plugin_has_its_chinese_and_the_catalog_is_up_to_date(tmp_path):
    catalog_dir = PLUGIN_SOURCE / "i18n"
    pot = tmp_path / "plugin.pot"
    extracted = subprocess.run(
        [sys.executable, "-m", "babel.messages.frontend", "extract", "--keywords", "tr",
         "--no-wrap", "--output-file", str(pot), str(PLUGIN_SOURCE)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert extracted.returncode == 0, extracted.stderr
    with pot.open("rb") as source:
        wanted = {m.id for m in read_po(source) if m.id}
    with (catalog_dir / "zh" / "LC_MESSAGES" / "landplan_processing.po").open("rb") as source:
        chinese = {m.id: m for m in read_po(source) if m.id}
    assert wanted == set(chinese), "run make messages"
    assert not [m.id for m in chinese.values() if not m.string or m.fuzzy]
    with zipfile.ZipFile(io.BytesIO(plugin_zip())) as archive:
        assert f"{PLUGIN}/i18n/zh/LC_MESSAGES/landplan_processing.mo" in archive.namelist()
