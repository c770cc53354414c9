"""Output folders: written all at once, one writer at a time, and repaired after a kill."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from landplan.atomic import FolderBusyError, write_folder_atomically


def fill(text):
    def write(tmp):
        (tmp / "result.txt").write_text(text)

    return write


def test_a_new_result_replaces_the_old_one_whole(tmp_path):
    folder = tmp_path / "run"
    write_folder_atomically(folder, fill("one"))
    write_folder_atomically(folder, fill("two"))
    assert (folder / "result.txt").read_text() == "two"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["run"]  # no lock, no temporaries


def test_a_failed_write_keeps_the_old_result(tmp_path):
    folder = tmp_path / "run"
    write_folder_atomically(folder, fill("one"))

    def broken(tmp):
        (tmp / "result.txt").write_text("half")
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        write_folder_atomically(folder, broken)
    assert (folder / "result.txt").read_text() == "one"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["run"]


def test_a_second_writer_is_refused_while_the_first_lives(tmp_path):
    folder = tmp_path / "run"
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        (tmp_path / ".run.lock").write_text(str(sleeper.pid))
        with pytest.raises(FolderBusyError, match=f"pid {sleeper.pid}"):
            write_folder_atomically(folder, fill("two"))
    finally:
        sleeper.kill()
        sleeper.wait()
    write_folder_atomically(folder, fill("three"))  # its writer is gone: the lock is stale
    assert (folder / "result.txt").read_text() == "three"


def test_what_a_killed_writer_left_is_repaired(tmp_path):
    # Killed between the two renames of a swap: the old result set aside, no folder, and a
    # half-written temporary.
    folder = tmp_path / "run"
    old = tmp_path / ".run.abcd1234.old"
    old.mkdir()
    (old / "result.txt").write_text("one")
    (tmp_path / ".run.efgh5678.tmp").mkdir()
    (tmp_path / ".run.other.lock").write_text("not ours")  # another folder's name: left alone
    os.makedirs(tmp_path / ".run2.ijkl9012.tmp")  # another folder's temporary: left alone

    def check_and_write(tmp):
        assert (folder / "result.txt").read_text() == "one"  # put back before writing
        fill("two")(tmp)

    write_folder_atomically(folder, check_and_write)
    assert (folder / "result.txt").read_text() == "two"
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        ".run.other.lock",
        ".run2.ijkl9012.tmp",
        "run",
    ]
