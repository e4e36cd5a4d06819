"""Quiz pages, grading and results run in a fixed number of queries, whatever the
number of questions.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from courses.models import QuizAttempt
from tests.builders import get_principle, get_strategy, make_quiz
from tests.quizzes.helpers import answers_for, start
from tests.quizzes.test_taking_quizzes import ALL_TYPES

# Measured ceilings. Every page: routing (about two queries per tree level), the
# session and user, breadcrumbs, navigation and the user bar's permission checks.
# Then the attempt; a passing submission adds the progress writes and completion
# checks, a failed result the slides to review.
MAX_QUERIES = {"quiz page": 25, "form": 22, "submit": 24, "result": 29}


def quiz_of(module, count):
    principle, strategy = get_principle(), get_strategy()
    questions = []
    for number in range(count):
        block_type, value = ALL_TYPES[number % len(ALL_TYPES)]
        questions.append(
            (block_type, value | {"principles": [principle], "strategies": [strategy]})
        )
    return make_quiz(module, questions=questions, title=f"Quiz of {count}")


def measure(client, method, url, data=None):
    with CaptureQueriesContext(connection) as queries:
        response = getattr(client, method)(url, data) if data else client.get(url)
    assert response.status_code in (200, 302), response.content.decode()[:500]
    return len(queries)


@pytest.mark.parametrize("right", [True, False])
def test_grading_and_result_queries_do_not_grow_with_questions(
    learner_client, module, right
):
    counts = {}
    for size in (5, 50):
        quiz = quiz_of(module, size)
        learner_client.get(quiz.url)  # warm per-process caches
        counts[size] = {"quiz page": measure(learner_client, "get", quiz.url)}
        attempt = start(learner_client, quiz)
        url = attempt.get_absolute_url()
        counts[size]["form"] = measure(learner_client, "get", url)
        data = answers_for(attempt, right=right)
        counts[size]["submit"] = measure(learner_client, "post", url, data)
        counts[size]["result"] = measure(learner_client, "get", url)
        stored = QuizAttempt.objects.get(pk=attempt.pk)
        assert len(stored.results) == size and stored.passed == right

    assert counts[5] == counts[50]
    for name, ceiling in MAX_QUERIES.items():
        assert counts[50][name] <= ceiling, (name, counts[50][name])
