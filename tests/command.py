"""Run the ``landplan`` command in a subprocess, as a user would."""

from __future__ import annotations

import contextlib
import io
import os
import subprocess
import sys
from pathlib import Path
from unittest import mock

from landplan.cli import main


def landplan_cmd(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "landplan", *args],
        capture_output=True,
        text=True,
        check=False,
        cwd=cwd,
        env={"COLUMNS": "200", "PATH": "/usr/bin:/bin", **_code_under_test()},
    )


def _code_under_test() -> dict[str, str]:
    """The tests' PYTHONPATH, where they have one: the command runs the code under test (a
    worktree's, ahead of an installed copy's)."""
    return {"PYTHONPATH": os.environ["PYTHONPATH"]} if "PYTHONPATH" in os.environ else {}


def landplan_here(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """The command run in this process, for tests of many inputs: as :func:`landplan_cmd`
    reports it (exit code, what it printed), without a new interpreter's second of imports.
    An exception the command lets escape escapes here too, failing the test."""
    out, err = io.StringIO(), io.StringIO()
    with (
        contextlib.redirect_stdout(out),
        contextlib.redirect_stderr(err),
        contextlib.chdir(cwd or Path.cwd()),
        mock.patch.object(sys, "argv", ["landplan", *args]),
    ):
        try:
            main()
            code = 0
        except SystemExit as stop:
            code = stop.code if isinstance(stop.code, int) else int(stop.code is not None)
    return subprocess.CompletedProcess(args, code, out.getvalue(), err.getvalue())
