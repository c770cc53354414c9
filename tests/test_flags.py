"""The command-line options made from the settings' own declarations: their help shows the
code's defaults, switches have both ways, and what they carry reaches the scenario."""

from __future__ import annotations

from command import landplan_cmd
from command import landplan_here as run

from landplan.analysis.specs import ExploreSpec, SweepSpec
from landplan.inputs.settings import LayoutSettings
from landplan.solving.options import SolverOptions


def test_help_shows_the_defaults_the_code_has():
    run = landplan_cmd  # help as a wide terminal shows it
    text = " ".join(run("run", "--help").stdout.split())
    assert f"landplan's default: {SolverOptions().gap}" in text
    assert f"landplan's default: {SolverOptions().node_limit}" in text
    layout = " ".join(run("layout", "--help").stdout.split())
    assert f"landplan's default: {LayoutSettings().cell_ha}" in layout
    assert "--no-contiguity" in layout and "--parcels" in layout
    sweep = " ".join(run("sweep", "--help").stdout.split())
    assert f"[default: {SweepSpec().samples}]" in sweep and "weights=0.2,demand=0.15" in sweep
    explore = " ".join(run("explore", "--help").stdout.split())
    assert f"[default: {ExploreSpec().alternatives}]" in explore


def test_a_switch_turns_a_scenarios_setting_off(tmp_path, write_layer, parks_frame):
    write_layer(parks_frame, "parks.geojson")
    (tmp_path / "laid.yaml").write_text(
        "name: laid\ndata: {parks: parks.geojson}\nlayout: {enabled: true}\n"
    )
    result = run("run", str(tmp_path / "laid.yaml"), "--no-layout", "--out", str(tmp_path), "-q")
    assert result.returncode == 0, result.stderr
    assert not (tmp_path / "laid" / "layout.csv").exists()
    resolved = (tmp_path / "laid" / "scenario.resolved.yaml").read_text()
    assert "enabled: false" in resolved


def test_a_bad_value_is_said_in_one_line_naming_the_option():
    for args, words in (
        (("sweep", "baseline", "--vary", "weights=abc"), "--vary: 'weights=abc' needs a number"),
        (("sweep", "baseline", "--vary", "rain=0.1"), "unknown 'rain' (weights or demand)"),
        (("run", "baseline", "--gap", "2"), "field 'solver.gap'"),
        (("run", "baseline", "--executor", "cloud"), "--executor: unknown executor 'cloud'"),
    ):
        result = run(*args)
        assert result.returncode == 2 and "Traceback" not in result.stderr, args
        assert words in " ".join(result.stderr.split()), (args, result.stderr)
