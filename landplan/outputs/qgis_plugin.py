"""The QGIS plugin's zip: the plugin's folder (``qgis/landplan_processing`` in a checkout,
``landplan/_qgis/landplan_processing`` in a wheel), its message catalogs compiled (``.po`` to
the ``.mo`` Python's gettext reads in QGIS), and ``landplan.json``, naming the command that
runs this landplan, so that the plugin, installed in QGIS's profile, finds it by itself.

The zip is the same bytes for the same plugin and command: entries sorted, dated 1980-01-01.
"""

from __future__ import annotations

import io
import json
import sys
import zipfile
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from landplan.atomic import write_bytes_atomically

PLUGIN = "landplan_processing"
PLUGIN_ZIP = f"{PLUGIN}.zip"
#: Beside the plugin's code in the zip: the command that runs the landplan that built it.
COMMAND_FILE = "landplan.json"

_PACKAGE_DIR = Path(__file__).resolve().parents[1]
PLUGIN_DIR = next(
    (
        p
        for p in (_PACKAGE_DIR / "_qgis" / PLUGIN, _PACKAGE_DIR.parent / "qgis" / PLUGIN)
        if p.is_dir()
    ),
    _PACKAGE_DIR.parent / "qgis" / PLUGIN,
)


def this_command() -> list[str]:
    """The command that runs this landplan: its Python (the environment's own, not resolved
    through links, which would leave the environment) with ``-m landplan``."""
    return [str(Path(sys.executable).absolute()), "-m", "landplan"]


def plugin_zip() -> bytes:
    """The plugin's zip (see the module's docstring)."""
    files = sorted(
        p for p in PLUGIN_DIR.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts and p.name != COMMAND_FILE
        and p.suffix not in (".pot", ".mo")
    )  # fmt: skip
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        entries = [
            (p.relative_to(PLUGIN_DIR).with_suffix(".mo").as_posix(), _compiled(p))
            if p.suffix == ".po"
            else (p.relative_to(PLUGIN_DIR).as_posix(), p.read_bytes())
            for p in files
        ]
        entries.append(
            (COMMAND_FILE, (json.dumps({"command": this_command()}, indent=2) + "\n").encode())
        )
        for name, data in sorted(entries):
            info = zipfile.ZipInfo(f"{PLUGIN}/{name}", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    return buffer.getvalue()


def _compiled(po: Path) -> bytes:
    """A catalog as gettext reads it (``.mo``)."""
    with po.open("rb") as source:
        catalog = read_po(source)
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    return compiled.getvalue()


def write_plugin_zip(path: str | Path) -> Path:
    """Write the plugin's zip to ``path`` (its folder made if need be), all at once."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_bytes_atomically(path, plugin_zip())
    return path
