"""Fixtures for the browser tests: the real stack and one headless Chromium.

The site under test is what production runs: gunicorn (2 workers) serving
lms.wsgi with lms.settings.production, whitenoise's collected static files and a
fresh database (SQLite, or a new PostgreSQL database when DATABASE_URL points at
PostgreSQL) holding the demo content and an editor account. The tests reach it
only over HTTP, as visitors and editors do, so no pytest-django database fixture
is used here.
"""

import http.client
import os
import re
import secrets
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from playwright.sync_api import expect, sync_playwright

from tests.e2e.demo_site import MODULE_QUIZ, enrol, sign_up
from tests.e2e.quiz_answers import (
    MODULE_QUIZ_KEY,
    answer_attempt,
    outcome,
    poor_answers,
)

E2E_DIR = Path(__file__).resolve().parent
REPO_ROOT = E2E_DIR.parents[1]
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
EDITOR_USERNAME = "editor"
SERVER_START_TIMEOUT = 30
# Failing fast keeps a broken run short; nothing on this site should take seconds.
ACTION_TIMEOUT_MS = 10_000
NAVIGATION_TIMEOUT_MS = 20_000


@dataclass(frozen=True)
class LiveSite:
    """The running site: where it answers and how its editor logs in."""

    url: str
    editor_username: str
    editor_password: str


def pytest_collection_modifyitems(items):
    """Run the browser tests that change the site's content (their module sets
    CHANGES_CONTENT) after the other browser tests, so that those check and
    photograph the demo content exactly as load_demo built it."""
    browser_tests = [item for item in items if item.path.is_relative_to(E2E_DIR)]
    changing = [
        item
        for item in browser_tests
        if getattr(getattr(item, "module", None), "CHANGES_CONTENT", False)
    ]
    if not changing:
        return
    after = items.index(browser_tests[-1]) + 1
    reordered = [item for item in items[:after] if item not in changing]
    items[:] = reordered + changing + items[after:]


@pytest.fixture(scope="session", autouse=True)
def chromium_executable():
    """Debian's Chromium; Playwright's own browser downloads are never used."""
    if os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK):
        return CHROMIUM
    reason = f"Chromium not found at {CHROMIUM}; apt-get install -y chromium"
    if os.environ.get("E2E_REQUIRED") == "1":
        pytest.fail(f"{reason} (E2E_REQUIRED=1: the browser tests must run)")
    pytest.skip(reason)


# The database ---------------------------------------------------------------


@pytest.fixture(scope="session")
def site_database_url(tmp_path_factory):
    """A DATABASE_URL for an empty database that only this test session uses."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        path = tmp_path_factory.mktemp("e2e-database") / "site.sqlite3"
        yield f"sqlite:///{path}"
        return

    import psycopg
    from psycopg import sql

    name = f"lms_e2e_{os.getpid()}"

    def run_on_server(statement):
        # CREATE and DROP DATABASE cannot run inside a transaction, nor while
        # connected to the database they act on.
        with psycopg.connect(url, dbname="postgres", autocommit=True) as connection:
            connection.execute(sql.SQL(statement).format(sql.Identifier(name)))

    run_on_server("DROP DATABASE IF EXISTS {} WITH (FORCE)")
    run_on_server("CREATE DATABASE {}")
    yield urlunsplit(urlsplit(url)._replace(path=f"/{name}"))
    run_on_server("DROP DATABASE IF EXISTS {} WITH (FORCE)")


# The server -----------------------------------------------------------------


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def log_tail(path, lines=40):
    text = path.read_text(errors="replace") if path.exists() else ""
    return "\n".join(text.splitlines()[-lines:])


def start(args, env, log_path):
    """Start a command in the repository root, its output going to log_path."""
    with log_path.open("wb") as log:
        return subprocess.Popen(
            args, cwd=REPO_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT
        )


def finish(process, description, log_path):
    if process.wait() != 0:
        pytest.fail(
            f"{description} failed (exit {process.returncode}); its output ends:\n"
            f"{log_tail(log_path)}"
        )


def wait_until_healthy(process, port, log_path):
    deadline = time.monotonic() + SERVER_START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(
                f"gunicorn exited with {process.returncode}:\n{log_tail(log_path)}"
            )
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
        try:
            connection.request("GET", "/healthz", headers={"Host": "localhost"})
            if connection.getresponse().status == 200:
                return
        except OSError:
            pass
        finally:
            connection.close()
        time.sleep(0.2)
    pytest.fail(
        f"gunicorn did not answer /healthz within {SERVER_START_TIMEOUT}s:\n"
        f"{log_tail(log_path)}"
    )


def manage(*args):
    return [sys.executable, "manage.py", *args]


def build_site(env, log_dir):
    """What `make setup` does, on the fresh database: schema, cache table, demo
    content, the editor's account, and the static files whitenoise serves."""
    # collectstatic needs no database, so it runs while the database is built.
    collectstatic_log = log_dir / "collectstatic.log"
    collectstatic = start(
        manage("collectstatic", "--noinput", "--verbosity", "0"), env, collectstatic_log
    )
    try:
        for command in (
            ("migrate", "--noinput"),
            ("createcachetable",),
            ("load_demo",),
            ("ensure_admin",),
        ):
            log_path = log_dir / f"{command[0]}.log"
            process = start(manage(*command), env, log_path)
            finish(process, f"manage.py {command[0]}", log_path)
        finish(collectstatic, "manage.py collectstatic", collectstatic_log)
    finally:
        if collectstatic.poll() is None:
            collectstatic.kill()
            collectstatic.wait()


@pytest.fixture(scope="session")
def live_site(site_database_url, tmp_path_factory):
    """gunicorn serving the production settings over the demo content."""
    # Kept with the screenshots, where someone chasing a failure can read them
    # (a server error's traceback is in gunicorn.log).
    log_dir = REPO_ROOT / "test-artifacts" / "e2e-logs"
    log_dir.mkdir(parents=True, exist_ok=True)
    password = secrets.token_urlsafe(16)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "lms.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "localhost,127.0.0.1",
        # Plain HTTP on localhost: there is no TLS proxy in front.
        "SECURE_SSL_REDIRECT": "false",
        "DATABASE_URL": site_database_url,
        "ADMIN_USERNAME": EDITOR_USERNAME,
        "ADMIN_EMAIL": "editor@localhost",
        "ADMIN_PASSWORD": password,
        "PYTHONUNBUFFERED": "1",
        # Its own static files, so a `make run` or a benchmark at the same time
        # cannot collide with this run's collectstatic.
        "STATIC_ROOT": str(tmp_path_factory.mktemp("static")),
        "PAGE_CACHE_TIMEOUT": "600",
    }
    # The page cache lives in the fresh database, not in a Redis shared with other
    # runs, whose cached pages would come from other content.
    env.pop("REDIS_URL", None)
    env.pop("GUNICORN_CMD_ARGS", None)
    build_site(env, log_dir)

    port = free_port()
    server_log = log_dir / "gunicorn.log"
    server = start(
        [
            *(sys.executable, "-m", "gunicorn", "lms.wsgi:application"),
            *("--bind", f"127.0.0.1:{port}", "--workers", "2"),
            *("--graceful-timeout", "5", "--access-logfile", "-"),
        ],
        env,
        server_log,
    )
    try:
        wait_until_healthy(server, port, server_log)
        # "localhost", not 127.0.0.1: Chromium treats localhost as a secure
        # context, so the production settings' Secure session and CSRF cookies
        # are kept over plain HTTP.
        yield LiveSite(
            url=f"http://localhost:{port}",
            editor_username=EDITOR_USERNAME,
            editor_password=password,
        )
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


# The browser ----------------------------------------------------------------


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args, chromium_executable):
    """pytest-playwright's launch options (--headed, --slowmo) plus Debian's Chromium."""
    return {
        "headless": True,
        **browser_type_launch_args,
        "executable_path": chromium_executable,
        "args": CHROMIUM_ARGS,
    }


@pytest.fixture(scope="package")
def playwright():
    """Playwright for the browser tests only (package scope, not pytest-playwright's
    session scope).

    While Playwright's sync API is started it marks an asyncio loop as running in
    the main thread, and Django then refuses ORM calls ("You cannot call this from
    an async context"). Stopping it when the last browser test is done keeps
    any test that runs after this package and uses the database working (today
    pytest-django happens to run those first), without switching off Django's
    async-safety check with DJANGO_ALLOW_ASYNC_UNSAFE.
    """
    with sync_playwright() as started:
        yield started


@pytest.fixture(scope="package")
def browser(playwright, browser_type_launch_args):
    """One headless Chromium for every browser test; each test opens new contexts."""
    chromium = playwright.chromium.launch(**browser_type_launch_args)
    yield chromium
    chromium.close()


@pytest.fixture(scope="package")
def browser_context_args(live_site):
    return {"base_url": live_site.url, "locale": "en-GB", "timezone_id": "UTC"}


def confine(context, live_site):
    """Set a context's time limits and let it reach only the site."""
    context.set_default_timeout(ACTION_TIMEOUT_MS)
    context.set_default_navigation_timeout(NAVIGATION_TIMEOUT_MS)
    # The admin asks releases.wagtail.org for updates and Gravatar for avatars:
    # refused at once, the run neither waits on the network nor depends on it.
    elsewhere = re.compile(rf"^(?!{re.escape(live_site.url)}/)")
    context.route(elsewhere, lambda route: route.abort())
    return context


@pytest.fixture
def open_context(new_context, live_site):
    """Open a fresh browser context (no cookies) that can reach only the site."""

    def open_(**options):
        options.setdefault("viewport", DESKTOP)
        return confine(new_context(**options), live_site)

    return open_


@pytest.fixture
def context(open_context):
    """A desktop-sized context; pytest-playwright's `page` fixture opens its page."""
    return open_context()


# A learner part-way through a quiz --------------------------------------------


@dataclass(frozen=True)
class QuizLearner:
    """A learner's login, and their browser state (cookies) to open contexts with."""

    username: str
    password: str
    storage_state: dict


@pytest.fixture(scope="package")
def quiz_learner(browser, browser_context_args, live_site):
    """A learner enrolled in the demo course who has failed attempt 1 at Module
    2.2's quiz and started attempt 2: the pages of demo_site.LEARNER_PAGES.

    Made once, with the forms a learner uses, for the tests that look at those
    pages; `open_context(storage_state=quiz_learner.storage_state)` opens a
    context logged in as this learner.
    """
    username = f"quizzer{secrets.token_hex(3)}"
    password = secrets.token_urlsafe(16)
    context = confine(
        browser.new_context(**browser_context_args, viewport=DESKTOP), live_site
    )
    try:
        page = context.new_page()
        sign_up(page, username, password, "Kofi Mensah")
        enrol(page)
        page.goto(MODULE_QUIZ)
        page.get_by_role("button", name="Start the quiz").click()
        answer_attempt(page, MODULE_QUIZ_KEY, right=poor_answers)
        page.get_by_role("button", name="Submit answers").click()
        expect(outcome(page)).to_have_text("Not passed yet")
        page.get_by_role("button", name="Try again: start attempt 2").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Attempt 2")
        return QuizLearner(username, password, context.storage_state())
    finally:
        context.close()
