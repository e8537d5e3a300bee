"""Browser test fixtures: the real demo, served by the production web server, in real headless Chromium.

The demo is loaded into its own database (a temporary SQLite file, or a temporary PostgreSQL database
when DATABASE_URL points at PostgreSQL) and served by `joinedup serve` (gunicorn) on a free port, so
these tests see exactly what a person running `make demo` sees.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from .preflight import CHROMIUM

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
WCAG_22_AA = {
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"],
    },
    "resultTypes": ["violations"],
}
REPO = Path(__file__).resolve().parents[3]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _browser_database(tmp: Path) -> tuple[str, Callable[[], None]]:
    """A fresh database for the served demo, and how to remove it afterwards."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        return f"sqlite:///{tmp / 'browser.sqlite3'}", lambda: None
    import psycopg

    name = f"joinedup_browser_{uuid.uuid4().hex[:8]}"
    admin_url = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')

    def drop() -> None:
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    return url.rsplit("/", 1)[0] + "/" + name, drop


@pytest.fixture(scope="session")
def demo_server(tmp_path_factory) -> Iterator[str]:
    """The demo served on a free port; yields its base URL."""
    tmp = tmp_path_factory.mktemp("demo")
    database_url, drop = _browser_database(tmp)
    port = _free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.local",
        "DATABASE_URL": database_url,
        "JOINEDUP_VAR_DIR": str(tmp),
        "WEB_CONCURRENCY": "2",
        # Every test signs in from 127.0.0.1; the limits themselves are tested without a browser.
        "JOINEDUP_SIGN_IN_RATE_PER_ACCOUNT": "1000/m",
        "JOINEDUP_SIGN_IN_RATE_PER_ADDRESS": "1000/m",
        "JOINEDUP_REPORT_RATE": "1000/m",
        "JOINEDUP_REPORT_PHOTO_RATE": "1000/m",
    }
    cli = [sys.executable, "-m", "joinedup.cli"]
    subprocess.run([*cli, "demo"], env=env, cwd=REPO, check=True, capture_output=True)
    log = (tmp / "server.log").open("w")
    server = subprocess.Popen([*cli, "serve", "--port", str(port)], env=env, cwd=REPO, stdout=log, stderr=log)
    base = f"http://127.0.0.1:{port}"
    try:
        # Generous: on a loaded machine (CI runs both databases' suites at once) a cold start is slow.
        for _ in range(450):
            try:
                urllib.request.urlopen(base + "/healthz", timeout=1)  # noqa: S310 - our own local server
                break
            except OSError:
                time.sleep(0.2)
        else:
            raise RuntimeError("The demo server did not start: " + (tmp / "server.log").read_text()[-2000:])
        yield base
    finally:
        server.terminate()
        server.wait(timeout=20)
        log.close()
        drop()


@pytest.fixture(scope="module")
def browser():
    if not os.path.exists(CHROMIUM):
        if os.environ.get("JOINEDUP_REQUIRE_BROWSER") == "1":
            pytest.fail(
                f"Chromium is required but missing at {CHROMIUM}: apt-get install chromium chromium-driver"
            )
        pytest.skip("Chromium is not installed: apt-get install chromium chromium-driver")
    from playwright.sync_api import sync_playwright

    # Module scope: Playwright's event loop must not outlive these tests, or Django's ORM in later
    # tests would think it is running inside async code.
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, demo_server):
    context = browser.new_context(base_url=demo_server, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15000)
    page = context.new_page()
    yield page
    context.close()


def sign_in(page, email: str, password: str) -> None:
    page.goto("/sign-in/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()


def assert_accessible(page) -> None:
    """axe-core WCAG 2.2 AA (and best-practice) rules: zero violations, with a readable report if not."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options=WCAG_22_AA)
    assert results.violations_count == 0, f"{page.url}\n{results.generate_report()}"
