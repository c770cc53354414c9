"""The notebook 02_scenarios.ipynb runs top to bottom as shipped (see test_notebooks.py)."""

from __future__ import annotations

from test_notebooks import runs_top_to_bottom


def test_scenarios_notebook_runs_top_to_bottom(tmp_path):
    runs_top_to_bottom("02_scenarios", tmp_path)
