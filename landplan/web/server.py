"""Start the workbench: a web server (uvicorn) over the store in a data folder (its database
there, or where ``--database`` says).

Without accounts it binds to this machine only. Serving other machines needs an admin account
(``landplan users add``) and HTTPS, its own (``--tls-cert``/``--tls-key``) or a proxy's
(``--proxy``): passwords and session cookies never cross a network in clear. One server serves
a store at a time (a lock in the data folder): its job runner is the only one.
"""

from __future__ import annotations

import fcntl
import os
import socket
import ssl
import tempfile
import threading
import webbrowser
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import uvicorn

from landplan.errors import InputError
from landplan.web.app import LOCAL_HOSTS, create_app
from landplan.web.jobs import JobSettings
from landplan.web.service import Workbench

LOCK_FILE = ".server.lock"
#: How long an idle connection is kept open (seconds; nginx's default).
KEEP_ALIVE_S = 75


@dataclass(frozen=True)
class ServerSettings:
    """How the server is reached: ``host`` and ``port`` it listens on; ``names`` other machines
    call it by; HTTPS by its own certificate and key, or by a proxy at ``proxy``."""

    host: str = "127.0.0.1"
    port: int = 0
    names: tuple[str, ...] = ()
    tls_cert: Path | None = None
    tls_key: Path | None = None
    proxy: str | None = None

    @property
    def local(self) -> bool:
        return self.host in LOCAL_HOSTS

    @property
    def hosts(self) -> tuple[str, ...]:
        """The host names the server answers to (others: refused, as DNS rebinding would)."""
        if self.local:
            return LOCAL_HOSTS
        bound = () if self.host in ("0.0.0.0", "::") else (self.host,)
        return (*LOCAL_HOSTS, *bound, socket.gethostname(), socket.getfqdn(), *self.names)


def check_office(bench: Workbench, settings: ServerSettings, data: Path) -> None:
    """Refuse to serve other machines without an admin account or without HTTPS."""
    if settings.local:
        return
    if not bench.accounts.admin_exists():
        raise InputError(
            "--host",
            f"'{settings.host}' would serve other machines, which needs accounts: add an admin "
            f"first (landplan users add NAME --role admin --data {data})",
        )
    if settings.tls_cert is None and settings.proxy is None:
        raise InputError(
            "--host",
            f"'{settings.host}' would send passwords over the network in clear: serve HTTPS "
            "(--tls-cert and --tls-key) or behind an HTTPS proxy (--proxy ADDRESS)",
        )


def check_tls(settings: ServerSettings) -> None:
    """Refuse HTTPS files that are not a certificate and its private key (as the server would
    load them, before it starts)."""
    if settings.tls_cert is None and settings.tls_key is None:
        return
    if settings.tls_cert is None or settings.tls_key is None:
        raise InputError("--tls-cert", "give both --tls-cert and --tls-key")
    try:
        ssl.create_default_context(ssl.Purpose.CLIENT_AUTH).load_cert_chain(
            settings.tls_cert, settings.tls_key
        )
    except (OSError, ssl.SSLError) as exc:  # SSLError: not PEM, or a key of another certificate
        reason = exc.strerror or getattr(exc, "reason", None) or exc.__class__.__name__
        raise InputError(
            "--tls-cert",
            f"{settings.tls_cert} and {settings.tls_key} are not a certificate and its private "
            f"key in PEM ({reason}): give the files your certificate authority issued",
        ) from None


def check_data(data: Path) -> None:
    """Refuse a data folder that is a file, cannot be made, or cannot be written to (made if
    missing): the store and every run are written there."""
    if data.exists() and not data.is_dir():
        raise InputError("--data", f"{data} is a file, not a folder: name a folder")
    try:
        data.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=data):
            pass
    except OSError as exc:
        raise InputError(
            "--data", f"cannot write in {data} ({exc.strerror}): name a folder you may write to"
        ) from None


def check_service(
    data: Path,
    settings: ServerSettings,
    database: str | None = None,
    jobs: JobSettings = JobSettings(),
) -> Workbench:
    """The workbench over ``data``, once the data folder, the store (read whole), HTTPS's files
    and what serving other machines needs are each as serving needs them; an InputError
    saying which is not otherwise."""
    check_data(data)
    check_tls(settings)
    bench = Workbench(data, jobs, database)
    bench.store.check()
    check_office(bench, settings, data)
    return bench


def listen(host: str, port: int) -> socket.socket:
    """A socket listening on ``host``:``port`` (0: a free port)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host.strip("[]"), port))
    except OSError as exc:
        sock.close()
        raise InputError("--port", f"cannot listen on {host}:{port} ({exc.strerror})") from None
    sock.listen(512)
    return sock


@contextmanager
def only_server(data: Path) -> Iterator[None]:
    """Hold the data folder's server lock (InputError: another server holds it)."""
    check_data(data)
    path = data / LOCK_FILE
    with open(path, "a+", encoding="utf-8") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            lock.seek(0)
            raise InputError(
                "--data", f"another landplan serve (process {lock.read().strip()}) serves {data}"
            ) from None
        lock.truncate(0)
        lock.write(str(os.getpid()))
        lock.flush()
        yield


def serve(
    data: Path,
    settings: ServerSettings,
    jobs: JobSettings,
    database: str | None = None,
    on_ready: Callable[[str], None] | None = None,
) -> None:
    """Serve the workbench until interrupted; ``on_ready`` hears its address."""
    with only_server(data):
        bench = check_service(data, settings, database, jobs)
        sock = listen(settings.host, settings.port)
        threading.Thread(target=bench.check_baseline, name="landplan-check", daemon=True).start()
        host, port = sock.getsockname()[:2]
        scheme = "https" if settings.tls_cert else "http"
        address = f"{scheme}://{'[' + host + ']' if ':' in host else host}:{port}/"
        config = uvicorn.Config(
            create_app(bench, hosts=settings.hosts),
            log_level="warning",
            access_log=False,
            # browsers keep connections open between clicks; a short limit races a click
            # against the close (the client sees "connection reset")
            timeout_keep_alive=KEEP_ALIVE_S,
            ssl_certfile=settings.tls_cert,
            ssl_keyfile=settings.tls_key,
            proxy_headers=settings.proxy is not None,
            forwarded_allow_ips=settings.proxy,
        )
        server = uvicorn.Server(config)
        if on_ready is not None:

            def ready() -> None:
                while not server.started and not server.should_exit:
                    threading.Event().wait(0.05)
                if server.started:
                    on_ready(address)

            threading.Thread(target=ready, daemon=True).start()
        server.run(sockets=[sock])


def open_browser(address: str) -> None:
    webbrowser.open(address)
