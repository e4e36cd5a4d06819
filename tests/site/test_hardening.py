"""Production hardening: deploy checks, secrets, static files, health check, CSP, SQLite."""

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from django.core.management import call_command
from django.templatetags.static import static
from django.test import Client

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "lms.settings.production",
    "SECRET_KEY": "x" * 30 + "-a-long-random-enough-test-only-secret-key",
    "ALLOWED_HOSTS": "learn.example.org",
}


def manage(*args, env=None):
    """Run manage.py in a fresh process with the given environment."""
    full_env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    full_env.update(env or {})
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_deploy_checks_pass_with_production_settings():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize(
    ("missing", "message"),
    [
        ({"SECRET_KEY": ""}, "Set SECRET_KEY"),
        ({"SECRET_KEY": "django-insecure-" + "x" * 60}, "Set SECRET_KEY"),
        ({"ALLOWED_HOSTS": ""}, "Set ALLOWED_HOSTS"),
    ],
)
def test_production_refuses_to_start_without_real_settings(missing, message):
    result = manage("check", env={**PRODUCTION_ENV, **missing})
    assert result.returncode != 0
    assert message in result.stderr


def test_whitenoise_serves_hashed_compressed_static_files_for_a_year(
    settings, tmp_path
):
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {
            "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        },
    }
    call_command("collectstatic", interactive=False, verbosity=0)
    url = static("css/site.css")
    assert url != "/static/css/site.css", "the name should carry a content hash"

    # A new client builds a new handler, so whitenoise scans the fresh STATIC_ROOT.
    response = Client().get(url, HTTP_ACCEPT_ENCODING="gzip")
    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    cache_control = response["Cache-Control"]
    assert "immutable" in cache_control
    assert "max-age=315360000" in cache_control


@pytest.mark.django_db
def test_healthz_answers_when_the_database_does(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_healthz_answers_503_when_the_database_is_unreachable():
    script = textwrap.dedent(
        """
        import django
        django.setup()
        from django.test import Client
        response = Client().get("/healthz")
        print(response.status_code, response.json()["status"])
        """
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "lms.settings.test",
        # Nothing listens on port 1: the connection is refused for real.
        "DATABASE_URL": "postgres://nobody@127.0.0.1:1/nowhere",
    }
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.strip() == "503 unavailable", result.stderr


@pytest.mark.django_db
def test_public_pages_carry_a_strict_content_security_policy(client, home):
    policy = client.get(home.url)["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert "unsafe-inline" not in policy
    assert directives["frame-ancestors"] == "'none'"


CONCURRENT_WRITERS = textwrap.dedent(
    """
    import sys, threading, time
    import django
    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.contrib.auth.models import Group

    call_command("migrate", "auth", verbosity=0)
    errors = []
    start = threading.Barrier({writers})

    def write(number):
        try:
            start.wait()
            for round_ in range({rounds}):
                # Read, then write: under SQLite's default (deferred) transactions
                # two such writers deadlock and one fails with "database is locked".
                with transaction.atomic():
                    Group.objects.count()
                    time.sleep(0.002)
                    Group.objects.create(name=f"group-{{number}}-{{round_}}")
        except Exception as error:
            errors.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=write, args=(n,)) for n in range({writers})]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    print(Group.objects.count(), len(errors), errors[:1])
    """
)


def test_sqlite_makes_concurrent_writers_wait_instead_of_failing(tmp_path):
    writers, rounds = 8, 10
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "lms.settings.test",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'concurrency.sqlite3'}",
    }
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            CONCURRENT_WRITERS.format(writers=writers, rounds=rounds),
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    count, failures, first_error = result.stdout.split(" ", 2)
    assert int(failures) == 0, first_error
    assert int(count) == writers * rounds
