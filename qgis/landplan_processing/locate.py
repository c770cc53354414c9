"""Finding landplan: the command that runs it in its own environment, checked to speak the
contract this plugin speaks (``landplan version --json``).

Where it is looked for, in order (the first that answers is used):

1. the provider's setting "landplan command" (Processing › Options › Providers › landplan):
   the ``landplan`` program, a Python with landplan installed, or a checkout or environment
   folder holding one;
2. the environment variable ``LANDPLAN_COMMAND`` (the same kinds);
3. ``landplan.json`` beside this file, written by ``landplan qgis-plugin`` when it built the
   zip: the landplan that built it;
4. the checkout this plugin's folder sits in (its ``.venv``), when the plugin is linked into
   QGIS's profile from a checkout;
5. ``landplan`` on the PATH.
"""

import json
import os
import shutil
import subprocess
from pathlib import Path

from qgis.core import QgsProcessingException, QgsSettings

from .words import tr

#: The contract with landplan's command line this plugin speaks (landplan.machine.CONTRACT).
CONTRACT = 1
#: The provider's setting, as Processing stores it.
SETTING = "LANDPLAN_COMMAND"
SETTING_KEY = f"Processing/Configuration/{SETTING}"
ENVIRONMENT = "LANDPLAN_COMMAND"
HERE = Path(__file__).resolve().parent
#: How long ``landplan version --json`` may take (a first start compiles its bytecode).
VERSION_TIMEOUT_S = 120


def command_of(text):
    """The command a setting names: a program, a Python (``-m landplan``), or a folder holding
    one (a checkout's ``.venv``, an environment's ``bin``)."""
    path = Path(text).expanduser()
    if path.is_dir():
        for program in (
            ".venv/bin/landplan",
            "bin/landplan",
            ".venv/Scripts/landplan.exe",
            "Scripts/landplan.exe",
        ):
            if (path / program).is_file():
                return [str(path / program)]
        return None
    if path.name.startswith("python"):
        return [str(path), "-m", "landplan"]
    return [str(path)]


def candidates():
    """Where landplan may be, in order: (where, command) pairs."""
    found = []
    setting = QgsSettings().value(SETTING_KEY, "") or ""
    if setting.strip():
        found.append((tr("the provider's setting"), command_of(setting.strip())))
    if os.environ.get(ENVIRONMENT, "").strip():
        found.append((ENVIRONMENT, command_of(os.environ[ENVIRONMENT].strip())))
    recorded = HERE / "landplan.json"
    if recorded.is_file():
        try:
            found.append(
                (tr("the plugin's landplan.json"), json.loads(recorded.read_text())["command"])
            )
        except (ValueError, KeyError, OSError):
            pass
    for parent in HERE.parents:
        if (parent / "pyproject.toml").is_file() and (parent / ".venv/bin/landplan").is_file():
            found.append((tr("the checkout"), [str(parent / ".venv/bin/landplan")]))
            break
    on_path = shutil.which("landplan")
    if on_path:
        found.append(("PATH", [on_path]))
    return [(where, command) for where, command in found if command]


def version_of(command):
    """landplan's answer to ``version --json`` (a dict), or why there is none (a str)."""
    try:
        done = subprocess.run(
            [*command, "version", "--json"],
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=VERSION_TIMEOUT_S,
            env=landplan_environment(),
        )
    except (OSError, subprocess.SubprocessError) as exc:
        return str(exc)
    try:
        answer = json.loads(done.stdout)
    except ValueError:
        return (done.stderr.strip().splitlines() or [tr("no answer")])[-1]
    return answer if isinstance(answer, dict) else tr("no answer")


#: What was found, by the places looked at: asked once a QGIS session (a quarter of a second of
#: landplan's start saved on every later run), asked again when a setting changes.
_FOUND = {}


def find_landplan():
    """The command that runs landplan, and its version; QgsProcessingException naming every
    place looked at, and what each said, if none answers in this plugin's contract."""
    places = candidates()
    key = repr(places)
    if key in _FOUND and Path(_FOUND[key][0][0]).exists():
        return _FOUND[key]
    said = []
    for where, command in places:
        answer = version_of(command)
        if isinstance(answer, dict) and answer.get("contract") == CONTRACT:
            _FOUND[key] = command, answer.get("landplan", "?")
            return _FOUND[key]
        if isinstance(answer, dict):
            why = tr(
                "it speaks contract {theirs}; this plugin speaks {ours}: update the one "
                "that is older"
            ).format(theirs=answer.get("contract"), ours=CONTRACT)
        else:
            why = answer
        said.append(f"{where} ({' '.join(command)}): {why}")
    if not said:
        said.append(
            tr(
                "nowhere: no setting, no {env}, no landplan.json, no checkout, not on the PATH"
            ).format(env=ENVIRONMENT)
        )
    raise QgsProcessingException(
        tr(
            "landplan was not found. Set Processing › Options › Providers › landplan › "
            "landplan command to the landplan program (e.g. …/.venv/bin/landplan). Looked at: "
        )
        + "; ".join(said)
    )


def landplan_environment():
    """The environment landplan runs in: QGIS's own, without what would make Python load
    QGIS's libraries instead of landplan's (its PYTHONPATH, PYTHONHOME)."""
    environment = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    environment["PYTHONIOENCODING"] = "utf-8"
    return environment
