"""A facilitator runs Module 2.2 as a live session with two participants who have
no accounts: the participants' screens follow the facilitator within seconds (they
poll the session's state and swap in the new stage, without reloading), both answer
the plenary question in place, the facilitator sees the answers arrive without
reloading, and ending the session closes the answer form. A third participant has
JavaScript off and does the same with the Update link and plain form posts. The
presenter and participant pages pass axe.

Each browser is its own context: the facilitator (the editor, who may edit the
module and so may facilitate it) and the participants share no cookies. A live
session is not content: every page a visitor sees stays as load_demo built it, so
this module runs among the other browser tests (no CHANGES_CONTENT).
"""

import re

import pytest
from playwright.sync_api import expect

from courses.demo.content import SLIDES_AND_QUESTIONS
from tests.e2e.demo_site import MODULE_2_2, log_in_to_admin, visit
from tests.e2e.test_accessibility import assert_no_serious_violations

pytestmark = pytest.mark.e2e

# What a live session walks through: Module 2.2's slides and plenary question, in
# order; the quiz is left out of live sessions.
LIVE_STEPS = [
    spec.title
    for spec in SLIDES_AND_QUESTIONS
    if spec.model in ("courses.SlidePage", "courses.PlenaryQuestionPage")
]
PLENARY = "Plenary discussion: the whole-of-government approach"
PLENARY_POSITION = LIVE_STEPS.index(PLENARY) + 1
# A participant's screen checks the state every 2 s and swaps in the new stage.
FOLLOW_TIMEOUT_MS = 6_000
# Long enough for the presenter's 2 s polling of the results, twice over.
RESULTS_TIMEOUT_MS = 6_000
CODE = re.compile(r"^[2-9A-HJKMNP-Z]{3} [2-9A-HJKMNP-Z]{3}$")

FIRST_ANSWER = "Each ministry still runs its own portal; a shared login would help."
CHANGED_ANSWER = (
    "Ministries share a login already; shared data standards would help most."
)
SECOND_ANSWER = "We need one service catalogue that every agency keeps up to date."
NO_SCRIPT_ANSWER = "Start with the services citizens use most, then join them up."


def position(number):
    return f"Slide {number} of {len(LIVE_STEPS)}"


def plenary_position():
    return f"{position(PLENARY_POSITION)} · Plenary question"


def mark_page(page):
    """Mark the document in the page; page_was_replaced() is true once it is gone."""
    page.evaluate("window.liveTestMark = true")


def page_was_replaced(page):
    return not page.evaluate("window.liveTestMark === true")


# The facilitator ---------------------------------------------------------------


def start_session(page, live_site):
    """Log the editor in, start a session from Module 2.2's page and return its
    code as the presenter view shows it ("ABC 234")."""
    log_in_to_admin(page, live_site)
    visit(page, MODULE_2_2)
    panel = page.get_by_role("region", name="Live sessions")
    panel.get_by_role("button", name="Start a live session").click()
    expect(page).to_have_url(re.compile(r"/live/[2-9A-Z]{6}/present/$"))
    expect(page.locator(".live__stage .live__title")).to_have_text(LIVE_STEPS[0])
    code = page.locator(".live__code").inner_text().strip()
    assert CODE.match(code), f"the presenter view shows {code!r} as the join code"
    return code


def expect_presenting(page, number):
    stage = page.locator("#live-stage")
    expect(stage.locator(".live__title")).to_have_text(LIVE_STEPS[number - 1])
    expect(stage.locator(".slide__position")).to_contain_text(position(number))


def control(page, name):
    """Press one of the presenter's controls (each a POST form) by its label."""
    page.locator(".live__controls").get_by_role("button", name=name, exact=True).click()


def go_to(page, title):
    """Jump to a step with the presenter's "Go to a slide" list."""
    slides = page.get_by_role("navigation", name="Slides in this session")
    slides.get_by_role("button", name=title, exact=True).click()
    expect(page.locator("#live-stage .live__title")).to_have_text(title)


# Participants ------------------------------------------------------------------


def join(page, code, name, typed=None):
    """Join with the code (typed as `typed`, if given) and a display name, as a
    participant with no account."""
    visit(page, "/live/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Join a live session")
    page.get_by_label("Session code").fill(typed or code)
    page.get_by_label("Your name, as others will see it").fill(name)
    page.get_by_role("button", name="Join").click()
    expect(page).to_have_url(re.compile(r"/live/[2-9A-Z]{6}/$"))
    expect(page.locator(".live__bar")).to_contain_text(f"you are {name}")
    expect(page.locator(".live__bar")).to_contain_text(f"Live session {code}")


def expect_following(page, number):
    """The participant's screen shows step `number`, by itself and soon."""
    expect(page.locator("#live-title")).to_have_text(
        LIVE_STEPS[number - 1], timeout=FOLLOW_TIMEOUT_MS
    )
    expect(page.locator("#live-stage .slide__position")).to_contain_text(
        position(number)
    )


def answer_box(page):
    return page.get_by_role("textbox", name="Your answer")


def send_answer(page, text, button):
    """Answer in place: the reply is the new stage, and the live region says so."""
    answer_box(page).fill(text)
    page.get_by_role("button", name=button).click()
    saved = "Your answer is in. You may change it while responses are open."
    expect(page.locator("#live-stage .message--success")).to_have_text(saved)
    expect(page.locator("#live-announcer")).to_have_text(saved)
    expect(answer_box(page)).to_have_value(text)
    expect(page.get_by_role("button", name="Change my answer")).to_be_visible()


# The tests -------------------------------------------------------------------------


def test_participants_follow_the_facilitator_and_answer_live(open_context, live_site):
    facilitator = open_context().new_page()
    amina = open_context().new_page()
    jonas = open_context().new_page()
    chen = open_context(java_script_enabled=False).new_page()

    code = start_session(facilitator, live_site)
    expect_presenting(facilitator, 1)
    # Participants type the code as they like: lower case, without the space.
    join(amina, code, "Amina")
    join(jonas, code, "Jonas", typed=code.replace(" ", "").lower())
    join(chen, code, "Chen")
    for participant in (amina, jonas):
        expect_following(participant, 1)
        expect(participant.locator("#live-announcer")).to_have_text("")
        mark_page(participant)
    facilitator.reload()
    expect(facilitator.locator(".live__bar")).to_contain_text("3 joined")

    # Next, with the button: both participants' screens move on by themselves.
    control(facilitator, "Next")
    expect_presenting(facilitator, 2)
    for participant in (amina, jonas):
        expect_following(participant, 2)
        # The new step is announced to screen readers in the aria-live region.
        expect(participant.locator("#live-announcer")).to_have_text(
            f"Now showing: {LIVE_STEPS[1]}"
        )
        # The participant's script swapped the stage in; the page stayed.
        assert not page_was_replaced(participant)

    # Next, with ArrowRight pressed on the page (not on a control).
    expect(
        facilitator.get_by_role("button", name="Next", exact=True)
    ).to_have_attribute("aria-keyshortcuts", "ArrowRight")
    facilitator.locator("body").press("ArrowRight")
    expect_presenting(facilitator, 3)
    for participant in (amina, jonas):
        expect_following(participant, 3)
        expect(participant.locator("#live-announcer")).to_have_text(
            f"Now showing: {LIVE_STEPS[2]}"
        )

    # Straight to the plenary question with the slide list: no answers yet, and
    # no answer form until the facilitator opens responses.
    go_to(facilitator, PLENARY)
    expect(facilitator.locator("#live-stage .slide__position")).to_have_text(
        plenary_position()
    )
    expect(facilitator.locator("#live-results")).to_contain_text("No answers yet.")
    for participant in (amina, jonas):
        expect(participant.locator("#live-title")).to_have_text(
            PLENARY, timeout=FOLLOW_TIMEOUT_MS
        )
        expect(participant.locator("#live-stage .slide__position")).to_have_text(
            plenary_position()
        )
        expect(participant.locator("#live-stage")).to_contain_text(
            "Responses are not open."
        )
        expect(answer_box(participant)).to_have_count(0)

    control(facilitator, "Open responses")
    expect(facilitator.locator("#live-results-heading")).to_have_text("Answers (open)")
    expect(facilitator.locator(".live__controls")).to_contain_text("Close responses")
    for participant in (amina, jonas):
        expect(answer_box(participant)).to_be_visible(timeout=FOLLOW_TIMEOUT_MS)
        expect(answer_box(participant)).to_have_value("")
        expect(participant.locator("#live-announcer")).to_have_text(
            f"Responses are open: {PLENARY}"
        )

    # From here the presenter page must not be replaced: answers arrive by polling.
    mark_page(facilitator)
    results = facilitator.locator("#live-results")

    send_answer(amina, FIRST_ANSWER, "Send my answer")
    expect(results.locator(".live-answers li")).to_have_text(
        [FIRST_ANSWER], timeout=RESULTS_TIMEOUT_MS
    )
    expect(results).to_contain_text("1 answer")

    # Jonas's in-place post fails in transit: his form is posted the plain way, with
    # the page's token (the form came in a shared stage, which has none).
    jonas.route(
        "**/answer/",
        lambda route: (
            route.abort()
            if route.request.headers.get("x-live-stage")
            else route.continue_()
        ),
    )
    answer_box(jonas).fill(SECOND_ANSWER)
    jonas.get_by_role("button", name="Send my answer").click()
    expect(jonas.get_by_role("status")).to_contain_text("Your answer is in")
    expect(answer_box(jonas)).to_have_value(SECOND_ANSWER)
    jonas.unroute("**/answer/")
    expect(results.locator(".live-answers li")).to_have_count(
        2, timeout=RESULTS_TIMEOUT_MS
    )
    expect(results).to_contain_text("2 answers")

    # Amina changes her answer: it replaces her first one, and is not a third.
    send_answer(amina, CHANGED_ANSWER, "Change my answer")
    answers = results.locator(".live-answers li")
    expect(answers.filter(has_text=CHANGED_ANSWER)).to_have_count(
        1, timeout=RESULTS_TIMEOUT_MS
    )
    expect(answers).to_have_count(2)
    expect(answers.filter(has_text=FIRST_ANSWER)).to_have_count(0)
    expect(answers.filter(has_text=SECOND_ANSWER)).to_have_count(1)
    expect(results).to_contain_text("2 answers")
    assert not page_was_replaced(facilitator), "the presenter page was reloaded"

    # Chen has JavaScript off: the Update link brings the open question, and the
    # answer is a plain form post that comes back to the whole screen.
    expect_following(chen, 1)
    chen.get_by_role("link", name="Update").click()
    expect(chen.locator("#live-title")).to_have_text(PLENARY)
    expect(answer_box(chen)).to_have_value("")
    answer_box(chen).fill(NO_SCRIPT_ANSWER)
    chen.get_by_role("button", name="Send my answer").click()
    expect(chen.get_by_role("status")).to_contain_text("Your answer is in")
    expect(answer_box(chen)).to_have_value(NO_SCRIPT_ANSWER)
    expect(results).to_contain_text("3 answers", timeout=RESULTS_TIMEOUT_MS)

    # The facilitator ends the session: the answer form goes, a notice says so.
    for participant in (amina, jonas):
        mark_page(participant)
    control(facilitator, "End the session")
    expect(facilitator.get_by_role("status")).to_contain_text("The session has ended")
    expect(facilitator.locator(".live__bar")).to_contain_text("Ended")
    expect(facilitator.locator(".live__controls")).to_have_count(0)
    for participant in (amina, jonas):
        expect(participant.locator(".notice")).to_have_text(
            "This session has ended. Thank you for taking part.",
            timeout=FOLLOW_TIMEOUT_MS,
        )
        expect(answer_box(participant)).to_have_count(0)
        expect(
            participant.get_by_role("button", name=re.compile("answer"))
        ).to_have_count(0)
        expect(participant.locator("#live-stage")).to_contain_text(
            "Your answer is recorded."
        )
        assert not page_was_replaced(participant)
    chen.get_by_role("link", name="Update").click()
    expect(chen.locator(".notice")).to_have_text(
        "This session has ended. Thank you for taking part."
    )
    expect(answer_box(chen)).to_have_count(0)


def test_presenter_and_participant_pages_have_no_serious_accessibility_violations(
    open_context, live_site
):
    facilitator = open_context().new_page()
    # Fake timers, time flowing as usual, so that the test can skip minutes ahead.
    facilitator.clock.install()
    participant = open_context().new_page()
    code = start_session(facilitator, live_site)
    elapsed = facilitator.locator(".live__bar [data-elapsed]")
    expect(elapsed).to_have_text(re.compile(r"^0.minutes ago$"))

    # The join form, then a slide as both sides see it.
    visit(participant, "/live/")
    assert_no_serious_violations(participant, "live-join")
    join(participant, code, "Amina")
    assert_no_serious_violations(participant, "live-participant-slide")
    assert_no_serious_violations(facilitator, "live-presenter-slide")

    # The plenary question with responses open and one answer in.
    go_to(facilitator, PLENARY)
    control(facilitator, "Open responses")
    expect(answer_box(participant)).to_be_visible(timeout=FOLLOW_TIMEOUT_MS)
    send_answer(participant, FIRST_ANSWER, "Send my answer")
    expect(facilitator.locator("#live-results .live-answers li")).to_have_text(
        [FIRST_ANSWER], timeout=RESULTS_TIMEOUT_MS
    )
    assert_no_serious_violations(participant, "live-participant-question")
    assert_no_serious_violations(facilitator, "live-presenter-question")

    # Results shown to participants.
    control(facilitator, "Show results to participants")
    expect(participant.get_by_role("heading", name="Results")).to_be_visible(
        timeout=FOLLOW_TIMEOUT_MS
    )
    assert_no_serious_violations(participant, "live-participant-results")

    # The presenter's elapsed time goes on between moves.
    facilitator.clock.fast_forward("05:30")
    expect(elapsed).to_have_text(re.compile(r"^5.minutes ago$"))
