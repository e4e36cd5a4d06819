"""Answers sent at the same moment (double clicks, retries): real threads on PostgreSQL."""

import pytest
from django.db import connection

from courses.models import LiveAnswer, LiveParticipant, PlenaryQuestionPage
from courses.views.live import save_answer
from tests.quizzes.test_concurrency import run_at_once

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_simultaneous_answers_of_one_participant_leave_one_row(session, module):
    if connection.vendor != "postgresql":
        pytest.skip("Concurrency is tested on PostgreSQL (SQLite serialises writers).")
    question = PlenaryQuestionPage.objects.child_of(module).get()
    participant = LiveParticipant.objects.create(session=session, display_name="Ola")
    texts = [f"take {n}" for n in range(8)]

    run_at_once(
        lambda text: save_answer(session, participant, question, {"text": text}), texts
    )

    stored = LiveAnswer.objects.get()  # exactly one, or this raises
    assert stored.text in texts and stored.participant == participant
