"""A new learner signs up, enrols, reads Module 2.2, leaves, resumes, passes the
module's quiz and the final assessment to complete the course, and checks the
certificate's code on the public verification page."""

import re
import secrets

import pytest
from playwright.sync_api import expect

from tests.e2e.demo_site import (
    COURSE,
    COURSE_LENGTH,
    FINAL_ASSESSMENT_TITLE,
    MODULE_2_2,
    MODULE_2_2_LENGTH,
    MODULE_QUIZ_TITLE,
    visit,
)
from tests.e2e.quiz_answers import FINAL_ASSESSMENT_KEY, MODULE_QUIZ_KEY, pass_quiz

pytestmark = pytest.mark.e2e

PROGRESS_LABEL = re.compile(r"(\d+)% of the course done")


def progress_percent(page):
    visit(page, COURSE)
    label = page.locator(".learner-panel label").inner_text()
    return int(PROGRESS_LABEL.search(label).group(1))


def test_learner_signs_up_enrols_resumes_completes_and_verifies(page):
    username = f"learner{secrets.token_hex(3)}"
    password = secrets.token_urlsafe(16)

    visit(page, COURSE)
    expect(page.locator(".learner-panel")).to_contain_text("log in")
    page.locator(".learner-panel").get_by_role("link", name="create an account").click()
    page.get_by_label("Username").fill(username)
    page.get_by_label("E-mail address").fill(f"{username}@example.org")
    page.get_by_label("Your name as it should appear on certificates").fill(
        "Amina Rahman"
    )
    page.get_by_label(re.compile(r"^Password:?$")).fill(password)
    page.get_by_label("Password confirmation").fill(password)
    page.get_by_role("button", name=re.compile("sign up|create", re.I)).click()

    # Back on the course ("next"), logged in: enrol.
    expect(page).to_have_url(re.compile(re.escape(COURSE) + "$"))
    page.get_by_role("button", name="Enrol in this course").click()
    expect(page.get_by_role("status")).to_contain_text("You are enrolled")
    assert progress_percent(page) == 0

    # Read the first five steps of Module 2.2 with the Next link.
    page.get_by_role("link", name=re.compile("^Start the course")).click()
    for _ in range(4):
        page.locator('[data-slide-nav] a[rel~="next"]').click()
    fifth_title = page.get_by_role("heading", level=1).inner_text()
    assert progress_percent(page) == round(100 * 5 / COURSE_LENGTH)

    # Leave the course, come back: continue right after the last step seen.
    visit(page, "/events/")
    visit(page, COURSE)
    continue_link = page.get_by_role(
        "link", name=re.compile("^Continue where you left off")
    )
    expect(continue_link).to_be_visible()
    continue_link.click()
    expect(page.locator(".slide__position")).to_contain_text(
        f"Slide 6 of {MODULE_2_2_LENGTH}"
    )
    assert page.get_by_role("heading", level=1).inner_text() != fifth_title

    # Read the rest to the end. The module shows which steps are done: all but
    # its quiz, which is done once passed.
    while page.locator('[data-slide-nav] a[rel~="next"]').count():
        page.locator('[data-slide-nav] a[rel~="next"]').click()
    visit(page, MODULE_2_2)
    expect(page.locator(".slide-index")).to_contain_text(
        f"{MODULE_2_2_LENGTH - 1} of {MODULE_2_2_LENGTH} done"
    )
    assert progress_percent(page) == round(
        100 * (MODULE_2_2_LENGTH - 1) / COURSE_LENGTH
    )
    expect(page.locator(".learner-panel")).not_to_contain_text("You completed")

    # What is left is two quizzes, which "Continue" leads to in turn: first the
    # step after the last one seen (the final assessment, set for the whole
    # course), then round again to the module's quiz.
    for title, key in (
        (FINAL_ASSESSMENT_TITLE, FINAL_ASSESSMENT_KEY),
        (MODULE_QUIZ_TITLE, MODULE_QUIZ_KEY),
    ):
        visit(page, COURSE)
        page.get_by_role(
            "link", name=f"Continue where you left off: {title}", exact=True
        ).click()
        pass_quiz(page, key)
    visit(page, MODULE_2_2)
    expect(page.locator(".slide-index")).to_contain_text(
        f"{MODULE_2_2_LENGTH} of {MODULE_2_2_LENGTH} done"
    )
    assert progress_percent(page) == 100
    expect(page.locator(".learner-panel")).to_contain_text("You completed this course")

    # The certificate, from My learning, and its public verification.
    page.get_by_role("navigation", name="Your account").get_by_role(
        "link", name="My learning"
    ).click()
    page.get_by_role("link", name=re.compile("certificate", re.I)).first.click()
    expect(page.locator("main")).to_contain_text("Amina Rahman")
    code = re.search(r"[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}", page.inner_text("main"))
    assert code, "the certificate shows its verification code"

    page.get_by_role("navigation", name="Your account").get_by_role(
        "button", name="Log out"
    ).click()
    visit(page, "/certificates/verify/")
    page.get_by_label(re.compile("code", re.I)).fill(code.group(0).lower())
    page.get_by_role("button", name=re.compile("check|verify", re.I)).click()
    expect(page.locator("main")).to_contain_text("Valid certificate")
    expect(page.locator("main")).to_contain_text("Amina Rahman")
    expect(page.locator("main")).not_to_contain_text(f"{username}@example.org")
