"""Submissions beyond Django's own limits get the site's 400 page, and change nothing."""

from courses.models import QuizAttempt
from tests.builders import make_quiz
from tests.quizzes.helpers import start


def test_too_many_fields_is_a_400_with_a_reason(learner_client, module, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 50
    attempt = start(learner_client, make_quiz(module))
    data = {f"field-{n}": "x" for n in range(60)}
    response = learner_client.post(attempt.get_absolute_url(), data)
    assert response.status_code == 400
    assert "could not be read" in response.content.decode()
    stored = QuizAttempt.objects.get(pk=attempt.pk)
    assert stored.in_progress and stored.sequence == 0
