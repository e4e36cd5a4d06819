"""Enrolment and progress: recorded once, completed in order, resumed, kept private."""

import threading

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from courses.models import (
    Certificate,
    CoursePage,
    Enrolment,
    ModuleCompletion,
    ModulePage,
    StepProgress,
)
from courses.progress import CourseProgress, record_progress
from tests.builders import make_course

pytestmark = pytest.mark.django_db


@pytest.fixture
def course(sections):
    _, courses = sections
    return make_course(courses, days=1, modules_per_day=2, slides_per_module=2)


@pytest.fixture
def learner(django_user_model):
    return django_user_model.objects.create_user("amina", password="a-long-password-1")


def steps_of(course):
    """Every module's steps (slides, then the plenary question), in tree order."""
    return [
        step.specific
        for module in ModulePage.objects.descendant_of(course).order_by("path")
        for step in module.get_children().order_by("path")
    ]


def enrol(client, course):
    return client.post(course.url + "enrol/")


def test_enrolling_needs_a_post_and_an_account(client, course, learner):
    assert client.get(course.url + "enrol/").status_code == 405
    anonymous = enrol(client, course)
    assert anonymous.status_code == 302
    assert "/accounts/login/" in anonymous["Location"]
    assert not Enrolment.objects.exists()

    client.force_login(learner)
    assert enrol(client, course).status_code == 302
    enrol(client, course)  # a second click changes nothing
    assert Enrolment.objects.filter(learner=learner, course=course).count() == 1


def test_closed_enrolment_is_refused_with_a_message(client, course, learner):
    course.enrolment_open = False
    course.save_revision().publish()
    client.force_login(learner)
    response = client.post(course.url + "enrol/", follow=True)
    assert b"Enrolment in this course is closed" in response.content
    assert not Enrolment.objects.exists()


def test_anonymous_visitors_read_freely_and_are_told_tracking_needs_an_account(
    client, course
):
    response = client.get(steps_of(course)[0].url)
    assert response.status_code == 200
    assert not StepProgress.objects.exists()
    assert b"log in" in client.get(course.url).content.lower()


def test_opening_a_step_records_it_once_for_enrolled_learners_only(
    client, course, learner
):
    first = steps_of(course)[0]
    client.force_login(learner)
    client.get(first.url)
    assert not StepProgress.objects.exists(), "not enrolled: nothing is tracked"

    enrol(client, course)
    client.get(first.url)
    client.get(first.url)
    assert StepProgress.objects.filter(learner=learner, page=first).count() == 1


def test_modules_and_the_course_complete_when_every_step_is_seen(
    client, course, learner
):
    client.force_login(learner)
    enrol(client, course)
    steps = steps_of(course)
    first_module_steps = len(steps) // 2
    for step in steps[:first_module_steps]:
        client.get(step.url)
    assert ModuleCompletion.objects.filter(learner=learner).count() == 1
    assert Enrolment.objects.get().completed_at is None
    assert not Certificate.objects.exists()

    for step in steps[first_module_steps:]:
        client.get(step.url)
    enrolment = Enrolment.objects.get()
    assert ModuleCompletion.objects.filter(learner=learner).count() == 2
    assert enrolment.completed_at is not None
    certificate = Certificate.objects.get(learner=learner, course=course)
    assert certificate.course_title == course.title

    page = client.get(course.url).content.decode()
    assert "100% of the course done" in page
    assert "You completed this course" in page


def test_continue_where_you_left_off(client, course, learner):
    client.force_login(learner)
    enrol(client, course)
    steps = steps_of(course)
    page = client.get(course.url).content.decode()
    assert f'href="{steps[0].url}"' in page and "Start the course" in page

    for step in (steps[0], steps[1], steps[4]):
        client.get(step.url)
    page = client.get(course.url).content.decode()
    # The first unseen step after the last one seen.
    assert "Continue where you left off: " + steps[5].title in page
    assert f'href="{steps[5].url}"' in page


def test_progress_is_private_to_each_learner(
    client, course, learner, django_user_model
):
    other = django_user_model.objects.create_user("bo", password="a-long-password-2")
    for user in (learner, other):
        Enrolment.objects.create(learner=user, course=course)
    for step in steps_of(course)[:3]:
        record_progress(learner, step)

    client.force_login(other)
    assert "0% of the course done" in client.get(course.url).content.decode()
    module = ModulePage.objects.descendant_of(course).order_by("path").first()
    assert "0 of 3 done" in client.get(module.url).content.decode()
    assert CourseProgress.for_learner(course, learner).percent == 50


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_records_of_the_same_step_leave_one_row(sections, django_user_model):
    if connection.vendor != "postgresql":
        pytest.skip("Concurrency is tested on PostgreSQL (SQLite serialises writers).")
    _, courses = sections
    course = make_course(courses, slides_per_module=2)
    learner = django_user_model.objects.create_user("concurrent")
    Enrolment.objects.create(learner=learner, course=course)
    steps = steps_of(course)
    start = threading.Barrier(8)
    errors = []

    def open_step(step):
        try:
            start.wait()
            record_progress(learner, step)
        except Exception as error:  # noqa: BLE001  (collected and asserted below)
            errors.append(error)
        finally:
            connection.close()

    # Eight requests at once: four for the same step, four finishing the module.
    targets = [steps[0]] * 4 + steps[1:] + [steps[0]] * (4 - len(steps[1:]))
    threads = [threading.Thread(target=open_step, args=(s,)) for s in targets]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert StepProgress.objects.filter(learner=learner).count() == len(steps)
    assert ModuleCompletion.objects.filter(learner=learner).count() == 1
    assert Certificate.objects.filter(learner=learner).count() == 1


@pytest.mark.parametrize("page_kind", ["course", "module"])
def test_learner_pages_render_in_fixed_queries(client, sections, learner, page_kind):
    _, courses = sections
    counts = []
    for slides in (5, 50):
        course = make_course(courses, days=2, slides_per_module=slides)
        Enrolment.objects.create(learner=learner, course=course)
        for step in steps_of(course)[: slides // 2]:
            record_progress(learner, step)
        target = CoursePage.objects.get(pk=course.pk)
        if page_kind == "module":
            target = ModulePage.objects.descendant_of(course).order_by("path").first()
        client.force_login(learner)
        client.get(target.url)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(target.url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
