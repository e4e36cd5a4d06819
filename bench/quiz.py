"""What grading a quiz costs (`make bench-quiz`).

Builds a fresh database with the demo content, as `bench/pages.py` does, and adds
a 50-question quiz to a demo module: ten questions of each of the five types, most
of them tagged with innovation principles or strategies, published through a
revision. Then:

- in-process, it times `courses.grading.grade` on a complete set of answers to the
  frozen questions, the answer form's validation, and `snapshot_questions` on a
  freshly loaded quiz page;
- it counts the SQL queries of each step of an attempt with Django's test client;
- over HTTP, against gunicorn (2 sync workers, production settings), one request
  at a time, each learner opens the quiz page, starts an attempt and opens its
  form (the setup phase), then, in the timed loop, submits all 50 answers (the
  server grades and stores them and redirects; the redirect is not followed) and
  opens the result page. Each learner is a new account with one attempt, so no
  form is ever stale. The bare baseline view is requested in the same loop, just
  before each submission, and every latency is reported with its ratio to the
  baseline's p50.

Every submission must answer 302 and every result page 200, and at the end every
attempt must be stored graded with exactly the answers sent and the score they
earn; anything else stops the script with a one-line error. It only talks to
127.0.0.1 and removes its database and files afterwards.
"""

import argparse
import contextlib
import datetime
import html
import http.client
import http.cookies
import json
import logging
import os
import platform
import re
import resource
import shutil
import signal
import statistics
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

import bench.pages as pages
from bench import BASELINE_PATH
from bench.pages import (
    BUSY_CPU,
    HOST,
    RESULTS_DIR,
    WORKERS,
    BenchError,
    CpuMeter,
    Target,
    bench_environment,
    describe_stack,
    free_port,
    last_line,
    require_loopback,
    run_setup_steps,
    setup_django,
    start_gunicorn,
)
from bench.progress import learner_session

# Its own database name, so that it never drops the one a concurrent `make bench`
# is using on the same PostgreSQL server.
PG_DATABASE = "lms_bench_quiz"

QUESTIONS = 50
QUESTION_TYPES = (
    "single_choice",
    "multiple_choice",
    "true_false",
    "short_text",
    "matching",
)
HTTP_TIMEOUT = 30
QUERY_COUNT_STEPS = ("quiz page", "start", "attempt form", "submit", "result page")
CSRF_INPUT_RE = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
START_TOKEN_RE = re.compile(r'name="start_token" value="([^"]+)"')
HIDDEN_RE = re.compile(r'<input type="hidden" name="(attempt|sequence)" value="(\d+)"')


def default_database_url():
    """BENCH_DATABASE_URL, else DATABASE_URL when it names a PostgreSQL server."""
    url = os.environ.get("BENCH_DATABASE_URL") or os.environ.get("DATABASE_URL", "")
    return url if url.startswith(("postgres:", "postgresql:")) else ""


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--iterations",
        type=int,
        default=200,
        help="learners submitting (and opening their result) in the timed loop "
        "(default 200)",
    )
    parser.add_argument(
        "--warmup",
        type=int,
        default=10,
        help="learners doing the same first, not counted (default 10)",
    )
    parser.add_argument(
        "--max-seconds",
        type=int,
        default=300,
        help="stop the timed loop after this long, however many iterations are "
        "done (default 300)",
    )
    parser.add_argument(
        "--grade-iterations",
        type=int,
        default=2000,
        help="in-process gradings timed (default 2000)",
    )
    parser.add_argument(
        "--database-url",
        default=default_database_url(),
        help="a PostgreSQL server on this machine; a fresh "
        f"'{PG_DATABASE}' database is created on it and dropped at the "
        "end (default: env BENCH_DATABASE_URL, else DATABASE_URL if it is a "
        "postgres:// URL, else a temporary SQLite file)",
    )
    parser.add_argument("--redis-url", default="")
    parser.add_argument(
        "--json", dest="json_path", default="", help="also write the results here"
    )
    args = parser.parse_args(argv)
    if not 1 <= args.iterations <= 5000:
        parser.error("--iterations must be between 1 and 5000")
    if not 0 <= args.warmup <= 100:
        parser.error("--warmup must be between 0 and 100")
    if not 10 <= args.max_seconds <= 3600:
        parser.error("--max-seconds must be between 10 and 3600")
    if not 10 <= args.grade_iterations <= 100000:
        parser.error("--grade-iterations must be between 10 and 100000")
    return args


# ---------------------------------------------------------------------------
# The quiz


def question_value(kind, number, principles, strategies):
    """The StreamField value of question `number` (0-based), of type `kind`."""
    value = {
        "question": f"Question {number + 1}: which statement about public service "
        "innovation in this module holds? Read every option before answering.",
        "points": 1,
        "explanation": "The module's slides on this principle give the reasoning, "
        "with an example from a national programme and the survey it comes from.",
        # Every question tests a principle; every other one a strategy too.
        "principles": [principles[(number // 5) % len(principles)]],
        "strategies": [strategies[number // 2 % len(strategies)]] if number % 2 else [],
    }
    if kind == "single_choice":
        value["choices"] = [
            {"text": f"Option {letter} for question {number + 1}", "correct": i == 0}
            for i, letter in enumerate("ABCD")
        ]
    elif kind == "multiple_choice":
        value["points"] = 2
        value["choices"] = [
            {"text": f"Statement {letter} for question {number + 1}", "correct": i < 3}
            for i, letter in enumerate("ABCDE")
        ]
        value["scoring"] = "partial" if number % 2 else "all_or_nothing"
    elif kind == "true_false":
        value["correct_answer"] = "true" if number % 2 else "false"
    elif kind == "short_text":
        value["accepted_answers"] = [
            "whole-of-government",
            "whole of government",
            "joined-up government",
        ]
    elif kind == "matching":
        value["points"] = 3
        # Of the ten matching questions: four with pairs of their own, three
        # matching the principles' snippets and three the strategies'.
        which = number // 5
        value["source"] = (
            "pairs" if which < 4 else "principles" if which < 7 else "strategies"
        )
        value["pairs"] = (
            [
                {"item": f"Item {i} of {number + 1}", "match": f"Match {i} of it"}
                for i in range(1, 5)
            ]
            if value["source"] == "pairs"
            else []
        )
    return value


def answered_wrong(number):
    """Which questions the learners get wrong: about a fifth, more on principle 1."""
    return number % 6 == 5 or (number < 5 and number % 2 == 0)


def build_quiz():
    """The 50-question quiz, published in a demo module: (quiz, course, plan).

    `plan` maps each question's block id to whether learners answer it right.
    """
    from courses.models import (
        CoursePage,
        InnovationPrinciple,
        InnovationStrategy,
        ModulePage,
        QuizPage,
    )

    principles = list(InnovationPrinciple.objects.order_by("number"))
    strategies = list(InnovationStrategy.objects.order_by("number"))
    modules = ModulePage.objects.live().order_by("path")
    module = modules.filter(code="2.2").first() or modules.first()
    if not (principles and strategies and module):
        raise BenchError("the demo content has no module, principles or strategies")
    course = CoursePage.objects.ancestor_of(module).first()
    questions = [
        (
            QUESTION_TYPES[number % 5],
            question_value(QUESTION_TYPES[number % 5], number, principles, strategies),
        )
        for number in range(QUESTIONS)
    ]
    # Wagtail logs each page action (and its tasks) at INFO in production settings.
    logging.disable(logging.INFO)
    try:
        quiz = module.add_child(
            instance=QuizPage(
                title="Benchmark quiz: fifty questions",
                slug="benchmark-quiz",
                introduction="<p>Fifty questions of every type.</p>",
                pass_mark=70,
                attempts_allowed=0,
                shuffle_questions=True,
                shuffle_choices=True,
                show_answers=QuizPage.ShowAnswers.AFTER_EACH_ATTEMPT,
                questions=questions,
            )
        )
        quiz.save_revision().publish()
    finally:
        logging.disable(logging.NOTSET)
    quiz = QuizPage.objects.get(pk=quiz.pk)
    plan = {
        block.id: not answered_wrong(number)
        for number, block in enumerate(quiz.questions)
    }
    return quiz, course, plan


def answer(question, right):
    """(POST fields, the answer as the server stores it) for one frozen question."""
    name = "q-" + question["id"]
    kind = question["type"]
    if kind in ("single_choice", "multiple_choice"):
        key = question["key"]
        wrong = [
            choice["id"] for choice in question["choices"] if choice["id"] not in key
        ]
        chosen = key if right else wrong[:1]
        if kind == "single_choice":
            return [(name, chosen[0])], chosen[0]
        return [(name, choice) for choice in chosen], sorted(chosen)
    if kind == "true_false":
        value = (
            question["key"]
            if right
            else {"true": "false", "false": "true"}[question["key"]]
        )
        return [(name, value)], value
    if kind == "short_text":
        # Typed in capitals: grading ignores case.
        value = question["accepted"][0].upper() if right else "not the answer"
        return [(name, value)], value
    if kind == "matching":
        options = [option["id"] for option in question["options"]]
        chosen = {}
        for item in question["items"]:
            chosen[item["id"]] = (
                item["id"] if right else next(o for o in options if o != item["id"])
            )
        fields = [
            (f"{name}-{position}", chosen[item["id"]])
            for position, item in enumerate(question["items"], start=1)
        ]
        return fields, chosen
    raise BenchError(f"unknown question type {kind!r}")


def answer_all(questions, plan):
    """(POST fields, answers as stored) answering every question of an attempt."""
    fields, answers = [], {}
    for question in questions:
        question_fields, answers[question["id"]] = answer(
            question, plan[question["id"]]
        )
        fields += question_fields
    return fields, answers


# ---------------------------------------------------------------------------
# In-process timings and query counts


def percentile(values, pct):
    """The nearest-rank percentile of `values`."""
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * pct // 100))
    return ordered[int(rank) - 1]


def summary_ms(seconds):
    return {
        "count": len(seconds),
        "p50_ms": round(percentile(seconds, 50) * 1000, 4),
        "p95_ms": round(percentile(seconds, 95) * 1000, 4),
        "mean_ms": round(statistics.fmean(seconds) * 1000, 4),
    }


def time_calls(function, iterations, prepare=None):
    """Seconds taken by each of `iterations` calls (`prepare` runs untimed first)."""
    taken = []
    for _ in range(iterations):
        argument = prepare() if prepare else None
        start = time.perf_counter()
        function(argument)
        taken.append(time.perf_counter() - start)
    return taken


def in_process_timings(quiz, plan, grade_iterations):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils.datastructures import MultiValueDict

    from courses.forms import QuizAnswerForm
    from courses.grading import grade, snapshot_questions
    from courses.models import QuizPage

    questions = snapshot_questions(QuizPage.objects.get(pk=quiz.pk))
    fields, answers = answer_all(questions, plan)
    results, score = grade(questions, answers)
    data = MultiValueDict()
    for name, value in fields:
        data.appendlist(name, value)

    def parse(_):
        form = QuizAnswerForm(questions, data=data)
        if not form.is_valid():
            raise BenchError(f"the answer form refused the answers: {form.errors}")
        return form.answers()

    if parse(None) != answers:
        raise BenchError("the answer form read other answers than the ones sent")
    with CaptureQueriesContext(connection) as queries:
        snapshot_questions(QuizPage.objects.get(pk=quiz.pk))
    load_queries = 1  # the page itself, loaded before the snapshot is timed
    snapshot_iterations = max(20, grade_iterations // 20)
    return {
        "grade": summary_ms(
            time_calls(lambda _: grade(questions, answers), grade_iterations)
        ),
        "answer_form": summary_ms(time_calls(parse, max(20, grade_iterations // 4))),
        "snapshot_questions": {
            **summary_ms(
                time_calls(
                    snapshot_questions,
                    snapshot_iterations,
                    prepare=lambda: QuizPage.objects.get(pk=quiz.pk),
                )
            ),
            "queries": len(queries.captured_queries) - load_queries,
        },
        "answer_fields": len(fields),
        "score": str(score),
        "max_score": sum(q["points"] for q in questions),
        "right": sum(1 for r in results.values() if r["correct"]),
    }


class CountingClient:
    """Django's test client as one learner, counting each request's queries."""

    def __init__(self, user):
        from django.test import Client

        self.client = Client(HTTP_HOST="localhost", raise_request_exception=False)
        self.client.force_login(user)
        self.queries, self.sizes = {}, {}

    def step(self, name, method, path, data=None, expect=200):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            response = getattr(self.client, method)(path, data)
        if response.status_code != expect:
            raise BenchError(
                f"in-process {name} answered {response.status_code}, not {expect}"
            )
        self.queries[name] = len(queries.captured_queries)
        self.sizes[name] = len(response.content)
        return response


def take_quiz_in_process(quiz, course, plan, username):
    """One new learner's attempt, through the test client: (queries, bytes) by step."""
    from django.contrib.auth import get_user_model

    from courses.models import Enrolment, QuizAttempt

    user = get_user_model().objects.create_user(username)
    Enrolment.objects.create(learner=user, course=course)
    learner = CountingClient(user)
    page = learner.step("quiz page", "get", quiz.url)
    token = START_TOKEN_RE.search(page.content.decode()).group(1)
    learner.step("start", "post", quiz.url + "start/", {"start_token": token}, 302)
    attempt = QuizAttempt.objects.get(learner=user, quiz=quiz)
    url = attempt.get_absolute_url()
    learner.step("attempt form", "get", url)
    fields, _ = answer_all(attempt.questions, plan)
    data = {"attempt": attempt.pk, "sequence": attempt.sequence, "action": "submit"}
    for name, value in fields:
        data.setdefault(name, []).append(value)
    learner.step("submit", "post", url, data, 302)
    learner.step("result page", "get", url)
    return learner.queries, learner.sizes


def count_attempt_queries(quiz, course, plan):
    """Queries per step of an attempt, with the test client: first and steady.

    Two learners take the quiz in turn: the first one's requests are this
    process's first to these views, the second one's show the steady state.
    """
    first, _ = take_quiz_in_process(quiz, course, plan, "bench-quiz-queries-1")
    steady, sizes = take_quiz_in_process(quiz, course, plan, "bench-quiz-queries-2")
    return {
        name: {"first": first[name], "steady": steady[name], "bytes": sizes[name]}
        for name in QUERY_COUNT_STEPS
    }


# ---------------------------------------------------------------------------
# HTTP


class Browser:
    """One learner's cookies, sending one request per connection, as gunicorn's
    sync workers close each connection after answering anyway."""

    def __init__(self, port, cookies):
        self.port = port
        self.cookies = dict(cookies)

    def request(self, method, path, fields=None):
        """(status, headers, body, seconds); only the exchange itself is timed."""
        headers = {}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if fields is not None:
            body = urllib.parse.urlencode(fields).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection = http.client.HTTPConnection(HOST, self.port, timeout=HTTP_TIMEOUT)
        try:
            start = time.perf_counter()
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            content = response.read()
            seconds = time.perf_counter() - start
        finally:
            connection.close()
        for header in response.headers.get_all("Set-Cookie") or ():
            for name, morsel in http.cookies.SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        return response.status, response.headers, content, seconds


def expect(status, wanted, what, log_path):
    if status != wanted:
        detail = f"; gunicorn's log: {last_line(log_path)}" if status >= 500 else ""
        raise BenchError(f"{what} answered {status}, not {wanted}{detail}")


def start_attempts(port, sessions, quiz_path, csrf_cookie, log_path):
    """Setup phase: each learner opens the quiz, starts an attempt, opens its form.

    Returns each learner's browser with the attempt's URL and hidden fields, and
    the latencies of the three requests (informational: not next to the baseline).
    """
    from django.conf import settings

    timings = {"quiz page": [], "start": [], "attempt form": []}
    started = []
    for number, session in enumerate(sessions):
        browser = Browser(port, {**session, settings.CSRF_COOKIE_NAME: csrf_cookie})
        status, _, body, seconds = browser.request("GET", quiz_path)
        expect(status, 200, f"the quiz page for learner {number}", log_path)
        timings["quiz page"].append(seconds)
        text = body.decode()
        token = START_TOKEN_RE.search(text)
        csrf = CSRF_INPUT_RE.search(text)
        if not (token and csrf):
            raise BenchError("the quiz page has no start form for an enrolled learner")
        status, headers, _, seconds = browser.request(
            "POST",
            quiz_path + "start/",
            [("csrfmiddlewaretoken", csrf.group(1)), ("start_token", token.group(1))],
        )
        expect(status, 302, f"starting an attempt (learner {number})", log_path)
        timings["start"].append(seconds)
        attempt_path = urllib.parse.urlsplit(headers["Location"]).path
        status, _, body, seconds = browser.request("GET", attempt_path)
        expect(status, 200, f"the attempt form for learner {number}", log_path)
        timings["attempt form"].append(seconds)
        text = body.decode()
        hidden = dict(HIDDEN_RE.findall(text))
        csrf = CSRF_INPUT_RE.search(text)
        if set(hidden) != {"attempt", "sequence"} or not csrf:
            raise BenchError(
                "the attempt form lacks its attempt, sequence or CSRF token"
            )
        started.append(
            {
                "browser": browser,
                "path": attempt_path,
                "attempt": int(hidden["attempt"]),
                "form": [
                    ("csrfmiddlewaretoken", html.unescape(csrf.group(1))),
                    ("attempt", hidden["attempt"]),
                    ("sequence", hidden["sequence"]),
                    ("action", "submit"),
                ],
            }
        )
    return started, timings


def csrf_cookie_for(port, session, quiz_path):
    """The CSRF cookie the quiz page hands a learner's browser."""
    from django.conf import settings

    browser = Browser(port, session)
    status, _, _, _ = browser.request("GET", quiz_path)
    cookie = browser.cookies.get(settings.CSRF_COOKIE_NAME)
    if status != 200 or not cookie:
        raise BenchError(f"the quiz page answered {status} without a CSRF cookie")
    return cookie


def timed_loop(port, started, warmup, max_seconds, log_path):
    """Baseline, submission and result page per learner; the first `warmup` untimed."""
    anonymous = Browser(port, {})
    timings = {"baseline": [], "submit": [], "result page": []}
    sizes = {}
    deadline = None
    for number, learner in enumerate(started):
        counted = number >= warmup
        if counted and deadline is None:
            deadline = time.monotonic() + max_seconds
        if deadline is not None and time.monotonic() > deadline:
            break
        browser, path = learner["browser"], learner["path"]
        status, _, body, baseline = anonymous.request("GET", BASELINE_PATH)
        expect(status, 200, "the baseline", log_path)
        sizes["baseline"] = len(body)
        status, headers, _, submit = browser.request(
            "POST", path, learner["form"] + learner["answers"]
        )
        expect(status, 302, f"submitting attempt {learner['attempt']}", log_path)
        if urllib.parse.urlsplit(headers["Location"]).path != path:
            raise BenchError(f"a submission redirected to {headers['Location']}")
        status, _, body, result = browser.request("GET", path)
        expect(status, 200, f"the result of attempt {learner['attempt']}", log_path)
        if b"Result of attempt" not in body:
            raise BenchError(f"attempt {learner['attempt']} showed no result page")
        sizes["result page"] = len(body)
        learner["submitted"] = True
        if counted:
            timings["baseline"].append(baseline)
            timings["submit"].append(submit)
            timings["result page"].append(result)
    return timings, sizes


def verify_stored(started):
    """Every submitted attempt graded, with exactly the answers sent."""
    from decimal import Decimal

    from courses.grading import grade
    from courses.models import QuizAttempt

    submitted = {s["attempt"]: s for s in started if s.get("submitted")}
    attempts = QuizAttempt.objects.filter(pk__in=submitted, submitted_at__isnull=False)
    graded = 0
    for attempt in attempts:
        expected = submitted[attempt.pk]["expected"]
        _, score = grade(attempt.questions, expected)
        if (
            attempt.answers == expected
            and len(attempt.results) == QUESTIONS
            and Decimal(attempt.score) == score
        ):
            graded += 1
    if graded != len(submitted):
        raise BenchError(
            f"{graded} of {len(submitted)} submitted attempts are stored graded "
            "with the answers sent"
        )
    return graded


class OtherCpu:
    """Cores other programs used, on average, while this script timed code in-process
    (Linux's /proc; None elsewhere)."""

    def __init__(self):
        self.start = self.snapshot()

    @staticmethod
    def snapshot():
        try:
            with open("/proc/stat") as stat:
                values = [int(v) for v in stat.readline().split()[1:9]]
        except (OSError, ValueError):
            return None
        usage = resource.getrusage(resource.RUSAGE_SELF)
        # idle and iowait are the two idle columns.
        busy = (sum(values) - values[3] - values[4]) / os.sysconf("SC_CLK_TCK")
        return time.monotonic(), busy, usage.ru_utime + usage.ru_stime

    def stop(self):
        end = self.snapshot()
        if self.start is None or end is None:
            return None
        elapsed, busy, own = (b - a for a, b in zip(self.start, end, strict=True))
        return round(max(busy - own, 0) / elapsed, 2)


class LoopMeter:
    """Cores used during the timed loop by gunicorn (and its database or Redis),
    by this script, and by every other program on the machine."""

    def __init__(self, server, port, args):
        markers = []
        if args.database_url:
            # A PostgreSQL backend's title: "postgres: USER DATABASE HOST(PORT) STATE".
            markers.append(f" {PG_DATABASE} ".encode())
        if args.redis_url:
            markers.append(b"redis-server")
        self.meter = CpuMeter(Target(None, server, port, markers))
        self.start = (time.monotonic(), self.own_seconds())

    @staticmethod
    def own_seconds():
        usage = resource.getrusage(resource.RUSAGE_SELF)
        return usage.ru_utime + usage.ru_stime

    def stop(self):
        cores = self.meter.stop()
        if cores is None:
            return None
        # CpuMeter counts this script, the client, among the other programs.
        elapsed = time.monotonic() - self.start[0]
        own = (self.own_seconds() - self.start[1]) / elapsed
        return {
            "gunicorn": cores["gunicorn"],
            "database_and_cache": cores["database_and_cache"],
            "client": round(own, 2),
            "other": round(max(cores["other"] - own, 0), 2),
        }


# ---------------------------------------------------------------------------
# Report


def write_results(results, json_path):
    RESULTS_DIR.mkdir(exist_ok=True)
    text = json.dumps(results, indent=2) + "\n"
    stamp = results["started_at"].replace(":", "").replace("-", "")[:15]
    written = [RESULTS_DIR / f"quiz-{stamp}.json", RESULTS_DIR / "quiz-latest.json"]
    if json_path:
        written.append(Path(json_path))
    for path in written:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return written


def print_report(results, written):
    local = results["in_process"]
    quiz = results["quiz"]
    print(
        f"\nQuiz of {QUESTIONS} questions (10 of each type, "
        f"{local['answer_fields']} answer fields), answered "
        f"{local['right']}/{QUESTIONS} right: {local['score']} of "
        f"{local['max_score']} points; {results['stack']['database']}."
    )
    print("\nIn-process, one call at a time:")
    print(f"{'':44} {'p50 ms':>8} {'p95 ms':>8} {'calls':>6}")
    for label, key in (
        ("grade(questions, answers)", "grade"),
        ("answer form: validate, answers()", "answer_form"),
        ("snapshot_questions (freshly loaded quiz)", "snapshot_questions"),
    ):
        row = local[key]
        print(f"{label:44} {row['p50_ms']:8.3f} {row['p95_ms']:8.3f} {row['count']:6}")
    print(
        f"snapshot_questions made {local['snapshot_questions']['queries']} SQL "
        "queries (the page's own load aside)."
    )
    other = local["other_cpu_cores"]
    if other is not None:
        print(f"Other programs used {other} cores meanwhile.")
        if other > BUSY_CPU:
            print("Note: the machine was busy: these timings are high.")

    http_rows = results["http"]
    base = http_rows["baseline"]["p50_ms"]
    print(
        f"\nOver HTTP, gunicorn ({WORKERS} sync workers) on 127.0.0.1, one request "
        f"at a time, a new connection each; {quiz['timed_learners']} learners timed "
        f"after {quiz['warmup_learners']} warm-up:"
    )
    print(
        f"{'request':40} {'p50 ms':>8} {'p95 ms':>8} {'× base':>7} "
        f"{'SQL 1st/steady':>15} {'bytes':>8}"
    )
    for label, key in (
        ("baseline (bare view)", "baseline"),
        ("submit 50 answers (302, not followed)", "submit"),
        ("result page", "result page"),
        ("quiz page (setup phase)", "quiz page"),
        ("start (setup phase, 302)", "start"),
        ("attempt form (setup phase)", "attempt form"),
    ):
        row = http_rows[key]
        queries = results["queries"].get(key)
        sql = f"{queries['first']}/{queries['steady']}" if queries else "0/0"
        size = row.get("bytes")
        print(
            f"{label:40} {row['p50_ms']:8.2f} {row['p95_ms']:8.2f} "
            f"{row['p50_ms'] / base:6.2f}x {sql:>15} "
            f"{f'{size:,}' if size else '-':>8}"
        )
    print(
        "× base: the p50 latency over the baseline's p50 (the baseline runs just "
        "before each submission).\nSQL: queries of a first and a later learner's "
        "request, in-process with Django's test client."
    )
    cpu = results["cpu_cores_during_loop"]
    if cpu:
        print(
            f"Cores used during the loop: gunicorn {cpu['gunicorn']}, database and "
            f"cache {cpu['database_and_cache']}, this client {cpu['client']}, "
            f"other programs {cpu['other']}."
        )
        if cpu["other"] > BUSY_CPU:
            print(
                "Note: other programs took CPU from the server during the loop: "
                "the latencies are high; run again on a quiet machine."
            )
    print(
        f"Verified: {results['verified_graded']} submissions answered 302 and are "
        "stored graded with the answers sent."
    )
    print("Results: " + ", ".join(str(path) for path in written))


# ---------------------------------------------------------------------------
# Main


def benchmark(args, stack):
    started_at = datetime.datetime.now().astimezone()
    for url, what in ((args.database_url, "database"), (args.redis_url, "Redis")):
        if url:
            require_loopback(url, what)
    pages.PG_BENCH_DATABASE = PG_DATABASE
    workdir = Path(tempfile.mkdtemp(prefix="lms-bench-quiz-"))
    stack.callback(shutil.rmtree, workdir, ignore_errors=True)
    env = bench_environment(args, workdir, stack)
    print("Preparing the database with the demo content:")
    run_setup_steps(env)
    setup_django(env)
    from django.db import connections

    stack.callback(connections.close_all)
    stack_info = describe_stack()
    print(f"Adding a {QUESTIONS}-question quiz and its learners ...", flush=True)
    quiz, course, plan = build_quiz()
    quiz_path = quiz.url
    learners = args.warmup + args.iterations
    # Cookies as `bench/progress.py` makes them: "sessionid=KEY".
    sessions = [
        dict([learner_session(f"bench-quiz-{n}", enrol_in=course).split("=", 1)])
        for n in range(learners)
    ]

    print("Timing grading in-process ...", flush=True)
    meter = OtherCpu()
    in_process = in_process_timings(quiz, plan, args.grade_iterations)
    in_process["other_cpu_cores"] = meter.stop()
    print("Counting SQL queries per request in-process ...", flush=True)
    queries = count_attempt_queries(quiz, course, plan)
    # The baseline renders as many bytes as the result page.
    env["BENCH_BASELINE_BYTES"] = str(queries["result page"]["bytes"])
    connections.close_all()

    port = free_port()
    log_path = workdir / "gunicorn.log"
    print(f"Starting gunicorn on {HOST}:{port} ({WORKERS} sync workers) ...")
    server, workers = start_gunicorn(env, port, log_path, stack)
    load_start = round(os.getloadavg()[0], 2)
    print(
        f"Setup phase: {learners} learners open the quiz, start an attempt and "
        "open its form ...",
        flush=True,
    )
    csrf_cookie = csrf_cookie_for(port, sessions[0], quiz_path)
    started, setup_timings = start_attempts(
        port, sessions, quiz_path, csrf_cookie, log_path
    )
    from courses.models import QuizAttempt

    questions = dict(
        QuizAttempt.objects.filter(pk__in=[s["attempt"] for s in started]).values_list(
            "pk", "questions"
        )
    )
    connections.close_all()
    for learner in started:
        learner["answers"], learner["expected"] = answer_all(
            questions[learner["attempt"]], plan
        )

    print(
        f"Timed loop: baseline, submission and result page for up to "
        f"{args.iterations} learners (at most {args.max_seconds} s) ...",
        flush=True,
    )
    meter = LoopMeter(server, port, args)
    loop_timings, sizes = timed_loop(
        port, started, args.warmup, args.max_seconds, log_path
    )
    cpu = meter.stop()
    graded = verify_stored(started)
    connections.close_all()

    http_rows = {}
    for key, seconds in {**loop_timings, **setup_timings}.items():
        # Setup phase latencies count every learner; the first ones warm up.
        seconds = seconds[args.warmup :] if key in setup_timings else seconds
        http_rows[key] = summary_ms(seconds)
        if key in sizes:
            http_rows[key]["bytes"] = sizes[key]
        elif key in queries:
            http_rows[key]["bytes"] = queries[key]["bytes"]
    base = http_rows["baseline"]["p50_ms"]
    for row in http_rows.values():
        row["ratio_to_baseline_p50"] = round(row["p50_ms"] / base, 3)
    results = {
        "started_at": started_at.isoformat(timespec="seconds"),
        "machine": {
            "cpus": os.cpu_count(),
            "usable_cpus": len(os.sched_getaffinity(0)),
            "platform": platform.platform(),
            "load_average_1min_at_start": load_start,
            "load_average_1min_at_end": round(os.getloadavg()[0], 2),
        },
        "stack": stack_info,
        "gunicorn_workers": {"configured": WORKERS, "running": workers},
        "quiz": {
            "questions": QUESTIONS,
            "path": quiz_path,
            "warmup_learners": args.warmup,
            "timed_learners": len(loop_timings["submit"]),
            "max_seconds": args.max_seconds,
        },
        "in_process": in_process,
        "queries": queries,
        "http": http_rows,
        "cpu_cores_during_loop": cpu,
        "verified_graded": graded,
    }
    written = write_results(results, args.json_path)
    print_report(results, written)
    if len(loop_timings["submit"]) < args.iterations:
        print(
            f"Note: the loop stopped after {args.max_seconds} s, at "
            f"{len(loop_timings['submit'])} of {args.iterations} learners."
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
