"""Playwright with Debian's Chromium, the network blocked: for the browser tests.

Locally the tests skip when Chromium is missing; in CI (CI=true) a missing browser fails them.
Screenshots go to out/screenshots/ (a test artefact: look at them).
"""

from __future__ import annotations

import os
import re
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

    def whole_page(self, name: str) -> Path:
        """The whole page, maps included: captured a window at a time and put together.
        Chromium does not draw a map's frame (sandboxed, so a process of its own) while it is
        out of the window: its rendering is throttled, and a full-page capture, which draws
        beyond the window, leaves it blank."""
        from PIL import Image

        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        p, window = self.page, self.page.viewport_size
        height = p.evaluate("document.documentElement.scrollHeight")
        whole = Image.new("RGB", (window["width"], height), "white")
        for top in range(0, height, window["height"]):
            p.evaluate(f"window.scrollTo(0, {top})")
            p.wait_for_timeout(300)  # the frames now in the window drawn
            shown = p.evaluate("window.scrollY")  # the last window stops at the page's end
            part = SCREENSHOTS / f"{name}.part.png"
            p.screenshot(path=part)
            whole.paste(Image.open(part).convert("RGB"), (0, shown))
            part.unlink()
        p.evaluate("window.scrollTo(0, 0)")
        whole.save(path)
        return path


def create(p, address: str, name: str) -> str:
    """Make a scenario from the baseline on the scenario list; its editor's address."""
    p.goto(address + "/")
    p.select_option("select[name=source]", "bundled:baseline")
    p.fill("section.panel input[name=name]", name)
    p.click("text=Create")
    p.wait_for_url(re.compile(r".*/scenarios/[0-9a-f]{16}$"))
    return p.url


def run_and_wait(page, button) -> str:
    """Click a Run button and wait for the result page; its address."""
    button.click()
    page.wait_for_url(re.compile(r".*/results/[0-9a-f]{16}$"), timeout=120_000)
    return page.url


def park_centre(page, frame_selector: str, park: str) -> tuple[float, float]:
    """Where on the page a park of the map in the frame is drawn."""
    frame = page.frame_locator(frame_selector)
    frame.locator(".leaflet-container").wait_for()
    handle = page.locator(frame_selector).element_handle().content_frame()
    box = handle.evaluate(
        """park => {
          const map = Object.keys(window).filter(k => k.startsWith("map_")).map(k => window[k])[0];
          let found = null;
          map.eachLayer(l => { if (!found && l.feature && l.feature.properties.park_id === park
                                   && l.getElement) found = l.getElement().getBoundingClientRect(); });
          return found && {x: found.x + found.width / 2, y: found.y + found.height / 2};
        }""",
        park,
    )
    frame_box = page.locator(frame_selector).bounding_box()
    return frame_box["x"] + box["x"], frame_box["y"] + box["y"]


def click_after_scrolling(p, selector: str) -> None:
    """Click what lies below a map's frame: scrolled into view first, and a moment given. Just
    after a scroll, Chromium may route a click by where things were before it, into the map's
    sandboxed frame (a process of its own) that stood there."""
    p.locator(selector).scroll_into_view_if_needed()
    p.wait_for_timeout(300)
    p.click(selector)
