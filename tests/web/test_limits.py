"""The server's limits and its start: bodies read no further than their limit (a real server,
chunked bodies), a damaged store answered with a page, and a server that cannot serve refusing
to start in words."""

from __future__ import annotations

import select
import shutil
import socket
import sqlite3
from urllib.parse import urlsplit

import pytest
import yaml

from landplan.limits import MAX_ANONYMOUS_BODY_BYTES, MAX_FORM_BODY_BYTES, MAX_TEXT_CHARS, KiB
from landplan.web.store import DATABASE, Store, results
from tests.command import landplan_here
from tests.zips import zipped

CHUNK = 16 * KiB
#: A multipart body's start: a file's part, whose bytes follow.
MULTIPART_HEAD = b'--b\r\nContent-Disposition: form-data; name="file"; filename="x.csv"\r\n\r\n'


def bytes_sent_before_answer(address: str, path: str, content_type: str) -> tuple[int, bytes]:
    """Send a chunked body of no declared length to ``path``, a chunk at a time, until the
    server answers: the bytes sent by then and the answer's status line."""
    url = urlsplit(address)
    with socket.create_connection((url.hostname, url.port)) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, CHUNK)
        head = f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: {content_type}\r\n"
        sock.sendall(head.encode() + b"Transfer-Encoding: chunked\r\n\r\n")
        first = b"a=" if "urlencoded" in content_type else MULTIPART_HEAD
        sent, chunk = 0, first + b"x" * (CHUNK - len(first))
        try:
            while sent < 20 * MAX_FORM_BODY_BYTES:
                if select.select([sock], [], [], 0.02)[0]:
                    break
                sock.sendall(b"%x\r\n" % len(chunk) + chunk + b"\r\n")
                sent += len(chunk)
                chunk = b"x" * CHUNK
        except (BrokenPipeError, ConnectionResetError):
            pass
        sock.settimeout(10)
        return sent, sock.recv(4096).split(b"\r\n", 1)[0]


@pytest.mark.parametrize(
    ("path", "limit"),
    [
        ("/login", MAX_ANONYMOUS_BODY_BYTES),
        ("/scenarios/new", MAX_FORM_BODY_BYTES),
        ("/scenarios/bundled:baseline/delete", MAX_FORM_BODY_BYTES),
        ("/project", MAX_FORM_BODY_BYTES),
    ],
)
@pytest.mark.parametrize(
    "content_type", ["application/x-www-form-urlencoded", "multipart/form-data; boundary=b"]
)
def test_an_over_limit_body_is_refused_once_read_to_its_limit(server, path, limit, content_type):
    address, _data = server
    sent, status = bytes_sent_before_answer(address, path, content_type)
    assert status == b"HTTP/1.1 413 Request Entity Too Large", (sent, status)
    assert sent <= limit + 64 * KiB, sent


def test_a_declared_length_over_the_limit_is_refused_unread(client):
    answer = client.post(
        "/scenarios/new", content=b"x" * (MAX_FORM_BODY_BYTES + 1),
        headers={"content-type": "application/x-www-form-urlencoded"},
    )  # fmt: skip
    assert answer.status_code == 413 and "1 MB" in answer.text


def damage(database, *tables: str) -> None:
    """Overwrite the first page of each of ``tables`` of a store nobody has open (the schema
    stays readable)."""
    conn = sqlite3.connect(database)
    conn.execute("PRAGMA journal_mode=DELETE")
    rows = conn.execute("SELECT name, rootpage FROM sqlite_master WHERE type='table'")
    roots = [root for name, root in rows if name in tables]
    size = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    with open(database, "r+b") as file:
        for root in roots:
            file.seek((root - 1) * size)
            file.write(b"\x0d" + b"\xff" * 63)


def test_a_store_damaged_while_served_answers_a_page_not_a_500(client, bench):
    with bench.store.engine.begin() as conn:  # a store restored from the wrong file, say
        for table in ("results", "scenarios", "uploads"):
            conn.exec_driver_sql(f"DROP TABLE {table}")
    for path in ("/", "/runs", "/scenarios/bundled:baseline", "/uploads"):
        answer = client.get(path)
        assert answer.status_code == 503, (path, answer.status_code)
        assert "landplan serve --check" in answer.text


@pytest.fixture
def store_of(tmp_path):
    def made(name: str):
        data = tmp_path / name
        Store(data).engine.dispose()
        return data

    return made


def test_serve_refuses_to_start_in_words(tmp_path, store_of):
    a_file = tmp_path / "a_file"
    a_file.write_text("x")
    garbage = tmp_path / "garbage"
    garbage.mkdir()
    (garbage / DATABASE).write_bytes(b"\x00not sqlite" * 9000)
    damaged = store_of("damaged")
    damage(damaged / DATABASE, "results", "scenarios")
    (tmp_path / "cert.pem").write_text("not a certificate")
    tls = ["--tls-cert", str(tmp_path / "cert.pem"), "--tls-key", str(tmp_path / "cert.pem")]
    cases = [
        (["--data", str(a_file)], "a file, not a folder"),
        (["--data", "/proc/self/landplan"], "cannot write in /proc/self/landplan"),
        (["--data", "/proc/self"], "cannot write in /proc/self"),
        (["--data", str(garbage)], "file is not a database"),
        (["--data", str(damaged)], "malformed"),
        (["--data", str(tmp_path / "ok"), *tls], "are not a certificate and its private key"),
        (["--data", str(tmp_path / "ok"), "--tls-cert", str(tmp_path / "cert.pem")], "give both"),
    ]
    for args, said in cases:
        for check in ([], ["--check"]):
            refused = landplan_here("serve", "--no-browser", *args, *check)
            assert refused.returncode == 2 and said in refused.stderr, (args, refused.stderr)
            assert "Traceback" not in refused.stderr
    assert a_file.read_text() == "x"


def test_serve_check_says_a_sound_store_is_ready_and_changes_nothing(store_of):
    data = store_of("sound")
    before = (data / DATABASE).read_bytes()
    checked = landplan_here("serve", "--data", str(data), "--check")
    assert checked.returncode == 0 and "ready to serve" in checked.stdout, checked.stderr
    assert (data / DATABASE).read_bytes() == before


def test_an_imported_run_whose_kpis_hold_a_huge_integer_is_refused(
    client, bench, baseline_run, tmp_path
):
    run = tmp_path / "baseline"
    shutil.copytree(baseline_run, run)
    kpis = run / "kpis.json"
    kpis.write_text(
        kpis.read_text("utf-8").replace('"rows": ', '"rows": ' + "9" * 4500 + ', "x": ', 1)
    )
    answer = client.post("/runs/import", data={"csrf": client.token},
                         files={"file": ("run.zip", zipped(run), "application/zip")})  # fmt: skip
    assert answer.status_code == 400 and "4500 digits" in answer.text, answer.text[-500:]
    assert bench.store.all(results) == []


def test_a_description_over_the_text_limit_is_refused_and_nothing_changes(client, bench):
    made = client.post(
        "/scenarios/new", data={"csrf": client.token, "source": "bundled:baseline", "name": "v"}
    )
    key = str(made.url).rstrip("/").rsplit("/", 1)[-1].split("#")[0]
    before = bench.scenario_text(key)
    answer = client.post(
        f"/scenarios/{key}/rename",
        data={"csrf": client.token, "name": "v", "description": "d" * (MAX_TEXT_CHARS + 1)},
    )
    assert answer.status_code == 400 and f"at most {MAX_TEXT_CHARS} characters" in answer.text
    assert bench.scenario_text(key) == before
    answer = client.post(
        "/admin/projects",
        data={"csrf": client.token, "name": "p", "description": "d" * (MAX_TEXT_CHARS + 1)},
    )
    assert answer.status_code < 500 and f"at most {MAX_TEXT_CHARS} characters" in answer.text


def test_a_scenario_page_parses_the_scenario_once(client, monkeypatch):
    client.get("/scenarios/bundled:baseline")  # checked once, as a page opened before
    parsed = []
    real = yaml.safe_load
    monkeypatch.setattr(yaml, "safe_load", lambda text: parsed.append(1) or real(text))
    assert client.get("/scenarios/bundled:baseline").status_code == 200
    assert len(parsed) <= 1
