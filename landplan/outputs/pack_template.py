"""``landplan new-pack``: a plan pack to fill in, that works as it is.

The template is the bundled pack's ``template/`` folder (built by
``scripts/build_template_pack.py``): a small synthetic town whose every figure is marked as an
example, for a planner to replace with the plan's own and check with ``landplan validate
--pack``.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from landplan.atomic import write_folder_atomically
from landplan.errors import InputError
from landplan.inputs.bundled import data_path

#: The template pack's folder among the bundled data.
TEMPLATE = "template"


def write_pack_template(folder: str | Path) -> Path:
    """Write the template pack into ``folder`` (which must not exist, or be empty), all at
    once."""
    folder = Path(folder)
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise InputError(folder, "is in the way: new-pack writes a new folder (or an empty one)")
    write_folder_atomically(folder, _copy_template)
    return folder


def _copy_template(tmp: Path) -> None:
    shutil.copytree(data_path(TEMPLATE), tmp, dirs_exist_ok=True)
