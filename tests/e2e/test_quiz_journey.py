"""A learner reads Module 2.2, fails its quiz, follows the result to the slides to
review, passes on a second attempt and so completes the module; then, in a browser
with JavaScript off, passes the final assessment and completes the course. An
editor finds the attempts in Reports > Quiz results and the quiz's item analysis.

Quiz attempts are not content: every page a visitor sees stays as load_demo built
it, so this module runs among the other browser tests (no CHANGES_CONTENT).
"""

import re
import secrets

import pytest
from playwright.sync_api import expect

from courses.demo.content import (
    ACCESS,
    INCLUSION,
    PEOPLE_DRIVEN,
    QUALITY,
    STRATEGIES,
    TRANSPARENCY,
)
from tests.e2e.demo_site import (
    COURSE,
    COURSE_LENGTH,
    FINAL_ASSESSMENT_TITLE,
    MODULE_2_2,
    MODULE_2_2_LENGTH,
    MODULE_QUIZ,
    MODULE_QUIZ_POSITION,
    MODULE_QUIZ_TITLE,
    enrol,
    log_in,
    log_in_to_admin,
    sign_up,
    slide_position,
    tab_to,
    visit,
)
from tests.e2e.quiz_answers import (
    FINAL_ASSESSMENT_KEY,
    MODULE_QUIZ_KEY,
    answer_attempt,
    everything,
    given_answers,
    outcome,
    poor_answers,
    question_groups,
    score_line,
)

pytestmark = pytest.mark.e2e

NEXT_LINK = '[data-slide-nav] a[rel~="next"]'
START_BUTTON = 'form[action$="/start/"] button'
SUBMIT_BUTTON = 'button[name="action"][value="submit"]'
SUMMARY = re.compile(r"^Strong on (?P<strong>.+); review (?P<weak>.+)\.$")
# What poor_answers leaves strong and weak (the pass mark is 70%): Access earns
# 3 of its 6 points (the matching question), every strategy nothing.
STRONG = {QUALITY, INCLUSION, PEOPLE_DRIVEN, TRANSPARENCY}
WEAK = {ACCESS} | {strategy["name"] for strategy in STRATEGIES}
# Where poor_answers goes wrong on the quiz's first question.
FIRST_QUESTION_WRONG_ANSWER = "A small fee for every service, to pay for wider coverage"
# The attempts at the module quiz this module's journey submitted (True for a
# pass), which the editor's report must count.
SUBMITTED = []


def read_the_whole_module(page):
    """From the course page, every step of Module 2.2 with its Next links."""
    visit(page, COURSE)
    page.get_by_role("link", name=re.compile("^Start the course")).click()
    for position in range(1, MODULE_2_2_LENGTH):
        if position == MODULE_QUIZ_POSITION:
            expect(page.get_by_role("heading", level=1)).to_have_text(MODULE_QUIZ_TITLE)
            assert (
                slide_position(page)
                == f"Slide {position} of {MODULE_2_2_LENGTH} · Quiz"
            )
        page.locator(NEXT_LINK).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you")


def expect_module_2_2_done(page, done):
    """Module 2.2's page counts `done` of its steps done; its quiz is the one
    step left while any is."""
    visit(page, MODULE_2_2)
    contents = page.get_by_role("navigation", name="Slides in this module")
    expect(contents).to_contain_text(f"{done} of {MODULE_2_2_LENGTH} done.")
    quiz = contents.get_by_role("listitem").filter(has_text=MODULE_QUIZ_TITLE)
    if done == MODULE_2_2_LENGTH:
        expect(quiz.locator(".completion-mark--done")).to_have_count(1)
    else:
        expect(quiz).to_contain_text("not completed yet")


def review_item(review, name):
    """The entry of "What to review" for one principle or strategy."""
    return review.get_by_role("listitem").filter(
        has=review.page.locator("strong", has_text=re.compile(f"^{re.escape(name)}$"))
    )


def fail_the_first_attempt(page):
    """Answer attempt 1 poorly, save it, come back to it and send it with Enter;
    check what the result says."""
    expect(page.get_by_role("heading", level=1)).to_have_text("Attempt 1")
    answer_attempt(page, MODULE_QUIZ_KEY, right=poor_answers)
    answers = given_answers(page)
    assert len(answers) >= len(MODULE_QUIZ_KEY.questions), answers  # not vacuous

    # Saved and left, the attempt is taken up again with every answer kept.
    page.get_by_role("button", name="Save and finish later").click()
    expect(page.get_by_role("status")).to_contain_text("Your answers are saved.")
    visit(page, MODULE_QUIZ)
    page.get_by_role("link", name="Continue attempt 1").click()
    assert given_answers(page) == answers

    # Enter in a text box sends the form with its first button, "Submit answers",
    # not "Save and finish later".
    question_groups(page).get_by_label("Your answer").last.press("Enter")
    expect(outcome(page)).to_have_text("Not passed yet")
    SUBMITTED.append(False)

    result = page.get_by_role("region", name="Not passed yet")
    expect(result).to_contain_text(score_line(MODULE_QUIZ_KEY, poor_answers))
    expect(result).to_contain_text("the pass mark is 70%")
    summary = SUMMARY.match(result.locator(".quiz-outcome__summary").inner_text())
    assert summary, result.inner_text()
    assert set(summary["strong"].split(", ")) == STRONG, summary[0]
    assert set(summary["weak"].split(", ")) == WEAK, summary[0]

    # "What to review": each weak principle and strategy, with links to the
    # slides tagged with it.
    review = page.get_by_role("region", name="What to review")
    expect(review.locator("strong")).to_have_count(len(WEAK))
    assert set(review.locator("strong").all_inner_texts()) == WEAK
    for name in WEAK:
        expect(review_item(review, name).get_by_role("link")).not_to_have_count(0)
    expect(review_item(review, ACCESS)).to_contain_text("(principle: 50%)")
    # This quiz shows the right answers after every attempt.
    expect(page.get_by_role("region", name="Question by question")).to_contain_text(
        "Right answer:"
    )


def follow_the_review_link_for_access(page):
    """Follow the link listed under Access to a slide tagged with it; come back."""
    review = page.get_by_role("region", name="What to review")
    result_url = page.url
    review_item(review, ACCESS).get_by_role("link").first.click()
    expect(page).to_have_url(re.compile(re.escape(MODULE_2_2) + r"[\w-]+/$"))
    tags = page.locator(".slide__tags")
    expect(tags.locator("dd")).to_contain_text([re.compile(rf"^\d+\. {ACCESS}$")])
    page.go_back()
    expect(page).to_have_url(result_url)


def pass_the_second_attempt(page):
    """Start attempt 2 and submit it with the keyboard, every answer right."""
    tab_to(page, START_BUTTON)
    expect(page.locator(START_BUTTON)).to_have_text("Try again: start attempt 2")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Attempt 2")
    answer_attempt(page, MODULE_QUIZ_KEY)
    # From the last answer, Tab to "Submit answers" and press Enter.
    question_groups(page).last.get_by_role("combobox").last.focus()
    tab_to(page, SUBMIT_BUTTON)
    page.keyboard.press("Enter")
    expect(outcome(page)).to_have_text("Passed")
    SUBMITTED.append(True)

    result = page.get_by_role("region", name="Passed")
    expect(result).to_contain_text(score_line(MODULE_QUIZ_KEY, everything))
    expect(result.locator(".quiz-outcome__summary")).to_have_text(
        re.compile(r"^Strong on [^;]+\.$")
    )
    expect(page.get_by_role("region", name="What to review")).to_have_count(0)
    # One attempt of three is left, to take it again.
    expect(
        result.get_by_role("button", name="Take it again: start attempt 3")
    ).to_be_visible()


def outline_entry(page, link_name):
    """A module's or a quiz's entry in the course page's outline."""
    return (
        page.get_by_role("region", name="Course outline")
        .locator(".module-list > li")
        .filter(has=page.get_by_role("link", name=link_name))
    )


def expect_course_progress(page, percent, completed):
    visit(page, COURSE)
    panel = page.get_by_role("region", name="Your progress")
    expect(panel.locator("label[for=course-progress]")).to_have_text(
        f"{percent}% of the course done"
    )
    final = outline_entry(page, FINAL_ASSESSMENT_TITLE)
    if completed:
        expect(panel).to_contain_text("You completed this course")
        expect(final.locator(".completion-mark--done")).to_have_count(1)
    else:
        expect(panel).not_to_contain_text("You completed this course")
        expect(final).to_contain_text("not completed yet")


def test_learner_fails_reviews_retries_and_passes_then_completes_the_course(
    page, open_context
):
    username = f"quizlearner{secrets.token_hex(3)}"
    password = secrets.token_urlsafe(16)
    sign_up(page, username, password, "Nguyen Thi Lan")
    enrol(page)

    # Every step of Module 2.2 opened, the quiz included: the quiz is not done
    # until it is passed, so neither is the module.
    read_the_whole_module(page)
    expect_module_2_2_done(page, MODULE_2_2_LENGTH - 1)

    # The quiz, from its place on the module page.
    page.get_by_role("link", name=re.compile("^Take the quiz")).click()
    expect(page).to_have_url(re.compile(re.escape(MODULE_QUIZ) + "$"))
    expect(page.locator(".quiz-rules").get_by_role("definition")).to_have_text(
        [str(len(MODULE_QUIZ_KEY.questions)), "70%", "3", "None"]
    )
    expect(page.get_by_text("3 attempts left.")).to_be_visible()
    page.get_by_role("button", name="Start the quiz").click()

    fail_the_first_attempt(page)
    follow_the_review_link_for_access(page)
    pass_the_second_attempt(page)

    # Passing the quiz completes Module 2.2; the course also needs its final
    # assessment.
    page.get_by_role("link", name="Back to the quiz").click()
    expect(
        page.get_by_text("You have passed this quiz, with a best score of 100%.")
    ).to_be_visible()
    expect_module_2_2_done(page, MODULE_2_2_LENGTH)
    visit(page, COURSE)
    module = outline_entry(page, re.compile(r"^2\.2 "))
    expect(module.locator(".completion-mark--done")).to_have_count(1)
    expect(module).to_contain_text(f"{MODULE_2_2_LENGTH} of {MODULE_2_2_LENGTH} done")
    expect_course_progress(
        page, round(100 * MODULE_2_2_LENGTH / COURSE_LENGTH), completed=False
    )

    # The final assessment (timed, its questions shuffled) in a browser with
    # JavaScript off: starting, answering and submitting need none.
    no_js = open_context(java_script_enabled=False).new_page()
    log_in(no_js, username, password)
    outline_entry(no_js, FINAL_ASSESSMENT_TITLE).get_by_role("link").click()
    no_js.get_by_role("button", name="Start the quiz").click()
    expect(no_js.get_by_role("heading", level=1)).to_have_text("Attempt 1")
    expect(no_js.locator(".page-header")).to_contain_text("submit by")
    answer_attempt(no_js, FINAL_ASSESSMENT_KEY)
    no_js.locator(SUBMIT_BUTTON).focus()
    no_js.keyboard.press("Enter")
    expect(outcome(no_js)).to_have_text("Passed")
    expect(no_js.get_by_role("region", name="Passed")).to_contain_text(
        score_line(FINAL_ASSESSMENT_KEY, everything)
    )
    expect_course_progress(no_js, 100, completed=True)


def report_rows(page):
    """The rows of the admin report's table, as {column heading: cell text}."""
    table = page.get_by_role("table")
    headings = [
        text.strip() for text in table.get_by_role("columnheader").all_inner_texts()
    ]
    return [
        dict(
            zip(
                headings,
                [text.strip() for text in row.get_by_role("cell").all_inner_texts()],
                strict=True,
            )
        )
        for row in table.get_by_role("rowgroup").last.get_by_role("row").all()
    ]


def test_editor_reads_quiz_results_and_the_item_analysis(page, live_site, quiz_learner):
    # quiz_learner failed one attempt; the journey above (when it ran first)
    # submitted SUBMITTED. Other tests' learners may have added more.
    attempts = 1 + len(SUBMITTED)
    poor_attempts = 1 + SUBMITTED.count(False)
    learners = 1 + bool(SUBMITTED)

    log_in_to_admin(page, live_site)
    sidebar = page.get_by_role("navigation", name="Main menu")
    sidebar.get_by_role("button", name="Reports").click()
    sidebar.get_by_role("link", name="Quiz results").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Quiz results")
    rows = {row["Quiz"]: row for row in report_rows(page)}
    assert set(rows) == {MODULE_QUIZ_TITLE, FINAL_ASSESSMENT_TITLE}, rows
    quiz = rows[MODULE_QUIZ_TITLE]
    assert int(quiz["Attempts"]) >= attempts, quiz
    assert int(quiz["Learners"]) >= learners, quiz
    assert re.fullmatch(r"\d+%", quiz["Pass rate"]), quiz
    assert re.fullmatch(r"\d+%", quiz["Average score"]), quiz

    page.get_by_role("link", name=MODULE_QUIZ_TITLE, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(
        f"Item analysis: {MODULE_QUIZ_TITLE}"
    )
    figures = page.get_by_role("region", name="Submitted attempts")
    expect(figures.get_by_role("definition").first).to_have_text(quiz["Attempts"])

    questions = report_rows(page)
    assert [row["No."] for row in questions] == [
        str(number) for number in range(1, len(MODULE_QUIZ_KEY.questions) + 1)
    ]
    for row in questions:
        assert row["Attempts"] == quiz["Attempts"], row
        assert re.fullmatch(r"\d+%", row["Fully right"]), row
        assert re.fullmatch(r"[\d.]+ / \d+", row["Average points"]), row
    # Every poor attempt chose the same wrong answer to question 1 ...
    first = questions[0]
    assert first["Type"] == "Single choice", first
    assert first["Most chosen wrong answer"] == FIRST_QUESTION_WRONG_ANSWER, first
    assert int(first["Chosen by"]) >= poor_attempts, first
    # ... and every attempt, poor or not, got question 3 (on Quality) right.
    third = questions[2]
    assert third["Fully right"] == "100%", third
    assert third["Average points"] == "2 / 2", third
    assert third["Most chosen wrong answer"] == "", third
