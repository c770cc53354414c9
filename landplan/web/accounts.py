"""Who may use the workbench and what they may do: accounts with roles, sessions, projects
shared with named users.

Roles rank ``viewer`` (see and download) < ``planner`` (create, edit, run) < ``admin``
(accounts, projects; sees every project). A workbench without accounts is one planner's on one
machine: it serves this machine only and its user may do everything (:data:`LOCAL`). Once an
account exists every page asks who is there.

Passwords are kept as Argon2id hashes (argon2-cffi, its recommended settings); a session is a
random token in an HTTP-only cookie, of which the store keeps only the SHA-256. Failed logins
are lines of the audit trail, and too many of them (per account, per address) refuse the next
for a while.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Literal

import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from landplan.errors import LandplanError
from landplan.i18n import N_, keep
from landplan.i18n import gettext as _
from landplan.limits import MAX_TEXT_CHARS
from landplan.web.store import (
    NAME_CHARS,
    TARGET_CHARS,
    Store,
    audit,
    members,
    now,
    projects,
    sessions,
    users,
)

Role = Literal["viewer", "planner", "admin"]
#: The roles, least first (each may do what the ones before it may), marked for the catalog.
ROLES: tuple[Role, ...] = (N_("viewer"), N_("planner"), N_("admin"))
#: How long a login lasts.
SESSION_HOURS = 12
#: Failed logins allowed within the window, per account and per address, before the next waits.
FAILURES_PER_ACCOUNT, FAILURES_PER_ADDRESS, FAILURE_WINDOW_MIN = 5, 20, 15
MIN_PASSWORD = 10
#: Who the audit trail names for the planner of a workbench without accounts who gave no name
#: (marked for the catalog: the pages show it translated).
LOCAL_PLANNER = N_("local planner")
#: What the audit trail says of a failed login (counted to slow the next ones).
LOGIN_FAILED = N_("login failed")
_NAME = re.compile(rf"^[\w.@-]{{1,{NAME_CHARS}}}$")
_HASHER = PasswordHasher()
#: Compared against when the account does not exist, so that its absence takes as long.
_UNKNOWN = _HASHER.hash(secrets.token_hex(16))


@dataclass(frozen=True)
class Actor:
    """Who is asking: ``name`` (as the audit trail says it), ``role``, ``user_id`` (None: the
    one planner of a workbench without accounts) and the projects they may see (None: all)."""

    name: str
    role: Role
    user_id: str | None = None
    projects: frozenset[str] | None = None

    def may(self, role: Role) -> bool:
        return ROLES.index(self.role) >= ROLES.index(role)

    def sees(self, project_id: str | None) -> bool:
        return project_id is not None and (self.projects is None or project_id in self.projects)


def local_actor(name: str) -> Actor:
    """The planner of a workbench without accounts (named as they typed, if they did)."""
    return Actor(name or LOCAL_PLANNER, "admin")


class AccountError(LandplanError):
    """An account, a login or a project refused: ``problem`` in words, about ``field`` of the
    form (said before it when the error is printed)."""

    def __init__(self, problem: str, field: str = "") -> None:
        super().__init__(f"{field}: {problem}" if field else problem)
        self.problem, self.field = problem, field


class Accounts:
    """Accounts, sessions and projects in the store."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._exist = False

    # Accounts -----------------------------------------------------------------------------

    def exist(self) -> bool:
        """Whether any account exists (then every page needs a login). Accounts are never
        removed, only made inactive, so once true it is remembered."""
        if not self._exist:
            with self.store.engine.connect() as conn:
                self._exist = conn.execute(sa.select(users.c.id).limit(1)).first() is not None
        return self._exist

    def admin_exists(self) -> bool:
        where = (users.c.role == "admin", users.c.active.is_(True))
        return bool(self.store.all(users, *where))

    def listed(self) -> list[dict[str, Any]]:
        rows = self.store.all(users, order=users.c.name)
        for row in rows:
            row.pop("password_hash")
        return rows

    def add(self, name: str, password: str, role: str, by: str) -> str:
        if not _NAME.match(name):
            raise AccountError(
                _("1 to %(most)d letters, digits or . _ - @ (no spaces)") % {"most": NAME_CHARS},
                "name",
            )
        self._check(role, password)
        if not self.exist() and role != "admin":
            raise AccountError(_("the first account must be an admin's"), "role")
        if self.store.all(users, users.c.name == name):
            raise AccountError(
                _("an account called '%(name)s' exists already") % {"name": name}, "name"
            )
        user_id = self.store.insert(
            users,
            name=name,
            password_hash=_HASHER.hash(password),
            role=role,
            active=True,
            created_at=now(),
        )
        self.store.record(
            by,
            N_("account added"),
            f"user:{name}",
            None,
            keep(N_("role %(role)s"), role=keep(role)),
        )
        return user_id

    def change(
        self,
        name: str,
        by: str,
        *,
        role: str | None = None,
        password: str | None = None,
        active: bool | None = None,
    ) -> None:
        """Change an account's role, password or whether it may log in (its sessions end
        when it may no longer, or when its password changes)."""
        row = self._user(name)
        self._check(role or row["role"], password)
        values: dict[str, Any] = {}
        if role is not None:
            values["role"] = role
        if password is not None:
            values["password_hash"] = _HASHER.hash(password)
        if active is not None:
            values["active"] = active
        last_admin = row["role"] == "admin" and [u["name"] for u in self._admins()] == [name]
        if last_admin and (values.get("role", "admin") != "admin" or active is False):
            raise AccountError(_("the last admin cannot stop being one"), "role")
        self.store.update(users, row["id"], **values)
        if password is not None or active is False:
            with self.store.engine.begin() as conn:
                conn.execute(sessions.delete().where(sessions.c.user_id == row["id"]))
        said = keep(
            N_("role %(role)s, may log in: %(active)s, new password: %(password)s"),
            role=keep(values.get("role", row["role"])),
            active=keep(N_("yes") if values.get("active", row["active"]) else N_("no")),
            password=keep(N_("yes") if password is not None else N_("no")),
        )
        self.store.record(by, N_("account changed"), f"user:{name}", None, said)

    def _admins(self) -> list[dict[str, Any]]:
        return self.store.all(users, users.c.role == "admin", users.c.active.is_(True))

    def _user(self, name: str) -> dict[str, Any]:
        found = self.store.all(users, users.c.name == name)
        if not found:
            raise AccountError(_("no account called '%(name)s'") % {"name": name}, "name")
        return found[0]

    @staticmethod
    def _check(role: str, password: str | None) -> None:
        if role not in ROLES:
            roles = ", ".join(_(r) for r in ROLES)
            raise AccountError(
                _("one of %(roles)s (got '%(role)s')") % {"roles": roles, "role": role}, "role"
            )
        if password is not None and len(password) < MIN_PASSWORD:
            raise AccountError(
                _("at least %(least)d characters") % {"least": MIN_PASSWORD}, "password"
            )

    # Sessions ----------------------------------------------------------------------------

    def log_in(self, name: str, password: str, address: str) -> str:
        """A new session's token, or AccountError saying why not (the same words whether the
        account or the password was wrong)."""
        since = (datetime.now(UTC) - timedelta(minutes=FAILURE_WINDOW_MIN)).isoformat(
            timespec="seconds"
        )
        failed = (audit.c.action == LOGIN_FAILED, audit.c.at >= since)
        by_account = self.store.all(audit, *failed, audit.c.target == f"user:{name}"[:TARGET_CHARS])
        by_address = self.store.all(audit, *failed, audit.c.detail == address)
        if len(by_account) >= FAILURES_PER_ACCOUNT or len(by_address) >= FAILURES_PER_ADDRESS:
            raise AccountError(
                _("too many failed logins; try again in %(minutes)d minutes")
                % {"minutes": FAILURE_WINDOW_MIN}
            )
        found = self.store.all(users, users.c.name == name, users.c.active.is_(True))
        try:
            _HASHER.verify(found[0]["password_hash"] if found else _UNKNOWN, password)
            if not found:
                raise VerificationError
        except (VerificationError, InvalidHashError):
            self.store.record(name, LOGIN_FAILED, f"user:{name}", None, address)
            raise AccountError(_("wrong name or password")) from None
        token = secrets.token_urlsafe(32)
        self.store.insert(
            sessions,
            id=_digest(token),
            user_id=found[0]["id"],
            created_at=now(),
            expires_at=(datetime.now(UTC) + timedelta(hours=SESSION_HOURS)).isoformat(
                timespec="seconds"
            ),
        )
        self.store.record(name, N_("logged in"), f"user:{name}", None, address)
        return token

    def log_out(self, token: str) -> None:
        self.store.delete(sessions, _digest(token))

    def actor(self, token: str) -> Actor | None:
        """Who holds the session ``token`` (None: no such session, expired, or its account may
        no longer log in)."""
        if not token:
            return None
        query = (
            sa.select(users)
            .join(sessions, sessions.c.user_id == users.c.id)
            .where(sessions.c.id == _digest(token), sessions.c.expires_at > now())
            .where(users.c.active.is_(True))
        )
        with self.store.engine.connect() as conn:
            row = conn.execute(query).mappings().first()
            if row is None:
                return None
            shared = conn.execute(
                sa.select(members.c.project_id).where(members.c.user_id == row["id"])
            ).scalars()
            visible = None if row["role"] == "admin" else frozenset(shared)
        return Actor(row["name"], row["role"], row["id"], visible)

    # Projects ----------------------------------------------------------------------------

    def projects(self, actor: Actor) -> list[dict[str, Any]]:
        """The projects ``actor`` may see, by name."""
        rows = self.store.all(projects, order=projects.c.name)
        return [row for row in rows if actor.sees(row["id"])]

    def make_project(self, name: str, description: str, by: str) -> str:
        name = name.strip()
        if not 1 <= len(name) <= 200:
            raise AccountError(_("1 to %(most)d characters") % {"most": 200}, "name")
        if len(description) > MAX_TEXT_CHARS:
            raise AccountError(
                _("at most %(most)d characters") % {"most": MAX_TEXT_CHARS}, "description"
            )
        if self.store.all(projects, projects.c.name == name):
            raise AccountError(
                _("a project called '%(name)s' exists already") % {"name": name}, "name"
            )
        project_id = self.store.insert(
            projects, name=name, description=description, created_at=now()
        )
        self.store.record(by, N_("project made"), f"project:{project_id}", project_id, name)
        return project_id

    def members(self, project_id: str) -> list[str]:
        query = (
            sa.select(users.c.name)
            .join(members, members.c.user_id == users.c.id)
            .where(members.c.project_id == project_id)
            .order_by(users.c.name)
        )
        with self.store.engine.connect() as conn:
            return list(conn.execute(query).scalars())

    def share(self, project_id: str, names: list[str], by: str) -> None:
        """Share the project with exactly the accounts ``names``."""
        if not self.store.one(projects, project_id):
            raise LookupError(project_id)
        chosen = {self._user(name)["id"]: name for name in dict.fromkeys(names)}
        with self.store.engine.begin() as conn:
            conn.execute(members.delete().where(members.c.project_id == project_id))
            for user_id in chosen:
                conn.execute(members.insert().values(project_id=project_id, user_id=user_id))
        said = ", ".join(sorted(chosen.values())) or keep(N_("no one"))
        self.store.record(by, N_("project shared"), f"project:{project_id}", project_id, said)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
