"""An editor logs into the Wagtail admin, builds a day, a module and two slides
through the page explorer, publishes them, and visitors see them at once."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.demo_site import (
    COURSE,
    COURSE_TITLE,
    csp_complaints,
    log_in_to_admin,
    watch_console,
)

pytestmark = pytest.mark.e2e
# Run after the other browser tests (see conftest.py): this adds pages.
CHANGES_CONTENT = True

DAY_TITLE = "Putting the principles into practice"
MODULE_TITLE = "Redesigning a service with the people who use it"
# (title, body block type, id of the block's text field, text)
FIRST_SLIDE = (
    "Start from what people need",
    "Heading",
    "body-0-value",
    "Map the journey before the system",
)
SECOND_SLIDE = (
    "Test with real users",
    "Bullet list",
    "body-0-value-0-value-text",
    "Recruit people who use the service today",
)


def publish(page, title):
    """Publish the page being edited from the footer's action menu."""
    actions = page.get_by_role("navigation", name="Actions (footer)")
    actions.get_by_role("button", name="More actions").click()
    actions.get_by_role("button", name="Publish", exact=True).click()
    expect(page.locator(".messages")).to_contain_text(
        f"Page '{title}' created and published."
    )


def title_field(page):
    # By role: the title's panel is labelled "Title" too.
    return page.get_by_role("textbox", name=re.compile(r"^Title\*?$"))


def add_child_from_row_menu(page, parent_title):
    """Use the "Add a child page" entry of a page's row in the explorer listing."""
    page.get_by_role("button", name=f"More options for '{parent_title}'").click()
    page.get_by_role("link", name=f"Add a child page to '{parent_title}'").click()


def add_slide(page, title, block_type, field_id, text):
    """On the page-type chooser, pick Slide; give it one body block and publish."""
    page.get_by_role("link", name="Slide", exact=True).click()
    expect(page).to_have_url(re.compile(r"/admin/pages/add/courses/slidepage/\d+/$"))
    title_field(page).fill(title)
    body = page.locator('[data-contentpath="body"]')
    body.get_by_role("button", name="Insert a block").first.click()
    page.get_by_role("option", name=block_type, exact=True).click()
    page.locator(f"#{field_id}").fill(text)
    publish(page, title)


def assert_module_shows_the_new_slides(page):
    """The public module page lists both new slides, in order, with their blocks."""
    expect(page.locator(".page-header .eyebrow")).to_have_text("Module 3.1")
    expect(page.get_by_role("heading", level=1)).to_have_text(MODULE_TITLE)
    positions = page.locator("section.slide .slide__position")
    expect(positions).to_have_text(["Slide 1 of 2", "Slide 2 of 2"])
    expect(page.locator("section.slide .slide__title")).to_have_text(
        [FIRST_SLIDE[0], SECOND_SLIDE[0]]
    )
    expect(page.locator("section.slide").first).to_contain_text(FIRST_SLIDE[3])
    expect(page.locator("section.slide").last).to_contain_text(SECOND_SLIDE[3])


def test_editor_builds_and_publishes_a_day_module_and_slides(open_context, live_site):
    visitor = open_context().new_page()
    # Seen once before the editor starts, so the page cache holds this course
    # page and must drop it when the new day is published.
    response = visitor.goto(COURSE)
    assert response.headers.get("x-page-cache") in ("hit", "miss"), response.headers
    expect(visitor.get_by_role("link", name=re.compile(r"^Day 3: "))).to_have_count(0)

    page = open_context().new_page()
    problems = watch_console(page)
    log_in_to_admin(page, live_site)

    page.goto("/admin/pages/")
    for title in ("Public Service Innovation Learning", "Courses", COURSE_TITLE):
        page.get_by_role("link", name=f"Explore child pages of '{title}'").first.click()
    expect(page.get_by_role("link", name="Add child page", exact=True)).to_be_visible()

    # A course takes days and quizzes: the explorer asks which.
    page.get_by_role("link", name="Add child page", exact=True).click()
    page.get_by_role("link", name="Day", exact=True).click()
    expect(page).to_have_url(re.compile(r"/admin/pages/add/courses/daypage/\d+/$"))
    title_field(page).fill(DAY_TITLE)
    page.get_by_label("Day number").fill("3")
    page.get_by_label("Subtitle").fill("From principles to a redesigned service")
    publish(page, DAY_TITLE)

    # A day takes modules and quizzes.
    add_child_from_row_menu(page, DAY_TITLE)
    page.get_by_role("link", name="Module", exact=True).click()
    expect(page).to_have_url(re.compile(r"/admin/pages/add/courses/modulepage/\d+/$"))
    title_field(page).fill(MODULE_TITLE)
    page.get_by_label("Code").fill("3.1")
    publish(page, MODULE_TITLE)
    view_live = page.locator(".messages").get_by_role("link", name="View live")
    module_url = view_live.get_attribute("href")
    assert module_url, "no 'View live' link after publishing the module"

    # A module takes slides, plenary questions and quizzes: the explorer asks which.
    add_child_from_row_menu(page, MODULE_TITLE)
    add_slide(page, *FIRST_SLIDE)
    page.get_by_role("link", name="Add child page", exact=True).click()
    add_slide(page, *SECOND_SLIDE)

    # The editor sees the module on the public site (past the page cache) ...
    page.goto(module_url)
    assert_module_shows_the_new_slides(page)
    assert not csp_complaints(problems), "\n".join(csp_complaints(problems))
    uncaught = [problem for problem in problems if problem.startswith("uncaught")]
    assert not uncaught, "\n".join(uncaught)

    # ... and so does a visitor, on the course page cached before publishing.
    visitor.goto(COURSE)
    expect(visitor.get_by_role("link", name=f"Day 3: {DAY_TITLE}")).to_be_visible()
    expect(visitor.get_by_role("link", name=re.compile(r"^3\.1 "))).to_be_visible()
    visitor.goto(module_url)
    assert_module_shows_the_new_slides(visitor)
