"""Write the notebooks in notebooks/ from the cells below (outputs empty).

Editing the cells here and re-running keeps the notebooks' JSON tidy; editing them in Jupyter
works too, as long as outputs are cleared before committing (a test checks).
Run: python scripts/make_notebooks.py
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

ROOT = Path(__file__).resolve().parents[1]

SETTINGS = """import landplan

# Every solve stops once its plan is certified within 0.5 % of the best possible plan (the
# scenario's `solver` section says otherwise: landplan.run_scenario(scenario,
# changes={"solver": {"gap": 0.001}}) asks for 0.1 %, a gap of 0 for a proof)."""

BASELINE = [
    new_markdown_cell(
        "# The baseline plan, step by step\n\n"
        "Where should Shenzhen's 28 strategic emerging and future industries go among the 20 "
        "advanced manufacturing parks? This notebook loads the data, runs the **baseline** "
        "scenario (the policy as written, its named key projects locked in), reads the plan and "
        "explains one decision.\n\n"
        "*The park geometry is schematic: positions and sizes are estimates.*"
    ),
    new_code_cell(SETTINGS),
    new_markdown_cell(
        "## 1. The parks and their land\n\nEach park releases industrial land in "
        "three tiers: starting (by 2025), expansion (2030) and reserve (2035)."
    ),
    new_code_cell(
        "parks = landplan.load_parks()\n"
        "districts = landplan.load_districts()\n"
        "landplan.summarise_parks(parks)"
    ),
    new_code_cell("landplan.show_map(landplan.parks_map(parks, districts))"),
    new_markdown_cell("## 2. Run the baseline scenario"),
    new_code_cell(
        'scenario = landplan.load_scenario("baseline")\n'
        "print(scenario.description)\n"
        "run = landplan.run_scenario(scenario, progress=landplan.progress_line())\n"
        "solution = run.solution\n"
        "print(solution.status, '·', solution.reason)"
    ),
    new_markdown_cell(
        "The status is honest: `optimal` only when proven; otherwise the plan comes with its "
        "**gap**, how much better a plan could at most be, measured against a bound the solver "
        "proved, as a share of the score at stake (`gap_scale`: the most any plan could earn), "
        "and `stopped_by` says what ended the solve (`gap`: certified as asked). The greedy "
        "plan (best suitability first) is a yardstick."
    ),
    new_code_cell("solution.kpis()"),
    new_markdown_cell("## 3. The plan\n\nOne row per industry, park and tier with land (km²):"),
    new_code_cell("solution.allocation_table().head(12)"),
    new_code_cell(
        'solution.park_table()[["park_id", "name_en", "district", "clusters_by_land", '
        '"used_km2", "capacity_km2"]]'
    ),
    new_code_cell("landplan.show_map(landplan.plan_map(run))"),
    new_markdown_cell(
        "## 4. Why this industry in this park?\n\n"
        "Take the industry with the most land in one park, and look at its suitability there, "
        "criterion by criterion, beside the parks it did not get."
    ),
    new_code_cell(
        "land = solution.allocation.groupby(['cluster_id', 'park_id'])['land_km2'].sum()\n"
        "cluster, park = land.idxmax()\n"
        "print(f'{cluster} gets {land.max():.2f} km² in {park}')\n"
        "run.inputs.suitability.breakdown(cluster, park)"
    ),
    new_code_cell(
        "scores = run.inputs.suitability.scores.loc[cluster].sort_values(ascending=False)\n"
        "scores.head(8).to_frame('suitability')"
    ),
    new_markdown_cell(
        "The shadow price of a tier is what one more km² there would add to the objective, "
        "with the presences fixed as in the plan. Binding tiers with high prices are where "
        "more land would help most."
    ),
    new_code_cell(
        "prices = solution.shadow_prices\n"
        "prices[prices['binding']].sort_values('shadow_price', ascending=False).head(8)"
    ),
    new_markdown_cell(
        "## 5. Keep the results\n\nThe same files as `landplan run`: tables, GeoPackage, maps, "
        "report and the resolved scenario."
    ),
    new_code_cell(
        'folder = landplan.write_run(run, "out/notebooks")\nsorted(p.name for p in folder.iterdir())'
    ),
]

SCENARIOS = [
    new_markdown_cell(
        "# Scenarios: variants of the baseline, run and compared\n\n"
        "Derive variants in code, run them, compare them in a table and on maps, and try other "
        "suitability weights with sliders.\n\n*The park geometry is schematic.*"
    ),
    new_code_cell(SETTINGS),
    new_code_cell(
        'base = landplan.load_scenario("baseline")\n'
        "variants = [\n"
        "    base,\n"
        '    base.derive("access-first", "Access weighs most",\n'
        '                suitability={"weights": {"endorsement": 0.2, "chain": 0.1, "access": 0.6, "land_fit": 0.1}}),\n'
        '    base.derive("demand-plus-15", "Demand 15 % higher", demand={"multiplier": 1.15}),\n'
        '    base.derive("chips-in-yanluo", "Semiconductors locked into Yanluo",\n'
        '                locks=[{"cluster": "semiconductors", "park": "Yanluo"}]),\n'
        "]\n"
        "[(v.name, v.description) for v in variants]"
    ),
    new_code_cell(
        "runs = [landplan.run_scenario(v) for v in variants]\n"
        "[(r.scenario.name, str(r.solution.status), round(r.solution.objective, 3)) for r in runs]"
    ),
    new_markdown_cell(
        "## Compare them\n\nHeadline figures side by side (changes are against the "
        "baseline), then the industries that changed parks."
    ),
    new_code_cell(
        'folders = [landplan.write_run(r, "out/notebooks") for r in runs]\n'
        "comparison = landplan.compare_runs([landplan.read_run(f) for f in folders])\n"
        "comparison.kpis"
    ),
    new_code_cell("comparison.moves[comparison.moves['moved']]"),
    new_code_cell(
        "landplan.show_maps([landplan.plan_map(runs[0]), landplan.plan_map(runs[1])],\n"
        "                   titles=[runs[0].scenario.name, runs[1].scenario.name])"
    ),
    new_markdown_cell(
        "## Try other weights\n\n"
        "Move the sliders and press *Re-run*: the plan is solved again and the map redrawn. "
        "Run headless (as the tests do), the cell shows one static run with the default weights."
    ),
    new_code_cell(
        "import ipywidgets as widgets\n"
        "from IPython.display import display\n"
        "\n"
        "defaults = {'endorsement': 0.4, 'chain': 0.2, 'access': 0.2, 'land_fit': 0.2}\n"
        "sliders = {name: widgets.FloatSlider(value=value, min=0, max=1, step=0.05, description=name)\n"
        "           for name, value in defaults.items()}\n"
        "button = widgets.Button(description='Re-run')\n"
        "status = widgets.Label()\n"
        "map_box = widgets.HTML()\n"
        "\n"
        "def rerun(_=None):\n"
        "    weights = {name: slider.value for name, slider in sliders.items()}\n"
        "    status.value = f'solving with weights {weights}…'\n"
        "    variant = base.derive('weights', 'Weights from the sliders', suitability={'weights': weights})\n"
        "    result = landplan.run_scenario(variant)\n"
        "    status.value = f'{weights}: {result.solution.status}, objective {result.solution.objective:.3f}'\n"
        "    map_box.value = landplan.show_map(landplan.plan_map(result))._repr_html_()\n"
        "    return result\n"
        "\n"
        "button.on_click(rerun)\n"
        "display(widgets.VBox([*sliders.values(), button, status, map_box]))\n"
        "static = rerun()  # one run now, so the notebook shows a result even when run headless\n"
        "print(status.value)"
    ),
]


ROBUSTNESS = [
    new_markdown_cell(
        "# How robust is the baseline plan?\n\n"
        "A single optimum hides how fragile it is. This notebook (1) solves many samples of the "
        "baseline with the suitability weights and the demand perturbed, and counts how often "
        "each industry gets land in each park (**selection frequency**); (2) measures how much "
        "the plan loses if one assignment is barred (**replacement importance**); (3) finds "
        "genuinely different plans that are nearly as good (**near-optimal alternatives**).\n\n"
        "*The park geometry is schematic.*"
    ),
    new_code_cell(
        SETTINGS
        + "\n\n# Samples in the sweep: a quick look here; 200 or more for real questions."
        + "\nSAMPLES = 24"
    ),
    new_markdown_cell(
        "## 1. Selection frequency\n\nEach sample multiplies each criterion weight by a factor "
        "in [0.8, 1.2] and each industry's demand by one in [0.85, 1.15]; sample *i* is the same "
        "whichever worker solves it. Two worker processes here; `landplan.Executor('dask')` runs "
        "the same on a Dask cluster."
    ),
    new_code_cell(
        'scenario = landplan.load_scenario("baseline")\n'
        "inputs = landplan.assemble(scenario)\n"
        "spec = landplan.SweepSpec(samples=SAMPLES, vary={'weights': 0.2, 'demand': 0.15}, seed=1)\n"
        "sweep = landplan.sweep_scenario(scenario, spec, executor=landplan.Executor(workers=2),\n"
        '                                out="out/notebooks", progress=landplan.progress_line())\n'
        "summary = sweep.summary\n"
        "summary.samples[['sample', 'stopped_by', 'converged', 'objective', 'gap']].describe(include='all')"
    ),
    new_code_cell(
        "frequency = summary.frequency[summary.frequency['frequency'] > 0]\n"
        "frequency.sort_values(['cluster_id', 'frequency'], ascending=[True, False]).head(15)"
    ),
    new_markdown_cell("Which industries always land in the same parks, and which are coin flips?"),
    new_code_cell("summary.cluster_stability.sort_values('stability')"),
    new_code_cell(
        "landplan.show_map(landplan.suitability_map(\n"
        "    inputs.parks, inputs.districts, summary.frequency.rename(columns={'frequency': 'score'}),\n"
        "    inputs.problem.clusters, 'baseline: selection frequency', measure='frequency'))"
    ),
    new_markdown_cell(
        "## 2. Replacement importance\n\nThe loss of objective if an industry were barred from "
        "a park it gets in the plan; here for the five largest assignments."
    ),
    new_code_cell(
        "options = inputs.scenario.solver\n"
        "plan = landplan.solve(inputs.problem, options, shadow_prices=False, greedy=False)\n"
        "land = plan.allocation.groupby(['cluster_id', 'park_id'])['land_km2'].sum()\n"
        "largest = list(land.nlargest(5).index)\n"
        "landplan.replacement_importance(inputs.problem, plan, options, pairs=largest)"
    ),
    new_markdown_cell(
        "## 3. Near-optimal alternatives\n\nPlans within 1 % of the plan's objective that move "
        "at least 6 industry–park assignments."
    ),
    new_code_cell(
        "alternatives, table = landplan.near_optimal_alternatives(\n"
        "    inputs.problem, plan, k=2, share=0.01, min_difference=6, options=options)\n"
        "table"
    ),
]


TRADEOFFS = [
    new_markdown_cell(
        "# Trade-offs: what one goal costs in another\n\n"
        "The baseline plan weighs its goals into one score. A planner often wants to see them "
        "apart: how much suitability-weighted land does a plan give up to keep land closer to "
        "the policy's district emphasis? This notebook asks that question of the baseline and "
        "reads the answer as a **trade-off front**.\n\n"
        "- Each point of the front is a plan solved for it: the best suitability possible while "
        "the land away from the district emphasis stays below a level. Every point is "
        "**certified** within the solver's gap (0.5 %), so its plan is known to be at most that "
        "far from the best plan under its level.\n"
        "- A point that another point beats on both goals (or repeats) is **dominated** and "
        "removed: what is left are the plans where more of one goal must cost some of the "
        "other.\n"
        "- The **knee** is the point where the front bends most: beyond it, a little more of "
        "one goal costs much of the other.\n"
        "- The **rate of exchange** between neighbouring points says what one more km² of "
        "suitability-weighted land costs in km² of land away from the emphasis, in the goals' "
        "own units.\n\n"
        "*The park geometry is schematic.*"
    ),
    new_code_cell(SETTINGS),
    new_markdown_cell(
        "## 1. Suitability against balance\n\n"
        "Eight points: the two ends (the best plan on each goal) and six levels of balance "
        "evenly between them."
    ),
    new_code_cell(
        'base = landplan.load_scenario("baseline")\n'
        "outcome = landplan.tradeoff_scenario(\n"
        '    base.with_settings({"tradeoff": {"objectives": ["suitability", "balance"], "points": 8}}),\n'
        "    progress=landplan.progress_line())\n"
        "front = outcome.front\n"
        "for o in front.objectives:\n"
        '    print(f\'{o.key}: {o.title()} ({o.unit}, {"more" if o.sense > 0 else "less"} is better)\')\n'
        "print(f'{len(front.points)} points solved in {outcome.wall_s:.1f} s, {front.certified} certified '\n"
        "      f'within {front.options.gap:.1%}; {len(front.kept)} on the front')"
    ),
    new_markdown_cell(
        "## 2. The front\n\n"
        "Each dot is a plan; the line joins the plans on the front, the ringed dot is the knee, "
        "hollow grey dots (if any) were dominated. Hover over a dot for its values. Look for "
        "where the line steepens: there, suitability gets dear."
    ),
    new_code_cell(
        "from importlib.resources import files\n"
        "\n"
        "from IPython.display import HTML\n"
        "\n"
        "from landplan.pages.charts import Dot, front_chart\n"
        "\n"
        "x, y = front.objectives\n"
        "dots = [\n"
        "    Dot(p.values[x.key], p.values[y.key], label=str(p.number),\n"
        "        title=f'point {p.number}: {x.key} {p.values[x.key]:.2f} {x.unit}, '\n"
        "              f'{y.key} {p.values[y.key]:.2f} {y.unit}',\n"
        "        on_front=p.number not in front.dominated_by, marked=p.number == front.knee)\n"
        "    for p in front.points if p.found\n"
        "]\n"
        'css = files("landplan.pages").joinpath("templates/charts.css").read_text()\n'
        "chart = front_chart(dots, f'{x.title()} ({x.unit})', f'{y.title()} ({y.unit})', 'the knee',\n"
        "                    width=760)\n"
        "HTML(f'<style>{css}</style>{chart}')"
    ),
    new_markdown_cell(
        "The points on the front, from the least to the most suitability-weighted land: what "
        "each asked (`bound_balance`, the level it was held to), its values, its gap and "
        "whether it is the knee."
    ),
    new_code_cell(
        "table = front.table()\n"
        "kept = table[table['on_front']].set_index('point').loc[[p.number for p in front.kept]]\n"
        "kept[['role', 'bound_balance', 'suitability', 'balance', 'status', 'gap', 'knee']].round(3)"
    ),
    new_markdown_cell(
        "## 3. Rates of exchange\n\n"
        "From each point to the next: what it gains in suitability-weighted land (km²), what it "
        "costs in land away from the emphasis (km²), and the cost per km² gained. A gain "
        "smaller than the front's resolution (the gap, in km²) is not measurable and has no "
        "rate. Rates that climb along the front mean each further km² costs more."
    ),
    new_code_cell(
        "import pandas as pd\n"
        "\n"
        "print(f'resolution: {front.resolution(x):.3f} {x.unit} of {x.key}')\n"
        "pd.DataFrame(front.rates()).round(3)"
    ),
    new_markdown_cell(
        "## 4. The knee's plan\n\n"
        "The knee is a natural plan to discuss first: its values, and its map (the same map as "
        "a run's)."
    ),
    new_code_cell(
        "if front.knee is None:  # fewer than three points on the front, or one goal flat\n"
        "    print('this front has no knee: its middle point instead')\n"
        "knee = front.point(front.knee) if front.knee is not None else front.kept[len(front.kept) // 2]\n"
        "print(f'point {knee.number}: '\n"
        "      + ', '.join(f'{o.key} {knee.values[o.key]:.2f} {o.unit}' for o in front.objectives))\n"
        "knee_run = landplan.Run(outcome.inputs, knee.solution)\n"
        "landplan.show_map(landplan.plan_map(knee_run))"
    ),
    new_markdown_cell(
        "## 5. Not every pair of goals is a trade-off\n\n"
        "Suitability against the demand met by 2025: if one plan is best on both, the ends "
        "coincide, every other point repeats them, and the front is a single plan. Four points "
        "are enough to see it; the count below says how many remain on the front."
    ),
    new_code_cell(
        "demand = landplan.tradeoff_scenario(\n"
        '    base.with_settings({"tradeoff": {"objectives": ["suitability", "demand_2025"], "points": 4}}))\n'
        "print(f'{len(demand.front.points)} points solved, {len(demand.front.kept)} on the front')\n"
        "if len(demand.front.kept) == 1:\n"
        "    (best,) = demand.front.kept\n"
        "    print('one plan is best on both: '\n"
        "          + ', '.join(f'{o.key} {best.values[o.key]:.2f} {o.unit}' for o in demand.front.objectives))\n"
        "demand.front.table()[['point', 'role', 'suitability', 'demand_2025', 'on_front', 'dominated_by']]"
    ),
    new_markdown_cell(
        "## 6. Goals in order of priority\n\n"
        "A lexicographic order ranks the goals instead of trading them: first the most demand "
        "met by 2025 (given up: nothing, tolerance 0), then the most suitability-weighted land "
        "within 2 % of its best, then the least land away from the emphasis. Each row is one "
        "level; the last is the plan."
    ),
    new_code_cell(
        'order = landplan.tradeoff_scenario(base.with_settings({"tradeoff": {\n'
        '    "method": "hierarchical", "objectives": ["demand_2025", "suitability", "balance"],\n'
        '    "tolerances": [0, 0.02]}}))\n'
        "order.front.table()[['point', 'maximised', 'bound_demand_2025', 'bound_suitability',\n"
        "                     'demand_2025', 'suitability', 'balance', 'status']].round(3)"
    ),
    new_markdown_cell(
        "## 7. Keep the front\n\n"
        "The same folder as `landplan tradeoff`: the front and every point as tables, each "
        "point's plan and map, and a page with the chart whose dots open the maps."
    ),
    new_code_cell(
        'folder = landplan.write_tradeoff(front, outcome.inputs, "out/notebooks", outcome.wall_s)\n'
        "sorted(p.name for p in folder.iterdir())"
    ),
]


def main() -> None:
    notebooks = (("01_baseline", BASELINE), ("02_scenarios", SCENARIOS),
                 ("03_robustness", ROBUSTNESS), ("04_tradeoffs", TRADEOFFS))  # fmt: skip
    for name, cells in notebooks:
        notebook = new_notebook(cells=cells)
        for i, cell in enumerate(notebook.cells):  # stable ids: a rebuild changes nothing else
            cell.id = f"{name}-{i:02d}"
        notebook.metadata["kernelspec"] = {
            "name": "python3",
            "display_name": "Python 3",
            "language": "python",
        }
        nbformat.write(notebook, ROOT / "notebooks" / f"{name}.ipynb")
    # The code cells as `make lint` wants them (ruff formats notebooks too).
    subprocess.run(
        [sys.executable, "-m", "ruff", "format", "-q", str(ROOT / "notebooks")], check=True
    )


if __name__ == "__main__":
    main()
