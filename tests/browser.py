"""Playwright with Debian's Chromium, the network blocked: for the browser tests.

Locally the tests skip when Chromium is missing; in CI (CI=true) a missing browser fails them.
Screenshots go to out/screenshots/ (a test artefact: look at them).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
SCREENSHOTS = Path(__file__).resolve().parents[1] / "out" / "screenshots"


def need_chromium() -> str:
    if CHROMIUM:
        return CHROMIUM
    if os.environ.get("CI") == "true":
        pytest.fail("Chromium is missing in CI: .ci/run must install Debian's chromium package")
    pytest.skip("Chromium is not installed (apt-get install chromium); browser tests skipped")


class OfflinePage:
    """A page whose every request other than file: and data: (and the ``allow`` prefixes: a
    local server) is blocked and recorded, with its
    console errors, page errors and dialogs (alert…) recorded too."""

    def __init__(
        self, browser, width: int = 1280, height: int = 900, allow: tuple[str, ...] = ()
    ) -> None:
        self.allow = ("file:", "data:", "about:", *allow)
        self.page = browser.new_page(
            viewport={"width": width, "height": height}, accept_downloads=True
        )
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.page.route("**/*", self._route)
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("dialog", self._dialog)

    def _route(self, route) -> None:
        url = route.request.url
        if url.startswith(self.allow):
            route.continue_()
        else:
            self.requests.append(url)
            route.abort()

    def _dialog(self, dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def open(self, path: Path, ready: str = ".leaflet-container") -> OfflinePage:
        self.page.goto(path.resolve().as_uri())
        self.page.wait_for_selector(ready)
        self.page.wait_for_timeout(500)
        return self

    def screenshot(self, name: str) -> Path:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        self.page.wait_for_timeout(400)  # let pans and fades finish
        self.page.screenshot(path=path)
        return path
