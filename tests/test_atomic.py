"""Output folders: written all at once, one writer at a time, and repaired after a kill."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

import pytest

from landplan.atomic import FolderBusyError, hold, write_folder_atomically


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


#: A writer holding ``sys.argv[1]``'s lock until it is stopped.
HOLDER = """
import sys, time
from landplan.atomic import hold
with hold(sys.argv[1]):
    print("held", flush=True)
    time.sleep(60)
"""


@pytest.mark.parametrize("stop", [signal.SIGKILL, signal.SIGTERM])
def test_a_second_writer_is_refused_while_the_first_lives_and_not_after(tmp_path, stop):
    folder = tmp_path / "run"
    first = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(folder)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert first.stdout.readline().strip() == "held"
        with pytest.raises(FolderBusyError, match=f"pid {first.pid}"):
            write_folder_atomically(folder, fill("two"))
    finally:
        first.send_signal(stop)
        first.wait()
        first.stdout.close()
    write_folder_atomically(folder, fill("three"))  # its lock ended with it: nothing stale
    assert (folder / "result.txt").read_text() == "three"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["run"]  # its lock file reused, removed


def test_a_lock_file_alone_locks_nothing(tmp_path):
    """A lock file left by a process killed, or by an older landplan, even naming a process
    that lives (this one), blocks no one."""
    (tmp_path / ".run.lock").write_text(str(os.getpid()))
    write_folder_atomically(tmp_path / "run", fill("one"))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["run"]


def test_the_holder_may_write_its_folder_again(tmp_path):
    folder = tmp_path / "run"
    with hold(folder):
        write_folder_atomically(folder, fill("one"))
        write_folder_atomically(folder, fill("two"))
        assert (tmp_path / ".run.lock").read_text() == str(os.getpid())
    assert sorted(p.name for p in tmp_path.iterdir()) == ["run"]


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
