"""Live sessions: starting, presenting, joining, following, answering, and who may do what."""

import re

from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from courses.models import (
    LiveAnswer,
    LiveParticipant,
    LiveSession,
    PlenaryQuestionPage,
)
from courses.models.live import JOIN_CODE_ALPHABET, normalise_join_code
from courses.views.live import JOIN_FAILURES_ALLOWED
from tests.live.helpers import control, join, open_question


def test_a_facilitator_starts_a_session_with_a_short_unambiguous_code(
    client, facilitator, module
):
    client.force_login(facilitator)
    page = client.get(module.url).content.decode()
    assert "Start a live session" in page
    response = client.post(reverse("live_start", args=[module.pk]))
    session = LiveSession.objects.get()
    assert response["Location"] == reverse("live_present", args=[session.code])
    assert len(session.code) == 6 and set(session.code) <= set(JOIN_CODE_ALPHABET)
    assert session.current_step.title == "Slide 1"
    present = client.get(response["Location"]).content.decode()
    assert session.formatted_code in present and "Pause here for questions" in present
    qr = client.get(reverse("live_qr", args=[session.code]))
    assert qr["Content-Type"] == "image/svg+xml" and b"<svg" in qr.content


def test_learners_cannot_start_or_control_a_session(
    client, django_user_model, module, session
):
    client.force_login(django_user_model.objects.create_user("lea", password="pw"))
    assert "Start a live session" not in client.get(module.url).content.decode()
    assert client.post(reverse("live_start", args=[module.pk])).status_code == 403
    assert control(client, session, "next").status_code == 403
    assert client.get(reverse("live_present", args=[session.code])).status_code == 403
    session.refresh_from_db()
    assert session.version == 1


def test_the_facilitator_moves_opens_shows_and_ends(client, facilitator, session):
    client.force_login(facilitator)
    control(client, session, "next")
    session.refresh_from_db()
    assert session.current_step.title == "Slide 2" and session.version == 2
    control(client, session, "next")
    control(client, session, "open")
    control(client, session, "show")
    session.refresh_from_db()
    assert session.current_step.specific_class is PlenaryQuestionPage
    assert session.responses_open and session.results_shown
    control(client, session, "previous")
    session.refresh_from_db()
    assert not session.responses_open and session.current_step.title == "Slide 2"
    assert control(client, session, "go", step="nonsense").status_code == 400
    assert control(client, session, "fly").status_code == 400
    control(client, session, "end")
    session.refresh_from_db()
    assert not session.running
    version = session.version
    control(client, session, "next")
    session.refresh_from_db()
    assert session.version == version


def test_participants_join_by_code_and_follow_the_facilitator(
    client, facilitator, session
):
    join(client, session, name="Ana <script>alert(1)</script>")
    participant = LiveParticipant.objects.get()
    follow = client.get(reverse("live_participant", args=[session.code]))
    page = follow.content.decode()
    assert "Slide 1" in page and "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;" in page and "Pause here" not in page

    state_url = reverse("live_state", args=[session.code])
    first = client.get(state_url)
    assert first.json()["version"] == 1
    unchanged = client.get(state_url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert unchanged.status_code == 304

    staff = type(client)()
    staff.force_login(facilitator)
    control(staff, session, "next")
    changed = client.get(state_url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200 and changed.json()["version"] == 2
    assert (
        "Slide 2"
        in client.get(reverse("live_participant", args=[session.code])).content.decode()
    )
    assert LiveParticipant.objects.get().pk == participant.pk


def test_one_answer_per_participant_which_they_may_change_while_open(
    client, facilitator, session, module
):
    question, staff = open_question(client, facilitator, session, module)
    join(client, session, name="Bo")
    yes, no = question.choices.all()
    answer_url = reverse("live_answer", args=[session.code])
    client.post(answer_url, {"choice": yes.pk})
    client.post(answer_url, {"choice": no.pk})
    assert LiveAnswer.objects.get().choice == no
    page = client.get(reverse("live_participant", args=[session.code])).content.decode()
    assert re.search(rf'value="{no.pk}"[^>]*checked', page)

    results = staff.get(reverse("live_results", args=[session.code]))
    assert "1 answer" in results.content.decode()
    assert client.get(reverse("live_results", args=[session.code])).status_code == 403

    control(staff, session, "close")
    client.post(answer_url, {"choice": yes.pk})
    assert LiveAnswer.objects.get().choice == no


def test_open_text_answers_are_length_limited_and_shown_escaped(
    client, facilitator, session, module
):
    question, staff = open_question(client, facilitator, session, module, "open_text")
    join(client, session, name="Chen")
    answer_url = reverse("live_answer", args=[session.code])
    assert client.post(answer_url, {"text": "x" * 501}).status_code == 400
    client.post(answer_url, {"text": "<script>alert('x')</script> shared services"})
    results = staff.get(reverse("live_results", args=[session.code])).content.decode()
    assert "<script>alert" not in results and "&lt;script&gt;" in results


def test_an_ended_session_takes_no_answers(client, facilitator, session, module):
    question, staff = open_question(client, facilitator, session, module, "open_text")
    join(client, session)
    control(staff, session, "end")
    response = client.post(
        reverse("live_answer", args=[session.code]), {"text": "late"}, follow=True
    )
    assert "has ended" in response.content.decode()
    assert not LiveAnswer.objects.exists()


def test_wrong_codes_are_limited_per_connection_in_the_shared_cache(
    client, session, settings
):
    cache.clear()
    for _ in range(JOIN_FAILURES_ALLOWED):
        response = client.post(
            reverse("live_join"), {"code": "ZZZZZZ", "display_name": "x"}
        )
        assert response.status_code == 400
    blocked = client.post(
        reverse("live_join"), {"code": session.code, "display_name": "x"}
    )
    assert blocked.status_code == 429
    other = type(client)(REMOTE_ADDR="10.0.0.9")
    join(other, session, name="Real participant")
    cache.clear()


def test_codes_are_read_as_people_type_them():
    assert normalise_join_code(" abc-23 4 ") == "ABC234"


def test_the_facilitator_hides_an_answer_which_stays_in_the_summary(
    client, facilitator, session, module
):
    question, staff = open_question(client, facilitator, session, module, "open_text")
    join(client, session, name="Dee")
    client.post(reverse("live_answer", args=[session.code]), {"text": "Off-topic rant"})
    answer = LiveAnswer.objects.get()
    control(staff, session, "hide_answer", answer=answer.pk)
    results = staff.get(reverse("live_results", args=[session.code])).content.decode()
    assert "Off-topic rant" not in results
    summary = staff.get(reverse("live_summary", args=[session.code])).content.decode()
    assert "Off-topic rant" in summary and "hidden from the shared view" in summary
    assert "1 participant joined" in summary
    csv = staff.get(reverse("live_summary", args=[session.code]) + "?export=csv")
    assert b"Off-topic rant" in csv.content and b"Dee" in csv.content
    assert client.get(reverse("live_summary", args=[session.code])).status_code in (
        302,
        403,
    )


def test_audience_questions_are_upvoted_sorted_answered_and_hidden(
    client, facilitator, session
):
    from courses.models import AudienceQuestion

    join(client, session, name="Eve")
    other = type(client)()
    join(other, session, name="Femi")
    ask_url = reverse("live_ask", args=[session.code])
    client.post(ask_url, {"text": "How do we start small?"})
    other.post(ask_url, {"text": "Who owns shared data?", "anonymous": "on"})
    first, second = AudienceQuestion.objects.order_by("pk")
    upvote = reverse("live_upvote", args=[session.code, second.pk])
    client.post(upvote)
    client.post(upvote)  # a second upvote changes nothing
    assert second.upvotes.count() == 1

    staff = type(client)()
    staff.force_login(facilitator)
    listing = staff.get(reverse("live_questions", args=[session.code])).content.decode()
    assert listing.index("Who owns shared data?") < listing.index(
        "How do we start small?"
    )
    assert "Anonymous" in listing and "Femi" not in listing
    control(staff, session, "answered", question=second.pk)
    control(staff, session, "hide_question", question=first.pk)
    page = client.get(reverse("live_participant", args=[session.code])).content.decode()
    assert "How do we start small?" not in page and "answered" in page
    assert AudienceQuestion.objects.filter(hidden=True).count() == 1  # still recorded
    assert client.get(reverse("live_questions", args=[session.code])).status_code in (
        302,
        403,
    )

    control(staff, session, "anonymous_off")
    other.post(ask_url, {"text": "Named now?", "anonymous": "on"})
    assert not AudienceQuestion.objects.get(text="Named now?").anonymous
    assert client.post(ask_url, {"text": "x" * 301}).status_code == 400


def test_participants_look_back_until_the_facilitator_locks_follow_mode(
    client, facilitator, session
):
    staff = type(client)()
    staff.force_login(facilitator)
    control(staff, session, "next")
    control(staff, session, "next")
    join(client, session)
    first = LiveSession.objects.get().module.get_children().first()
    url = reverse("live_participant", args=[session.code])
    back = client.get(url, {"step": first.pk}).content.decode()
    assert (
        "Back to live" in back
        and '<h1 class="live__title" id="live-title">Slide 1' in back
    )
    ahead = client.get(url, {"step": 999999}).content.decode()
    assert "Back to live" not in ahead

    control(staff, session, "lock")
    state = client.get(reverse("live_state", args=[session.code])).json()
    assert state["locked"]
    locked = client.get(url, {"step": first.pk}).content.decode()
    assert "Back to live" not in locked and "Look back" not in locked


def test_self_paced_learners_answer_and_read_published_answers(
    client, facilitator, session, module, django_user_model
):
    question, staff = open_question(client, facilitator, session, module, "open_text")
    join(client, session, name="Gus")
    client.post(
        reverse("live_answer", args=[session.code]), {"text": "One front office"}
    )
    answer = LiveAnswer.objects.get()
    control(staff, session, "end")
    assert "From past sessions" in client.get(question.url).content.decode()
    assert "One front office" not in client.get(question.url).content.decode()
    response = control(staff, session, "publish_answer", answer=answer.pk)
    assert response["Location"] == reverse("live_summary", args=[session.code])
    client.cookies.clear()
    assert "One front office" in client.get(question.url).content.decode()

    learner = django_user_model.objects.create_user("hana", password="pw")
    client.force_login(learner)
    answer_url = question.url + "answer/"
    assert client.post(answer_url, {"text": ""}).status_code == 400
    client.post(answer_url, {"text": "Shared registers"})
    client.post(answer_url, {"text": "Shared registers, then one portal"})
    from courses.models import PlenaryResponse

    mine = PlenaryResponse.objects.get()
    assert mine.learner == learner and mine.text.endswith("one portal")
    assert "Change my answer" in client.get(question.url).content.decode()


def test_an_invalid_answer_comes_back_with_the_whole_screen(
    client, facilitator, session, module
):
    question, staff = open_question(client, facilitator, session, module, "open_text")
    join(client, session, name="Ida")
    answer_url = reverse("live_answer", args=[session.code])
    client.post(answer_url, {"text": "First thought"})
    response = client.post(answer_url, {"text": "x" * 501})
    page = response.content.decode()
    assert response.status_code == 400
    assert "Change my answer" in page and "Your question for the facilitator" in page
    assert LiveAnswer.objects.get().text == "First thought"


def test_live_js_swaps_in_the_stage_and_posts_answers_in_place(
    client, facilitator, session, module
):
    stage_url = reverse("live_stage", args=[session.code])
    answer_url = reverse("live_answer", args=[session.code])
    assert client.get(stage_url)["Location"].endswith(f"?code={session.code}")
    join(client, session, name="Jo")
    first = client.get(stage_url)
    fragment = first.content.decode()
    assert first["Cache-Control"] == "private, no-store"
    assert fragment.lstrip().startswith('<div class="live__stage" id="live-stage"')
    assert "<html" not in fragment and "Slide 1 of 3" in fragment
    assert 'data-version="1"' in fragment

    question, staff = open_question(client, facilitator, session, module, "open_text")
    opened = client.get(stage_url).content.decode()
    # The form is there while closed too, hidden, for live.js to show on opening.
    assert "data-live-answer>" in opened and "data-live-closed hidden" in opened
    assert f'data-step="{question.pk}"' in opened and 'data-results="false"' in opened
    assert "Slide 3 of 3" in opened and "Look back: Slide 2" in opened

    saved = client.post(answer_url, {"text": "Shared data"}, HTTP_X_LIVE_STAGE="1")
    assert saved.status_code == 200
    assert 'data-announce="Your answer is in.' in saved.content.decode()
    assert "Change my answer" in saved.content.decode()

    too_long = client.post(answer_url, {"text": "y" * 501}, HTTP_X_LIVE_STAGE="1")
    page = too_long.content.decode()
    assert too_long.status_code == 400 and "error-summary" in page
    assert "y" * 501 in page and "<html" not in page  # what they typed is kept
    assert LiveAnswer.objects.get().text == "Shared data"

    control(staff, session, "close")
    closed = client.post(answer_url, {"text": "Later"}, HTTP_X_LIVE_STAGE="1")
    assert closed.status_code == 409
    assert "Responses to this question are closed" in closed.content.decode()
    assert "data-live-answer hidden" in closed.content.decode()
    assert "Responses are not open. Your answer is recorded." in closed.content.decode()
    control(staff, session, "open")
    control(staff, session, "end")
    ended = client.post(answer_url, {"text": "Later"}, HTTP_X_LIVE_STAGE="1")
    assert ended.status_code == 409 and "has ended" in ended.content.decode()
    assert LiveAnswer.objects.get().text == "Shared data"


def test_the_stage_before_answering_is_shared_and_posts_with_the_pages_token(
    client, facilitator, session, module
):
    question, staff = open_question(client, facilitator, session, module, "open_text")
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    for name, participant in (("Kim", first), ("Lea", second)):
        participant.get(reverse("live_join"))
        participant.post(
            reverse("live_join"),
            {
                "code": session.code,
                "display_name": name,
                "csrfmiddlewaretoken": participant.cookies["csrftoken"].value,
            },
        )
    stage_url = reverse("live_stage", args=[session.code])
    shared = first.get(stage_url).content
    assert shared == second.get(stage_url).content
    assert b"csrfmiddlewaretoken" not in shared and b"data-live-answer>" in shared

    # The whole page carries the token live.js sends with an in-place answer.
    page = first.get(reverse("live_participant", args=[session.code])).content
    token = re.search(rb'data-csrf-token="([^"]+)"', page).group(1).decode()
    answer_url = reverse("live_answer", args=[session.code])
    assert first.post(answer_url, {"text": "Mine"}).status_code == 403
    saved = first.post(
        answer_url, {"text": "Mine"}, HTTP_X_LIVE_STAGE="1", HTTP_X_CSRFTOKEN=token
    )
    assert saved.status_code == 200 and LiveAnswer.objects.get().text == "Mine"

    # Once answered, a participant's stage is their own; the other's stays shared.
    own = first.get(stage_url).content
    assert b"Mine</textarea>" in own and b"csrfmiddlewaretoken" in own
    assert second.get(stage_url).content == shared
