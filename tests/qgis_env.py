"""A real QGIS for the plugin's tests: Debian's ``qgis`` and ``python3-qgis`` (3.22 LTR), run
headless (offscreen, a private runtime folder), with a profile of its own holding the plugin
as QGIS's plugin manager installs it: unpacked from the zip ``landplan qgis-plugin`` builds.

Locally the tests skip when QGIS is missing; in CI (CI=true) a missing QGIS fails them.
"""

from __future__ import annotations

import json
import os
import subprocess
import zipfile
from pathlib import Path

import pytest

#: QGIS's Python: the system's, where ``import qgis`` works (not the project's environment).
QGIS_PYTHON = "/usr/bin/python3"
#: Debian's /usr/bin/qgis_process adds an option 3.22 refuses; its binary is called directly.
QGIS_PROCESS = "/usr/bin/qgis_process.bin"
DRIVER = Path(__file__).with_name("qgis_driver.py")


def need_qgis() -> None:
    found = (
        Path(QGIS_PROCESS).is_file()
        and subprocess.run(
            [QGIS_PYTHON, "-c", "import qgis.core"], capture_output=True, check=False
        ).returncode
        == 0
    )
    if found:
        return
    if os.environ.get("CI") == "true":
        pytest.fail("QGIS is missing in CI: .ci/run must install Debian's qgis and python3-qgis")
    pytest.skip("QGIS is not installed (apt-get install qgis python3-qgis); QGIS tests skipped")


class Qgis:
    """QGIS with a profile in ``folder`` where the plugin ``zip_file`` is installed."""

    def __init__(self, folder: Path, zip_file: Path) -> None:
        self.folder = folder
        self.plugins = folder / "profiles" / "default" / "python" / "plugins"
        self.plugins.mkdir(parents=True)
        with zipfile.ZipFile(zip_file) as archive:
            archive.extractall(self.plugins)
        runtime = folder / "runtime"
        runtime.mkdir(mode=0o700)
        self.environment = {
            **{k: v for k, v in os.environ.items() if k != "PYTHONPATH"},
            "QT_QPA_PLATFORM": "offscreen",
            "XDG_RUNTIME_DIR": str(runtime),
            "QGIS_CUSTOM_CONFIG_PATH": str(folder),
        }
        enabled = self.process("plugins", "enable", "landplan_processing")
        assert enabled.returncode == 0, enabled.stdout + enabled.stderr

    def process(
        self, *arguments: str, environment: dict | None = None
    ) -> subprocess.CompletedProcess:
        """``qgis_process`` with ``arguments``."""
        return subprocess.run(
            [QGIS_PROCESS, *arguments], capture_output=True, text=True, check=False,
            env={**self.environment, **(environment or {})}, timeout=600,
        )  # fmt: skip

    def run(self, case: dict, environment: dict | None = None) -> dict:
        """One algorithm run inside QGIS by the driver (tests/qgis_driver.py), as a dialog
        would; what happened (see the driver)."""
        path = self.folder / "case.json"
        path.write_text(json.dumps({**case, "plugins": str(self.plugins)}), encoding="utf-8")
        done = subprocess.run(
            [QGIS_PYTHON, str(DRIVER), str(path)], capture_output=True, text=True, check=False,
            env={**self.environment, **(environment or {})}, timeout=600,
        )  # fmt: skip
        lines = done.stdout.strip().splitlines()
        assert done.returncode == 0 and lines, done.stdout + done.stderr
        answer = json.loads(lines[-1])
        assert "crash" not in answer, answer["crash"]
        # what QGIS shows a planner is landplan's one line, never a traceback
        assert "Traceback" not in answer.get("error", ""), answer["error"]
        return answer
