"""The anonymous page cache: hits are cheap, publishing purges, nobody gets another's page."""

import pytest
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.test import RequestFactory

from courses.models import Country, EventPage, ModulePage
from lms.pagecache import CACHE_HEADER, AnonymousPageCacheMiddleware
from tests.builders import make_course, make_event


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PAGE_CACHE_TIMEOUT = 600


@pytest.fixture
def module(sections):
    _, courses = sections
    make_course(courses, slides_per_module=3)
    return ModulePage.objects.get()


def test_second_anonymous_visit_is_a_cheap_hit(
    client, module, django_assert_max_num_queries
):
    first = client.get(module.url)
    assert first[CACHE_HEADER] == "miss"
    # Two reads from the database cache (the generation, then the page); none with Redis.
    with django_assert_max_num_queries(2):
        second = client.get(module.url)
    assert second[CACHE_HEADER] == "hit"
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]


def test_publishing_a_change_shows_on_the_next_request(client, module):
    client.get(module.url)
    module.title = "Renamed module"
    module.save_revision().publish()
    response = client.get(module.url)
    assert response[CACHE_HEADER] == "miss"
    assert b"Renamed module" in response.content


def test_changing_a_snippet_purges_the_pages_that_show_it(client, sections):
    events, _ = sections
    country = Country.objects.create(name="Republic of Korea")
    event = make_event(events)
    event.hosting_countries.set([country])
    event.save_revision().publish()
    assert b"Republic of Korea" in client.get(event.url).content
    country.name = "Korea, Republic of"
    country.save()
    assert b"Korea, Republic of" in client.get(event.url).content


def test_unpublished_and_deleted_pages_are_gone_at_once(client, sections):
    events, _ = sections
    unpublished, deleted = (make_event(events, title=f"Event {n}") for n in range(2))
    urls = {page.pk: page.url for page in (unpublished, deleted)}
    for url in urls.values():
        assert client.get(url).status_code == 200
    unpublished.unpublish()
    deleted.delete()
    for url in urls.values():
        assert client.get(url).status_code == 404


def test_moved_pages_leave_their_old_address_at_once(client, sections):
    _, courses = sections
    course = make_course(courses, days=2, slides_per_module=1)
    first_day, second_day = course.get_children().specific()
    module = ModulePage.objects.child_of(first_day).get()
    old_url = module.url
    assert client.get(old_url).status_code == 200
    module.move(second_day, pos="last-child")
    module.refresh_from_db()
    # Wagtail keeps the old address working with a redirect, not a stale copy.
    old = client.get(old_url)
    assert old.status_code == 301
    assert old["Location"] == module.url
    assert client.get(module.url).status_code == 200


def test_logged_in_pages_are_neither_served_from_nor_stored_in_the_cache(
    client, admin_user, module
):
    anonymous = client.get(module.url)
    assert b"Pause here for questions" not in anonymous.content
    client.force_login(admin_user)
    editor_view = client.get(module.url)
    assert CACHE_HEADER not in editor_view  # bypassed: a session cookie is present
    assert b"Pause here for questions" in editor_view.content  # speaker notes
    client.logout()
    client.cookies.clear()
    again = client.get(module.url)
    assert again[CACHE_HEADER] == "hit"
    assert b"Pause here for questions" not in again.content


def test_a_response_with_a_csrf_token_is_never_stored(db):
    factory = RequestFactory()

    def form_view(request):
        response = HttpResponse(f"<form>{get_token(request)}</form>")
        response.set_cookie("csrftoken", get_token(request))
        return response

    middleware = AnonymousPageCacheMiddleware(form_view)
    middleware(factory.get("/a-form/"))
    assert middleware(factory.get("/a-form/")).get(CACHE_HEADER) is None


@pytest.mark.parametrize(
    ("status", "headers"),
    [
        (404, {}),
        (200, {"Cache-Control": "private"}),
        (200, {"Vary": "Accept-Language"}),
        (200, {"Content-Type": "application/json"}),
    ],
)
def test_only_shared_successful_html_is_stored(db, status, headers):
    def view(request):
        response = HttpResponse("<p>hello</p>", status=status)
        for name, value in headers.items():
            response[name] = value
        return response

    middleware = AnonymousPageCacheMiddleware(view)
    middleware(RequestFactory().get("/page/"))
    assert middleware(RequestFactory().get("/page/")).get(CACHE_HEADER) is None


def test_posts_and_admin_paths_bypass_the_cache(client, admin_user, module):
    assert CACHE_HEADER not in client.post(module.url)
    assert CACHE_HEADER not in client.get("/admin/login/")
    assert CACHE_HEADER not in client.get("/healthz")


def test_event_listing_purges_when_an_event_is_published(client, sections):
    events, _ = sections
    client.get(events.url)
    make_event(events, title="Brand new workshop").save_revision().publish()
    assert b"Brand new workshop" in client.get(events.url).content
    assert EventPage.objects.count() == 1


def test_a_visitor_with_a_pending_message_gets_a_fresh_page(client, module):
    client.get(module.url)
    client.cookies["messages"] = "pending"
    assert CACHE_HEADER not in client.get(module.url)
