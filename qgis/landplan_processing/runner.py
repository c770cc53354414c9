"""Running landplan: its command with ``--json``, its progress (JSON lines on stderr) into
QGIS's feedback, Cancel sent as Ctrl-C (landplan then writes nothing more and leaves earlier
results intact), and its one-line message raised as the algorithm's error: never a traceback.
"""

import json
import os
import queue
import signal
import subprocess
import threading

from qgis.core import QgsProcessingException

from .locate import landplan_environment
from .words import tr

#: How often the run is looked at for Cancel (seconds).
POLL_S = 0.05
#: How long landplan may take to stop after Cancel before it is killed (seconds).
STOP_GRACE_S = 30


def run_landplan(command, arguments, feedback):
    """Run ``command`` (landplan) with ``arguments`` and ``--json``, telling ``feedback`` how it
    goes; its document (a dict) when it ends. Cancelled, or an error without
    results (exit code 2, 130, or no document): QgsProcessingException with landplan's words."""
    full = [*command, *arguments, "--json"]
    feedback.pushCommandInfo(" ".join(full))
    process = subprocess.Popen(
        full,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        text=True,
        encoding="utf-8",
        errors="replace",
        env=landplan_environment(),
        start_new_session=True,  # Cancel reaches landplan and its workers as Ctrl-C would
    )
    out, lines = [], queue.Queue()
    readers = [
        threading.Thread(target=lambda: out.append(process.stdout.read()), daemon=True),
        threading.Thread(target=_read_lines, args=(process.stderr, lines), daemon=True),
    ]
    for reader in readers:
        reader.start()
    cancelled, told = False, Told(feedback)
    while process.poll() is None or any(r.is_alive() for r in readers) or not lines.empty():
        if feedback.isCanceled() and not cancelled:
            cancelled = True
            _stop(process)
        try:
            told.line(lines.get(timeout=POLL_S))
        except queue.Empty:
            pass
    if cancelled:
        # QgsProcessingException itself: QGIS shows a subclass of it with its traceback
        raise QgsProcessingException(tr("Cancelled: landplan stopped and wrote nothing."))
    try:
        document = json.loads("".join(out))
    except ValueError:
        raise QgsProcessingException(
            tr("landplan ended (exit code {code}) without its summary: see the log above.").format(
                code=process.returncode
            )
        ) from None
    if document.get("error") and document.get("exit_code") in (2, 130):
        raise QgsProcessingException(document["error"])
    return document


def _stop(process):
    """Ctrl-C to landplan's process group; killed if it has not ended within STOP_GRACE_S."""
    try:
        os.killpg(process.pid, signal.SIGINT)
        process.wait(STOP_GRACE_S)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
    except ProcessLookupError:
        pass


def _read_lines(stream, lines):
    for line in stream:
        lines.put(line.rstrip("\n"))


class Told:
    """landplan's progress lines into ``feedback`` (in the algorithm's own thread): each line's
    words as the progress text, each new stage and each step (a park laid out) in the log,
    counts as the bar; any other line (a library's warning) in the log as it is."""

    def __init__(self, feedback):
        self.feedback, self.stage = feedback, None

    def line(self, line):
        if not line:
            return
        try:
            event = json.loads(line)
        except ValueError:
            event = None
        if not isinstance(event, dict) or "event" not in event:
            self.feedback.pushConsoleInfo(line)
            return
        words = event.get("words") or ""
        self.feedback.setProgressText(words)
        if event.get("total"):
            self.feedback.setProgress(100.0 * (event.get("done") or 0) / event["total"])
        if event["event"] == "step" or (event.get("task"), event.get("stage")) != self.stage:
            self.stage = (event.get("task"), event.get("stage"))
            self.feedback.pushInfo(words)
