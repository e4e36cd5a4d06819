"""The "Course progress" admin report: rows, filters, totals, export and who sees what."""

import csv
import io

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from wagtail.models import GroupPagePermission

from courses.models import (
    Country,
    Enrolment,
    LearnerProfile,
    ModuleCompletion,
    ModulePage,
    Organisation,
)
from tests.builders import make_course

REPORT_URL = reverse("course_progress_report")
RESULTS_URL = reverse("course_progress_report_results")


def enrol(
    django_user_model,
    course,
    username,
    *,
    name="",
    country=None,
    organisation=None,
    modules_done=0,
    completed=False,
):
    """A learner enrolled in `course` who has completed its first `modules_done` modules."""
    user = django_user_model.objects.get_or_create(username=username)[0]
    if name or country or organisation:
        LearnerProfile.objects.get_or_create(
            user=user,
            defaults={
                "display_name": name,
                "country": country,
                "organisation": organisation,
            },
        )
    enrolment = Enrolment.objects.create(
        learner=user,
        course=course,
        completed_at=timezone.now() if completed else None,
    )
    modules = ModulePage.objects.descendant_of(course).order_by("path")[:modules_done]
    ModuleCompletion.objects.bulk_create(
        [
            ModuleCompletion(learner=user, module=module, course=course)
            for module in modules
        ]
    )
    return enrolment


def make_user_with_admin_access(django_user_model, username, *, courses=()):
    """A Wagtail admin user who may edit the given course pages and nothing else."""
    group = Group.objects.create(name=f"Facilitators of {username}")
    group.permissions.add(
        Permission.objects.get(
            content_type__app_label="wagtailadmin", codename="access_admin"
        )
    )
    change_page = Permission.objects.get(
        content_type__app_label="wagtailcore", codename="change_page"
    )
    for course in courses:
        GroupPagePermission.objects.create(
            group=group, page=course, permission=change_page
        )
    user = django_user_model.objects.create_user(username=username, password="x")
    user.groups.add(group)
    return user


@pytest.fixture
def kenya(db):
    return Country.objects.create(name="Kenya", iso_code="KE")


@pytest.fixture
def ministry(kenya):
    return Organisation.objects.create(name="Ministry of ICT", country=kenya)


@pytest.fixture
def two_courses(sections):
    """Course A (two modules) and course B (three modules)."""
    _, courses = sections
    course_a = make_course(courses, modules_per_day=2, slides_per_module=1)
    course_b = make_course(courses, modules_per_day=3, slides_per_module=1)
    for course, title in ((course_a, "Course A"), (course_b, "Course B")):
        course.title = title
        course.save(update_fields=["title"])
    return course_a, course_b


@pytest.fixture
def learners(django_user_model, two_courses, kenya, ministry):
    """Three learners in course A, one of them also in course B."""
    course_a, course_b = two_courses
    enrol(
        django_user_model,
        course_a,
        "amina",
        name="Amina Otieno",
        country=kenya,
        organisation=ministry,
        modules_done=1,
    )
    enrol(django_user_model, course_a, "sam", modules_done=2, completed=True)
    enrol(
        django_user_model,
        course_a,
        "lea",
        name="Léa Martin",
        modules_done=0,
    )
    enrol(django_user_model, course_b, "amina", modules_done=3, completed=True)
    return two_courses


def rows(response):
    return {
        (row.learner_name, row.course_title): row.modules_completed
        for row in response.context["object_list"]
    }


def totals_by_name(response, dimension):
    return {
        str(row["name"]): (row["learners"], row["enrolments"], row["completed"])
        for row in response.context["totals"][dimension]
    }


@pytest.mark.django_db
def test_superuser_sees_every_enrolment_with_modules_completed(
    client, admin_user, learners
):
    client.force_login(admin_user)

    response = client.get(REPORT_URL)

    assert response.status_code == 200
    assert rows(response) == {
        ("Amina Otieno", "Course A"): 1,
        ("sam", "Course A"): 2,  # no profile: falls back to the username
        ("Léa Martin", "Course A"): 0,
        ("Amina Otieno", "Course B"): 3,
    }
    modules_in_course = {
        row.course_title: row.modules_in_course
        for row in response.context["object_list"]
    }
    assert modules_in_course == {"Course A": 2, "Course B": 3}
    # Ordered by course, then learner.
    assert [
        (row.course_title, row.learner_name) for row in response.context["object_list"]
    ] == [
        ("Course A", "Amina Otieno"),
        ("Course A", "Léa Martin"),
        ("Course A", "sam"),
        ("Course B", "Amina Otieno"),
    ]
    assert b"Amina Otieno" in response.content


@pytest.mark.django_db
def test_totals_break_down_learners_by_country_and_organisation(
    client, admin_user, learners
):
    client.force_login(admin_user)

    response = client.get(REPORT_URL)

    # (learners, enrolments, completed); Amina is one learner with two enrolments.
    assert totals_by_name(response, "country") == {
        "Kenya": (1, 2, 1),
        "No country given": (2, 2, 1),
    }
    assert totals_by_name(response, "organisation") == {
        "Ministry of ICT": (1, 2, 1),
        "No organisation given": (2, 2, 1),
    }
    content = response.content.decode()
    assert "By country" in content
    assert "No country given" in content
    assert content.index("By country") < content.index("Modules completed")


@pytest.mark.django_db
def test_totals_follow_the_filters(client, admin_user, learners):
    course_a, _ = learners
    client.force_login(admin_user)

    response = client.get(REPORT_URL, {"course": course_a.pk})

    assert totals_by_name(response, "country") == {
        "Kenya": (1, 1, 0),
        "No country given": (2, 2, 1),
    }


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ("course_b", {("Amina Otieno", "Course B")}),
        ("kenya", {("Amina Otieno", "Course A"), ("Amina Otieno", "Course B")}),
        ({"country": "none"}, {("sam", "Course A"), ("Léa Martin", "Course A")}),
        (
            {"completion": "completed"},
            {("sam", "Course A"), ("Amina Otieno", "Course B")},
        ),
        (
            {"completion": "in_progress"},
            {("Amina Otieno", "Course A"), ("Léa Martin", "Course A")},
        ),
        (
            {"min_modules_completed": 2},
            {("sam", "Course A"), ("Amina Otieno", "Course B")},
        ),
        (
            {"organisation": "none", "min_modules_completed": 1},
            {("sam", "Course A")},
        ),
    ],
    ids=[
        "course",
        "country",
        "no-country",
        "completed",
        "in-progress",
        "min-modules",
        "no-organisation",
    ],
)
def test_filters_narrow_the_rows(
    client, admin_user, learners, kenya, filters, expected
):
    _, course_b = learners
    if filters == "course_b":
        filters = {"course": course_b.pk}
    elif filters == "kenya":
        filters = {"country": kenya.pk}
    client.force_login(admin_user)

    response = client.get(REPORT_URL, filters)

    assert response.status_code == 200
    assert set(rows(response)) == expected


@pytest.mark.django_db
def test_csv_export_has_the_columns_and_one_line_per_enrolment(
    client, admin_user, learners
):
    client.force_login(admin_user)

    response = client.get(REPORT_URL, {"export": "csv"})

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    content = b"".join(response.streaming_content).decode()
    lines = list(csv.reader(io.StringIO(content)))
    assert lines[0] == [
        "Learner",
        "Country",
        "Organisation",
        "Course",
        "Enrolled",
        "Modules completed",
        "Modules in course",
        "Completed",
        "Last activity",
    ]
    assert len(lines) == 1 + 4
    assert {(line[0], line[3]): (line[5], line[6]) for line in lines[1:]} == {
        ("Amina Otieno", "Course A"): ("1", "2"),
        ("sam", "Course A"): ("2", "2"),
        ("Léa Martin", "Course A"): ("0", "2"),
        ("Amina Otieno", "Course B"): ("3", "3"),
    }
    amina_in_a = next(line for line in lines[1:] if line[:4][0] == "Amina Otieno")
    assert amina_in_a[1:3] == ["Kenya", "Ministry of ICT"]


@pytest.mark.django_db
def test_csv_export_follows_the_filters(client, admin_user, learners):
    course_a, _ = learners
    client.force_login(admin_user)

    response = client.get(REPORT_URL, {"export": "csv", "course": course_a.pk})

    lines = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert sorted(line[0] for line in lines[1:]) == [
        "Amina Otieno",
        "Léa Martin",
        "sam",
    ]


@pytest.mark.django_db
def test_editor_of_one_course_sees_only_that_course(
    client, django_user_model, learners
):
    course_a, course_b = learners
    facilitator = make_user_with_admin_access(
        django_user_model, "facilitator", courses=[course_b]
    )
    client.force_login(facilitator)

    response = client.get(REPORT_URL)

    assert response.status_code == 200
    assert rows(response) == {("Amina Otieno", "Course B"): 3}
    assert totals_by_name(response, "country") == {"Kenya": (1, 1, 1)}
    course_choices = [
        label
        for value, label in response.context["filters"].form["course"].field.choices
        if value
    ]
    assert course_choices == ["Course B"]
    assert b"sam" not in response.content
    assert b"L\xc3\xa9a Martin" not in response.content


@pytest.mark.django_db
@pytest.mark.parametrize("url", [REPORT_URL, RESULTS_URL])
def test_editor_of_one_course_gets_nothing_when_filtering_on_another(
    client, django_user_model, learners, url
):
    course_a, course_b = learners
    facilitator = make_user_with_admin_access(
        django_user_model, "facilitator", courses=[course_b]
    )
    client.force_login(facilitator)

    response = client.get(url, {"course": course_a.pk})
    export = client.get(url, {"course": course_a.pk, "export": "csv"})

    assert response.status_code == 200
    assert rows(response) == {}
    assert b"sam" not in response.content
    export_lines = b"".join(export.streaming_content).decode().strip().splitlines()
    assert len(export_lines) == 1  # the header only


@pytest.mark.django_db
@pytest.mark.parametrize("url", [REPORT_URL, RESULTS_URL])
def test_admin_user_without_course_permissions_is_refused(
    client, django_user_model, learners, url
):
    outsider = make_user_with_admin_access(django_user_model, "outsider")
    client.force_login(outsider)

    # The view answers 403; Wagtail's admin turns that into its usual redirect to
    # the dashboard with a message for full-page requests, and keeps the 403 for
    # the filter refreshes its JavaScript makes.
    assert (
        client.get(url, headers={"x-requested-with": "XMLHttpRequest"}).status_code
        == 403
    )
    for params in ({}, {"export": "csv"}):
        response = client.get(url, params, follow=True)
        assert response.redirect_chain == [(reverse("wagtailadmin_home"), 302)]
        assert b"Sorry, you do not have permission" in response.content
        assert b"sam" not in response.content


@pytest.mark.django_db
def test_menu_item_is_shown_only_to_editors_of_a_course(
    client, django_user_model, learners
):
    _, course_b = learners
    facilitator = make_user_with_admin_access(
        django_user_model, "facilitator", courses=[course_b]
    )
    outsider = make_user_with_admin_access(django_user_model, "outsider")
    admin_home = reverse("wagtailadmin_home")

    client.force_login(facilitator)
    assert REPORT_URL in client.get(admin_home).content.decode()
    client.force_login(outsider)
    response = client.get(admin_home)
    assert response.status_code == 200
    assert REPORT_URL not in response.content.decode()


def count_report_queries(client, params=None):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(REPORT_URL, params or {})
    assert response.status_code == 200
    return len(queries), response


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["superuser", "facilitator"])
def test_report_queries_do_not_grow_with_enrolments(
    client, django_user_model, admin_user, two_courses, kenya, ministry, role
):
    course_a, course_b = two_courses
    if role == "superuser":
        client.force_login(admin_user)
    else:
        client.force_login(
            make_user_with_admin_access(
                django_user_model, "facilitator", courses=[course_a, course_b]
            )
        )

    def add_learners(start, stop):
        for number in range(start, stop):
            enrol(
                django_user_model,
                course_a if number % 2 else course_b,
                f"learner{number}",
                name=f"Learner {number}",
                country=kenya if number % 3 else None,
                organisation=ministry if number % 5 else None,
                modules_done=number % 3,
            )

    def count_both():
        """Queries for the plain listing and for a filtered one (the filter's
        country is looked up once, to label the active filter)."""
        return (
            count_report_queries(client)[0],
            count_report_queries(client, {"country": kenya.pk})[0],
        )

    add_learners(0, 3)
    client.get(REPORT_URL)  # warm per-process caches
    few = count_both()
    assert len(client.get(REPORT_URL).context["object_list"]) == 3

    add_learners(3, 30)
    many = count_both()
    assert len(client.get(REPORT_URL).context["object_list"]) == 30

    assert few == many
