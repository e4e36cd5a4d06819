"""Course and module pages render in a fixed number of queries, whatever their size."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from courses.models import ModulePage
from tests.builders import make_course

# Measured ceilings: routing costs one query per tree level, then one query per
# page type and prefetch, one for the navigation; a logged-in user adds the
# permission checks and one enrolment check; an editor also gets the live sessions
# panel (the Facilitators group check, the module's sessions). The main guarantee is
# that the count does not grow.
MAX_MODULE_PAGE_QUERIES = {"visitor": 21, "editor": 28}
MAX_COURSE_PAGE_QUERIES = 16


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def module_url(course):
    return ModulePage.objects.descendant_of(course).get().url


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["visitor", "editor"])
def test_module_page_queries_do_not_grow_with_slides(
    client, sections, admin_user, role, django_assert_max_num_queries
):
    _, courses = sections
    small = make_course(courses, slides_per_module=5)
    large = make_course(courses, days=2, slides_per_module=50)
    large_module = ModulePage.objects.descendant_of(large).first()
    if role == "editor":
        client.force_login(admin_user)
    client.get(module_url(small))  # warm per-process caches (site root paths)

    small_count = count_queries(client, module_url(small))
    large_count = count_queries(client, large_module.url)
    assert small_count == large_count
    with django_assert_max_num_queries(MAX_MODULE_PAGE_QUERIES[role]):
        response = client.get(large_module.url)
    assert response.content.count(b"Slide 50 of 51") == 1
    # Speaker notes are for the people delivering the course only.
    assert (b"Pause here for questions" in response.content) == (role == "editor")


@pytest.mark.django_db
def test_course_page_queries_do_not_grow_with_days_and_modules(
    client, sections, django_assert_max_num_queries
):
    _, courses = sections
    small = make_course(courses, days=1, modules_per_day=1, slides_per_module=1)
    large = make_course(courses, days=5, modules_per_day=6, slides_per_module=1)
    client.get(small.url)

    assert count_queries(client, small.url) == count_queries(client, large.url)
    with django_assert_max_num_queries(MAX_COURSE_PAGE_QUERIES):
        response = client.get(large.url)
    assert b"5.6" in response.content


@pytest.mark.django_db
def test_slide_page_queries_do_not_grow_with_siblings(client, sections):
    _, courses = sections
    small = make_course(courses, slides_per_module=5)
    large = make_course(courses, days=2, slides_per_module=50)
    small_slide = ModulePage.objects.descendant_of(small).get().get_first_child()
    large_slide = ModulePage.objects.descendant_of(large).first().get_first_child()
    client.get(small_slide.url)
    assert count_queries(client, small_slide.url) == count_queries(
        client, large_slide.url
    )
