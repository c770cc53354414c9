"""Accounts, sessions, projects shared with users, the audit trail, comments on results; every scenario, job, result
and upload in a project (those made before: the default project); scenario names unique within
their project; jobs count the workers started for them (a killed one is retried once)."""

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

from landplan.web.store import DEFAULT_PROJECT, DEFAULT_PROJECT_WORDS

revision = "0002"
down_revision = "0001"

_STAMP = sa.String(32)


def upgrade() -> None:
    op.create_table(
        "users",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("name", sa.String(100), nullable=False, unique=True),
        sa.Column("password_hash", sa.Text, nullable=False),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("active", sa.Boolean, nullable=False),
        sa.Column("created_at", _STAMP, nullable=False),
    )
    op.create_table(
        "sessions",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("user_id", sa.String(32), nullable=False, index=True),
        sa.Column("created_at", _STAMP, nullable=False),
        sa.Column("expires_at", _STAMP, nullable=False),
    )
    projects = op.create_table(
        "projects",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("name", sa.String(200), nullable=False, unique=True),
        sa.Column("description", sa.Text, nullable=False),
        sa.Column("created_at", _STAMP, nullable=False),
    )
    op.create_table(
        "members",
        sa.Column("project_id", sa.String(32), primary_key=True),
        sa.Column("user_id", sa.String(32), primary_key=True),
    )
    op.create_table(
        "audit",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("at", _STAMP, nullable=False, index=True),
        sa.Column("who", sa.String(100), nullable=False),
        sa.Column("action", sa.String(40), nullable=False),
        sa.Column("project_id", sa.String(32)),
        sa.Column("target", sa.String(64), nullable=False, index=True),
        sa.Column("detail", sa.Text, nullable=False),
    )
    op.create_table(
        "comments",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("result_id", sa.String(32), nullable=False, index=True),
        sa.Column("who", sa.String(100), nullable=False),
        sa.Column("at", _STAMP, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
    )
    op.bulk_insert(
        projects,
        [
            {
                "id": DEFAULT_PROJECT,
                **DEFAULT_PROJECT_WORDS,
                "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
            }
        ],
    )
    for table in ("jobs", "results", "uploads"):
        with op.batch_alter_table(table) as batch:
            batch.add_column(
                sa.Column(
                    "project_id", sa.String(32), nullable=False, server_default=DEFAULT_PROJECT
                )
            )
        with op.batch_alter_table(table) as batch:  # the default only filled the rows made before
            batch.alter_column("project_id", server_default=None)
            batch.create_index(f"ix_{table}_project_id", ["project_id"])
    with op.batch_alter_table("jobs") as batch:
        batch.add_column(sa.Column("attempts", sa.Integer, nullable=False, server_default="0"))
    # scenarios: names unique within a project, not across the store (made anew and copied:
    # the first schema's constraint has no name to drop on every database)
    op.create_table(
        "scenarios_new",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("project_id", sa.String(32), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("description", sa.Text, nullable=False),
        sa.Column("parent", sa.String(200)),
        sa.Column("yaml", sa.Text, nullable=False),
        sa.Column("created_at", _STAMP, nullable=False),
        sa.Column("updated_at", _STAMP, nullable=False),
        sa.Column("who", sa.String(100), nullable=False),
        sa.UniqueConstraint("project_id", "name", name="uq_scenarios_project_name"),
    )
    columns = "id, name, description, parent, yaml, created_at, updated_at, who"
    op.execute(
        f"INSERT INTO scenarios_new (project_id, {columns}) "
        f"SELECT '{DEFAULT_PROJECT}', {columns} FROM scenarios"
    )
    op.drop_table("scenarios")
    op.rename_table("scenarios_new", "scenarios")


def downgrade() -> None:
    raise NotImplementedError("accounts and projects cannot be removed from a store")
