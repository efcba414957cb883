"""Chromium tests: Debian's chromium driven by Playwright's Python package.

Playwright never downloads a browser here; it drives /usr/bin/chromium (or $CHROMIUM).
"""

import os
import shutil

import pytest

from tests.conftest import require_system_package

# Playwright's sync API runs an event loop in the test's thread; the test itself still
# talks to the database synchronously, which Django would otherwise refuse there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        require_system_package("Chromium", False, f"apt-get install -y chromium (looked for {CHROMIUM})")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def open_page(browser, live_server):
    """Open a path of the live server at a viewport width; records every request the page makes."""
    contexts = []

    def open_(path, *, width=1280):
        context = browser.new_context(viewport={"width": width, "height": 900}, locale="en-GB")
        contexts.append(context)
        page = context.new_page()
        page.requests = []
        page.on("request", lambda request: page.requests.append(request.url))
        response = page.goto(live_server.url + path)
        page.response = response
        return page

    yield open_
    for context in contexts:
        context.close()
