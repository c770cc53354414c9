"""The workbench's store: accounts, projects, scenarios, jobs, results, uploads and the audit
trail, in one SQLite file by default or in a PostgreSQL database (``database``: its URL).

The schema is made and changed only by Alembic migrations (``landplan/web/migrations``), from
the first version on: opening a store brings an empty or older file up to the newest schema.
Files (scenario YAML as the CLI reads it, run folders, uploads) live in the data folder beside
the database, under names the store generates, never names a user typed.

Several processes write the same database (the server, and each job's worker): SQLite in WAL
mode, each writer waiting its turn (``busy_timeout``) rather than failing; PostgreSQL as it is.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from landplan.errors import InputError
from landplan.i18n import N_

MIGRATIONS = Path(__file__).with_name("migrations")
DATABASE = "workbench.sqlite"
#: The variable a job's worker finds the store's database URL in (never on its command line,
#: where a password would show).
DATABASE_ENV = "LANDPLAN_DATABASE"
#: The project every scenario, job, result and upload belongs to until others are made (and
#: those made before projects existed): made by the migration that brought projects.
DEFAULT_PROJECT = "0000000000000000"
#: The first project's name and description as the store wrote them (marked for the catalog:
#: shown translated while it keeps them; a name an admin gave it is shown as given).
DEFAULT_PROJECT_WORDS = {
    "name": N_("General"),
    "description": N_("Scenarios and runs not filed in another project."),
}

#: The longest name of a person (an account's, or the local planner's as typed).
NAME_CHARS = 100
#: The longest thing an audit line is about (``scenario:<id>``, ``user:<name>``…).
TARGET_CHARS = 64
#: The longest detail an audit line keeps.
DETAIL_CHARS = 2000

metadata = sa.MetaData()

users = sa.Table(
    "users",
    metadata,
    sa.Column("id", sa.String(32), primary_key=True),
    sa.Column("name", sa.String(NAME_CHARS), nullable=False, unique=True),
    sa.Column("password_hash", sa.Text, nullable=False),  # Argon2id, with its salt and settings
    sa.Column("role", sa.String(20), nullable=False),  # viewer, planner, admin
    sa.Column("active", sa.Boolean, nullable=False),
    sa.Column("created_at", sa.String(32), nullable=False),
)

sessions = sa.Table(
    "sessions",
    metadata,
    sa.Column("id", sa.String(64), primary_key=True),  # SHA-256 of the cookie's token
    sa.Column("user_id", sa.String(32), nullable=False),
    sa.Column("created_at", sa.String(32), nullable=False),
    sa.Column("expires_at", sa.String(32), nullable=False),
)

projects = sa.Table(
    "projects",
    metadata,
    sa.Column("id", sa.String(32), primary_key=True),
    sa.Column("name", sa.String(200), nullable=False, unique=True),
    sa.Column("description", sa.Text, nullable=False),
    sa.Column("created_at", sa.String(32), nullable=False),
)

#: Who a project is shared with (admins see every project).
members = sa.Table(
    "members",
    metadata,
    sa.Column("project_id", sa.String(32), primary_key=True),
    sa.Column("user_id", sa.String(32), primary_key=True),
)

#: Every change and every job, who asked for it and when (never changed, never deleted).
audit = sa.Table(
    "audit",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("at", sa.String(32), nullable=False),
    sa.Column("who", sa.String(NAME_CHARS), nullable=False),
    sa.Column("action", sa.String(40), nullable=False),
    sa.Column("project_id", sa.String(32)),
    sa.Column(
        "target", sa.String(TARGET_CHARS), nullable=False
    ),  # e.g. scenario:<id>, job:<id>, user:<name>
    sa.Column("detail", sa.Text, nullable=False),
)

#: What readers say of a result (a viewer may comment).
comments = sa.Table(
    "comments",
    metadata,
    sa.Column("id", sa.String(32), primary_key=True),
    sa.Column("result_id", sa.String(32), nullable=False),
    sa.Column("who", sa.String(NAME_CHARS), nullable=False),
    sa.Column("at", sa.String(32), nullable=False),
    sa.Column("text", sa.Text, nullable=False),
)

scenarios = sa.Table(
    "scenarios",
    metadata,
    sa.Column("id", sa.String(32), primary_key=True),
    sa.Column("project_id", sa.String(32), nullable=False),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("description", sa.Text, nullable=False, default=""),
    # what it was made from: a bundled scenario's name or another scenario's id
    sa.Column("parent", sa.String(200)),
    sa.Column("yaml", sa.Text, nullable=False),
    sa.Column("created_at", sa.String(32), nullable=False),
    sa.Column("updated_at", sa.String(32), nullable=False),
    sa.Column("who", sa.String(NAME_CHARS), nullable=False, default=""),
    sa.UniqueConstraint("project_id", "name"),  # names are unique within a project
)

jobs = sa.Table(
    "jobs",
    metadata,
    sa.Column("id", sa.String(32), primary_key=True),
    sa.Column("project_id", sa.String(32), nullable=False),
    sa.Column("kind", sa.String(20), nullable=False),
    sa.Column("scenario_id", sa.String(32)),
    # what the job is asked (JSON): the scenario's YAML as it was when asked, the runs compared…
    sa.Column("params", sa.Text, nullable=False),
    sa.Column("status", sa.String(20), nullable=False),
    sa.Column("done", sa.Integer, nullable=False, default=0),
    sa.Column("total", sa.Integer, nullable=False, default=0),
    sa.Column("step", sa.Text, nullable=False, default=""),
    sa.Column("message", sa.Text, nullable=False, default=""),
    sa.Column("pid", sa.Integer),
    sa.Column("attempts", sa.Integer, nullable=False, default=0),  # workers started for it
    # the result this job makes, its id given before it starts (its folder's name)
    sa.Column("result_id", sa.String(32), nullable=False),
    sa.Column("who", sa.String(NAME_CHARS), nullable=False, default=""),
    sa.Column("created_at", sa.String(32), nullable=False),
    sa.Column("finished_at", sa.String(32)),
)

results = sa.Table(
    "results",
    metadata,
    sa.Column("id", sa.String(32), primary_key=True),
    sa.Column("project_id", sa.String(32), nullable=False),
    sa.Column("kind", sa.String(20), nullable=False),  # run, sweep, explore, compare
    sa.Column("job_id", sa.String(32)),
    sa.Column("scenario_id", sa.String(32)),
    sa.Column("scenario_name", sa.String(200), nullable=False),
    sa.Column("status", sa.String(40), nullable=False),
    sa.Column("figures", sa.Text, nullable=False, default="{}"),  # kpis.json of a run
    sa.Column("resolved_yaml", sa.Text, nullable=False, default=""),
    sa.Column("data_sha256", sa.Text, nullable=False, default="{}"),
    sa.Column("versions", sa.Text, nullable=False, default="{}"),
    sa.Column("compared", sa.Text, nullable=False, default="[]"),  # result ids of a comparison
    sa.Column("source", sa.String(40), nullable=False),  # workbench, rerun, imported
    sa.Column("who", sa.String(NAME_CHARS), nullable=False, default=""),
    sa.Column("created_at", sa.String(32), nullable=False),
)

uploads = sa.Table(
    "uploads",
    metadata,
    sa.Column("id", sa.String(32), primary_key=True),
    sa.Column("project_id", sa.String(32), nullable=False),
    sa.Column("kind", sa.String(20), nullable=False),  # parks, parcels, criterion
    sa.Column("original_name", sa.String(255), nullable=False),
    sa.Column("stored_name", sa.String(64), nullable=False),
    sa.Column("size", sa.Integer, nullable=False),
    sa.Column("sha256", sa.String(64), nullable=False),
    sa.Column("who", sa.String(NAME_CHARS), nullable=False, default=""),
    sa.Column("created_at", sa.String(32), nullable=False),
)

#: Who the audit trail names for what the workbench does itself, and where a result was made
#: (marked for the catalog: the pages show it translated).
WORKBENCH = N_("workbench")
#: A job's states (marked for the catalog: the pages show them translated); the last three are
#: final.
QUEUED, RUNNING, DONE = N_("queued"), N_("running"), N_("done")
FAILED, CANCELLED = N_("failed"), N_("cancelled")
FINAL = (DONE, FAILED, CANCELLED)


def new_id() -> str:
    """A generated id (also the name of the file or folder it stands for)."""
    return secrets.token_hex(8)


def is_id(value: str) -> bool:
    """Whether ``value`` has the shape of a generated id (so it is safe in a path)."""
    return len(value) == 16 and all(c in "0123456789abcdef" for c in value)


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass(frozen=True)
class Folders:
    """Where the data folder keeps each kind of file (all named by generated ids)."""

    root: Path

    @property
    def database(self) -> Path:
        return self.root / DATABASE

    @property
    def scenarios(self) -> Path:
        return self.root / "scenarios"

    @property
    def results(self) -> Path:
        return self.root / "results"

    @property
    def jobs(self) -> Path:
        return self.root / "jobs"

    @property
    def uploads(self) -> Path:
        return self.root / "uploads"

    def cache(self, result_id: str) -> Path:
        """Where a result's pages in other languages are kept (:mod:`landplan.web.translated`;
        outside its folder, which is only ever read)."""
        return self.root / "cache" / result_id

    def make(self) -> None:
        for folder in (self.root, self.scenarios, self.results, self.jobs, self.uploads):
            folder.mkdir(parents=True, exist_ok=True)


class Store:
    """The workbench's tables (in ``database``, a SQLAlchemy URL; by default a SQLite file in
    the data folder ``root``) and its files (in ``root``). Made and migrated on opening when
    ``migrate``; a job's worker opens it as it is."""

    def __init__(
        self, root: str | Path, *, database: str | None = None, migrate: bool = True
    ) -> None:
        self.folders = Folders(Path(root).resolve())
        self.folders.make()
        self.url = database or f"sqlite:///{self.folders.database}"
        self.engine = _engine(self.url)
        if migrate:
            try:
                upgrade(self.engine)
            except sa.exc.DatabaseError as exc:  # not a database, damaged, or not reached
                raise self.unusable(exc) from None

    def unusable(self, exc: sa.exc.DBAPIError) -> InputError:
        """The refusal of a store its database's error ``exc`` says cannot be used."""
        return InputError(
            "--database",
            f"cannot open {self.shown_url}: {' '.join(str(exc.orig).split())}; if it is "
            "damaged, restore it from a backup, or move it away to start an empty store",
        )

    def check(self) -> None:
        """Refuse a store whose database cannot be read whole: SQLite's own check of every
        page (``quick_check``), a query on another database."""
        try:
            with self.engine.connect() as conn:
                if self.engine.dialect.name != "sqlite":
                    conn.execute(sa.text("SELECT 1"))
                    return
                found = [row[0] for row in conn.execute(sa.text("PRAGMA quick_check"))]
        except sa.exc.DatabaseError as exc:
            raise self.unusable(exc) from None
        if found != ["ok"]:
            raise InputError(
                "--data",
                f"the store {self.folders.database} is damaged (SQLite's check: "
                f"{' '.join(found[0].split())}): restore it from a backup, or move it away to "
                "start an empty store",
            )

    @property
    def shown_url(self) -> str:
        """The database's URL without its password."""
        return sa.make_url(self.url).render_as_string(hide_password=True)

    def one(self, table: sa.Table, row_id: str) -> dict[str, Any] | None:
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(table).where(table.c.id == row_id)).mappings().first()
        return dict(row) if row else None

    def all(
        self, table: sa.Table, *where: Any, order: Any = None, limit: int | None = None
    ) -> list[dict[str, Any]]:
        query = sa.select(table).where(*where).limit(limit)
        if order is not None:
            query = query.order_by(order)
        with self.engine.connect() as conn:
            return [dict(row) for row in conn.execute(query).mappings()]

    def insert(self, table: sa.Table, **values: Any) -> str:
        values.setdefault("id", new_id())
        with self.engine.begin() as conn:
            conn.execute(table.insert().values(**values))
        return str(values["id"])

    def update(self, table: sa.Table, row_id: str, *where: Any, **values: Any) -> bool:
        """Change one row (only if ``where`` also holds); whether a row changed."""
        with self.engine.begin() as conn:
            changed = conn.execute(
                table.update().where(table.c.id == row_id, *where).values(**values)
            )
        return bool(changed.rowcount)

    def delete(self, table: sa.Table, row_id: str) -> None:
        with self.engine.begin() as conn:
            conn.execute(table.delete().where(table.c.id == row_id))

    def record(
        self, who: str, action: str, target: str, project_id: str | None, detail: str = ""
    ) -> None:
        """A line of the audit trail (each part cut to what the table holds)."""
        with self.engine.begin() as conn:
            conn.execute(
                audit.insert().values(
                    at=now(),
                    who=who[:NAME_CHARS],
                    action=action,
                    target=target[:TARGET_CHARS],
                    project_id=project_id,
                    detail=detail[:DETAIL_CHARS],
                )
            )


def _engine(url: str) -> Engine:
    if not url.startswith("sqlite"):
        try:  # several threads of the server's pool, each its own connection
            return sa.create_engine(url, pool_size=10, max_overflow=20, pool_pre_ping=True)
        except (sa.exc.ArgumentError, ImportError) as exc:
            raise InputError("--database", f"not a database URL landplan can use ({exc})") from None
    engine = sa.create_engine(url, connect_args={"timeout": 60})

    @sa.event.listens_for(engine, "connect")
    def _pragmas(connection: Any, _record: Any) -> None:
        cursor = connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=60000")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    return engine


def upgrade(engine: Engine) -> None:
    """Bring the database to the newest schema (Alembic's ``upgrade head``)."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "head")


def schema_version(engine: Engine) -> str | None:
    """The migration the database is at (None: none applied)."""
    with engine.connect() as conn:
        if not sa.inspect(conn).has_table("alembic_version"):
            return None
        return conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()
