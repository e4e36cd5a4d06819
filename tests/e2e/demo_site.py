"""The demo site's public pages, by page type, and helpers the browser tests share.

Paths follow the slugs in courses/demo/content.py (the home page is the site root).
"""

import re
from urllib.parse import urlencode

import pytest
from playwright.sync_api import expect

COURSE_TITLE = "Innovation and Digital Government for Public Service Delivery"
COURSE = "/courses/innovation-and-digital-government-for-public-service-delivery/"
DAY_2 = f"{COURSE}day-2/"
MODULE_2_2 = f"{DAY_2}principles-and-strategies/"
# 14 slides, one plenary question and a quiz (15th, before the last slide).
MODULE_2_2_LENGTH = 16
MODULE_QUIZ = f"{MODULE_2_2}check-your-understanding/"
MODULE_QUIZ_TITLE = "Check your understanding: principles and strategies"
MODULE_QUIZ_POSITION = 15
FINAL_ASSESSMENT = f"{COURSE}final-assessment/"
FINAL_ASSESSMENT_TITLE = "Final assessment"
# Every step of the course, which progress is counted in: Module 2.2's, and the
# final assessment set for the whole course.
COURSE_LENGTH = MODULE_2_2_LENGTH + 1
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
    # As a visitor sees them: the rules and an invitation to log in.
    "quiz": MODULE_QUIZ,
    "course-quiz": FINAL_ASSESSMENT,
    "search-results": "/search/?query=transparency",
    "404": "/no-such-page/",
}
EXPECTED_STATUS = {"404": 404}

# Pages only a learner sees, as the `quiz_learner` fixture (conftest.py) leaves
# its learner: attempt 1 at the module quiz submitted and not passed, attempt 2
# started and not yet answered.
LEARNER_PAGES = {
    "quiz-learner": MODULE_QUIZ,
    "quiz-attempt": f"{MODULE_QUIZ}attempts/2/",
    "quiz-result": f"{MODULE_QUIZ}attempts/1/",
}


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


# Accounts -------------------------------------------------------------------


def sign_up(page, username, password, display_name, next_path=COURSE):
    """Create a learner account with the sign-up form; it logs the learner in."""
    visit(page, "/accounts/signup/?" + urlencode({"next": next_path}))
    page.get_by_label("Username").fill(username)
    page.get_by_label("E-mail address").fill(f"{username}@example.org")
    page.get_by_label("Your name as it should appear on certificates").fill(
        display_name
    )
    page.get_by_label(re.compile(r"^Password:?$")).fill(password)
    page.get_by_label("Password confirmation").fill(password)
    page.get_by_role("button", name="Create account").click()
    expect(page).to_have_url(re.compile(re.escape(next_path) + "$"))


def log_in(page, username, password, next_path=COURSE):
    """Log a learner in with the site's login form."""
    visit(page, "/accounts/login/?" + urlencode({"next": next_path}))
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(re.escape(next_path) + "$"))


def enrol(page):
    """Enrol in the demo course from its page."""
    visit(page, COURSE)
    page.get_by_role("button", name="Enrol in this course").click()
    expect(page.get_by_role("status")).to_contain_text("You are enrolled")


def log_in_to_admin(page, live_site):
    """Log the editor into the Wagtail admin; it opens on the dashboard."""
    page.goto("/admin/")
    page.get_by_label("Username").fill(live_site.editor_username)
    page.get_by_label("Password").fill(live_site.editor_password)
    page.get_by_role("button", name="Sign in").click()
    # A login lost to a refused Secure session or CSRF cookie ends on the login
    # form again (/admin/login/?next=/admin/) or on a 403, not on the dashboard.
    expect(page).to_have_url(f"{live_site.url}/admin/")
    expect(page.get_by_role("button", name="Sign in")).to_have_count(0)
