"""The "My learning" dashboard, certificates, and public certificate verification."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from courses.models import (
    Certificate,
    Enrolment,
    LearnerProfile,
    ModulePage,
    StepProgress,
)
from courses.progress import record_progress
from courses.views.learning import progress_for_enrolments
from tests.builders import make_course

pytestmark = pytest.mark.django_db

# Measured: session, user, the five dashboard queries, the navigation and the site
# root paths, with room for the user bar's permission checks.
MAX_DASHBOARD_QUERIES = 14


@pytest.fixture
def learner(django_user_model):
    user = django_user_model.objects.create_user(
        "amina", email="amina.private@example.org", password="a-long-password-1"
    )
    LearnerProfile.objects.create(user=user, display_name="Amina Ben Salah")
    return user


@pytest.fixture
def other_learner(django_user_model):
    return django_user_model.objects.create_user("ben", password="a-long-password-1")


def steps_of(course):
    """The course's slides and plenary questions, in tree order."""
    return [
        step
        for module in ModulePage.objects.descendant_of(course).order_by("path")
        for step in module.get_children().order_by("path")
    ]


def enrol(user, course, seen=0, completed_days_ago=None):
    """An enrolment with the first `seen` steps seen, completed if asked."""
    enrolment = Enrolment.objects.create(learner=user, course=course)
    for step in steps_of(course)[:seen]:
        StepProgress.objects.create(learner=user, page=step, course=course)
    if completed_days_ago is not None:
        completed_at = timezone.now() - datetime.timedelta(days=completed_days_ago)
        enrolment.completed_at = completed_at
        enrolment.save()
        Certificate.objects.create(
            learner=user,
            course=course,
            learner_name="Amina Ben Salah",
            course_title=course.title,
            issued_at=completed_at,
        )
    return enrolment


def test_dashboard_shows_progress_and_the_next_step(client, sections, learner):
    _, courses = sections
    course = make_course(courses, slides_per_module=3)  # 4 steps
    Enrolment.objects.create(learner=learner, course=course)
    slide_1, slide_2, slide_3, _ = steps_of(course)
    record_progress(learner, slide_1)
    record_progress(learner, slide_2)
    client.force_login(learner)

    response = client.get(reverse("my_learning"))

    html = response.content.decode()
    assert response.status_code == 200
    assert f'href="{course.url}">{course.title}</a>' in html
    assert '<progress id="progress-' in html
    assert 'max="100" value="50"' in html
    assert "50% complete" in html
    assert f'href="{slide_3.url}">Continue: Slide 3' in html
    assert "Last activity:" in html


def test_dashboard_lists_courses_in_progress_before_completed_ones(
    client, sections, learner
):
    _, courses = sections
    done = make_course(courses, slides_per_module=1)
    going = make_course(courses, slides_per_module=2)
    enrol(learner, done, seen=2, completed_days_ago=3)
    enrol(learner, going, seen=1)
    client.force_login(learner)

    html = client.get(reverse("my_learning")).content.decode()

    assert html.index(going.title) < html.index(done.title)
    assert "Completed on" in html
    certificate = Certificate.objects.get(course=done)
    assert reverse("certificate", args=[certificate.code]) in html
    assert "Continue: Slide 2" in html


def test_dashboard_empty_state_links_to_the_catalogue(client, sections, learner):
    _, courses = sections
    client.force_login(learner)

    html = client.get(reverse("my_learning")).content.decode()

    assert "You are not enrolled in any course yet" in html
    assert f'href="{courses.url}"' in html


def test_dashboard_shows_only_the_learners_own_enrolments(
    client, sections, learner, other_learner
):
    _, courses = sections
    course = make_course(courses)
    enrol(other_learner, course, seen=1)
    client.force_login(learner)

    html = client.get(reverse("my_learning")).content.decode()

    assert course.title not in html
    assert "You are not enrolled in any course yet" in html


def test_progress_for_enrolments_runs_five_queries_for_any_number_of_courses(
    sections, learner, django_assert_num_queries
):
    _, courses = sections
    for slides in range(1, 6):
        course = make_course(courses, slides_per_module=slides)
        enrol(learner, course, seen=1, completed_days_ago=1 if slides > 3 else None)
    progress_for_enrolments(learner)  # content types are looked up once a process

    with django_assert_num_queries(5):
        entries = progress_for_enrolments(learner)

    assert len(entries) == 5
    assert [entry.completed for entry in entries] == [False] * 3 + [True] * 2
    assert all(entry.next_step for entry in entries[:3])
    assert all(entry.certificate for entry in entries[3:])


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_dashboard_queries_do_not_grow_with_enrolments(
    client, sections, learner, django_user_model, django_assert_max_num_queries
):
    _, courses = sections
    one_course = django_user_model.objects.create_user("solo", password="x-pass-12")
    course_list = [make_course(courses, slides_per_module=n) for n in range(1, 6)]
    enrol(one_course, course_list[0], seen=1, completed_days_ago=2)
    enrol(one_course, course_list[1], seen=1)
    for number, course in enumerate(course_list):
        enrol(
            learner, course, seen=1, completed_days_ago=number if number < 2 else None
        )
    client.force_login(one_course)
    client.get(reverse("my_learning"))  # warm per-process caches
    small = count_queries(client, reverse("my_learning"))

    client.force_login(learner)
    client.get(reverse("my_learning"))
    large = count_queries(client, reverse("my_learning"))

    assert small == large
    with django_assert_max_num_queries(MAX_DASHBOARD_QUERIES):
        response = client.get(reverse("my_learning"))
    assert response.content.decode().count("% complete") == 5


@pytest.fixture
def certificate(sections, learner):
    _, courses = sections
    course = make_course(courses, slides_per_module=1)
    enrol(learner, course, seen=2, completed_days_ago=0)
    return Certificate.objects.get(learner=learner, course=course)


def certificate_row(certificate):
    return Certificate.objects.filter(pk=certificate.pk).values().get()


def test_certificate_page_shows_the_owners_certificate(client, learner, certificate):
    client.force_login(learner)
    before = certificate_row(certificate)

    response = client.get(reverse("certificate", args=[certificate.code]))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Amina Ben Salah" in html
    assert certificate.course_title in html
    assert certificate.formatted_code in html
    verify_url = reverse("verify_certificate_code", args=[certificate.formatted_code])
    assert f"http://testserver{verify_url}" in html
    assert certificate.issued_at.strftime("%-d %B %Y") in html
    assert 'media="print" href="/static/css/certificate.css"' in html
    assert "Use your browser's Print command" in html
    assert "<script" not in html.split("<footer")[0].split("</header>")[1]
    assert certificate_row(certificate) == before


def test_certificate_page_is_not_found_for_another_learner(
    client, other_learner, certificate
):
    client.force_login(other_learner)

    response = client.get(reverse("certificate", args=[certificate.code]))

    assert response.status_code == 404


def test_certificate_page_sends_visitors_to_log_in(client, certificate):
    url = reverse("certificate", args=[certificate.code])

    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={url}"


def verify(client, code):
    return client.get(reverse("verify_certificate"), {"code": code})


@pytest.mark.parametrize(
    "typed",
    ["exact", "lower case with spaces", "formatted"],
)
def test_verify_accepts_a_code_however_it_is_typed(client, learner, certificate, typed):
    code = {
        "exact": certificate.code,
        "lower case with spaces": " ".join(
            certificate.formatted_code.split("-")
        ).lower(),
        "formatted": certificate.formatted_code,
    }[typed]
    before = certificate_row(certificate)

    response = verify(client, code)

    html = response.content.decode()
    assert response.status_code == 200
    assert "Valid certificate" in html
    assert "Amina Ben Salah" in html
    assert certificate.course_title in html
    assert certificate.issued_at.strftime("%-d %B %Y") in html
    # Nothing about the learner beyond the name printed on the certificate.
    assert learner.email not in html
    assert learner.username not in html
    assert "% complete" not in html
    assert response["X-Robots-Tag"] == "noindex"
    assert certificate_row(certificate) == before


def test_verify_link_works_as_a_shareable_address(client, certificate):
    url = reverse("verify_certificate_code", args=[certificate.formatted_code])

    response = client.get(url)

    assert response.status_code == 200
    assert "Valid certificate" in response.content.decode()


def test_verify_unknown_code_is_not_found(client, certificate):
    unknown = "ABCD-EFGH-JKLM"
    assert certificate.code != unknown.replace("-", "")

    response = verify(client, unknown)

    html = response.content.decode()
    assert response.status_code == 404
    assert "No certificate has this code" in html
    assert "Valid certificate" not in html
    assert "Amina Ben Salah" not in html


@pytest.mark.parametrize("code", ["ABC", "ABCD-EFGH-JKL0", "<script>", "A" * 30])
def test_verify_malformed_code_is_a_form_error(client, certificate, code):
    response = verify(client, code)

    html = response.content.decode()
    assert response.status_code == 400
    assert 'id="id_code_error"' in html
    assert "This is not a certificate code" in html
    assert "Valid certificate" not in html


def test_verify_empty_code_asks_for_one(client, home):
    assert client.get(reverse("verify_certificate")).status_code == 200

    response = verify(client, "  ")

    assert response.status_code == 400
    assert "Enter the code printed on the certificate" in response.content.decode()


def test_verification_is_never_served_from_the_page_cache(
    client, certificate, settings
):
    settings.PAGE_CACHE_TIMEOUT = 600
    assert verify(client, certificate.code).status_code == 200

    # A certificate withdrawn by an administrator is no longer valid at once.
    certificate.delete()

    response = verify(client, certificate.code)
    assert response.status_code == 404
    assert "X-Page-Cache" not in response
