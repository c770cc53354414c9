"""Start the workbench: a local web server (uvicorn) over the store in a data folder.

It binds to this machine only. Serving other machines needs accounts and roles, which the
workbench does not have yet, so any other address is refused.
"""

from __future__ import annotations

import socket
import threading
import webbrowser
from collections.abc import Callable
from pathlib import Path

import uvicorn

from landplan.errors import InputError
from landplan.web.app import LOCAL_HOSTS, create_app
from landplan.web.jobs import JobSettings
from landplan.web.service import Workbench


def listen(host: str, port: int) -> socket.socket:
    """A socket listening on ``host``:``port`` (0: a free port), refused for other machines."""
    if host not in LOCAL_HOSTS:
        raise InputError(
            "--host",
            f"'{host}' would serve other machines; the workbench has no accounts yet, so it "
            "serves this machine only (127.0.0.1, localhost or ::1)",
        )
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host.strip("[]"), port))
    except OSError as exc:
        sock.close()
        raise InputError("--port", f"cannot listen on {host}:{port} ({exc.strerror})") from None
    sock.listen(128)
    return sock


def serve(
    data: Path,
    sock: socket.socket,
    settings: JobSettings,
    on_ready: Callable[[str], None] | None = None,
) -> None:
    """Serve the workbench on ``sock`` until interrupted; ``on_ready`` hears its address."""
    bench = Workbench(data, settings)
    threading.Thread(target=bench.check_baseline, name="landplan-check", daemon=True).start()
    host, port = sock.getsockname()[:2]
    address = f"http://{'[' + host + ']' if ':' in host else host}:{port}/"
    config = uvicorn.Config(create_app(bench), log_level="warning", access_log=False)
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
