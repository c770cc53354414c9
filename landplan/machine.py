"""landplan's contract with the programs that call it (the QGIS plugin, scripts): what a
command given ``--json`` writes, so that a caller and landplan can be upgraded apart.

- **stdout**: one JSON document, written as the command ends (:func:`document`), whether it
  succeeded or not: ``contract`` (:data:`CONTRACT`), ``landplan`` (its version), ``command``,
  ``exit_code`` (as without ``--json``: 0 done, 2 invalid input, 3 infeasible, 4 no plan from
  the solver, 130 interrupted), ``error`` (the one-line message, or null), then the command's
  own fields (the README's "Calling landplan from other programs" lists them).
- **stderr**: the progress, one JSON object a line (:func:`progress_line`): ``event``
  ("progress" or "step"), ``task``, ``stage``, ``words`` (the line a terminal would show),
  ``elapsed_s``, ``best``, ``bound``, ``gap``, ``done``, ``total`` (null where none). A caller
  should pass over any other line (a library's warning), showing it as it is.
- **Stopping**: SIGINT stops a command as Ctrl-C does: nothing more is written, earlier results
  are intact, and the document says so with exit code 130.

:data:`CONTRACT` changes when a field is removed or changes meaning; fields may be added
within a version, so a caller ignores fields it does not know.
"""

from __future__ import annotations

import json
import math
import sys
from importlib import metadata
from typing import Any

from landplan.progress import Report

#: The contract's version (see the module's docstring).
CONTRACT = 1


def version() -> str:
    """landplan's version, as installed."""
    return metadata.version("landplan")


def document(command: str, exit_code: int, error: str | None = None, **fields: Any) -> str:
    """The document a command writes on stdout as it ends."""
    head = {
        "contract": CONTRACT,
        "landplan": version(),
        "command": command,
        "exit_code": int(exit_code),
        "error": error,
    }
    return json.dumps({**head, **fields}, indent=2, ensure_ascii=False, default=str)


def print_document(command: str, exit_code: int, error: str | None = None, **fields: Any) -> None:
    print(document(command, exit_code, error, **fields), flush=True)


def progress_line(report: Report) -> str:
    """A report of the work as one line of JSON (event "progress")."""
    return _line(
        "progress",
        task=report.task,
        stage=report.stage,
        words=report.words(),
        elapsed_s=round(report.elapsed_s, 3),
        best=report.best,
        bound=report.bound,
        gap=report.gap,
        done=report.done,
        total=report.total,
    )


def step_line(words: str, done: int, total: int) -> str:
    """A step of counted work (a park laid out, with its gap) as one line of JSON."""
    return _line("step", words=words, done=done, total=total)


def tell(line: str) -> None:
    """A line of progress on stderr, at once."""
    print(line, file=sys.stderr, flush=True)


def _line(event: str, **fields: Any) -> str:
    finite = {k: None if isinstance(v, float) and not math.isfinite(v) else v
              for k, v in fields.items()}  # fmt: skip
    return json.dumps({"event": event, **finite}, ensure_ascii=False)
