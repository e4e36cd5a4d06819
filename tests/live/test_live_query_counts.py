"""Live pages and polls cost a fixed number of queries, whatever the audience's size."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from courses.models import LiveAnswer, LiveParticipant
from tests.live.helpers import control, join, open_question


def count(client, url, **headers):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **headers)
    assert response.status_code in (200, 304)
    return len(queries)


def add_audience(session, question, size):
    for n in range(size):
        participant = LiveParticipant.objects.create(
            session=session, display_name=f"P{len(session.participants.all())}-{n}"
        )
        LiveAnswer.objects.create(
            session=session,
            participant=participant,
            question=question,
            text=f"idea {n}",
        )


def test_polls_and_pages_do_not_grow_with_participants(
    client, facilitator, session, module
):
    question, staff = open_question(client, facilitator, session, module, "open_text")
    join(client, session)
    state = reverse("live_state", args=[session.code])
    results = reverse("live_results", args=[session.code])
    present = reverse("live_present", args=[session.code])
    follow = reverse("live_participant", args=[session.code])
    stage = reverse("live_stage", args=[session.code])
    answer = reverse("live_answer", args=[session.code])
    counts = []
    for size in (5, 50):
        add_audience(session, question, size)
        client.get(state)
        etag = client.get(state)["ETag"]
        # The first participant to fetch a new version reads the module's outline
        # for everyone else.
        LiveAnswer.objects.filter(participant__display_name="Guest").delete()
        assert count(client, stage) > count(client, stage)
        shared = count(client, stage)  # not answered yet: the stage everyone gets
        with CaptureQueriesContext(connection) as in_place:
            saved = client.post(answer, {"text": "idea"}, HTTP_X_LIVE_STAGE="1")
        assert saved.status_code == 200
        counts.append(
            {
                "poll, unchanged": count(client, state, HTTP_IF_NONE_MATCH=etag),
                "participant stage, shared": shared,
                "participant stage, own answer": count(client, stage),
                "answer, in place": len(in_place),
                "participant page": count(client, follow),
                "presenter page": count(staff, present),
                "presenter results": count(staff, results),
            }
        )
        # Each move of the facilitator is a new version, with a new outline.
        control(staff, session, "close")
        control(staff, session, "open")
    assert counts[0] == counts[1], counts
    # A poll is served from the shared cache without the session or the user: one
    # read of the database cache here, none at all with Redis.
    assert counts[1]["poll, unchanged"] <= 1
    # The session, the participant, the outline, "answered?", the shared stage.
    assert counts[1]["participant stage, shared"] <= 5, counts
    assert counts[1]["participant stage, own answer"] <= 8, counts
    # The first answer: the session, participant, question and answer, then
    # update_or_create (savepoints, a locking read, the insert), the new stage.
    assert counts[1]["answer, in place"] <= 12, counts
