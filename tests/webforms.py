"""The workbench's forms as a browser posts them: for the tests through HTTP."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from html.parser import HTMLParser

from starlette.testclient import TestClient

from landplan.web.app import create_app
from landplan.web.service import Workbench
from landplan.web.store import jobs, results, scenarios, uploads


class FormReader:
    """The values a browser would post from a page's form (its inputs, ticked boxes, chosen
    options), by the form's action; and every control it has (``fields``: name to kind, e.g.
    ``text``, ``file``, ``select``, ``textarea``) with the values it offers (``choices``: its
    options, its boxes' values), for the fuzzing tests."""

    def __init__(self, page: str, action: str) -> None:
        self.values: dict[str, list[str]] = {}
        self.fields: dict[str, str] = {}
        self.choices: dict[str, list[str]] = {}
        reader = self

        class Parser(HTMLParser):
            inside, select = False, None

            def handle_starttag(self, tag, attrs):
                a = dict(attrs)
                if tag == "form":
                    self.inside = a.get("action") == action
                elif self.inside and tag == "input" and a.get("name"):
                    kind = a.get("type", "text")
                    reader.fields.setdefault(a["name"], kind)
                    if kind in ("checkbox", "radio"):
                        reader.choices.setdefault(a["name"], []).append(a.get("value", "on"))
                        if "checked" not in a:
                            return
                    if kind != "file":
                        reader.values.setdefault(a["name"], []).append(a.get("value", "on") or "")
                elif self.inside and tag in ("select", "textarea") and a.get("name"):
                    reader.fields.setdefault(a["name"], tag)
                    self.select = a["name"] if tag == "select" else None
                elif self.inside and tag == "option" and self.select:
                    reader.choices.setdefault(self.select, []).append(a.get("value", ""))
                    if "selected" in a:
                        reader.values.setdefault(self.select, []).append(a.get("value", ""))

            def handle_endtag(self, tag):
                if tag == "form":
                    self.inside = False
                elif tag == "select":
                    self.select = None

        Parser().feed(page)

    def post(self, client, action: str, **changes: str):
        values = {k: v for k, v in self.values.items()}
        values.update({k: [v] for k, v in changes.items()})
        return client.post(action, data={k: v if len(v) > 1 else v[0] for k, v in values.items()})


def post(client, path, **data):
    """A form posted with the client's CSRF token."""
    return client.post(path, data={"csrf": client.token, **data})


def derive(client, name="variant") -> str:
    """A scenario derived from the bundled baseline; its id."""
    answer = post(client, "/scenarios/new", source="bundled:baseline", name=name)
    assert answer.status_code == 200, answer.text
    return str(answer.url).rstrip("/").rsplit("/", 1)[-1].split("#")[0]


def counts(bench) -> dict[str, int]:
    """How many scenarios, jobs, results and uploads the store holds (a refusal changes none)."""
    return {t.name: len(bench.store.all(t)) for t in (scenarios, jobs, results, uploads)}


@contextmanager
def client_of(bench: Workbench) -> Iterator[TestClient]:
    """A client of the app on ``bench`` (its jobs not run by the app), holding its CSRF token."""
    with TestClient(create_app(bench, run_jobs=False), base_url="http://127.0.0.1") as client:
        client.get("/")
        client.token = client.cookies["landplan_csrf"]
        yield client
