"""The demo site's public pages, by page type, and helpers the browser tests share.

Paths follow the slugs in courses/demo/content.py (the home page is the site root).
"""

import re

import pytest

COURSE_TITLE = "Innovation and Digital Government for Public Service Delivery"
COURSE = "/courses/innovation-and-digital-government-for-public-service-delivery/"
DAY_2 = f"{COURSE}day-2/"
MODULE_2_2 = f"{DAY_2}principles-and-strategies/"
MODULE_2_2_LENGTH = 15  # 14 slides and one plenary question
EVENT = "/events/workshop-innovations-public-service-delivery-2024/"

# One page of every public page type. The slide has sub-headings and bullet
# lists, so heading order and list markup are both checked.
PUBLIC_PAGES = {
    "home": "/",
    "event-index": "/events/",
    "event": EVENT,
    "course-index": "/courses/",
    "course": COURSE,
    "day": DAY_2,
    "module": MODULE_2_2,
    "slide": f"{MODULE_2_2}realizing-innovation-in-psd/",
    "plenary-question": f"{MODULE_2_2}plenary-whole-of-government-approach/",
    "search-results": "/search/?query=transparency",
    "404": "/no-such-page/",
}
EXPECTED_STATUS = {"404": 404}


def visit(page, path, status=200):
    """Open path on the site and check the status it answered with."""
    response = page.goto(path)
    assert response is not None, f"GET {path}: no response"
    assert response.status == status, f"GET {path}: {response.status}, not {status}"
    return response


def visit_page_type(page, page_type):
    return visit(page, PUBLIC_PAGES[page_type], EXPECTED_STATUS.get(page_type, 200))


def watch_console(page):
    """From now on, record the page's console errors and warnings and its uncaught
    exceptions, as text, in the list returned."""
    problems = []

    def on_console(message):
        if message.type in ("error", "warning"):
            problems.append(f"console.{message.type}: {message.text}")

    page.on("console", on_console)
    page.on("pageerror", lambda error: problems.append(f"uncaught error: {error}"))
    return problems


CSP_MESSAGE = re.compile(r"Content Security Policy|Refused to", re.IGNORECASE)


def csp_complaints(problems):
    """The recorded problems that are the browser enforcing the CSP."""
    return [problem for problem in problems if CSP_MESSAGE.search(problem)]


def slide_position(page):
    """The "Slide n of N" line of a slide or plenary question page."""
    return page.locator("header .slide__position").inner_text().strip()


# The most Tab presses it may take to reach a control from the top of a page; a
# page that needs more hides its main controls behind everything else.
MAX_TABS = 40


def tab_to(page, selector):
    """Press Tab until the element matching selector has the focus."""
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        if page.evaluate(
            "selector => document.activeElement?.matches(selector) ?? false", selector
        ):
            return
    pytest.fail(f"{MAX_TABS} presses of Tab did not reach {selector}")
