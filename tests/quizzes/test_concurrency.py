"""Double clicks and replays arriving at the same moment: real threads on PostgreSQL."""

import threading

import pytest
from django.db import connection

from courses.attempts import finish_attempt, start_attempt
from courses.models import Enrolment, ModulePage, QuizAttempt, StepProgress
from tests.builders import make_course, make_quiz
from tests.quizzes.test_taking_quizzes import ALL_TYPES

# serialized_rollback restores the rows migrations made (the tree root) after
# each test empties the tables.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def quiz_and_learner(sections, django_user_model):
    if connection.vendor != "postgresql":
        pytest.skip("Concurrency is tested on PostgreSQL (SQLite serialises writers).")
    course = make_course(sections[1], slides_per_module=1)
    module = ModulePage.objects.descendant_of(course).get()
    learner = django_user_model.objects.create_user("racer")
    Enrolment.objects.create(learner=learner, course=course)
    return make_quiz(module, questions=ALL_TYPES), learner


def run_at_once(work, arguments):
    """Run work(argument) in one thread per argument, all released together."""
    barrier = threading.Barrier(len(arguments))
    results, errors = [], []

    def run(argument):
        try:
            barrier.wait()
            results.append(work(argument))
        except Exception as error:  # noqa: BLE001  (collected and asserted below)
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(a,)) for a in arguments]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    return results


@pytest.mark.parametrize("tokens", ["same", "different"])
def test_simultaneous_starts_open_one_attempt(quiz_and_learner, tokens):
    quiz, learner = quiz_and_learner
    names = ["one-click"] * 8 if tokens == "same" else [f"tab-{n}" for n in range(8)]
    results = run_at_once(lambda token: start_attempt(quiz, learner, token), names)
    assert QuizAttempt.objects.count() == 1
    attempt = QuizAttempt.objects.get()
    assert {result[0].pk for result in results} == {attempt.pk}
    assert sum(1 for _, created in results if created) == 1


def test_simultaneous_submissions_of_one_form_grade_it_once(quiz_and_learner):
    quiz, learner = quiz_and_learner
    attempt, _ = start_attempt(quiz, learner, "token")
    right = {q["id"]: q["key"] for q in attempt.questions if q["type"] == "true_false"}
    wrong = {q: {"true": "false", "false": "true"}[k] for q, k in right.items()}
    forms = [right, wrong] * 4

    def submit(answers):
        copy = QuizAttempt.objects.get(pk=attempt.pk)
        copy.quiz, copy.learner = quiz, learner
        return finish_attempt(copy, answers), answers

    results = run_at_once(submit, forms)
    winners = [answers for won, answers in results if won]
    assert len(winners) == 1
    stored = QuizAttempt.objects.get(pk=attempt.pk)
    assert stored.answers == winners[0] and stored.sequence == 1
    assert stored.score == (1 if winners[0] is right else 0)
    assert StepProgress.objects.filter(learner=learner, page=quiz).count() <= 1
