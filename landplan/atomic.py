"""Write files so that a failure half-way leaves the previous file intact."""

from __future__ import annotations

import contextlib
import ctypes
import errno
import fcntl
import fnmatch
import os
import re
import shutil
import stat
import sys
import tempfile
from collections.abc import Callable, Collection, Iterator
from pathlib import Path

from landplan.errors import LandplanError, OSFailure, os_failure


def write_text_atomically(path: str | Path, text: str) -> None:
    """Write ``text`` (UTF-8) to a temporary file beside ``path``, then rename it over ``path``."""
    write_bytes_atomically(path, text.encode("utf-8"))


def write_bytes_atomically(path: str | Path, data: bytes) -> None:
    """Write ``data`` to a temporary file beside ``path``, then rename it over ``path``. What
    the system refuses (no space, no permission, a folder in the way) is an :class:`OSFailure`
    naming ``path``, and ``path`` is as it was."""
    path = Path(path)
    check_writable(path, folder=False)
    ensure_folder(path.parent)
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise os_failure(exc, path) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, 0o644)  # mkstemp creates 0600; make it an ordinary data file
        os.replace(tmp, path)
    except BaseException as exc:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise os_failure(exc, path) from None
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
    otherwise (a kill between them is repaired by the next writer, as above). A folder that
    cannot be written (read-only, no permission) is refused before any of this, never
    replaced; what the system refuses on the way is an :class:`OSFailure` naming the file.
    """
    folder = Path(folder)
    with hold(folder):
        try:
            _repair(folder)
            tmp = Path(
                tempfile.mkdtemp(dir=folder.parent, prefix=f".{folder.name}.", suffix=".tmp")
            )
        except OSError as exc:
            raise os_failure(exc, folder) from None
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
        except BaseException as exc:
            shutil.rmtree(tmp, ignore_errors=True)
            if isinstance(exc, OSFailure):
                raise os_failure(exc.error, _outside(exc.error, exc.source, tmp, folder)) from None
            if isinstance(exc, OSError):
                raise os_failure(
                    exc, _outside(exc, exc.filename2 or exc.filename, tmp, folder)
                ) from None
            raise


def _outside(exc: OSError, named: object, tmp: Path, folder: Path) -> Path:
    """The path a planner knows for what ``exc`` is about: a file being written in the
    temporary folder (``named`` by the system, a copy naming its destination) by its place in
    ``folder``; a full disk or a read-only one is about ``folder``."""
    if exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EROFS) or not isinstance(named, str | Path):
        return folder
    path = Path(named)
    if not path.is_relative_to(tmp):
        return Path(exc.filename) if isinstance(exc.filename, str) else path
    inside = path.relative_to(tmp)
    return folder / inside.parent / re.sub(r"^\.(.+)\.[a-z0-9_]{8}\.tmp$", r"\1", inside.name)


def ensure_folder(folder: str | Path) -> Path:
    """``folder``, made if need be; an :class:`OSFailure` in words where it cannot be (a file
    is in the way, no permission)."""
    folder = Path(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except FileExistsError:  # a file, or a link to nothing, is in its place
        raise _refused(errno.ENOTDIR, folder) from None
    except OSError as exc:
        raise os_failure(exc, folder) from None
    return folder


def check_output_folder(folder: str | Path) -> None:
    """Refuse, before any work, a results folder that cannot be written: a file in its way or
    no permission on the nearest folder that exists (nothing is created here)."""
    check_writable(Path(folder), folder=True)


def check_writable(path: Path, *, folder: bool) -> None:
    """Refuse, before any work, to write ``path`` (a folder, or a file) where it cannot be
    written: a file or folder of the other kind in its place, ``path`` or the nearest folder
    above it that exists read-only or out of reach (checked, never created here)."""
    try:
        if os.path.lexists(path):
            is_dir = stat.S_ISDIR(path.stat().st_mode)  # a link loop or to nothing: the system says
            if is_dir != folder:
                raise _refused(errno.EISDIR if is_dir else errno.ENOTDIR, path)
            if _read_only(path):
                raise _read_only_failure(path)
        for place in path.parents:
            if os.path.lexists(place):
                if not place.is_dir():
                    raise _refused(errno.ENOTDIR, place)
                if _read_only(place) or not os.access(place, os.X_OK):
                    raise _read_only_failure(place)
                return
    except OSError as exc:  # a name too long, a link loop, a folder that cannot be read
        raise os_failure(exc, path) from None


def _read_only(path: Path) -> bool:
    """``path`` cannot be written, or is marked read-only (no write permission bit, which
    an administrator, allowed to write anyway, respects here all the same)."""
    return not os.access(path, os.W_OK) or not path.stat().st_mode & 0o222


def _read_only_failure(path: Path) -> OSFailure:
    if os.statvfs(path).f_flag & os.ST_RDONLY:
        return _refused(errno.EROFS, path)
    words = (
        "read-only, or no permission to write it: landplan leaves it as it is; "
        "make it writable (chmod u+w) or write elsewhere"
    )
    return OSFailure(path, words, PermissionError(errno.EACCES, words))


def _refused(code: int, path: Path) -> OSFailure:
    return os_failure(OSError(code, os.strerror(code)), path)


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
    """Hold ``folder``'s lock for the whole of a job that will write it: another process asking
    for it meanwhile is refused at once with a message naming this one. Held again by the same
    process, it is the same lock. A folder that cannot be written is refused first, before any
    work (see :func:`check_writable`).

    The lock is the system's (``flock`` on ``.<name>.lock`` beside the folder, which holds the
    holder's process id for the message): it ends with its process however that ends (killed
    too), so it can never go stale, and the next writer reuses the file; the holder removes it
    when done. Not the ``filelock`` library: it opens the lock file with ``O_TRUNC`` on every
    attempt, so a refused writer would wipe the holder's id that its refusal names."""
    folder = Path(folder).absolute()
    if folder in _HELD:
        yield
        return
    check_writable(folder, folder=True)
    lock = ensure_folder(folder.parent) / f".{folder.name}.lock"
    try:
        fd = _lock(folder, lock)
    except OSError as exc:
        raise os_failure(exc, folder) from None
    try:
        _HELD.add(folder)
        yield
    finally:
        _HELD.discard(folder)
        lock.unlink(missing_ok=True)  # still locked: a waiting process sees it gone and retries
        os.close(fd)


def _lock(folder: Path, lock: Path) -> int:
    """An open descriptor of ``lock``, locked by this process, with this process's id in it."""
    while True:
        fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            owner = os.pread(fd, 32, 0).decode(errors="replace").strip() or "unknown"
            os.close(fd)
            raise FolderBusyError(
                f"{folder} is being written by another landplan process (pid {owner}); "
                "wait for it to finish, or write to another --out folder"
            ) from None
        try:
            current = os.stat(lock).st_ino
        except FileNotFoundError:
            current = None
        if current != os.fstat(fd).st_ino:  # its holder removed it as we opened it: again
            os.close(fd)
            continue
        try:
            os.ftruncate(fd, 0)
            os.pwrite(fd, str(os.getpid()).encode(), 0)
        except OSError:  # a full disk: no lock file left behind
            lock.unlink(missing_ok=True)
            os.close(fd)
            raise
        return fd


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
