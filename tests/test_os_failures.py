"""What the system refuses (no space, no permission, read-only, a folder in a file's place…) is
one line naming the path and what to do, exit code 2, and nothing that was there is changed;
what a user typed is shown visibly on the terminal, never acted on."""

from __future__ import annotations

import builtins
import errno
import hashlib
import io
import os
import shutil
from pathlib import Path

import pytest
from command import landplan_here

from landplan import atomic, console


def snapshot(folder: Path) -> dict[str, str]:
    """Every entry under ``folder`` (hidden ones too) with its mode and content's hash."""
    seen = {}
    for path in sorted(folder.rglob("*")):
        key = f"{path.relative_to(folder)} {oct(path.stat().st_mode)}"
        seen[key] = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else ""
    return seen


def refused(result, *words: str) -> None:
    assert result.returncode == 2, (result.returncode, result.stderr)
    assert "Traceback" not in result.stderr and "Errno" not in result.stderr, result.stderr
    said = " ".join(result.stderr.split())  # rich may wrap a long line
    assert said.count("error:") == 1, result.stderr
    for word in words:
        assert word in said, (word, result.stderr)


@pytest.fixture
def run_copy(tmp_path, baseline_run):
    folder = tmp_path / "runs" / "baseline"
    shutil.copytree(baseline_run, folder)
    return folder


def disk_full(monkeypatch):
    """Every write landplan finishes (the rename of a written temporary) finds the disk full."""

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(args[0]))

    monkeypatch.setattr(atomic.os, "replace", full)


def test_a_full_disk_during_map_is_a_sentence_and_the_run_is_kept(run_copy, monkeypatch):
    before = snapshot(run_copy.parent)
    disk_full(monkeypatch)
    result = landplan_here("map", str(run_copy))
    refused(result, "map.html", "no space left")
    assert ".tmp" not in result.stderr  # the planner's path, not a temporary's
    assert snapshot(run_copy.parent) == before


def test_a_full_disk_during_compare_is_a_sentence_and_leaves_nothing(run_copy, monkeypatch):
    out = run_copy.parent.parent / "out"
    out.mkdir()
    disk_full(monkeypatch)
    result = landplan_here("compare", str(run_copy), str(run_copy), "--out", str(out))
    refused(result, "compare-baseline-vs-baseline", "no space left")
    assert list(out.iterdir()) == []


def test_a_read_only_run_folder_is_refused_and_stays_read_only(run_copy):
    before = snapshot(run_copy.parent)
    os.chmod(run_copy, 0o555)
    try:
        for command in (["layout", "--workers", "1"], ["map"]):
            result = landplan_here(*command, str(run_copy))
            refused(result, str(run_copy.name), "read-only")
            assert oct(run_copy.stat().st_mode & 0o777) == "0o555"
    finally:
        os.chmod(run_copy, 0o755)
    assert snapshot(run_copy.parent) == before


def test_a_read_only_results_file_is_not_replaced(run_copy):
    os.chmod(run_copy / "map.html", 0o444)
    before = snapshot(run_copy)
    refused(landplan_here("map", str(run_copy)), "map.html", "read-only")
    assert snapshot(run_copy) == before


def test_a_folder_where_a_map_goes_is_said(run_copy):
    (run_copy / "map.html").unlink()
    (run_copy / "map.html").mkdir()
    before = snapshot(run_copy)
    refused(landplan_here("map", str(run_copy)), "map.html", "a folder is in the way")
    assert snapshot(run_copy) == before


def test_an_unreadable_run_file_is_a_sentence(run_copy, monkeypatch):
    """Denied by the system (simulated: the tests may run as an administrator, whom a file's
    mode does not stop)."""
    real = builtins.open

    def denied(file, *args, **kwargs):
        if str(file).endswith(("allocation.csv", "kpis.json")):
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(file))
        return real(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", denied)
    monkeypatch.setattr(io, "open", denied)
    for command in ("map", "layout"):
        result = landplan_here(command, str(run_copy))
        refused(result, "no permission")
        assert "allocation.csv" in result.stderr or "kpis.json" in result.stderr


@pytest.mark.parametrize(
    ("where", "words"),
    [
        (lambda tmp: "/proc/landplan-pack", "/proc"),
        (lambda tmp: tmp / ("p" * 300), "name is too long"),
        (lambda tmp: tmp / "file" / "pack", "a file is in the way"),
        (lambda tmp: tmp / "readonly" / "pack", "read-only"),
    ],
)
def test_new_pack_where_it_cannot_be_written_is_said(tmp_path, where, words):
    (tmp_path / "file").write_text("in the way")
    (tmp_path / "readonly").mkdir(mode=0o555)
    before = snapshot(tmp_path)
    refused(landplan_here("new-pack", str(where(tmp_path))), words)
    assert snapshot(tmp_path) == before


def test_run_into_an_out_folder_that_cannot_be_written_is_said_before_any_solve(tmp_path):
    (tmp_path / "results").mkdir(mode=0o555)
    (tmp_path / "loop").symlink_to(tmp_path / "loop")
    for out, words in ((tmp_path / "results", "read-only"), (tmp_path / "loop", "symbolic links")):
        refused(landplan_here("run", "baseline", "--out", str(out), "-q"), words)
    assert list((tmp_path / "results").iterdir()) == []


@pytest.mark.parametrize(
    ("typed", "seen"),
    [
        ("evil\u202egpj.yaml", "evil\\u202egpj.yaml"),
        ("a\x1b[2Jb", "a\\x1b[2Jb"),
        ("x\u2066y\u2069", "x\\u2066y\\u2069"),
        ("line\nbreak", "line\\x0abreak"),
        ("bell\x07\x9b", "bell\\x07\\x9b"),
        ("mark\u200f", "mark\\u200f"),
    ],
)
def test_what_a_user_typed_is_shown_visibly(typed, seen):
    assert console.visible(typed) == seen
    result = landplan_here("validate", typed)
    refused(result)
    assert seen in result.stderr and typed not in result.stderr
