"""Write files so that a failure half-way leaves the previous file intact."""

from __future__ import annotations

import contextlib
import ctypes
import fnmatch
import os
import re
import shutil
import sys
import tempfile
from collections.abc import Callable, Collection, Iterator
from pathlib import Path

from landplan.errors import InputError, LandplanError


def write_text_atomically(path: str | Path, text: str) -> None:
    """Write ``text`` (UTF-8) to a temporary file beside ``path``, then rename it over ``path``."""
    write_bytes_atomically(path, text.encode("utf-8"))


def write_bytes_atomically(path: str | Path, data: bytes) -> None:
    """Write ``data`` to a temporary file beside ``path``, then rename it over ``path``."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, 0o644)  # mkstemp creates 0600; make it an ordinary data file
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise


def write_folder_atomically(
    folder: str | Path, write: Callable[[Path], None], product: Collection[str] = ()
) -> None:
    """Let ``write`` fill a fresh temporary folder beside ``folder``, then swap it in.

    If ``write`` fails, or the process is interrupted or killed, ``folder`` keeps its previous
    contents. What the folder holds that the product does not write (names matching none of
    the ``product`` names or patterns: a planner's notes, a folder, a link) is carried over as
    it is, a link as a link (never followed). While a process writes ``folder`` it holds ``.<name>.lock`` beside it
    (see :func:`hold`): a second writer is refused with a message naming the first. Under the
    lock, what a killed writer left is cleaned up first: temporaries are deleted, and a
    previous result it had set aside and not yet replaced is put back. The swap itself is one
    atomic exchange of the two folders where the system offers one (Linux), two renames
    otherwise (a kill between them is repaired by the next writer, as above).
    """
    folder = Path(folder)
    ensure_folder(folder.parent)
    with hold(folder):
        _repair(folder)
        tmp = Path(tempfile.mkdtemp(dir=folder.parent, prefix=f".{folder.name}.", suffix=".tmp"))
        try:
            write(tmp)
            if product:
                _carry_over(folder, tmp, product)
            os.chmod(tmp, 0o755)  # mkdtemp creates 0700; make it an ordinary folder
            if not folder.exists():
                os.replace(tmp, folder)
            elif _exchange(tmp, folder):
                shutil.rmtree(tmp, ignore_errors=True)  # tmp now holds the old result
            else:
                old = Path(
                    tempfile.mkdtemp(dir=folder.parent, prefix=f".{folder.name}.", suffix=".old")
                )
                os.replace(folder, old)
                os.replace(tmp, folder)
                shutil.rmtree(old, ignore_errors=True)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise


def ensure_folder(folder: str | Path) -> Path:
    """``folder``, made if need be; an InputError in words where it cannot be (a file is in the
    way, no permission)."""
    folder = Path(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(folder, f"cannot write results there ({exc.strerror})") from None
    return folder


def check_output_folder(folder: str | Path) -> None:
    """Refuse, before any work, a results folder that cannot be written: a file in its way or
    no permission on the nearest folder that exists (nothing is created here)."""
    folder = Path(folder)
    for place in (folder, *folder.parents):
        if place.exists():
            if not place.is_dir():
                raise InputError(place, "a file is in the way of the results folder")
            if not os.access(place, os.W_OK | os.X_OK):
                raise InputError(place, "no permission to write results there")
            return


def _carry_over(folder: Path, tmp: Path, product: Collection[str]) -> None:
    """Copy into ``tmp`` what ``folder`` holds that the product does not write and ``tmp``
    does not already hold; links stay links, pointing where they pointed."""
    if not folder.is_dir():
        return
    for entry in folder.iterdir():
        ours = any(fnmatch.fnmatchcase(entry.name, pattern) for pattern in product)
        if ours or os.path.lexists(tmp / entry.name):
            continue
        if entry.is_dir() and not entry.is_symlink():
            shutil.copytree(entry, tmp / entry.name, symlinks=True)
        else:
            shutil.copy2(entry, tmp / entry.name, follow_symlinks=False)


class FolderBusyError(LandplanError):
    """Another process is writing the same output folder."""


#: The folders this process holds the lock of (a job holds its folder while it works, and its
#: atomic writes inside take the same lock without waiting for themselves).
_HELD: set[Path] = set()


@contextlib.contextmanager
def hold(folder: str | Path) -> Iterator[None]:
    """Hold ``folder``'s lock (``.<name>.lock`` beside it, with this process's id) for the
    whole of a job that will write it: another process asking for it meanwhile is refused at
    once with a message naming this one (a lock whose process is gone is taken over). Held
    again by the same process, it is the same lock."""
    folder = Path(folder).absolute()
    if folder in _HELD:
        yield
        return
    ensure_folder(folder.parent)
    lock = folder.parent / f".{folder.name}.lock"
    for _ in range(2):
        try:
            fd = os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
            break
        except FileExistsError:
            owner = _owner(lock)
            if owner is not None and _alive(owner):
                raise FolderBusyError(
                    f"{folder} is being written by another landplan process (pid {owner}); "
                    "wait for it to finish, or write to another --out folder"
                ) from None
            lock.unlink(missing_ok=True)  # left by a process that is gone
    else:
        raise FolderBusyError(f"{folder}: could not take the lock {lock}")
    try:
        os.write(fd, str(os.getpid()).encode())
        os.close(fd)
        _HELD.add(folder)
        yield
    finally:
        _HELD.discard(folder)
        lock.unlink(missing_ok=True)


def _owner(lock: Path) -> int | None:
    try:
        return int(lock.read_text().strip() or "0") or None
    except (OSError, ValueError):
        return None


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _repair(folder: Path) -> None:
    """Clean up after a writer that was killed: put back a result set aside (``.old``) if the
    folder is missing, and delete every other temporary of this folder."""
    # mkdtemp's names: ".<name>." + 8 random characters + suffix (and no other folder's)
    mine = re.compile(rf"\.{re.escape(folder.name)}\.[a-z0-9_]{{8}}\.(tmp|old)")
    leftovers = sorted(p for p in folder.parent.iterdir() if mine.fullmatch(p.name))
    olds = [p for p in leftovers if p.suffix == ".old" and p.is_dir()]
    if not folder.exists() and olds:
        os.replace(olds[-1], folder)
    for path in leftovers:
        if path.exists():
            if path.is_dir():
                shutil.rmtree(path, ignore_errors=True)
            else:
                path.unlink(missing_ok=True)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one step (Linux renameat2 with RENAME_EXCHANGE); False where the
    system cannot."""
    if sys.platform != "linux":
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    result = renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange)
    return result == 0
