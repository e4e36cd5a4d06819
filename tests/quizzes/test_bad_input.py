"""Bad, stale, late, forged and random submissions: each is refused with a reason,
and none of them writes anything or breaks an attempt.
"""

import datetime
import re
from decimal import Decimal
from urllib.parse import urlencode

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from courses.grading import is_pass
from courses.models import QuizAttempt
from tests.builders import make_quiz, single_choice
from tests.quizzes.helpers import answers_for, start, submit
from tests.quizzes.test_taking_quizzes import ALL_TYPES


@pytest.fixture
def quiz(module):
    return make_quiz(module, questions=ALL_TYPES)


@pytest.fixture
def attempt(learner_client, quiz):
    return start(learner_client, quiz)


def assert_untouched(attempt):
    fresh = QuizAttempt.objects.get(pk=attempt.pk)
    assert fresh.in_progress and fresh.sequence == attempt.sequence
    assert fresh.answers == attempt.answers and fresh.score is None
    assert QuizAttempt.objects.count() == 1


def test_a_second_submission_of_the_same_form_is_refused(learner_client, attempt):
    data = answers_for(attempt, right=True)
    assert submit(learner_client, attempt, data).status_code == 302
    submitted = QuizAttempt.objects.get(pk=attempt.pk)

    replay = submit(learner_client, attempt, answers_for(attempt, right=False))
    assert replay.status_code == 409
    assert "already submitted" in replay.content.decode()
    again = QuizAttempt.objects.get(pk=attempt.pk)
    assert (again.score, again.answers, again.sequence) == (
        submitted.score,
        submitted.answers,
        submitted.sequence,
    )


def test_a_stale_form_is_refused_after_answers_were_saved(learner_client, attempt):
    saved = answers_for(attempt, right=True) | {"action": "save"}
    assert submit(learner_client, attempt, saved).status_code == 302
    attempt.refresh_from_db()

    old_tab = answers_for(attempt, right=False) | {"sequence": 0}
    response = submit(learner_client, attempt, old_tab)
    assert response.status_code == 409
    assert "out of date" in response.content.decode()
    assert_untouched(attempt)


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"sequence": "not a number"}, "incomplete"),
        ({"attempt": ""}, "incomplete"),
        ({"attempt": 999_999}, "another attempt"),
        ({"q-no-such-question": "x"}, "not in this quiz"),
    ],
)
def test_malformed_forms_get_400_with_a_reason(learner_client, attempt, change, reason):
    data = answers_for(attempt) | change
    response = submit(learner_client, attempt, data)
    assert response.status_code == 400
    assert reason in response.content.decode()
    assert_untouched(attempt)


def test_an_unknown_choice_is_a_form_error_and_keeps_the_other_answers(
    learner_client, attempt
):
    data = answers_for(attempt, right=True)
    single = next(q for q in attempt.questions if q["type"] == "single_choice")
    data["q-" + single["id"]] = "not-a-choice"
    response = submit(learner_client, attempt, data)
    page = response.content.decode()
    assert response.status_code == 400
    assert "Select a valid choice" in page and "Nothing was recorded" in page
    true_false = next(q for q in attempt.questions if q["type"] == "true_false")
    assert re.search(rf'name="q-{true_false["id"]}" value="false"[^>]*checked', page)
    assert_untouched(attempt)


def test_an_overlong_short_answer_is_a_form_error(learner_client, attempt):
    short = next(q for q in attempt.questions if q["type"] == "short_text")
    data = answers_for(attempt) | {"q-" + short["id"]: "x" * 201}
    response = submit(learner_client, attempt, data)
    assert response.status_code == 400
    assert "at most 200 characters" in response.content.decode()
    assert_untouched(attempt)


def test_an_oversized_post_is_refused_before_it_is_read(learner_client, attempt):
    data = answers_for(attempt) | {"padding": "x" * 300_000}
    response = submit(learner_client, attempt, data)
    assert response.status_code == 413
    assert_untouched(attempt)


def test_score_user_and_timing_fields_in_the_post_are_ignored(
    learner_client, learner, attempt, django_user_model
):
    other = django_user_model.objects.create_user("mallory", password="pw")
    forged = answers_for(attempt, right=False) | {
        "score": "100",
        "passed": "true",
        "max_score": "1",
        "learner": other.pk,
        "user": other.pk,
        "started_at": "2020-01-01T00:00:00Z",
        "submitted_at": "2020-01-01T00:00:01Z",
        "deadline": "2099-01-01T00:00:00Z",
    }
    assert submit(learner_client, attempt, forged).status_code == 302
    attempt.refresh_from_db()
    assert attempt.score == 0 and not attempt.passed and attempt.max_score == 7
    assert attempt.learner == learner
    assert (
        attempt.submitted_at
        > attempt.started_at
        > timezone.now() - datetime.timedelta(minutes=5)
    )


@pytest.fixture
def timed_attempt(learner_client, module):
    quiz = make_quiz(module, questions=ALL_TYPES, time_limit_minutes=10)
    attempt = start(learner_client, quiz)
    assert attempt.deadline == attempt.started_at + datetime.timedelta(minutes=10)
    return attempt


def move_deadline(attempt, seconds_ago):
    attempt.deadline = timezone.now() - datetime.timedelta(seconds=seconds_ago)
    QuizAttempt.objects.filter(pk=attempt.pk).update(deadline=attempt.deadline)


def test_answers_within_the_grace_period_count(learner_client, timed_attempt):
    move_deadline(timed_attempt, seconds_ago=10)
    response = submit(learner_client, timed_attempt, answers_for(timed_attempt))
    assert response.status_code == 302
    timed_attempt.refresh_from_db()
    assert timed_attempt.passed and not timed_attempt.closed_by_time_limit


def test_a_late_submission_is_refused_and_the_attempt_closes_on_saved_answers(
    learner_client, timed_attempt
):
    saved = answers_for(timed_attempt, right=True)
    single = next(q for q in timed_attempt.questions if q["type"] == "single_choice")
    partial = {
        key: value
        for key, value in saved.items()
        if not key.startswith("q-") or key == "q-" + single["id"]
    } | {"action": "save"}
    submit(learner_client, timed_attempt, partial)
    timed_attempt.refresh_from_db()
    move_deadline(timed_attempt, seconds_ago=120)

    late = answers_for(timed_attempt, right=True)
    response = submit(learner_client, timed_attempt, late)
    assert response.status_code == 409
    assert "Time is up" in response.content.decode()
    assert_untouched(timed_attempt)

    result = learner_client.get(timed_attempt.get_absolute_url())
    assert "Time ran out" in result.content.decode()
    timed_attempt.refresh_from_db()
    assert timed_attempt.closed_by_time_limit and timed_attempt.score == 1
    assert timed_attempt.submitted_at == timed_attempt.deadline


def test_the_form_carries_no_sign_of_the_right_answers(learner_client, course, module):
    """Two quizzes alike but for their answer keys render the same attempt form."""
    day = module.get_parent()
    from courses.models import ModulePage

    twin_module = day.add_child(instance=ModulePage(title="Twin", code="1.2"))

    def questions(flip):
        return [
            single_choice("Which?", "First", ["Second", "Third"])
            if not flip
            else (
                "single_choice",
                {
                    "question": "Which?",
                    "choices": [
                        {"text": "First", "correct": False},
                        {"text": "Second", "correct": False},
                        {"text": "Third", "correct": True},
                    ],
                },
            ),
            (
                "multiple_choice",
                {
                    "question": "Which ones?",
                    "choices": [
                        {"text": "A", "correct": not flip},
                        {"text": "B", "correct": True},
                        {"text": "C", "correct": flip},
                    ],
                },
            ),
            (
                "true_false",
                {
                    "question": "Is it?",
                    "correct_answer": "false" if flip else "true",
                    "explanation": "SECRET-EXPLANATION",
                },
            ),
            (
                "short_text",
                {
                    "question": "Say it.",
                    "accepted_answers": ["SECRET-ACCEPTED-" + str(flip)],
                },
            ),
        ]

    pages = []
    for parent, flip in ((module, False), (twin_module, True)):
        quiz = make_quiz(parent, questions=questions(flip), title="Twin quiz")
        attempt = start(learner_client, quiz)
        pages.append(learner_client.get(attempt.get_absolute_url()).content.decode())
        quiz_page = learner_client.get(quiz.url).content.decode()
        assert "SECRET" not in quiz_page

    uuid = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
    varying = re.compile(
        r'name="csrfmiddlewaretoken" value="[^"]+"|name="attempt" value="\d+"'
        r"|/module-1[12]/|/twin/|Module 1\.[12][^<]*|Twin(?! quiz)"
    )

    def normalised(html):
        form = html[html.index('<form method="post"') : html.index("</form>")]
        ids = {}
        form = uuid.sub(lambda m: ids.setdefault(m.group(), f"ID{len(ids)}"), form)
        return varying.sub("", form)

    assert "SECRET" not in pages[0] and "SECRET" not in pages[1]
    assert "correct" not in normalised(pages[0]).lower()
    assert normalised(pages[0]) == normalised(pages[1])


def test_matching_options_never_line_up_with_their_items(learner_client, module):
    pairs = [{"item": f"Item {n}", "match": f"Match {n}"} for n in range(1, 6)]
    quiz = make_quiz(
        module,
        questions=[("matching", {"question": "Pair them", "pairs": pairs})],
        attempts_allowed=0,
    )
    for _ in range(5):
        attempt = start(learner_client, quiz)
        question = attempt.questions[0]
        assert all(
            item["id"] != option["id"]
            for item, option in zip(question["items"], question["options"], strict=True)
        )
        page = learner_client.get(attempt.get_absolute_url()).content.decode()
        # Fields are named by place, never by the item's id (which is its answer).
        assert f'name="q-{question["id"]}-5"' in page
        assert all(
            f'name="q-{question["id"]}-{item["id"]}"' not in page
            for item in question["items"]
        )
        submit(learner_client, attempt, answers_for(attempt))


# Random form data ------------------------------------------------------------

PRINTABLE = st.characters(blacklist_categories=("Cs",))


@pytest.mark.django_db
@settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_random_form_data_never_errors_and_never_leaves_an_inconsistent_attempt(
    learner_client, attempt, data
):
    QuizAttempt.objects.filter(pk=attempt.pk).update(
        submitted_at=None, sequence=0, answers={}, results={}, score=None, passed=False
    )
    question_ids = [q["id"] for q in attempt.questions]
    known_values = [
        str(value)
        for q in attempt.questions
        for value in (
            [c["id"] for c in q.get("choices", [])]
            + [o["id"] for o in q.get("options", [])]
            + [q.get("key") if isinstance(q.get("key"), str) else "true"]
        )
    ]
    names = st.one_of(
        st.sampled_from(
            [f"q-{i}" for i in question_ids]
            + [f"q-{i}-{n}" for i in question_ids for n in range(0, 5)]
            + ["attempt", "sequence", "action", "score", "learner", "q-"]
        ),
        st.text(PRINTABLE, max_size=40),
    )
    values = st.one_of(
        st.sampled_from(known_values + [str(attempt.pk), "0", "1", "save", "submit"]),
        st.text(PRINTABLE, max_size=300),
        st.integers(-(2**70), 2**70).map(str),
    )
    form = data.draw(
        st.dictionaries(names, st.one_of(values, st.lists(values, max_size=4)))
    )
    body = urlencode(form, doseq=True)
    response = learner_client.post(
        attempt.get_absolute_url(),
        body,
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code in (302, 400, 409, 413), response.status_code

    stored = QuizAttempt.objects.get(pk=attempt.pk)
    assert QuizAttempt.objects.count() == 1
    assert set(stored.answers) <= set(question_ids)
    if stored.in_progress:
        assert stored.score is None and stored.results == {}
        assert stored.sequence in (0, 1)
        assert stored.sequence == 1 or stored.answers == {}
    else:
        assert set(stored.results) == set(question_ids)
        earned = sum(Decimal(r["earned"]) for r in stored.results.values())
        assert stored.score == earned and 0 <= stored.score <= stored.max_score
        assert stored.passed == is_pass(
            stored.score, stored.max_score, stored.pass_mark
        )
        assert stored.sequence == 1
