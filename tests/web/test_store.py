"""The workbench's store: made by its migrations from an empty folder, and safe to write from
several processes at once (the server and its workers do)."""

from __future__ import annotations

import multiprocessing

import sqlalchemy as sa

from landplan.web.store import Store, jobs, new_id, now, schema_version


def test_migrations_make_the_schema_from_an_empty_folder(tmp_path):
    store = Store(tmp_path / "data")
    assert schema_version(store.engine) == "0001"
    tables = set(sa.inspect(store.engine).get_table_names())
    assert {"scenarios", "jobs", "results", "uploads", "alembic_version"} <= tables
    # the migrated tables are the ones the code writes: every column the code knows is there
    for table in (jobs,):
        columns = {c["name"] for c in sa.inspect(store.engine).get_columns(table.name)}
        assert columns == {c.name for c in table.columns}
    Store(tmp_path / "data")  # opening again changes nothing
    assert schema_version(store.engine) == "0001"


def _write_jobs(root: str, writer: int, count: int) -> None:
    store = Store(root, migrate=False)
    for k in range(count):
        store.insert(jobs, kind="run", params="{}", status="queued", done=0, total=0, step="",
                     message=f"{writer}-{k}", result_id=new_id(), who=str(writer),
                     created_at=now())  # fmt: skip
        store.update(jobs, store.all(jobs, jobs.c.message == f"{writer}-{k}")[0]["id"], done=k)


def test_concurrent_writers_all_land(tmp_path):
    root = str(tmp_path / "data")
    Store(root)
    context = multiprocessing.get_context("spawn")
    writers = [context.Process(target=_write_jobs, args=(root, w, 40)) for w in range(4)]
    for process in writers:
        process.start()
    for process in writers:
        process.join(120)
        assert process.exitcode == 0
    rows = Store(root).all(jobs)
    assert len(rows) == 160
    assert {r["message"] for r in rows} == {f"{w}-{k}" for w in range(4) for k in range(40)}
