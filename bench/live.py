"""Live-session load benchmark (`make bench-live`): participants join, poll and answer.

Builds a fresh database with the demo content, starts gunicorn (2 sync workers
unless --workers says otherwise, production settings) on a free loopback port, and has a facilitator start a live
session of Module 2.2 over HTTP and move it to the module's plenary question (open
text). Then a small asyncio client of its own (raw HTTP/1.1 on loopback sockets,
one connection per request, as gunicorn's sync workers close every connection)
plays N participants, as static/js/live.js and a browser would:

1. joining: each fetches the join form (CSRF cookie), posts the code and a name,
   and loads the participant page it is redirected to; joins are spread over
   --join-seconds;
2. steady: everyone polls `state/` 2 s after the previous answer, with the ETag it
   got (If-None-Match, so 304 while nothing changes); the presenter's page polls
   `results/` likewise;
3. moving: the facilitator goes back a slide and, 6 s later, on to the question
   again; each participant's poll sees each move and fetches the new stage, as
   live.js does;
4. answering: the facilitator opens responses (one version change); each
   participant's poll sees it and shows the form its stage already holds (no
   fetch, as live.js does); after a random think time each posts an answer in
   place (X-Live-Stage: 1), whose reply is the new stage;
5. burst: the answers are deleted, then every participant posts a new one (in
   place), the posts spread evenly over --burst-window (0.9 s, so all are sent
   within 1 s), some sent twice at once like a double click;
6. kill: every participant changes their answer in a second burst, and one gunicorn
   worker is killed with SIGKILL in the middle of it; a request that fails
   (connection reset or closed, 5xx, timeout) is retried up to --retries times.

Polling goes on through every phase. After phases 4 to 6 the database is checked:
exactly one answer per participant, holding the text that participant sent last.
It prints latency percentiles per phase, errors, retries and those checks, and
writes them as JSON to bench/results/. It exits 1 if an answer is missing,
duplicated or stale, or if a request failed outside the kill phase.

Everything stays on 127.0.0.1 and is bounded in time (--max-seconds for the load);
the database, files and Redis keys are removed at the end. The client runs on the
same cores as the server, and its share of them is reported with the rest.
"""

import argparse
import asyncio
import collections
import concurrent.futures
import contextlib
import dataclasses
import datetime
import json
import math
import os
import platform
import random
import re
import resource
import shutil
import signal
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

import bench.pages as pages
from bench.pages import (
    HOST,
    RESULTS_DIR,
    BenchError,
    bench_environment,
    child_pids,
    free_port,
    last_line,
    require_loopback,
    run_setup_steps,
    setup_django,
    start_gunicorn,
    stat_fields,
)
from bench.progress import learner_session

# A scratch database of its own, so that it never meets `make bench`'s.
PG_DATABASE = "lms_bench_live"
MODULE_CODE = "2.2"
POLL_SECONDS = 2.0  # static/js/live.js: the next poll starts 2 s after an answer
POLL_TARGET_P95_MS = 100
# Busy cores below which the machine counts as quiet (--wait-quiet).
QUIET_CORES = 0.2
# Between the last join and the steady phase (still counted as joining).
JOIN_SETTLE_SECONDS = 10
# How long after the think time the answering phase waits for slow answers.
ANSWERING_GRACE_SECONDS = 90
BURST_TARGET_SECONDS = 1.0
USER_AGENT = "lms-bench-live"
STAGE_RE = re.compile(
    rb'id="live-stage" data-version="(?P<version>\d+)" data-step="(?P<step>\d*)" '
    rb'data-results="(?P<results_shown>\w+)" data-ended="(?P<ended>\w+)" '
    rb'data-locked="(?P<locked>\w+)"'
)
SAVED = b'data-announce="Your answer is in.'  # courses.views.live.answer
# The phases whose polls make the headline figure: people joining, following and
# answering as they would in a session. The bursts are stress tests of their own.
SESSION_PHASES = ("joining", "steady", "moving", "answering")
PHASES = (*SESSION_PHASES, "burst", "kill")


def parse_args(argv):
    parser = argparse.ArgumentParser(
        description=__doc__.splitlines()[0],
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    parser.add_argument("--participants", type=int, default=500)
    parser.add_argument(
        "--workers", type=int, default=pages.WORKERS, help="gunicorn sync workers"
    )
    parser.add_argument(
        "--join-seconds",
        type=float,
        default=30,
        help="joins are spread evenly over this many seconds",
    )
    parser.add_argument(
        "--steady", type=float, default=20, help="seconds of polling once all joined"
    )
    parser.add_argument(
        "--think",
        type=float,
        default=10,
        help="participants answer 1 s to this many seconds after responses open",
    )
    parser.add_argument(
        "--burst-window",
        type=float,
        default=0.9,
        help="seconds over which each burst's answers are sent (all within 1 s)",
    )
    parser.add_argument(
        "--double-submit",
        type=float,
        default=0.1,
        help="share of participants who send their first burst answer twice at once",
    )
    parser.add_argument(
        "--kill-at",
        type=float,
        default=0.5,
        help="seconds into the second burst at which one worker gets SIGKILL",
    )
    parser.add_argument(
        "--retries", type=int, default=3, help="retries of a failed answer post"
    )
    parser.add_argument(
        "--timeout", type=float, default=30, help="seconds before a request fails"
    )
    parser.add_argument(
        "--wait-quiet",
        type=float,
        default=0,
        help="before the load, wait up to this many seconds for the machine's other "
        f"programs to use under {QUIET_CORES} cores (for shared machines)",
    )
    parser.add_argument(
        "--max-seconds",
        type=float,
        default=600,
        help="the whole load (after setup) is stopped after this many seconds",
    )
    parser.add_argument(
        "--database-url",
        default=os.environ.get("BENCH_DATABASE_URL", ""),
        help=f"a PostgreSQL server (a fresh '{PG_DATABASE}' database is created on "
        "it and dropped at the end); default: env BENCH_DATABASE_URL, else SQLite",
    )
    parser.add_argument(
        "--redis-url",
        default="",
        help="set REDIS_URL so that the cache is Redis (default: the database cache)",
    )
    parser.add_argument("--json", dest="json_path", default="")
    args = parser.parse_args(argv)
    if not 1 <= args.participants <= 2000:
        parser.error("--participants must be between 1 and 2000")
    if not 2 <= args.workers <= 16:
        parser.error("--workers must be between 2 and 16")
    for name in ("join_seconds", "steady", "think"):
        if not 1 <= getattr(args, name) <= 300:
            parser.error(f"--{name.replace('_', '-')} must be between 1 and 300")
    if not 0 < args.burst_window <= 10 or not 0 <= args.kill_at <= 10:
        parser.error("--burst-window and --kill-at must be between 0 and 10 seconds")
    if not 0 <= args.double_submit <= 1 or not 0 <= args.retries <= 10:
        parser.error("need 0 <= --double-submit <= 1 and 0 <= --retries <= 10")
    if not 0 <= args.wait_quiet <= 3600:
        parser.error("--wait-quiet must be between 0 and 3600 seconds")
    if not 1 <= args.timeout <= 120 or not 30 <= args.max_seconds <= 1800:
        parser.error("need 1 <= --timeout <= 120 and 30 <= --max-seconds <= 1800")
    if args.database_url and not args.database_url.startswith(
        ("postgres:", "postgresql:")
    ):
        parser.error("--database-url must be a postgres:// URL (SQLite is the default)")
    return args


# ---------------------------------------------------------------------------
# A minimal HTTP/1.1 client: one connection per request, loopback only


@dataclasses.dataclass
class Reply:
    status: int
    headers: list
    body: bytes

    def header(self, name):
        name = name.lower()
        return next((v for k, v in self.headers if k == name), None)

    def set_cookies(self):
        """{name: value}, None as the value for a cookie the server deletes."""
        cookies = {}
        for key, value in self.headers:
            if key != "set-cookie":
                continue
            pair, _, attributes = value.partition(";")
            name, _, content = pair.strip().partition("=")
            deleted = "max-age=0" in attributes.lower().replace(" ", "")
            cookies[name] = None if deleted else content
        return cookies


class TransportError(Exception):
    """No complete answer: refused, reset, closed early, or too slow."""


def decode_chunked(data):
    body = bytearray()
    while data:
        size_line, _, data = data.partition(b"\r\n")
        size = int(size_line.split(b";")[0], 16)
        if size == 0:
            break
        body += data[:size]
        data = data[size + 2 :]
    return bytes(body)


def parse_reply(raw):
    head, separator, body = raw.partition(b"\r\n\r\n")
    if not separator:
        raise TransportError("closed before the headers ended" if raw else "closed")
    lines = head.decode("latin-1").split("\r\n")
    try:
        status = int(lines[0].split()[1])
    except (IndexError, ValueError) as error:
        raise TransportError(f"bad status line {lines[0][:40]!r}") from error
    headers = []
    for line in lines[1:]:
        key, _, value = line.partition(":")
        headers.append((key.strip().lower(), value.strip()))
    reply = Reply(status, headers, body)
    if (reply.header("transfer-encoding") or "").lower() == "chunked":
        reply.body = decode_chunked(body)
    elif (length := reply.header("content-length")) and len(body) < int(length):
        raise TransportError("closed before the body ended")
    return reply


async def http(port, method, path, *, cookies=None, headers=None, form=None, timeout):
    lines = [
        f"{method} {path} HTTP/1.1",
        f"Host: {HOST}:{port}",
        f"User-Agent: {USER_AGENT}",
        "Connection: close",
    ]
    if cookies:
        jar = "; ".join(f"{k}={v}" for k, v in cookies.items() if v is not None)
        lines.append(f"Cookie: {jar}")
    for key, value in (headers or {}).items():
        lines.append(f"{key}: {value}")
    body = b""
    if form is not None:
        body = urllib.parse.urlencode(form).encode()
        lines.append("Content-Type: application/x-www-form-urlencoded")
    if body or method == "POST":
        lines.append(f"Content-Length: {len(body)}")
    request = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body
    writer = None
    try:
        async with asyncio.timeout(timeout):
            reader, writer = await asyncio.open_connection(HOST, port)
            writer.write(request)
            await writer.drain()
            raw = await reader.read()
    except TimeoutError as error:
        raise TransportError("timeout") from error
    except OSError as error:
        raise TransportError(type(error).__name__) from error
    finally:
        if writer is not None:
            writer.close()
    return parse_reply(raw)


# ---------------------------------------------------------------------------
# Recording


def percentile(sorted_values, pct):
    """Nearest-rank percentile of an already sorted list."""
    if not sorted_values:
        return None
    rank = max(math.ceil(pct / 100 * len(sorted_values)), 1)
    return sorted_values[rank - 1]


class Recorder:
    """Every request's kind, phase, latency and outcome (a status or an error)."""

    def __init__(self):
        self.phase = "joining"
        self.rows = []  # (kind, phase, milliseconds, outcome)

    def add(self, kind, ms, outcome):
        self.rows.append((kind, self.phase, ms, outcome))

    def summary(self, kinds, phases=PHASES, good=(200, 204, 302, 304)):
        kinds = {kinds} if isinstance(kinds, str) else set(kinds)
        rows = [r for r in self.rows if r[0] in kinds and r[1] in phases]
        latencies = sorted(ms for _, _, ms, _ in rows)
        outcomes = collections.Counter(str(outcome) for *_, outcome in rows)
        errors = sum(n for o, n in outcomes.items() if o not in map(str, good))
        return {
            "requests": len(rows),
            "errors": errors,
            "outcomes": dict(sorted(outcomes.items())),
            "latency_ms": {
                name: None if value is None else round(value, 1)
                for name, value in (
                    ("p50", percentile(latencies, 50)),
                    ("p95", percentile(latencies, 95)),
                    ("p99", percentile(latencies, 99)),
                    ("max", latencies[-1] if latencies else None),
                )
            },
        }


@dataclasses.dataclass
class Participant:
    index: int
    cookies: dict = dataclasses.field(default_factory=dict)
    etag: str | None = None
    joined: bool = False
    answer_task: asyncio.Task | None = None
    # The text of each answer this participant posted and was told was taken.
    sent: dict = dataclasses.field(default_factory=dict)

    @property
    def name(self):
        return f"Bench participant {self.index:04d}"

    # What the stage on screen shows (its data- attributes), as live.js reads them.
    stage: dict = dataclasses.field(default_factory=lambda: {"version": 0})

    @property
    def csrf(self):
        return self.cookies.get("csrftoken", "")

    def read_stage(self, reply):
        match = STAGE_RE.search(reply.body)
        if match:
            self.stage = {
                "version": int(match["version"]),
                "step": int(match["step"] or 0),
                **{
                    name: match[name] == b"true"
                    for name in ("results_shown", "ended", "locked")
                },
            }
        return bool(match)

    def same_stage(self, state):
        """static/js/live.js: only whether responses are open has changed."""
        return not state["results_shown"] and all(
            state[name] == self.stage[name]
            for name in ("step", "results_shown", "ended", "locked")
        )


# ---------------------------------------------------------------------------
# The load


class Load:
    def __init__(
        self, args, port, server, code, facilitator_cookie, question_id, db, cpu
    ):
        self.args = args
        self.port = port
        self.server = server
        self.code = code
        self.facilitator = {"sessionid": facilitator_cookie.split("=", 1)[1]}
        self.question_id = question_id
        self.db = db  # runs ORM calls in a thread of its own
        self.cpu = cpu
        self.rec = Recorder()
        self.people = [Participant(i) for i in range(args.participants)]
        self.stopping = asyncio.Event()
        self.all_joined = asyncio.Event()
        self.joins_done = 0
        self.answering = False
        self.alone = {}
        self.retries = collections.Counter()
        self.gave_up = collections.Counter()
        self.random = random.Random(2026)
        self.started = time.monotonic()

    def at(self):
        return round(time.monotonic() - self.started, 3)

    async def call(self, kind, method, path, who=None, **kwargs):
        """One request, recorded; updates `who`'s cookie jar. Reply or error text."""
        jar = self.facilitator if who is None else who.cookies
        start = time.perf_counter()
        try:
            reply = await http(
                self.port,
                method,
                path,
                cookies=jar,
                timeout=self.args.timeout,
                **kwargs,
            )
        except TransportError as error:
            self.rec.add(kind, (time.perf_counter() - start) * 1000, str(error))
            return str(error)
        self.rec.add(kind, (time.perf_counter() - start) * 1000, reply.status)
        for name, value in reply.set_cookies().items():
            if value is None:
                jar.pop(name, None)
            else:
                jar[name] = value
        return reply

    # Participants -----------------------------------------------------------

    async def join(self, person):
        """Join form, join, then the page it redirects to; each step retried."""
        for _ in range(3 + self.args.retries):
            if not person.csrf:
                await self.call("join form", "GET", "/live/", person)
            elif f"live-{self.code}" not in person.cookies:
                await self.call(
                    "join",
                    "POST",
                    "/live/",
                    person,
                    form={
                        "code": self.code,
                        "display_name": person.name,
                        "csrfmiddlewaretoken": person.csrf,
                    },
                )
            elif await self.load_page(person):
                person.joined = True
                return
            else:
                await asyncio.sleep(0.5)
            if self.stopping.is_set():
                return

    async def load_page(self, person):
        """The participant page, as after a redirect or a reload."""
        page = await self.call("page", "GET", f"/live/{self.code}/", person)
        if isinstance(page, Reply) and page.status == 200 and person.read_stage(page):
            person.etag = None  # the new page's script polls without an ETag
            return True
        return False

    async def load_stage(self, person):
        """The stage alone, as live.js fetches it when the version moves on."""
        stage = await self.call("stage", "GET", f"/live/{self.code}/stage/", person)
        return (
            isinstance(stage, Reply)
            and stage.status == 200
            and person.read_stage(stage)
        )

    async def follow(self, person, delay):
        await asyncio.sleep(delay)
        if self.stopping.is_set():
            return
        await self.join(person)
        self.joins_done += 1
        if self.joins_done == len(self.people):
            self.all_joined.set()
        if not person.joined:
            return
        while not self.stopping.is_set():
            headers = {"If-None-Match": person.etag} if person.etag else None
            reply = await self.call(
                "poll", "GET", f"/live/{self.code}/state/", person, headers=headers
            )
            if isinstance(reply, Reply) and reply.status in (200, 304):
                person.etag = reply.header("etag") or person.etag
            if isinstance(reply, Reply) and reply.status == 200:
                state = json.loads(reply.body)
                # As live.js: responses opening or closing on the question on
                # screen only shows or hides its form; anything else fetches the
                # stage.
                if state["version"] > person.stage["version"]:
                    if person.same_stage(state):
                        person.stage["version"] = state["version"]
                    else:
                        await self.load_stage(person)
                if (
                    self.answering
                    and state["responses_open"]
                    and person.stage["step"] == self.question_id
                    and person.answer_task is None
                ):
                    person.answer_task = asyncio.create_task(
                        self.answer_when_ready(person)
                    )
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.stopping.wait(), POLL_SECONDS)

    async def answer_when_ready(self, person):
        """Think, then answer (the reply is the new stage)."""
        await asyncio.sleep(self.random.uniform(1, self.args.think))
        text = f"{person.name} answers: whole of government, take {self.at()}"
        await self.post_answer(person, text, "answer", "answering")

    async def post_answer(self, person, text, kind, label):
        """Post an answer, retrying what failed in transit; True once taken."""
        for attempt in range(self.args.retries + 1):
            reply = await self.call(
                kind,
                "POST",
                f"/live/{self.code}/answer/",
                person,
                form={"text": text, "csrfmiddlewaretoken": person.csrf},
                headers={"X-Live-Stage": "1"},
            )
            if isinstance(reply, Reply) and reply.status < 500:
                taken = reply.status == 200 and SAVED in reply.body
                if taken:
                    person.read_stage(reply)  # live.js swaps in the reply
                    person.sent[label] = text
                return taken
            if attempt < self.args.retries:
                self.retries[label] += 1
                await asyncio.sleep(0.2 * 2**attempt + self.random.random() * 0.2)
        self.gave_up[label] += 1
        return False

    # The facilitator ----------------------------------------------------------

    async def control(self, action, **fields):
        reply = await self.call(
            "control",
            "POST",
            f"/live/{self.code}/control/",
            form={
                "action": action,
                "csrfmiddlewaretoken": self.facilitator["csrftoken"],
                **fields,
            },
        )
        if not isinstance(reply, Reply) or reply.status != 302:
            raise BenchError(f"the facilitator's '{action}' failed: {reply}")

    async def present(self):
        """The presenter's page polls the results every 2 s, like a participant."""
        etag = None
        while not self.stopping.is_set():
            headers = {"If-None-Match": etag} if etag else None
            reply = await self.call(
                "presenter", "GET", f"/live/{self.code}/results/", headers=headers
            )
            if isinstance(reply, Reply) and reply.status in (200, 304):
                etag = reply.header("etag") or etag
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.stopping.wait(), POLL_SECONDS)

    # Bursts and the kill ------------------------------------------------------

    async def burst(self, label, text_for, doubled=(), kill_at=None):
        """Every joined participant answers, the posts spread over the window."""
        people = [p for p in self.people if p.joined]
        self.random.shuffle(people)
        loop = asyncio.get_running_loop()
        start = loop.time() + 0.05
        window = self.args.burst_window
        sent_at, done_at = [], []

        async def one(person, offset):
            await asyncio.sleep(max(start + offset - loop.time(), 0))
            sent_at.append(loop.time() - start)
            text = text_for(person)
            posts = [self.post_answer(person, text, label, label)]
            if person.index in doubled:
                posts.append(self.post_answer(person, text, label, label))
            await asyncio.gather(*posts)
            done_at.append(loop.time() - start)

        tasks = [
            one(person, window * rank / len(people))
            for rank, person in enumerate(people)
        ]
        killed = {}
        if kill_at is not None:
            tasks.append(self.kill_a_worker(start + kill_at, killed))
        await asyncio.gather(*tasks)
        return {
            "answers": len(people),
            "double_submits": len(doubled),
            "sent_within_s": round(max(sent_at, default=0), 3),
            "completed_in_s": round(max(done_at, default=0), 3),
            "retries": self.retries[label],
            "gave_up": self.gave_up[label],
            **killed,
        }

    async def kill_a_worker(self, when, killed):
        loop = asyncio.get_running_loop()
        await asyncio.sleep(max(when - loop.time(), 0))
        workers = child_pids(self.server.pid)
        if not workers:
            raise BenchError("found no gunicorn worker to kill")

        def running(pid):
            with contextlib.suppress(OSError, IndexError):
                return stat_fields(pid)[0] == "R"
            return False

        # A worker busy on a request, if one is on a CPU at this instant.
        victim = next((pid for pid in workers if running(pid)), workers[0])
        os.kill(victim, signal.SIGKILL)
        killed_at = loop.time()
        killed.update(killed_pid=victim, killed_at_s=round(killed_at - when, 3))
        # The master forks a replacement; it serves once it has imported the app.
        deadline = killed_at + 30
        while loop.time() < deadline:
            pids = child_pids(self.server.pid)
            if victim not in pids and len(pids) >= len(workers):
                killed["replacement_forked_after_s"] = round(loop.time() - killed_at, 3)
                break
            await asyncio.sleep(0.05)

    # Checks -------------------------------------------------------------------

    async def check(self, label):
        """Answers in the database vs. what each participant was told was taken."""
        expected = {p.name: p.sent.get(label) for p in self.people if p.joined}
        return await self.db(stored_answers_check, self.question_id, expected)

    # The run ------------------------------------------------------------------

    async def warm_up(self, rounds=12, concurrency=4):
        """Every view the load uses, a few times on each worker: not counted.

        A worker imports much of Django and Wagtail on its first requests; a
        participant of its own (who never answers) serves the participant views.
        """
        self.rec.phase = "warm-up"
        guest = Participant(-1)
        await self.join(guest)
        if not guest.joined:
            raise BenchError("a participant could not join the session")
        paths = [
            ("GET", "/live/", guest),
            ("GET", f"/live/{self.code}/", guest),
            ("GET", f"/live/{self.code}/state/", guest),
            ("GET", f"/live/{self.code}/stage/", guest),
            # Responses are still closed: the answer is turned away, not stored.
            ("POST", f"/live/{self.code}/answer/", guest),
            ("GET", f"/live/{self.code}/results/", None),
        ]
        gate = asyncio.Semaphore(concurrency)

        async def one(method, path, who):
            async with gate:
                form = None
                if method == "POST":
                    form = {"text": "warm-up", "csrfmiddlewaretoken": guest.csrf}
                await self.call("warm-up", method, path, who, form=form)

        await asyncio.gather(
            *(one(*request) for request in paths for _ in range(rounds))
        )
        failed = self.rec.summary("warm-up", ("warm-up",))["errors"]
        if failed:
            raise BenchError(f"{failed} warm-up requests failed")

        # What each request costs the server on its own: one at a time.
        self.rec.phase = "alone"
        for method, path, who in paths:
            if method == "GET":
                kind = f"GET {path.replace(self.code, '<code>')}"
                for _ in range(rounds):
                    await self.call(kind, method, path, who)
        self.alone = {
            kind: self.rec.summary(kind, ("alone",))
            for kind in dict.fromkeys(
                k for k, phase, *_ in self.rec.rows if phase == "alone"
            )
        }
        self.rec.phase = "joining"

    async def settle(self, seconds):
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self.stopping.wait(), seconds)

    async def run(self):
        args = self.args
        report = {"timeline": {}}
        mark = report["timeline"]
        followers = [
            asyncio.create_task(
                self.follow(person, args.join_seconds * i / len(self.people))
            )
            for i, person in enumerate(self.people)
        ]
        presenter = asyncio.create_task(self.present())
        try:
            print(
                f"  joining: {len(self.people)} participants over {args.join_seconds:g} s"
            )
            mark["joining"] = self.at()
            self.cpu.mark("joining")
            # Until everyone is in (or has given up), but no longer than that.
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(
                    self.all_joined.wait(),
                    args.join_seconds + (3 + args.retries) * args.timeout,
                )
            joined = sum(p.joined for p in self.people)
            report["joined"] = joined
            if not joined:
                raise BenchError("no participant could join")
            # The queue the joins left drains and the last joins' polls settle into
            # their 2 s rhythm before the steady phase is measured.
            await self.settle(JOIN_SETTLE_SECONDS)

            print(f"  steady: {joined} joined, polling for {args.steady:g} s")
            self.rec.phase = "steady"
            mark["steady"] = self.at()
            self.cpu.mark("steady")
            await self.settle(args.steady)

            print(
                "  moving: the facilitator goes back a slide, then on to the question"
            )
            self.rec.phase = "moving"
            mark["moving"] = self.at()
            self.cpu.mark("moving")
            for action in ("previous", "next"):
                await self.control(action)
                # Everyone's next poll sees it and fetches the new stage.
                await self.settle(3 * POLL_SECONDS)

            print("  answering: the facilitator opens responses")
            self.rec.phase = "answering"
            mark["answering"] = self.at()
            self.cpu.mark("answering")
            self.answering = True
            await self.control("open")
            # Everyone's next poll sees it (2 s) and shows the form; each thinks and
            # answers; on a slow server that takes longer, up to a bound.
            await self.settle(POLL_SECONDS + args.think + 3)
            deadline = time.monotonic() + ANSWERING_GRACE_SECONDS
            joined_people = [p for p in self.people if p.joined]
            while time.monotonic() < deadline and not all(
                p.answer_task is not None and p.answer_task.done()
                for p in joined_people
            ):
                await asyncio.sleep(0.25)
            self.answering = False
            late = [p.answer_task for p in joined_people if p.answer_task is None]
            for person in joined_people:
                if person.answer_task is not None and not person.answer_task.done():
                    late.append(person.answer_task)
                    person.answer_task.cancel()
            report["answering"] = {
                "answered": sum("answering" in p.sent for p in self.people),
                "not_answered_in_time": len(late),
                "retries": self.retries["answering"],
                "gave_up": self.gave_up["answering"],
                "check": await self.check("answering"),
            }

            print("  burst: answers deleted; every participant answers again")
            await self.db(delete_answers, self.question_id)
            self.rec.phase = "burst"
            mark["burst"] = self.at()
            self.cpu.mark("burst")
            doubled = {
                p.index
                for p in self.people
                if p.joined and self.random.random() < args.double_submit
            }
            report["burst"] = await self.burst(
                "burst",
                lambda p: f"{p.name}, first burst answer",
                doubled=doubled,
            )
            report["burst"]["check"] = await self.check("burst")
            await self.settle(3)

            print(f"  kill: second burst, SIGKILL to a worker at {args.kill_at:g} s")
            self.rec.phase = "kill"
            mark["kill"] = self.at()
            self.cpu.mark("kill")
            report["kill"] = await self.burst(
                "kill",
                lambda p: f"{p.name} changed their mind in the second burst",
                kill_at=args.kill_at,
            )
            await self.settle(3)
            report["kill"]["failed_in_transit"] = sum(
                1
                for _, phase, _, outcome in self.rec.rows
                if phase == "kill" and isinstance(outcome, str)
            )
            report["kill"]["check"] = await self.check("kill")
            mark["end"] = self.at()
            self.cpu.mark("end")
        finally:
            self.stopping.set()
            await asyncio.gather(*followers, presenter, return_exceptions=True)
        return report


# ---------------------------------------------------------------------------
# CPU per phase


def gunicorn_ticks(master):
    """CPU ticks of gunicorn: master, running workers, and workers it has reaped.

    A killed worker's time moves to the master's children's time once reaped, so
    the total stays whole across the kill.
    """
    fields = stat_fields(master)
    # utime, stime, cutime and cstime are the stat file's 14th to 17th fields.
    own = sum(int(value) for value in fields[11:15])
    return own + sum(pages.cpu_ticks(child_pids(master)).values())


def busy_ticks():
    with open("/proc/stat") as stat:
        values = [int(v) for v in stat.readline().split()[1:9]]
    # idle and iowait are the two idle columns.
    return sum(values) - values[3] - values[4]


async def wait_for_quiet(limit, sample=5.0):
    """Until the machine's cores are idle (the server is, between runs), or `limit`."""
    tick = os.sysconf("SC_CLK_TCK")
    deadline = time.monotonic() + limit
    said = False
    while True:
        before = busy_ticks()
        await asyncio.sleep(sample)
        busy = (busy_ticks() - before) / tick / sample
        if busy < QUIET_CORES:
            return busy
        if time.monotonic() >= deadline:
            print(f"  still {busy:.2f} cores busy after {limit:g} s: starting anyway")
            return busy
        if not said:
            print(f"  {busy:.2f} cores busy with other programs: waiting for quiet")
            said = True


class PhaseCpu:
    """Cores used in each phase by gunicorn, the database or Redis, this client,
    and everything else (other programs, and the kernel's loopback networking).

    Reads Linux's /proc (through `bench/pages.py`'s CpuMeter); empty elsewhere.
    """

    def __init__(self, target):
        self.meter = pages.CpuMeter(target)
        self.master = target.server.pid
        self.marks = []

    def mark(self, name):
        with contextlib.suppress(OSError, ValueError, IndexError):
            snap = self.meter.snapshot()
            if snap is not None:
                snap["gunicorn_total"] = gunicorn_ticks(self.master)
                usage = resource.getrusage(resource.RUSAGE_SELF)
                snap["client"] = usage.ru_utime + usage.ru_stime
                self.marks.append((name, snap))

    @staticmethod
    def between(a, b):
        tick = os.sysconf("SC_CLK_TCK")

        def grown(name):
            return sum(t - a[name].get(pid, 0) for pid, t in b[name].items())

        exited = sum(t for pid, t in a["services"].items() if pid not in b["services"])
        usage = {
            "gunicorn": (b["gunicorn_total"] - a["gunicorn_total"]) / tick,
            "database_and_cache": (grown("services") + grown("reaped") - exited) / tick,
            "client": b["client"] - a["client"],
        }
        busy = (b["busy"] - a["busy"]) / tick
        usage["other"] = max(busy - sum(usage.values()), 0)
        elapsed = max(b["time"] - a["time"], 1e-6)
        return {name: round(value / elapsed, 2) for name, value in usage.items()}

    def report(self):
        if len(self.marks) < 2:
            return {}
        phases = {
            name: self.between(a, b)
            for (name, a), (_, b) in zip(self.marks, self.marks[1:], strict=False)
        }
        phases["whole run"] = self.between(self.marks[0][1], self.marks[-1][1])
        return phases


# ---------------------------------------------------------------------------
# Database: the fixture and the checks (run in-process through the ORM)


def prepare_facilitator():
    """The demo's Module 2.2, its plenary question, and a logged-in facilitator."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from courses.models import ModulePage, PlenaryQuestionPage
    from courses.models.live import FACILITATORS_GROUP

    module = ModulePage.objects.live().filter(code=MODULE_CODE).first()
    if module is None:
        raise BenchError(f"the demo content has no Module {MODULE_CODE}")
    question = (
        PlenaryQuestionPage.objects.live().child_of(module).order_by("path").first()
    )
    if question is None or question.response_kind != "open_text":
        raise BenchError(f"Module {MODULE_CODE} has no open-text plenary question")
    cookie = learner_session("bench-facilitator")
    user = get_user_model().objects.get(username="bench-facilitator")
    user.groups.add(Group.objects.get_or_create(name=FACILITATORS_GROUP)[0])
    return module.pk, question.pk, cookie


def session_state(code):
    from courses.models.live import LiveSession

    session = LiveSession.objects.get(code=code)
    return session.shared_state()


def delete_answers(question_id):
    from courses.models.live import LiveAnswer

    LiveAnswer.objects.filter(question_id=question_id).delete()


def stored_answers_check(question_id, expected):
    """One row per participant told their answer was taken, holding its last text.

    `expected` maps each participant's name to the text they were last told was
    taken in this phase, or None if no post of theirs was.
    """
    from courses.models.live import LiveAnswer

    rows = list(
        LiveAnswer.objects.filter(question_id=question_id).values_list(
            "participant__display_name", "text"
        )
    )
    per_person = collections.Counter(name for name, _ in rows)
    texts = dict(rows)
    answered = {name: text for name, text in expected.items() if text is not None}
    return {
        "expected": len(answered),
        "rows": len(rows),
        "participants_with_a_row": len(per_person),
        "duplicates": sum(n - 1 for n in per_person.values() if n > 1),
        "missing": sum(1 for name in answered if name not in texts),
        "stale_text": sum(
            1
            for name, text in answered.items()
            if name in texts and texts[name] != text
        ),
        # Rows of participants never told theirs was taken (a lost reply).
        "unconfirmed": sum(1 for name in per_person if name not in answered),
    }


def check_passed(check):
    return (
        check["rows"] == check["expected"]
        and not check["duplicates"]
        and not check["missing"]
        and not check["stale_text"]
        and not check["unconfirmed"]
    )


# ---------------------------------------------------------------------------
# Starting the session over HTTP


async def start_session(port, module_id, question_id, cookie, timeout):
    """Start a session as the facilitator and go to the plenary question; its code."""
    jar = {"sessionid": cookie.split("=", 1)[1]}
    form = await http(port, "GET", "/live/", cookies=jar, timeout=timeout)
    jar.update({k: v for k, v in form.set_cookies().items() if v})
    if "csrftoken" not in jar:
        raise BenchError("the join form set no CSRF cookie")
    started = await http(
        port,
        "POST",
        f"/live/start/{module_id}/",
        cookies=jar,
        form={"csrfmiddlewaretoken": jar["csrftoken"]},
        timeout=timeout,
    )
    location = started.header("location") or ""
    match = re.search(r"/live/([A-Z0-9]+)/present/$", location)
    if started.status != 302 or not match:
        raise BenchError(f"starting a session answered {started.status} {location}")
    code = match.group(1)
    moved = await http(
        port,
        "POST",
        f"/live/{code}/control/",
        cookies=jar,
        form={
            "action": "go",
            "step": question_id,
            "csrfmiddlewaretoken": jar["csrftoken"],
        },
        timeout=timeout,
    )
    if moved.status != 302:
        raise BenchError(f"moving to the plenary question answered {moved.status}")
    return code, jar["csrftoken"]


# ---------------------------------------------------------------------------
# Report


def setup_label(args):
    database = "PostgreSQL" if args.database_url else "SQLite"
    cache = "Redis" if args.redis_url else "database cache"
    return f"{database}, {cache}"


def verdicts(results):
    """The issue's targets, and the checks that answers are stored exactly once."""
    burst, kill = results["burst"], results["kill"]
    errors = sum(summary["errors"] for summary in results["requests"].values())

    def fast(summary):
        p95 = summary["latency_ms"]["p95"]
        return p95 is not None and p95 < POLL_TARGET_P95_MS

    return {
        f"polls, steady (all joined, nothing changes): p95 < {POLL_TARGET_P95_MS} ms": fast(
            results["polls"]["steady"]
        ),
        f"polls, whole session (joining, steady, moving, answering): p95 < {POLL_TARGET_P95_MS} ms": fast(
            results["polls"]["session"]
        ),
        "no failed request outside the kill phase": errors == 0,
        "answers after opening: each stored once": check_passed(
            results["answering"]["check"]
        ),
        f"burst: all sent within {BURST_TARGET_SECONDS:g} s": burst["sent_within_s"]
        <= BURST_TARGET_SECONDS,
        "burst: each stored exactly once": check_passed(burst["check"]),
        "kill -9: each stored exactly once, latest text": check_passed(kill["check"])
        and not kill["gave_up"],
    }


# Verdicts on correctness (the others are on speed): failing one fails the run.
CORRECTNESS = (
    "no failed request outside the kill phase",
    "answers after opening: each stored once",
    "burst: each stored exactly once",
    "kill -9: each stored exactly once, latest text",
)


def fmt_latency(summary):
    lat = summary["latency_ms"]
    if lat["p50"] is None:
        return "-"
    return f"{lat['p50']:.1f} / {lat['p95']:.1f} / {lat['p99']:.1f} / {lat['max']:.0f}"


def print_report(results, written):
    print()
    print(
        f"{results['setup']}: {results['participants']} participants "
        f"({results['joined']} joined), gunicorn {results['gunicorn_workers']} sync "
        f"workers on {results['machine']['usable_cpus']} CPUs"
    )
    header = ("requests", "phase", "count", "errors", "p50 / p95 / p99 / max ms")
    lines = [header]
    for (kind, phase), summary in results["table"]:
        lines.append(
            (
                kind,
                phase,
                str(summary["requests"]),
                str(summary["errors"]),
                fmt_latency(summary),
            )
        )
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    for n, line in enumerate(lines):
        print(
            "  ".join(
                cell.ljust(w) if i < 2 else cell.rjust(w)
                for i, (cell, w) in enumerate(zip(line, widths, strict=True))
            )
        )
        if n == 0:
            print("  ".join("-" * w for w in widths))
    print()
    print("One request at a time, before the load (p50 / p95 ms):")
    for kind, summary in results["alone"].items():
        lat = summary["latency_ms"]
        print(f"  {kind:28} {lat['p50']:7.1f} / {lat['p95']:.1f}")
    print()
    for label in ("answering", "burst", "kill"):
        phase = results[label]
        check = phase["check"]
        extra = ""
        if label != "answering":
            extra = (
                f"sent within {phase['sent_within_s']:.2f} s, all answered after "
                f"{phase['completed_in_s']:.2f} s, "
            )
        if "killed_pid" in phase:
            extra += (
                f"worker {phase['killed_pid']} killed at "
                f"{results['args']['kill_at']:g} s, replaced after "
                f"{phase.get('replacement_forked_after_s', '?')} s, "
                f"{phase['failed_in_transit']} requests lost in transit, "
            )
        print(
            f"{label}: {extra}{phase['retries']} retries, {phase['gave_up']} gave up; "
            f"stored {check['rows']} rows for {check['expected']} answers taken "
            f"({check['duplicates']} duplicates, {check['missing']} missing, "
            f"{check['stale_text']} stale, {check['unconfirmed']} unconfirmed)"
        )
    cpu = results.get("cpu_cores")
    if cpu:
        print()
        print("CPU cores used on average (of 2 on the target machine):")
        print(
            f"  {'phase':10} {'gunicorn':>9} {'DB/cache':>9} {'client':>7} {'other':>6}"
        )
        for phase, row in cpu.items():
            print(
                f"  {phase:10} {row['gunicorn']:9.2f} {row['database_and_cache']:9.2f}"
                f" {row['client']:7.2f} {row['other']:6.2f}"
            )
        busy = [phase for phase, row in cpu.items() if row["other"] > pages.BUSY_CPU]
        if busy:
            print(
                f"Note: 'other' (other programs, and the kernel's loopback networking) "
                f"took more than {pages.BUSY_CPU} cores in: {', '.join(busy)}. If "
                "another program was busy, those figures are high: run again on a "
                "quiet machine (--wait-quiet helps on a shared one)."
            )
    print()
    for name, ok in results["verdicts"].items():
        print(f"  {'MET ' if ok else 'MISS'}  {name}")
    print("Results: " + ", ".join(str(path) for path in written))


def write_results(results, json_path):
    RESULTS_DIR.mkdir(exist_ok=True)
    text = json.dumps(results, indent=2) + "\n"
    stamp = results["started_at"].replace(":", "").replace("-", "")[:15]
    slug = re.sub(r"[^a-z]+", "-", results["setup"].lower()).strip("-")
    written = [
        RESULTS_DIR / f"live-{slug}-{stamp}.json",
        RESULTS_DIR / "live-latest.json",
    ]
    if json_path:
        written.append(Path(json_path))
    for path in written:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return written


# ---------------------------------------------------------------------------
# Main


def raise_open_files_limit(needed):
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < needed:
        target = needed if hard == resource.RLIM_INFINITY else min(needed, hard)
        resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
    if resource.getrlimit(resource.RLIMIT_NOFILE)[0] < needed:
        raise BenchError(f"need {needed} open files; `ulimit -n` allows fewer")


def benchmark(args, stack):
    started_at = datetime.datetime.now().astimezone()
    for url, what in ((args.database_url, "database"), (args.redis_url, "Redis")):
        if url:
            require_loopback(url, what)
    # Each participant may hold a poll and two answer posts open at once.
    raise_open_files_limit(args.participants * 3 + 256)
    # The helpers read these module settings when called: a scratch database of
    # this benchmark's own, and the number of workers asked for.
    pages.PG_BENCH_DATABASE = PG_DATABASE
    pages.WORKERS = args.workers

    workdir = Path(tempfile.mkdtemp(prefix="lms-bench-live-"))
    stack.callback(shutil.rmtree, workdir, ignore_errors=True)
    env = bench_environment(args, workdir, stack)
    print("Preparing the database with the demo content:")
    run_setup_steps(env)
    setup_django(env)
    from django.db import connections

    stack.callback(connections.close_all)
    stack_info = pages.describe_stack()
    module_id, question_id, cookie = prepare_facilitator()
    connections.close_all()

    # The ORM is synchronous: checks run in a thread of their own, whose
    # connection is closed there before the database is dropped.
    db_thread = concurrent.futures.ThreadPoolExecutor(max_workers=1)
    stack.callback(db_thread.shutdown)
    stack.callback(db_thread.submit, connections.close_all)

    port = free_port()
    log_path = workdir / "gunicorn.log"
    print(f"Starting gunicorn on {HOST}:{port} ({args.workers} sync workers) ...")
    server, workers = start_gunicorn(env, port, log_path, stack)
    machine = {
        "cpus": os.cpu_count(),
        "usable_cpus": len(os.sched_getaffinity(0)),
        "platform": platform.platform(),
        "load_average_1min_at_start": round(os.getloadavg()[0], 2),
    }
    markers = [f" {PG_DATABASE} ".encode()] if args.database_url else []
    if args.redis_url:
        markers.append(b"redis-server")
    cpu = PhaseCpu(pages.Target(None, server, port, markers))

    async def main():
        loop = asyncio.get_running_loop()

        async def db(function, *arguments):
            return await loop.run_in_executor(db_thread, function, *arguments)

        code, csrf = await start_session(
            port, module_id, question_id, cookie, args.timeout
        )
        state = await db(session_state, code)
        if state["step"] != question_id:
            raise BenchError("the session did not move to the plenary question")
        print(
            f"Session {code} is on the plenary question; load for about "
            f"{args.join_seconds + args.steady + args.think + 25:.0f} s:"
        )
        load = Load(args, port, server, code, cookie, question_id, db, cpu)
        load.facilitator["csrftoken"] = csrf
        if args.wait_quiet:
            await wait_for_quiet(args.wait_quiet)
        await load.warm_up()
        load.started = time.monotonic()
        async with asyncio.timeout(args.max_seconds):
            report = await load.run()
        return code, load, report

    try:
        code, load, report = asyncio.run(main())
    except TimeoutError as error:
        raise BenchError(
            f"the load did not finish in {args.max_seconds:g} s"
        ) from error

    rec = load.rec
    rows = [
        ("join form", "joining", ("joining",)),
        ("join", "joining", ("joining",)),
        ("page", "joining", ("joining",)),
        ("stage", "moving", ("moving",)),
        ("stage", "answering", ("answering",)),
        ("answer", "answering", ("answering",)),
        *(("poll", phase, (phase,)) for phase in PHASES),
        ("poll", "whole session", SESSION_PHASES),
        ("burst", "burst", ("burst",)),
        ("kill", "kill", ("kill",)),
        ("presenter", "all", PHASES),
        ("control", "all", PHASES),
    ]
    table = [((kind, label), rec.summary(kind, phases)) for kind, label, phases in rows]
    non_kill = tuple(p for p in PHASES if p != "kill")
    results = {
        "started_at": started_at.isoformat(timespec="seconds"),
        "setup": setup_label(args),
        "args": {k: v for k, v in vars(args).items() if not k.endswith("_url")},
        "machine": {
            **machine,
            "load_average_1min_at_end": round(os.getloadavg()[0], 2),
        },
        "stack": stack_info,
        "gunicorn_workers": workers,
        "session_code": code,
        "participants": args.participants,
        "cpu_cores": cpu.report(),
        "alone": load.alone,
        **report,
        "polls": {
            "session": rec.summary("poll", SESSION_PHASES),
            **{phase: rec.summary("poll", (phase,)) for phase in PHASES},
        },
        # Errors outside the kill phase, by kind: every one is a failure.
        "requests": {
            kind: rec.summary(kind, non_kill)
            for kind in (
                "join form",
                "join",
                "page",
                "stage",
                "poll",
                "answer",
                "burst",
                "control",
                "presenter",
            )
        },
        "table": table,
    }
    results["verdicts"] = verdicts(results)
    written = write_results(results, args.json_path)
    print_report(results, written)
    failed = [name for name in CORRECTNESS if not results["verdicts"][name]]
    if failed:
        print(f"gunicorn's log ends with: {last_line(log_path)}")
        raise BenchError(f"failed: {'; '.join(failed)}")


def main(argv=None):
    args = parse_args(argv)

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
