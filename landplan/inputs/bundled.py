"""Where the bundled data lives.

In a source checkout (and an editable install) it is ``data/`` at the top of the repository; a
wheel carries the same files as ``landplan/_data``.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parents[1]
DATA_DIR = (
    _PACKAGE_DIR / "_data" if (_PACKAGE_DIR / "_data").is_dir() else _PACKAGE_DIR.parent / "data"
)


def data_path(name: str) -> Path:
    """Path of a bundled data file, e.g. ``data_path("parks.geojson")``."""
    return DATA_DIR / name
