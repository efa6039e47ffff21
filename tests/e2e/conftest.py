"""Browser tests: Debian's Chromium driven by Playwright against pytest-django's live server."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Locator, Page, sync_playwright

HERE = Path(__file__).resolve().parent
SCREENSHOTS = HERE.parents[1] / "test-results" / "screenshots"
# Pictures for the guide and the README: `make readme-images` copies them into docs/images/.
DOC_PICTURES = HERE.parents[1] / "test-results" / "docs"
CHROMIUM = os.environ.get("OKRUM_E2E_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-gpu",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# A failing expectation should fail within seconds, not hang the run.
TIMEOUT_MS = 10_000


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test under tests/e2e as e2e, before `-m` deselects by marker."""
    for item in items:
        if item.path.is_relative_to(HERE):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    # Playwright's sync API keeps an event loop running in this thread, which makes Django
    # refuse ORM calls from the test; the calls are in fact synchronous, so allow them.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()
    if previous is None:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def new_page(browser: Browser, live_server: Any) -> Iterator[Callable[[], Page]]:
    """`new_page()` → a page in a fresh browser context (own cookies) on the live server."""
    contexts = []

    def make() -> Page:
        context = browser.new_context(
            base_url=live_server.url, viewport={"width": 1280, "height": 800}
        )
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page: Callable[[], Page]) -> Page:
    return new_page()


@pytest.fixture
def screenshot() -> Callable[[Page, str], Path]:
    """`screenshot(page, name)` saves the whole page to test-results/screenshots/<name>.png."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def take(page: Page, name: str) -> Path:
        path = SCREENSHOTS / (re.sub(r"[^\w.-]+", "-", name) + ".png")
        page.screenshot(path=path, full_page=True)
        return path

    return take


@pytest.fixture
def doc_picture(screenshot: Callable[[Page, str], Path]) -> Callable[..., Path]:
    """`doc_picture(page, name, start=locator)`: the whole page as a screenshot, plus a picture
    for the docs at test-results/docs/<name>.png — the width of the window and `height` pixels
    tall, from a little above `start` (or from the top), so the guide shows what matters."""
    DOC_PICTURES.mkdir(parents=True, exist_ok=True)

    def take(page: Page, name: str, start: Locator | None = None, height: int = 900) -> Path:
        screenshot(page, name)
        width = page.viewport_size["width"] if page.viewport_size else 1280
        total = page.evaluate("document.documentElement.scrollHeight")
        top = 0.0
        if start is not None:
            start.scroll_into_view_if_needed()
            box = start.bounding_box()
            assert box is not None, f"{name}: the picture's start is not on the page"
            top = max(0.0, box["y"] + page.evaluate("window.scrollY") - 24)
        top = max(0.0, min(top, total - height))
        path = DOC_PICTURES / f"{name}.png"
        clip = {"x": 0, "y": top, "width": width, "height": min(height, total)}
        page.screenshot(path=path, full_page=True, clip=clip)  # type: ignore[arg-type]
        return path

    return take
