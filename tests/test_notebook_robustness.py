"""The notebook 03_robustness.ipynb runs top to bottom as shipped (see test_notebooks.py)."""

from __future__ import annotations

from test_notebooks import runs_top_to_bottom


def test_robustness_notebook_runs_top_to_bottom(tmp_path):
    runs_top_to_bottom("03_robustness", tmp_path)
