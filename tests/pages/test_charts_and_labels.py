"""The report's pieces: SVG charts that keep labels as text and scales round, and KPIs in a
planner's words with "—" where a figure is missing."""

from __future__ import annotations

import math
from xml.etree import ElementTree

import pytest
from hypothesis import given
from hypothesis import strategies as st

from landplan.pages.charts import Bar, Segment, bar_chart, shortened, text_width, tick_step
from landplan.pages.labels import kpi_label, kpi_value
from landplan.pages.report import layout_words


def test_a_chart_is_well_formed_svg_with_its_labels_as_text():
    bars = [
        Bar("<script>alert(1)</script>", (Segment(2.0, "#000", "a & b"),), 3.0, "needs 3"),
        Bar("半导体与集成电路", (Segment(1.0, "#111", "x"), Segment(0.5, "#222", "y"))),
    ]
    svg = ElementTree.fromstring(str(bar_chart(bars, "km²", [("#000", "<b>by 2025</b>")])))
    words = "".join(svg.itertext())
    assert "<script>alert(1)</script>" in words and "<b>by 2025</b>" in words
    assert len(svg.findall(".//{*}rect")) == 3 + 1  # three segments, one legend key
    assert len(svg.findall(".//{*}line[@class='mark']")) == 1


def test_segments_are_drawn_to_scale():
    bars = [Bar("a", (Segment(4.0, "#000", ""),)), Bar("b", (Segment(1.0, "#000", ""),))]
    svg = ElementTree.fromstring(str(bar_chart(bars, "km²", [])))
    widths = [float(r.get("width")) for r in svg.findall(".//{*}rect")]
    assert widths[0] == pytest.approx(4 * widths[1], rel=1e-3)


@given(st.floats(min_value=1e-3, max_value=1e6))
def test_ticks_are_round_and_few(most):
    step = tick_step(most)
    mantissa = step / 10 ** math.floor(math.log10(step) + 1e-12)
    assert round(mantissa, 9) in (1, 2, 5, 10)
    assert most / step <= 5 + 1e-9 and most / step > 1 - 1e-9


def test_a_long_label_is_cut_to_fit_with_an_ellipsis():
    label = "Industrial machine tools (industrial mother machines) 工业母机"
    cut = shortened(label, 120)
    assert cut.endswith("…") and text_width(cut) <= 120 and label.startswith(cut[:-1])
    assert shortened("Biomedicine", 500) == "Biomedicine"


def test_kpis_in_planners_words_and_missing_figures_as_a_dash():
    assert kpi_label("endorsed_land_share").startswith("Share of land")
    assert kpi_label("shortfall_2030_km2") == "Demand not met by 2030, km²"
    assert kpi_value("endorsed_land_share", 0.8) == "80%"
    assert kpi_value("gap", float("nan")) == "—" and kpi_value("bound", None) == "—"
    assert kpi_value("shortfall_2030_km2", 1.234) == "1.23"
    assert kpi_value("status", "optimal") == "optimal"


def test_a_layout_gap_on_uploaded_parcels_is_said_to_be_partly_the_bounds():
    figures = {"parks": 2, "parks_without_layout": 0, "parks_proven_optimal": 0, "worst_gap": 0.3}
    on_a_grid = layout_words(figures | {"irregular_parcels": False})
    uploaded = layout_words(figures | {"irregular_parcels": True})
    assert on_a_grid is not None and "30.0 %" in on_a_grid and "disc" not in on_a_grid
    assert uploaded is not None and uploaded.startswith(on_a_grid)
    assert "disc holding the same land" in uploaded and "bound's slack" in uploaded
    assert "disc" not in layout_words(figures | {"worst_gap": 0.0, "irregular_parcels": True})
