"""The workbench's store, on SQLite and on a real PostgreSQL server: made by its migrations from
nothing (and from the first schema's data), and safe to write from several processes at once
(the server and its workers do)."""

from __future__ import annotations

import multiprocessing

import pytest
import sqlalchemy as sa

from landplan.errors import InputError
from landplan.web.store import (
    DEFAULT_PROJECT,
    Store,
    jobs,
    metadata,
    new_id,
    now,
    scenarios,
    schema_version,
)


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request) -> str | None:
    """The store's database: None (SQLite in the data folder) or a fresh PostgreSQL one."""
    if request.param == "sqlite":
        return None
    return request.getfixturevalue("postgres").database()


def test_migrations_make_the_schema_the_code_writes(tmp_path, database):
    store = Store(tmp_path / "data", database=database)
    assert schema_version(store.engine) == "0002"
    found = sa.inspect(store.engine)
    assert set(metadata.tables) | {"alembic_version"} == set(found.get_table_names())
    for table in metadata.tables.values():  # every column the code knows is there, no other
        assert {c["name"] for c in found.get_columns(table.name)} == set(table.columns.keys())
    Store(tmp_path / "data", database=database)  # opening again changes nothing
    assert schema_version(store.engine) == "0002"


def test_names_are_unique_within_a_project_only(tmp_path, database):
    store = Store(tmp_path / "data", database=database)
    row = {"name": "a", "description": "", "yaml": "", "created_at": now(), "updated_at": now(),
           "who": ""}  # fmt: skip
    store.insert(scenarios, project_id=DEFAULT_PROJECT, **row)
    store.insert(scenarios, project_id=new_id(), **row)
    with pytest.raises(sa.exc.IntegrityError):
        store.insert(scenarios, project_id=DEFAULT_PROJECT, **row)


def test_a_first_schema_store_keeps_its_data_in_the_default_project(tmp_path):
    from alembic import command
    from alembic.config import Config

    from landplan.web.store import MIGRATIONS

    engine = sa.create_engine(f"sqlite:///{tmp_path / 'workbench.sqlite'}")
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "0001")
        conn.execute(
            sa.text("INSERT INTO scenarios VALUES ('s1', 'mine', '', NULL, 'y', 't', 't', 'ana')")
        )
        conn.execute(sa.text("INSERT INTO jobs VALUES ('j1', 'run', 's1', '{}', 'done', 0, 0, '', '', NULL, 'r1', 'ana', 't', 't')"))  # fmt: skip
    store = Store(tmp_path)
    (scenario,) = store.all(scenarios)
    (job,) = store.all(jobs)
    assert (scenario["name"], scenario["project_id"]) == ("mine", DEFAULT_PROJECT)
    assert (job["project_id"], job["attempts"]) == (DEFAULT_PROJECT, 0)


def test_a_database_that_cannot_be_opened_is_said_in_a_line(tmp_path):
    with pytest.raises(InputError, match="--database.*cannot open postgresql") as said:
        Store(tmp_path, database="postgresql+psycopg://someone:secret@/nowhere?host=/nonexistent")
    assert "secret" not in str(said.value)  # the password is never shown
    with pytest.raises(InputError, match="not a database URL"):
        Store(tmp_path, database="nonsense://")


def _write_jobs(root: str, database: str | None, writer: int, count: int) -> None:
    store = Store(root, database=database, migrate=False)
    for k in range(count):
        store.insert(jobs, project_id=DEFAULT_PROJECT, kind="run", params="{}", status="queued",
                     done=0, total=0, step="", message=f"{writer}-{k}", result_id=new_id(),
                     attempts=0, who=str(writer), created_at=now())  # fmt: skip
        store.update(jobs, store.all(jobs, jobs.c.message == f"{writer}-{k}")[0]["id"], done=k)


def test_concurrent_writers_all_land(tmp_path, database):
    root = str(tmp_path / "data")
    Store(root, database=database)
    context = multiprocessing.get_context("forkserver")  # writers forked from one import
    context.set_forkserver_preload(["landplan.web.store"])
    writers = [context.Process(target=_write_jobs, args=(root, database, w, 40)) for w in range(4)]
    for process in writers:
        process.start()
    for process in writers:
        process.join(120)
        assert process.exitcode == 0
    rows = Store(root, database=database).all(jobs)
    assert len(rows) == 160
    assert {r["message"] for r in rows} == {f"{w}-{k}" for w in range(4) for k in range(40)}
