"""A real PostgreSQL server for the tests and benchmarks: Debian's ``postgresql`` package,
started in a temporary directory (listening on a Unix socket there, no TCP port), removed
afterwards. PostgreSQL refuses to run as root, so as root it runs as the package's
``postgres`` user."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

#: Debian installs each major version's programs here (not on PATH).
DEBIAN_BINARIES = Path("/usr/lib/postgresql")


def binaries() -> Path | None:
    """The newest installed PostgreSQL's programs, if any."""
    found = sorted(DEBIAN_BINARIES.glob("*/bin/initdb"), key=lambda p: int(p.parts[-3]))
    if found:
        return found[-1].parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def need_postgres() -> Path:
    """The programs, or a skip with the reason (a failure in CI, which installs them)."""
    found = binaries()
    if found is not None:
        return found
    if os.environ.get("CI") == "true":
        pytest.fail("PostgreSQL is missing in CI: .ci/run must install Debian's postgresql")
    pytest.skip("PostgreSQL is not installed (apt-get install postgresql); its tests skipped")


class Postgres:
    """A running server; :meth:`database` makes a fresh, empty database on it."""

    def __init__(self, socket_dir: Path) -> None:
        self.socket_dir = socket_dir
        self._made = 0

    def url(self, name: str) -> str:
        return f"postgresql+psycopg://landplan@/{name}?host={self.socket_dir}"

    def database(self) -> str:
        import sqlalchemy as sa

        self._made += 1
        name = f"test_{os.getpid()}_{self._made}"
        engine = sa.create_engine(self.url("postgres"), isolation_level="AUTOCOMMIT")
        with engine.connect() as conn:
            conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
        engine.dispose()
        return self.url(name)


@contextmanager
def temporary_postgres(bin_dir: Path) -> Iterator[Postgres]:
    """Start a server in a new temporary directory; stop it and remove everything after."""
    root = Path(tempfile.mkdtemp(prefix="landplan-pg-"))
    as_owner: list[str] = []
    if os.geteuid() == 0:
        shutil.chown(root, "postgres", "postgres")
        as_owner = ["runuser", "-u", "postgres", "--"]
    data, log = root / "data", root / "log"

    def run(*command: str) -> None:
        subprocess.run([*as_owner, *command], check=True, capture_output=True, timeout=120)

    try:
        run(str(bin_dir / "initdb"), "-D", str(data), "-U", "landplan", "-A", "trust",
            "-E", "UTF8", "--no-locale")  # fmt: skip
        settings = f"-k {root} -c listen_addresses='' -c fsync=off -c max_connections=200"
        run(str(bin_dir / "pg_ctl"), "-D", str(data), "-l", str(log), "-o", settings, "-w",
            "start")  # fmt: skip
        try:
            yield Postgres(root)
        finally:
            run(str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop")
    finally:
        shutil.rmtree(root, ignore_errors=True)
