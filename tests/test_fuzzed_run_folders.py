"""Fuzzed run folders (hypothesis, derandomized) read by the CLI: a baseline run folder with one
of its files broken (tests/hostile.py's RUN_CHANGES, or bytes cut, lines doubled or dropped,
hostile text put in) read by ``read_run``, ``landplan map``, ``compare`` and ``layout``, in this
process. Whatever comes: an exit code of the command's (never 1, a traceback), no raw control
or bidi characters printed, and after a refusal the folder byte for byte as it was.

Faults found and not yet fixed are listed in KNOWN_FAULTS (each with the part of issue 34 that
owns it): an example that meets one is counted, not failed; empty the list as the fixes land.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import traceback
from dataclasses import dataclass
from pathlib import Path

import pytest
from command import landplan_here
from hostile import CORRUPT, NOT_IMPORTED, RUN_CHANGES, TEXTS
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from landplan.errors import LandplanError
from landplan.outputs.readback import read_run

#: The files of a run folder its readers read, to break.
READ = ["allocation.csv", "kpis.json", "scenario.resolved.yaml", "parks.csv", "clusters.csv"]
#: What each command may end with (layout: 3 and 4 are plans its parcels cannot hold).
CODES = {"map": {0, 2}, "compare": {0, 2}, "layout": {0, 2, 3, 4}}
#: Characters a terminal acts on: what a message must never print raw from a file.
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f\u202a-\u202e\u2066-\u2069]")


@dataclass(frozen=True)
class KnownFault:
    """A fault the harness finds that another part of issue 34 fixes: ``reader`` on a folder
    broken so that what went wrong contains ``says``."""

    reader: str  # any reader: ""
    says: str
    owner: str


#: The faults found and not yet fixed (issue 34): an example meeting one is counted, not failed.
KNOWN_FAULTS: list[KnownFault] = []  # none now: every fault it found is fixed

FOUND: dict[str, list[str]] = {}  # a known fault's reader and words: what met it


@pytest.fixture(scope="module", autouse=True)
def _tell_the_known_faults_met():
    yield
    print(f"\nknown faults met: { {k: len(v) for k, v in FOUND.items()} }")


@st.composite
def broken(draw) -> tuple[str, object]:
    """One way to break a run folder: a named change, or a file's bytes cut, a line doubled or
    dropped, a hostile text put in."""
    if draw(st.booleans()):
        return "change", draw(st.sampled_from(sorted(RUN_CHANGES)))
    name = draw(st.sampled_from(READ))
    how = draw(st.sampled_from(["cut", "double", "drop", "insert"]))
    return how, (name, draw(st.integers(0, 10_000)), draw(st.sampled_from(TEXTS)))


def _break(folder: Path, how: str, what) -> None:
    if how == "change":
        files = {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}
        for name, data in RUN_CHANGES[what](files).items():
            (folder / name).write_bytes(data)
        return
    name, at, text = what
    path = folder / name
    data = path.read_bytes()
    lines = data.splitlines(keepends=True)
    line = at % max(len(lines), 1)
    if how == "cut":
        data = data[: at % max(len(data), 1)]
    elif how == "double":
        data = b"".join(lines[: line + 1] + lines[line:])
    elif how == "drop":
        data = b"".join(lines[:line] + lines[line + 1 :])
    else:
        point = at % max(len(data), 1)
        data = data[:point] + text.encode("utf-8", "surrogatepass") + data[point:]
    path.write_bytes(data)


def _fingerprint(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def _known(reader: str, said: str) -> bool:
    for fault in KNOWN_FAULTS:
        if fault.reader in ("", reader) and fault.says in said:
            FOUND.setdefault(f"{reader}: {fault.says}", []).append(said)
            return True
    return False


def _command(reader: str, folder: Path, other: Path, out: Path) -> tuple[int | None, str]:
    """The reader run on the folder: its exit code and what it printed (None and the traceback
    when an exception escaped)."""
    try:
        if reader == "read_run":
            try:
                read_run(folder)
                return 0, ""
            except LandplanError as exc:
                return 2, str(exc)
        args = {
            "map": ["map", str(folder)],
            "compare": ["compare", str(other), str(folder), "--out", str(out)],
            "layout": ["layout", str(folder), "--cell-ha", "100", "--workers", "1", "-q"],
        }[reader]
        done = landplan_here(*args)
        return done.returncode, done.stdout + done.stderr
    except Exception:  # noqa: BLE001 - what escaped is what we look for
        return None, traceback.format_exc()


def _probe(reader: str, baseline_run: Path, tmp_path: Path, how: str, what) -> None:
    folder = tmp_path / "run"
    shutil.rmtree(folder, ignore_errors=True)
    shutil.rmtree(tmp_path / "out", ignore_errors=True)
    shutil.copytree(baseline_run, folder)
    _break(folder, how, what)
    before = _fingerprint(folder)
    code, said = _command(reader, folder, baseline_run, tmp_path / "out")
    problems = []
    if code not in CODES.get(reader, {0, 2}):
        problems.append(f"exit {code}")
    if code == 0 and how == "change" and what in CORRUPT:
        problems.append("a corrupt run taken as sound")
    if "Traceback (most recent call last)" in said:
        problems.append("a traceback")
    if reader != "read_run" and UNSAFE.search(said):  # a function's message is not printed
        problems.append(f"printed raw {UNSAFE.search(said).group()!r}")
    if code != 0 and _fingerprint(folder) != before:
        problems.append("refused but changed the run folder")
    if problems:
        told = f"{how} {what!r} >> {'; '.join(problems)}: {said[-600:]}"
        assert _known(reader, told), f"{reader} on a folder broken by {told}"


#: Examples per reader: many of the quick reader, a few of the commands that draw maps.
EXAMPLES = {"read_run": 100, "layout": 20, "map": 8, "compare": 3}


@pytest.mark.parametrize("reader", sorted(EXAMPLES))
def test_a_broken_run_folder_is_refused_in_words_and_left_as_it_was(reader, baseline_run, tmp_path):
    @settings(max_examples=EXAMPLES[reader], deadline=None, derandomize=True,
              suppress_health_check=list(HealthCheck))  # fmt: skip
    @given(breaking=broken())
    def probe(breaking):
        _probe(reader, baseline_run, tmp_path, *breaking)

    probe()


#: The named changes each reader is tried with, every one: all by the quick readers, by map
#: those that break the run or its scenario.
NAMED = {
    "read_run": sorted(RUN_CHANGES),
    "layout": sorted(RUN_CHANGES),
    "map": sorted(CORRUPT | NOT_IMPORTED),
}


@pytest.mark.parametrize("reader", sorted(NAMED))
def test_each_named_change_is_read_in_words(reader, baseline_run, tmp_path):
    """The changes of tests/hostile.py's RUN_CHANGES a random draw may miss."""
    for change in NAMED[reader]:
        _probe(reader, baseline_run, tmp_path, "change", change)
