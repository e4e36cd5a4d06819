"""What recording a learner's progress costs a page view (`make bench-progress`).

Serves the demo content with gunicorn as `bench/pages.py` does, then requests the
same slide, over one connection, as two logged-in learners: one not enrolled (the
page is rendered, nothing is recorded) and one enrolled (the view also records the
step as seen, updates the enrolment and checks the module's completion). The
difference in latency is what recording progress adds to a page view. Neither is
served from the page cache, which never serves logged-in users.
"""

import argparse
import contextlib
import shutil
import subprocess
import sys
import tempfile
import urllib.request
from pathlib import Path

from bench.pages import (
    HOST,
    LATENCY_RE,
    RATE_RE,
    TO_MS,
    BenchError,
    bench_environment,
    ensure_wrk,
    fetch,
    free_port,
    run_setup_steps,
    setup_django,
    start_gunicorn,
)


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--database-url", default="")
    parser.add_argument("--redis-url", default="")
    args = parser.parse_args(argv)
    if not 1 <= args.duration <= 120:
        parser.error("--duration must be between 1 and 120 seconds")
    return args


def learner_session(username, enrol_in=None):
    """A logged-in session cookie for a new learner, enrolled in `enrol_in` if given."""
    from django.contrib.auth import (
        BACKEND_SESSION_KEY,
        HASH_SESSION_KEY,
        SESSION_KEY,
        get_user_model,
    )
    from django.contrib.sessions.backends.db import SessionStore

    from courses.models import Enrolment

    user = get_user_model().objects.create_user(username)
    if enrol_in is not None:
        Enrolment.objects.create(learner=user, course=enrol_in)
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.save()
    return f"sessionid={session.session_key}"


def wrk_with_cookie(wrk, url, cookie, duration):
    output = subprocess.run(
        [
            wrk,
            "-t1",
            "-c1",
            f"-d{duration}s",
            "--latency",
            "-H",
            f"Cookie: {cookie}",
            url,
        ],
        capture_output=True,
        text=True,
        timeout=duration + 60,
        check=True,
    ).stdout
    if "Non-2xx" in output:
        raise BenchError(f"{url} answered errors under load:\n{output}")
    return {
        "requests_per_second": float(RATE_RE.search(output).group(1)),
        "latency_ms": {
            f"p{pct}": round(float(value) * TO_MS[unit], 3)
            for pct, value, unit in LATENCY_RE.findall(output)
        },
    }


def benchmark(args, stack):
    wrk = ensure_wrk()
    workdir = Path(tempfile.mkdtemp(prefix="lms-bench-progress-"))
    stack.callback(shutil.rmtree, workdir, ignore_errors=True)
    env = bench_environment(args, workdir, stack)
    run_setup_steps(env)
    setup_django(env)
    from django.db import connections

    from courses.models import CoursePage, SlidePage, StepProgress

    course = CoursePage.objects.live().first()
    slide = SlidePage.objects.live().descendant_of(course).order_by("path").first()
    path = slide.get_url_parts()[2]
    cookies = {
        "not enrolled (nothing recorded)": learner_session("bench-reader"),
        "enrolled (progress recorded)": learner_session("bench-learner", course),
    }
    connections.close_all()

    port = free_port()
    start_gunicorn(env, port, workdir / "gunicorn.log", stack)
    url = f"http://{HOST}:{port}{path}"
    rows = {}
    for label, cookie in cookies.items():
        request = urllib.request.Request(url, headers={"Cookie": cookie})
        for _ in range(20):  # warm the worker and the first write up
            fetch(request)
        rows[label] = wrk_with_cookie(wrk, url, cookie, args.duration)

    recorded = StepProgress.objects.filter(page=slide).count()
    connections.close_all()
    print(f"\nSlide {path}, one connection, {args.duration} s each:")
    print(f"{'learner':34} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8}")
    for label, row in rows.items():
        lat = row["latency_ms"]
        print(
            f"{label:34} {row['requests_per_second']:8.1f} {lat['p50']:8.2f} {lat['p99']:8.2f}"
        )
    base, tracked = rows.values()
    added = tracked["latency_ms"]["p50"] - base["latency_ms"]["p50"]
    print(
        f"Recording progress adds {added:.2f} ms at p50 ({recorded} progress row kept)."
    )
    if recorded != 1:
        raise BenchError(f"expected one progress row for the slide, found {recorded}")


def main(argv=None):
    args = parse_args(argv)
    try:
        with contextlib.ExitStack() as stack:
            benchmark(args, stack)
    except BenchError as error:
        print(f"bench: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
