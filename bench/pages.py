"""Page benchmark: serve the demo site with gunicorn and measure each page type.

`make bench` (or `.venv/bin/python bench/pages.py --help`) builds a fresh database
with the demo content, starts gunicorn (2 sync workers, production settings with
DEBUG off) on a free loopback port and drives every public page type with wrk.
Each page's requests per second are compared with a bare Django view rendering a
template of the same size (`bench/views.py`), the fastest this stack serves a page.
SQL queries per request are counted in-process with Django's test client against
the same database.

It measures whatever the app does; it is not part of the test suite.
"""

import argparse
import contextlib
import dataclasses
import datetime
import importlib.metadata
import json
import os
import platform
import re
import resource
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BENCH_DIR.parent
RESULTS_DIR = BENCH_DIR / "results"

# Run as `python bench/pages.py`, Python puts bench/ first on the path; the
# project root is what `bench.settings` and the apps are imported from.
if sys.path and Path(sys.path[0]).resolve() == BENCH_DIR:
    sys.path[0] = str(PROJECT_DIR)
elif str(PROJECT_DIR) not in sys.path:
    sys.path.insert(0, str(PROJECT_DIR))

from bench import BASELINE_PATH  # noqa: E402

HOST = "127.0.0.1"
LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1"}
WORKERS = 2
WARMUP_REQUESTS = 12
# Concurrent, so that both sync workers serve (and warm up) each URL.
WARMUP_CONCURRENCY = 4
SERVER_WARMUP_SECONDS = 3
DRIFT_WARNING = 0.10
# Cores taken by other programs above which a row is called unreliable.
BUSY_CPU = 0.2
TARGET_RATIO = 0.5
PG_BENCH_DATABASE = "lms_bench"
SEARCH_QUERY = "innovation"
PAGE_NAMES = (
    "home",
    "events",
    "event",
    "courses",
    "course",
    "day",
    "module",
    "slide",
    "plenary",
    "search",
)
STARTUP_TIMEOUT = 60
HTTP_TIMEOUT = 10
EXCEPTION_LINE_RE = re.compile(r"^[\w.]+(Error|Exception|ImproperlyConfigured)\b.*:")
SETUP_STEPS = (
    ("migrate", ["migrate", "--noinput"], 900),
    ("createcachetable", ["createcachetable"], 120),
    ("load_demo", ["load_demo"], 600),
    ("collectstatic", ["collectstatic", "--noinput", "--verbosity", "0"], 300),
)


class BenchError(Exception):
    """A reason to stop, said in one line."""


# ---------------------------------------------------------------------------
# Command line and environment


def parse_args(argv):
    parser = argparse.ArgumentParser(
        description=(
            "Benchmark the demo site's pages under gunicorn "
            f"({WORKERS} sync workers) with wrk, against a bare Django view."
        )
    )
    parser.add_argument(
        "--duration",
        type=int,
        default=10,
        help="seconds of wrk load per page (default 10, at most 300)",
    )
    parser.add_argument(
        "--connections", type=int, default=8, help="wrk connections (default 8)"
    )
    parser.add_argument(
        "--threads", type=int, default=2, help="wrk threads (default 2)"
    )
    parser.add_argument(
        "--database-url",
        default=os.environ.get("BENCH_DATABASE_URL", ""),
        help=(
            "a PostgreSQL server to use, e.g. postgres://postgres@127.0.0.1:5432/postgres;"
            f" a fresh '{PG_BENCH_DATABASE}' database is created on it and dropped at"
            " the end (default: env BENCH_DATABASE_URL, else a temporary SQLite file)"
        ),
    )
    parser.add_argument(
        "--redis-url",
        default="",
        help="set REDIS_URL so the cache is shared through Redis "
        "(default: the database cache)",
    )
    parser.add_argument(
        "--pages",
        default="",
        help=f"comma-separated pages to measure, of: {', '.join(PAGE_NAMES)} "
        "(default: all; the baseline is always measured)",
    )
    parser.add_argument(
        "--json", dest="json_path", default="", help="also write the results here"
    )
    args = parser.parse_args(argv)
    args.pages = {name.strip() for name in args.pages.split(",") if name.strip()}
    if unknown := args.pages - set(PAGE_NAMES):
        parser.error(f"unknown pages: {', '.join(sorted(unknown))}")
    if args.database_url and not args.database_url.startswith(
        ("postgres:", "postgresql:")
    ):
        parser.error("--database-url must be a postgres:// URL (SQLite is the default)")
    if not 1 <= args.duration <= 300:
        parser.error("--duration must be between 1 and 300 seconds")
    if not 1 <= args.threads <= args.connections <= 256:
        parser.error("need 1 <= --threads <= --connections <= 256")
    return args


def require_loopback(url, what):
    """Refuse anything but this machine: the benchmark creates and drops things."""
    host = urllib.parse.urlsplit(url).hostname
    # PostgreSQL URLs without a host use the local Unix socket.
    if host not in LOOPBACK_HOSTS and not (what == "database" and not host):
        raise BenchError(f"the {what} must be on this machine (127.0.0.1), not {host}")


def ensure_wrk():
    """Path to wrk; installs Debian's package when running as root."""
    wrk = shutil.which("wrk")
    if wrk:
        return wrk
    if os.geteuid() != 0:
        raise BenchError("wrk is missing: install it with `apt-get install -y wrk`")
    print("wrk is missing; installing Debian's package (apt-get install -y wrk).")
    apt_env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    install = ["apt-get", "install", "-y", "-q", "wrk"]
    for command in (install, ["apt-get", "update", "-q"], install):
        result = subprocess.run(
            command, env=apt_env, capture_output=True, text=True, timeout=600
        )
        if command is install and result.returncode == 0:
            break
    wrk = shutil.which("wrk")
    if not wrk:
        raise BenchError("wrk is missing and `apt-get install -y wrk` failed")
    return wrk


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


# ---------------------------------------------------------------------------
# Database


def postgres_database(server_url, stack):
    """Create a fresh benchmark database on the server; drop it when done."""
    import psycopg

    parts = urllib.parse.urlsplit(server_url)
    named = parts.path.lstrip("/")
    maintenance = [
        name for name in (named, "postgres") if name and name != PG_BENCH_DATABASE
    ]

    def connect():
        last_error = None
        for name in maintenance:
            try:
                return psycopg.connect(
                    urllib.parse.urlunsplit(parts._replace(path=f"/{name}")),
                    autocommit=True,
                    connect_timeout=10,
                )
            except psycopg.OperationalError as error:
                last_error = error
        raise BenchError(
            f"cannot connect to PostgreSQL at {parts.hostname}: "
            f"{str(last_error).strip().splitlines()[-1]}"
        )

    with connect() as conn:
        # A database of this name can only be left over from an interrupted run.
        conn.execute(f'DROP DATABASE IF EXISTS "{PG_BENCH_DATABASE}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{PG_BENCH_DATABASE}"')

    def drop():
        with connect() as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{PG_BENCH_DATABASE}" WITH (FORCE)')

    stack.callback(drop)
    return urllib.parse.urlunsplit(parts._replace(path=f"/{PG_BENCH_DATABASE}"))


def run_setup_steps(env):
    """migrate, createcachetable, load_demo and collectstatic, as `make setup` does."""
    for name, arguments, timeout in SETUP_STEPS:
        print(f"  {name} ...", flush=True)
        try:
            result = subprocess.run(
                [sys.executable, "manage.py", *arguments],
                cwd=PROJECT_DIR,
                env=env,
                capture_output=True,
                text=True,
                timeout=timeout,
            )
        except subprocess.TimeoutExpired as error:
            raise BenchError(f"{name} took longer than {timeout} s") from error
        if result.returncode != 0:
            lines = (result.stderr or result.stdout).strip().splitlines() or ["?"]
            raise BenchError(f"{name} failed (exit {result.returncode}): {lines[-1]}")


# ---------------------------------------------------------------------------
# In-process Django: the pages to measure, their SQL queries, the stack


def setup_django(env):
    os.environ.update(env)
    import django

    django.setup()


def find_pages(selected):
    """(name, label, path) of each page type to measure, found in the database."""
    from django.apps import apps
    from wagtail.models import Site

    def live(app, model):
        return apps.get_model(app, model).objects.live().order_by("path")

    def path_of(page):
        return page.get_url_parts()[2] if page is not None else None

    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    home = site.root_page if site else None
    modules = live("courses", "ModulePage")
    module = modules.filter(code="2.2").first() or modules.first()
    day = course = slide = question = event = None
    if module is not None:
        day = live("courses", "DayPage").ancestor_of(module).first()
        course = live("courses", "CoursePage").ancestor_of(module).first()
        slide = live("courses", "SlidePage").child_of(module).first()
        question = live("courses", "PlenaryQuestionPage").child_of(module).first()
    if course is not None:
        event = course.events.live().order_by("start_date").first()
    event = event or live("courses", "EventPage").first()

    candidates = [
        ("baseline", "baseline (bare view)", BASELINE_PATH),
        ("home", "home", path_of(home)),
        ("events", "event listing", path_of(live("courses", "EventIndexPage").first())),
        ("event", "event", path_of(event)),
        (
            "courses",
            "course listing",
            path_of(live("courses", "CourseIndexPage").first()),
        ),
        ("course", "course", path_of(course)),
        ("day", "day", path_of(day)),
        ("module", f"module {getattr(module, 'code', '')}".strip(), path_of(module)),
        ("slide", "slide", path_of(slide)),
        ("plenary", "plenary question", path_of(question)),
        ("search", f"search '{SEARCH_QUERY}'", f"/search/?query={SEARCH_QUERY}"),
    ]
    pages, missing = [], []
    for name, label, path in candidates:
        if selected and name != "baseline" and name not in selected:
            continue
        (pages if path else missing).append((name, label, path))
    return pages, [name for name, _, _ in missing]


def count_queries(path):
    """SQL queries for the first request to `path` and in steady state.

    The first request is the process's first for that URL (cold caches); then one
    warm-up request; then the steady-state count, which is what a page cache (or
    any other cache) brings it down to.
    """
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    # "testserver", the client's default host, is not in ALLOWED_HOSTS; and a
    # host other than wrk's keeps these requests from warming wrk's cache keys.
    client = Client(HTTP_HOST="localhost", raise_request_exception=False)
    counts = []
    for counted in (True, False, True):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        if counted:
            counts.append(len(queries.captured_queries))
    return {
        "status": response.status_code,
        "bytes": len(response.content),
        "first": counts[0],
        "steady": counts[1],
    }


def describe_stack():
    from django.conf import settings
    from django.db import connection

    if connection.vendor == "sqlite":
        import sqlite3

        database = f"sqlite {sqlite3.sqlite_version}"
    else:
        with connection.cursor():
            version = connection.pg_version
        database = f"{connection.vendor} {version // 10000}.{version % 10000}"
    caches = {alias: cache["BACKEND"] for alias, cache in settings.CACHES.items()}
    page_cache_alias = getattr(settings, "PAGE_CACHE_ALIAS", None)
    return {
        "python": platform.python_version(),
        "django": importlib.metadata.version("django"),
        "wagtail": importlib.metadata.version("wagtail"),
        "gunicorn": importlib.metadata.version("gunicorn"),
        "database": database,
        "cache_backends": caches,
        "page_cache": (
            {
                "alias": page_cache_alias,
                "backend": caches.get(page_cache_alias),
                "timeout": getattr(settings, "PAGE_CACHE_TIMEOUT", None),
            }
            if page_cache_alias
            else None
        ),
        "middleware": list(settings.MIDDLEWARE),
        "debug": settings.DEBUG,
    }


# ---------------------------------------------------------------------------
# gunicorn


class NoRedirect(urllib.request.HTTPRedirectHandler):
    """Report a redirect as the response it is: every page must answer 200 itself."""

    def redirect_request(self, *args, **kwargs):
        return None


OPENER = urllib.request.build_opener(NoRedirect)


def fetch(url):
    """(status, headers, body) of one GET, without following redirects."""
    try:
        with OPENER.open(url, timeout=HTTP_TIMEOUT) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def start_gunicorn(env, port, log_path, stack):
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "lms.wsgi:application",
        "--bind",
        f"{HOST}:{port}",
        "--workers",
        str(WORKERS),
        "--worker-class",
        "sync",
        "--chdir",
        str(PROJECT_DIR),
        "--log-level",
        "warning",
    ]
    log = stack.enter_context(open(log_path, "wb"))
    # Its own session, so that stopping it stops the workers too.
    process = subprocess.Popen(
        command,
        cwd=PROJECT_DIR,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    stack.callback(stop_process_group, process)

    url = f"http://{HOST}:{port}{BASELINE_PATH}"
    deadline = time.monotonic() + STARTUP_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise BenchError(
                f"gunicorn exited with code {process.returncode}: {last_line(log_path)}"
            )
        with contextlib.suppress(OSError):
            status, _, _ = fetch(url)
            if status == 200:
                return process, wait_for_workers(process)
            raise BenchError(
                f"gunicorn started but the baseline answered {status}: "
                f"{last_line(log_path)}"
            )
        time.sleep(0.25)
    raise BenchError(
        f"gunicorn did not answer within {STARTUP_TIMEOUT} s: {last_line(log_path)}"
    )


def wait_for_workers(process, timeout=15):
    """How many workers the master runs (read from /proc once all have booted)."""
    children_file = Path(f"/proc/{process.pid}/task/{process.pid}/children")
    deadline = time.monotonic() + timeout
    count = None
    while time.monotonic() < deadline:
        try:
            count = len(children_file.read_text().split())
        except OSError:
            return None
        if count >= WORKERS:
            break
        time.sleep(0.2)
    return count


def stop_process_group(process):
    if process.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=5)


def last_line(path):
    """The log's most telling line: its last exception other than gunicorn's own."""
    with contextlib.suppress(OSError):
        lines = Path(path).read_text(errors="replace").strip().splitlines()
        # gunicorn ends a failed boot with HaltServer; the cause is above it.
        causes = [
            line.strip()
            for line in lines
            if EXCEPTION_LINE_RE.match(line) and "HaltServer" not in line
        ]
        if causes or lines:
            return (causes or lines)[-1].strip()
    return "(no output)"


# ---------------------------------------------------------------------------
# wrk

LATENCY_RE = re.compile(r"^\s*(50|75|90|99)%\s+([\d.]+)(us|ms|s|m)\s*$", re.MULTILINE)
RATE_RE = re.compile(r"^Requests/sec:\s+([\d.]+)", re.MULTILINE)
TOTAL_RE = re.compile(r"^\s*(\d+) requests in ", re.MULTILINE)
NON_2XX_RE = re.compile(r"Non-2xx or 3xx responses:\s+(\d+)")
SOCKET_RE = re.compile(
    r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)"
)
TO_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}


def run_wrk(wrk, url, args):
    command = [
        wrk,
        f"-t{args.threads}",
        f"-c{args.connections}",
        f"-d{args.duration}s",
        "--timeout",
        "5s",
        "--latency",
        url,
    ]
    try:
        result = subprocess.run(
            command, capture_output=True, text=True, timeout=args.duration + 60
        )
    except subprocess.TimeoutExpired:
        return {"failure": "wrk did not finish in time"}
    output = result.stdout
    rate = RATE_RE.search(output)
    if result.returncode != 0 or not rate:
        reason = (result.stderr or output).strip().splitlines() or ["no output"]
        return {"failure": f"wrk failed: {reason[-1]}"}

    errors = {"non_2xx_3xx": 0, "connect": 0, "read": 0, "write": 0, "timeout": 0}
    if match := NON_2XX_RE.search(output):
        errors["non_2xx_3xx"] = int(match.group(1))
    if match := SOCKET_RE.search(output):
        for key, value in zip(
            ("connect", "read", "write", "timeout"), match.groups(), strict=True
        ):
            errors[key] = int(value)
    total = TOTAL_RE.search(output)
    return {
        "requests_per_second": float(rate.group(1)),
        "requests": int(total.group(1)) if total else None,
        "latency_ms": {
            f"p{pct}": round(float(value) * TO_MS[unit], 3)
            for pct, value, unit in LATENCY_RE.findall(output)
        },
        "errors": errors,
        "wrk_output": output,
    }


class CpuMeter:
    """Cores used, on average, by the stack under test and by everything else.

    The stack is gunicorn (master and workers), wrk, and the database or cache
    server processes serving the benchmark. Any other program busy on the machine
    (a test run, a browser) takes cores from gunicorn: its share tells a slow row
    from a busy machine. Reads Linux's /proc; None elsewhere.
    """

    def __init__(self, target):
        self.target = target
        self.start = self.snapshot()

    def snapshot(self):
        server = self.target.server.pid
        services = self.service_pids()
        try:
            with open("/proc/stat") as stat:
                values = [int(v) for v in stat.readline().split()[1:9]]
            gunicorn = cpu_ticks([server, *child_pids(server)])
        except (OSError, ValueError):
            return None
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        return {
            "time": time.monotonic(),
            # idle and iowait are the two idle columns.
            "busy": sum(values) - values[3] - values[4],
            "gunicorn": gunicorn,
            "services": cpu_ticks(services),
            # PostgreSQL replaces a backend when Django recycles a connection
            # (CONN_MAX_AGE); a backend's CPU time moves to its parent's
            # children's time when it exits, so that is counted too.
            "reaped": cpu_ticks(parent_pids(services), reaped_children=True),
            "wrk": children.ru_utime + children.ru_stime,
        }

    def service_pids(self):
        """The database and cache server processes that serve the benchmark."""
        markers = self.target.service_markers
        pids = []
        for entry in Path("/proc").iterdir() if markers else ():
            if not entry.name.isdigit():
                continue
            with contextlib.suppress(OSError):
                cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ")
                if any(marker in cmdline for marker in markers):
                    pids.append(int(entry.name))
        return pids

    def stop(self):
        end = self.snapshot()
        if self.start is None or end is None:
            return None
        tick = os.sysconf("SC_CLK_TCK")

        def grown(name):
            # A process that started during the run counts from zero.
            before = self.start[name]
            return sum(ticks - before.get(pid, 0) for pid, ticks in end[name].items())

        # An exited process's whole life moved to its parent's children's time:
        # take away what it had used before the run.
        exited = sum(
            ticks
            for pid, ticks in self.start["services"].items()
            if pid not in end["services"]
        )
        services = grown("services") + grown("reaped") - exited
        usage = {
            "gunicorn": grown("gunicorn") / tick,
            "database_and_cache": services / tick,
            "wrk": end["wrk"] - self.start["wrk"],
        }
        busy = (end["busy"] - self.start["busy"]) / tick
        usage["other"] = max(busy - sum(usage.values()), 0)
        elapsed = end["time"] - self.start["time"]
        return {name: round(seconds / elapsed, 2) for name, seconds in usage.items()}


def child_pids(pid):
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(child) for child in path.read_text().split()]


def stat_fields(pid):
    """/proc/PID/stat after the command name: fields[0] is the 3rd field."""
    return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()


def cpu_ticks(pids, reaped_children=False):
    """User plus system CPU ticks of each process still running, by pid.

    With reaped_children, the ticks of its children that have exited instead.
    """
    # utime, stime, cutime and cstime are the stat file's 14th to 17th fields.
    first = 13 if reaped_children else 11
    ticks = {}
    for pid in pids:
        with contextlib.suppress(OSError):
            fields = stat_fields(pid)
            ticks[pid] = int(fields[first]) + int(fields[first + 1])
    return ticks


def parent_pids(pids):
    """The parents of these processes, except init (which adopts every orphan)."""
    parents = set()
    for pid in pids:
        with contextlib.suppress(OSError):
            parents.add(int(stat_fields(pid)[1]))
    return parents - {0, 1}


def wrk_version(wrk):
    # `wrk -v` prints its version and exits non-zero.
    result = subprocess.run([wrk, "-v"], capture_output=True, text=True, timeout=10)
    line = (result.stdout or result.stderr).strip().splitlines()
    return line[0].split(" Copyright")[0] if line else "wrk"


@dataclasses.dataclass
class Target:
    """The server under load and what drives it."""

    wrk: str
    server: subprocess.Popen
    port: int
    # Byte strings that name the database and cache server processes serving
    # the benchmark in /proc/PID/cmdline, so that their CPU counts as the stack's.
    service_markers: list

    def url(self, path):
        return f"http://{HOST}:{self.port}{path}"


def measure_page(target, page, queries, args):
    """Warm the URL up, take its size and cache header, then put it under wrk."""
    name, label, path = page
    url = target.url(path)
    row = {"name": name, "label": label, "path": path, "queries": queries}
    with ThreadPoolExecutor(max_workers=WARMUP_CONCURRENCY) as pool:
        list(pool.map(lambda _: fetch(url), range(WARMUP_REQUESTS)))
    status, headers, body = fetch(url)
    row.update(
        status=status,
        html_bytes=len(body),
        page_cache=headers.get("X-Page-Cache"),
    )
    if status != 200:
        row["failure"] = f"answered {status}, not 200"
        return row
    meter = CpuMeter(target)
    row.update(run_wrk(target.wrk, url, args))
    row["cpu_cores"] = meter.stop()
    row["other_cpu"] = row["cpu_cores"]["other"] if row["cpu_cores"] else None
    return row


def error_count(row):
    if row.get("failure"):
        return None
    return sum(row["errors"].values())


# ---------------------------------------------------------------------------
# Report


def format_table(rows, baseline_rate):
    header = (
        "page",
        "req/s",
        "vs base",
        "p50 ms",
        "p99 ms",
        "errors",
        "HTML bytes",
        "SQL 1st/steady",
        "cache",
        "other CPU",
        "path",
    )
    lines = [header]
    for row in rows:
        queries = row.get("queries") or {}
        sql = f"{queries.get('first', '?')}/{queries.get('steady', '?')}"
        if queries.get("status") != 200:
            sql += f" (got {queries.get('status')})"
        if row.get("failure"):
            lines.append(
                (
                    row["label"],
                    "-",
                    "-",
                    "-",
                    "-",
                    "FAILED",
                    f"{row.get('html_bytes', 0):,}",
                    sql,
                    row.get("page_cache") or "-",
                    "-",
                    f"{row['path']}  ({row['failure']})",
                )
            )
            continue
        rate = row["requests_per_second"]
        errors = error_count(row)
        lines.append(
            (
                row["label"],
                f"{rate:,.1f}",
                f"{rate / baseline_rate:.2f}x" if baseline_rate else "-",
                f"{row['latency_ms'].get('p50', 0):.1f}",
                f"{row['latency_ms'].get('p99', 0):.1f}",
                f"{errors} ERROR" if errors else "0",
                f"{row['html_bytes']:,}",
                sql,
                row.get("page_cache") or "-",
                "?" if row.get("other_cpu") is None else f"{row['other_cpu']:.2f}",
                row["path"],
            )
        )
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    # Text columns to the left, numbers to the right.
    left = {0, 8, 10}
    formatted = []
    for line in lines:
        cells = [
            cell.ljust(width) if i in left else cell.rjust(width)
            for i, (cell, width) in enumerate(zip(line, widths, strict=True))
        ]
        formatted.append("  ".join(cells).rstrip())
    formatted.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(formatted)


def write_results(results, json_path):
    RESULTS_DIR.mkdir(exist_ok=True)
    text = json.dumps(results, indent=2) + "\n"
    stamp = results["started_at"].replace(":", "").replace("-", "")[:15]
    written = [RESULTS_DIR / f"pages-{stamp}.json", RESULTS_DIR / "latest.json"]
    if json_path:
        written.append(Path(json_path))
    for path in written:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return written


# ---------------------------------------------------------------------------
# Main


def delete_redis_keys(redis_url, prefix):
    import redis

    client = redis.Redis.from_url(redis_url, socket_timeout=10)
    for key in client.scan_iter(match=f"{prefix}*", count=1000):
        client.delete(key)


def bench_environment(args, workdir, stack):
    """The environment of every process: production settings, fresh database."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "false",
        "PYTHONPATH": os.pathsep.join(
            filter(None, [str(PROJECT_DIR), os.environ.get("PYTHONPATH")])
        ),
    }
    # The cache is Redis only when asked for, whatever this shell exports.
    env.pop("REDIS_URL", None)
    if args.redis_url:
        prefix = f"lms-bench-{secrets.token_hex(4)}"
        env.update(REDIS_URL=args.redis_url, BENCH_CACHE_KEY_PREFIX=prefix)
        stack.callback(delete_redis_keys, args.redis_url, prefix)

    if args.database_url:
        print(f"Creating database '{PG_BENCH_DATABASE}' (dropped at the end).")
        env["DATABASE_URL"] = postgres_database(args.database_url, stack)
    else:
        env["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
        print(f"Using a temporary SQLite database in {workdir}.")
    return env


def count_all_queries(pages):
    """Query counts of every page, and the byte size the baseline should have."""
    from django.test import override_settings

    print("Counting SQL queries per request in-process (Django test client) ...")
    queries = {name: count_queries(path) for name, _, path in pages[1:]}
    # As big as the module page (or the largest page, if it is not measured).
    sizes = [q["bytes"] for q in queries.values() if q["status"] == 200]
    module = queries.get("module") or {}
    baseline_bytes = module.get("bytes") or max(sizes, default=40000)
    with override_settings(BENCH_BASELINE_BYTES=baseline_bytes):
        queries["baseline"] = count_queries(BASELINE_PATH)
    return queries, baseline_bytes


def describe_run(stack_info, machine, workers, port, load):
    return "\n".join(
        [
            f"gunicorn {stack_info['gunicorn']}: {workers} workers running "
            f"({WORKERS} configured, sync) on 127.0.0.1:{port}; "
            f"CPUs: {machine['cpus']} ({machine['usable_cpus']} usable), "
            f"load average {machine['load_average_1min_at_start']}",
            f"Python {stack_info['python']}, Django {stack_info['django']}, "
            f"Wagtail {stack_info['wagtail']}; database: {stack_info['database']}; "
            f"DEBUG={stack_info['debug']}",
            "cache: "
            + ", ".join(f"{a}={b}" for a, b in stack_info["cache_backends"].items())
            + (
                f"; page cache on '{stack_info['page_cache']['alias']}'"
                if stack_info["page_cache"]
                else "; no page cache configured"
            ),
            f"load: {load['tool']}, {load['threads']} threads, "
            f"{load['connections']} connections, {load['duration_s']} s per page; "
            f"each URL warmed up first with {WARMUP_REQUESTS} requests, "
            f"{WARMUP_CONCURRENCY} at a time (caches filled)",
        ]
    )


def summarise(rows):
    """Ratios to the first baseline run, its drift, pages below target, failures."""
    baseline_rate = rows[0].get("requests_per_second")
    repeat_rate = rows[-1].get("requests_per_second")
    for row in rows:
        if baseline_rate and row.get("requests_per_second"):
            row["ratio_to_baseline"] = round(
                row["requests_per_second"] / baseline_rate, 3
            )
    return {
        "baseline_requests_per_second": baseline_rate,
        "baseline_drift": (
            round(repeat_rate / baseline_rate - 1, 3)
            if baseline_rate and repeat_rate
            else None
        ),
        "below_target": [
            row["name"]
            for row in rows
            if not row["name"].startswith("baseline")
            and "ratio_to_baseline" in row
            and row["ratio_to_baseline"] < TARGET_RATIO
        ],
        "failed": [
            row["name"] for row in rows if row.get("failure") or error_count(row)
        ],
    }


def print_report(rows, summary, written):
    print()
    print(format_table(rows, summary["baseline_requests_per_second"]))
    print()
    print(
        "SQL 1st/steady: queries of the first request to a URL (cold process) and\n"
        "  after one warm-up request, counted in-process with Django's test client.\n"
        "cache: the X-Page-Cache header after warm-up.\n"
        "other CPU: cores used during the run by programs other than gunicorn, wrk\n"
        "  and the database or Redis serving them (a busy machine makes rows low)."
    )
    busy = [
        f"{row['name']} ({row['other_cpu']:.2f})"
        for row in rows
        if (row.get("other_cpu") or 0) > BUSY_CPU
    ]
    if busy:
        print(
            "Note: other programs took CPU from the server during "
            f"{', '.join(busy)}: those rows are low; run again on a quiet machine."
        )
    drift = summary["baseline_drift"]
    if drift is not None and abs(drift) > DRIFT_WARNING:
        print(
            f"Note: the baseline moved by {drift:+.0%} between its first and last run; "
            "the machine was not quiet, so read the ratios with that margin."
        )
    if summary["below_target"]:
        print(
            f"Below {TARGET_RATIO}x of the baseline: "
            f"{', '.join(summary['below_target'])}."
        )
    elif not summary["failed"]:
        print(
            f"Every public page measured is at {TARGET_RATIO}x of the baseline or more."
        )
    print("Results: " + ", ".join(str(path) for path in written))


def benchmark(args, stack):
    started_at = datetime.datetime.now().astimezone()
    wrk = ensure_wrk()
    for url, what in ((args.database_url, "database"), (args.redis_url, "Redis")):
        if url:
            require_loopback(url, what)

    workdir = Path(tempfile.mkdtemp(prefix="lms-bench-"))
    stack.callback(shutil.rmtree, workdir, ignore_errors=True)
    env = bench_environment(args, workdir, stack)
    print("Preparing the database with the demo content:")
    run_setup_steps(env)

    setup_django(env)
    from django.db import connections

    # Closed before gunicorn runs and before the database is dropped.
    stack.callback(connections.close_all)
    stack_info = describe_stack()
    pages, missing = find_pages(args.pages)
    if missing:
        print(f"Not in the demo content, skipped: {', '.join(missing)}.")
    queries, baseline_bytes = count_all_queries(pages)
    env["BENCH_BASELINE_BYTES"] = str(baseline_bytes)
    connections.close_all()

    port = free_port()
    log_path = workdir / "gunicorn.log"
    print(f"Starting gunicorn on {HOST}:{port} ({WORKERS} sync workers) ...")
    server, workers = start_gunicorn(env, port, log_path, stack)
    machine = {
        "cpus": os.cpu_count(),
        "usable_cpus": len(os.sched_getaffinity(0)),
        "platform": platform.platform(),
        # Other work on the machine (a test run, a browser) skews every number.
        "load_average_1min_at_start": round(os.getloadavg()[0], 2),
    }
    load = {
        "tool": wrk_version(wrk),
        "threads": args.threads,
        "connections": args.connections,
        "duration_s": args.duration,
        "warmup_requests": WARMUP_REQUESTS,
        "warmup_concurrency": WARMUP_CONCURRENCY,
    }
    print(describe_run(stack_info, machine, workers, port, load))

    # A worker imports much of Django and Wagtail lazily, on its first requests,
    # and the second worker may still be booting: neither belongs in the baseline.
    print(f"Warming the workers up: {SERVER_WARMUP_SECONDS} s of wrk, not counted.")
    run_wrk(
        wrk,
        f"http://{HOST}:{port}{BASELINE_PATH}",
        argparse.Namespace(**{**vars(args), "duration": SERVER_WARMUP_SECONDS}),
    )
    markers = []
    if args.database_url:
        # A PostgreSQL backend's title: "postgres: USER DATABASE HOST(PORT) STATE".
        markers.append(f" {PG_BENCH_DATABASE} ".encode())
    if args.redis_url:
        markers.append(b"redis-server")
    target = Target(wrk, server, port, markers)

    # The baseline runs first and again last: the second run shows how much the
    # machine drifted while the pages ran.
    schedule = [*pages, ("baseline-again", "baseline (again)", BASELINE_PATH)]
    rows = []
    for name, label, path in schedule:
        print(f"  {label}: {path} ...", flush=True)
        key = "baseline" if name == "baseline-again" else name
        rows.append(measure_page(target, (name, label, path), queries[key], args))

    summary = summarise(rows)
    machine["load_average_1min_at_end"] = round(os.getloadavg()[0], 2)
    if summary["failed"]:
        print(f"gunicorn's log ends with: {last_line(log_path)}")
    results = {
        "started_at": started_at.isoformat(timespec="seconds"),
        "machine": machine,
        "stack": stack_info,
        "gunicorn_workers": {
            "configured": WORKERS,
            "running": workers,
            "class": "sync",
        },
        "load": load,
        "baseline_bytes_target": baseline_bytes,
        "target_ratio": TARGET_RATIO,
        **summary,
        "pages": rows,
    }
    written = write_results(results, args.json_path)
    print_report(rows, summary, written)
    if summary["failed"]:
        raise BenchError(
            f"some requests were not answered 200: {', '.join(summary['failed'])}"
        )


def main(argv=None):
    args = parse_args(argv)

    # A plain `kill` should clean up like Ctrl-C does.
    def stop(signum, frame):
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, stop)
    try:
        with contextlib.ExitStack() as stack:
            benchmark(args, stack)
    except BenchError as error:
        print(f"bench: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("bench: interrupted; cleaned up.", file=sys.stderr)
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main())
