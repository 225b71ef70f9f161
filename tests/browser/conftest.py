"""Browser tests: Debian's Chromium driven by Playwright against Django's live server.

Chromium comes from the system (`apt-get install chromium`); Playwright never downloads
a browser here. Without Chromium these tests are skipped on a developer's machine and
fail in CI (where CI=true), so a missing install step cannot pass unnoticed.
"""

import os
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command

from ..reference import restore_reference_data

# Playwright's sync API runs an event loop in the test thread; Django's ORM calls made by
# the tests themselves (setting up data) are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"


def missing(what: str):
    if os.environ.get("CI"):
        pytest.fail(f"{what} is required in CI")
    pytest.skip(f"{what} is not installed")


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM):
        missing("Chromium (apt-get install chromium)")
    from playwright.sync_api import sync_playwright  # noqa: PLC0415

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield chromium
        chromium.close()


@pytest.fixture
def demo_portal(transactional_db, live_server):
    """The demo data, served by the live server (committed, so its thread sees it).

    Each such test ends by emptying every table, the ten categories of the data
    migration included: put them back first."""
    restore_reference_data()
    call_command("seed_demo", verbosity=0)
    return live_server.url


@pytest.fixture
def page(browser, demo_portal):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on(
        "console",
        lambda message: (
            errors.append(f"{message.text} ({message.location.get('url')})") if message.type == "error" else None
        ),
    )
    page.base = demo_portal
    page.missing_on_purpose = "/no-such-page/"  # a page a test visits to see the 404
    yield page
    context.close()
    assert [error for error in errors if page.missing_on_purpose not in error] == []


@pytest.fixture
def axe_source():
    if not AXE.exists():
        missing("axe-core (npm ci)")
    return AXE.read_text()
