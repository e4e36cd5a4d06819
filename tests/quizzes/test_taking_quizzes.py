"""Taking a quiz: starting, answering, the result, retaking, and what it completes."""

import re

import pytest
from django.urls import reverse

from courses.models import ModuleCompletion, QuizAttempt, QuizPage, StepProgress
from tests.builders import get_principle, get_strategy, make_quiz, single_choice
from tests.quizzes.helpers import answers_for, start, start_token, submit

ALL_TYPES = [
    single_choice("Which principle is about reaching everyone?", "Access", ["Speed"]),
    (
        "multiple_choice",
        {
            "question": "Which are strategies?",
            "choices": [
                {"text": "Process innovation", "correct": True},
                {"text": "Organizational culture", "correct": True},
                {"text": "Closing offices", "correct": False},
            ],
            "scoring": "partial",
        },
    ),
    ("true_false", {"question": "ICTs alone suffice.", "correct_answer": "false"}),
    (
        "matching",
        {
            "question": "Match them.",
            "points": 3,
            "source": "pairs",
            "pairs": [
                {"item": "Access", "match": "Reach everyone"},
                {"item": "Quality", "match": "Fast and convenient"},
                {"item": "Transparency", "match": "Open to scrutiny"},
            ],
        },
    ),
    (
        "short_text",
        {
            "question": "Which approach joins up ministries?",
            "accepted_answers": ["whole-of-government"],
        },
    ),
]


@pytest.fixture
def quiz(module):
    return make_quiz(module, questions=ALL_TYPES, attempts_allowed=3)


def test_quiz_may_stand_in_a_module_a_day_or_a_course(course, module):
    day = module.get_parent()
    for parent in (module, day, course):
        assert QuizPage.can_create_at(parent.specific)


def test_anonymous_visitor_reads_the_rules_and_is_asked_to_log_in(client, quiz):
    page = client.get(quiz.url).content.decode()
    assert "Pass mark" in page and "Log in" in page
    assert "start_token" not in page and "csrfmiddlewaretoken" not in page


def test_learner_not_enrolled_is_offered_enrolment_and_cannot_start(
    client, django_user_model, quiz, course
):
    outsider = django_user_model.objects.create_user("omar", password="pw")
    client.force_login(outsider)
    page = client.get(quiz.url).content.decode()
    assert "Enrol in the course" in page
    response = client.post(
        quiz.url + "start/", {"start_token": "made-up-token"}, follow=False
    )
    assert response.status_code == 403
    assert "Enrol first" in response.content.decode()
    assert not QuizAttempt.objects.exists()


def test_enrolling_from_the_quiz_page_comes_back_to_the_quiz(
    client, django_user_model, quiz, course
):
    client.force_login(django_user_model.objects.create_user("omar", password="pw"))
    response = client.post(course.url + "enrol/", {"next": quiz.url})
    assert response["Location"] == quiz.url
    offsite = client.post(course.url + "enrol/", {"next": "https://evil.example/"})
    assert offsite["Location"] == course.url


def test_a_learner_fails_reviews_retakes_and_passes(learner_client, learner, quiz):
    attempt = start(learner_client, quiz)
    response = submit(learner_client, attempt, answers_for(attempt, right=False))
    assert response.status_code == 302
    attempt.refresh_from_db()
    assert attempt.submitted_at and not attempt.passed and attempt.score == 0
    assert attempt.revision_id == quiz.live_revision_id

    response = learner_client.get(attempt.get_absolute_url())
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]
    result = response.content.decode()
    assert "Not passed yet" in result and "0 of 7 points (0%)" in result
    assert "Try again" in result

    second = start(learner_client, quiz)
    assert second.number == 2
    submit(learner_client, second, answers_for(second, right=True))
    second.refresh_from_db()
    assert second.passed and second.score == second.max_score == 7
    assert StepProgress.objects.filter(learner=learner, page=quiz).exists()

    listing = learner_client.get(quiz.url).content.decode()
    assert "You have passed this quiz" in listing
    assert "Attempt 1" in listing and "Attempt 2" in listing


def test_result_gives_feedback_per_question_and_the_right_answers(learner_client, quiz):
    attempt = start(learner_client, quiz)
    data = answers_for(attempt, right=True)
    short = next(q for q in attempt.questions if q["type"] == "short_text")
    data["q-" + short["id"]] = "  Whole-Of-Government "  # case and spaces aside
    multiple = next(q for q in attempt.questions if q["type"] == "multiple_choice")
    data["q-" + multiple["id"]] = multiple["key"][:1]  # half the right choices
    submit(learner_client, attempt, data)
    attempt.refresh_from_db()
    assert attempt.results[short["id"]]["correct"]
    assert attempt.results[multiple["id"]]["earned"] == "0.50"

    result = learner_client.get(attempt.get_absolute_url()).content.decode()
    assert "Question 2: partly right" in result
    assert "Right answer:</span> Process innovation; Organizational culture" in result


def test_answers_are_hidden_until_passing_when_the_quiz_says_so(learner_client, module):
    quiz = make_quiz(
        module,
        questions=[single_choice("Which?", "The secret answer", ["Other"])],
        show_answers=QuizPage.ShowAnswers.AFTER_PASSING,
    )
    attempt = start(learner_client, quiz)
    submit(learner_client, attempt, answers_for(attempt, right=False))
    failed = learner_client.get(attempt.get_absolute_url()).content.decode()
    assert "The secret answer" not in failed
    assert "shown once you have passed" in failed

    second = start(learner_client, quiz)
    submit(learner_client, second, answers_for(second, right=True))
    first_again = learner_client.get(attempt.get_absolute_url()).content.decode()
    assert "Right answer:</span> The secret answer" in first_again


def test_scores_by_principle_and_strategy_point_to_slides_to_review(
    learner_client, module
):
    access, transparency = get_principle(1, "Access"), get_principle(5, "Transparency")
    process = get_strategy(3, "Process innovation")
    access_slide = module.get_children().specific()[0]
    access_slide.principles.set([access])
    access_slide.save_revision().publish()
    other_slide = module.get_children().specific()[1]
    other_slide.principles.set([transparency])
    other_slide.strategies.set([process])
    other_slide.save_revision().publish()
    quiz = make_quiz(
        module,
        questions=[
            single_choice("On access", "A", ["B"], principles=[access]),
            single_choice("On transparency", "A", ["B"], principles=[transparency]),
            single_choice("On process", "A", ["B"], strategies=[process]),
        ],
    )
    attempt = start(learner_client, quiz)
    data = answers_for(attempt, right=True)
    wrong = answers_for(attempt, right=False)
    for question in attempt.questions:
        if question["question"] != "On access":
            data["q-" + question["id"]] = wrong["q-" + question["id"]]
    submit(learner_client, attempt, data)

    result = learner_client.get(attempt.get_absolute_url()).content.decode()
    assert "Strong on Access; review Transparency, Process innovation." in result
    review = result[result.index('id="review"') :]
    assert f'href="{other_slide.url}"' in review
    assert f'href="{access_slide.url}"' not in review


def test_passing_the_module_quiz_completes_the_module_once_every_slide_is_seen(
    learner_client, learner, module, quiz
):
    for step in module.get_children().live():
        if step.specific_class is not QuizPage:
            learner_client.get(step.url)
    assert not ModuleCompletion.objects.filter(learner=learner).exists()
    page = learner_client.get(module.url).content.decode()
    assert "3 of 4 done" in page

    attempt = start(learner_client, quiz)
    submit(learner_client, attempt, answers_for(attempt, right=True))
    assert ModuleCompletion.objects.filter(learner=learner, module=module).exists()
    assert "4 of 4 done" in learner_client.get(module.url).content.decode()


def test_a_course_quiz_must_be_passed_for_the_certificate(
    learner_client, learner, course, module
):
    final = make_quiz(course, title="Final assessment")
    for step in module.get_children().live():
        learner_client.get(step.url)
    assert ModuleCompletion.objects.filter(learner=learner).exists()
    assert not learner.certificates.exists()
    outline = learner_client.get(course.url).content.decode()
    assert (
        "Assessment for the whole course" in outline and "Final assessment" in outline
    )

    attempt = start(learner_client, final)
    submit(learner_client, attempt, answers_for(attempt, right=True))
    assert learner.certificates.filter(course=course).exists()


def test_saving_answers_keeps_them_for_later_without_grading(learner_client, quiz):
    attempt = start(learner_client, quiz)
    data = answers_for(attempt, right=True) | {"action": "save"}
    response = submit(learner_client, attempt, data)
    assert response.status_code == 302
    attempt.refresh_from_db()
    assert attempt.in_progress and attempt.sequence == 1 and attempt.answers
    assert attempt.score is None

    form = learner_client.get(attempt.get_absolute_url()).content.decode()
    true_false = next(q for q in attempt.questions if q["type"] == "true_false")
    assert re.search(rf'name="q-{true_false["id"]}" value="false"[^>]*checked', form), (
        "the saved answer is filled in again"
    )
    assert 'name="sequence" value="1"' in form


def test_starting_twice_returns_the_open_attempt(learner_client, quiz):
    first = start(learner_client, quiz)
    page = learner_client.get(quiz.url).content.decode()
    assert "Continue attempt 1" in page and "start_token" not in page
    # A second tab's start form, rendered before the first attempt began:
    again = learner_client.post(quiz.url + "start/", {"start_token": "other-tab"})
    assert again["Location"] == first.get_absolute_url()
    assert QuizAttempt.objects.count() == 1


def test_a_replayed_start_form_does_not_open_a_second_attempt(learner_client, quiz):
    token = start_token(learner_client, quiz)
    url = quiz.url + "start/"
    learner_client.post(url, {"start_token": token})
    attempt = QuizAttempt.objects.get()
    submit(learner_client, attempt, answers_for(attempt))
    replay = learner_client.post(url, {"start_token": token})
    assert replay["Location"] == attempt.get_absolute_url()
    assert QuizAttempt.objects.count() == 1


def test_no_attempts_beyond_those_allowed(learner_client, module):
    quiz = make_quiz(module, attempts_allowed=1)
    attempt = start(learner_client, quiz)
    submit(learner_client, attempt, answers_for(attempt, right=False))
    page = learner_client.get(quiz.url).content.decode()
    assert "You have used all 1 attempt" in page and "start_token" not in page
    response = learner_client.post(quiz.url + "start/", {"start_token": "new-one"})
    assert response.status_code == 409
    assert "used all the attempts" in response.content.decode()
    assert QuizAttempt.objects.count() == 1


def test_a_quiz_without_questions_cannot_be_started(learner_client, module):
    quiz = make_quiz(module, questions=[("true_false", {"question": "x"})])
    quiz.questions = []
    quiz.save_revision().publish()
    response = learner_client.post(quiz.url + "start/", {"start_token": "t"})
    assert response.status_code == 409
    assert not QuizAttempt.objects.exists()


def test_editing_the_quiz_later_leaves_past_attempts_as_they_were(learner_client, quiz):
    attempt = start(learner_client, quiz)
    submit(learner_client, attempt, answers_for(attempt, right=True))
    before = learner_client.get(attempt.get_absolute_url()).content.decode()

    quiz = QuizPage.objects.get(pk=quiz.pk)
    quiz.questions = [single_choice("A brand new question", "Yes", ["No"])]
    quiz.pass_mark = 100
    quiz.save_revision().publish()

    attempt.refresh_from_db()
    assert attempt.passed and attempt.score == 7
    after = learner_client.get(attempt.get_absolute_url()).content.decode()
    assert "A brand new question" not in after
    assert "Which principle is about reaching everyone?" in after
    strip = re.compile(
        r'name="csrfmiddlewaretoken" value="[^"]+"|start_token" value="[^"]+"'
    )
    assert strip.sub("", before) == strip.sub("", after)


def test_another_learners_attempt_is_not_found(
    learner_client, quiz, django_user_model, course
):
    attempt = start(learner_client, quiz)
    from courses.models import Enrolment

    other = django_user_model.objects.create_user("bo", password="pw")
    Enrolment.objects.create(learner=other, course=course)
    learner_client.force_login(other)
    assert learner_client.get(attempt.get_absolute_url()).status_code == 404
    response = submit(learner_client, attempt, answers_for(attempt))
    assert response.status_code == 404
    attempt.refresh_from_db()
    assert attempt.in_progress and attempt.answers == {}


def test_attempt_pages_need_a_login(client, learner, quiz):
    client.force_login(learner)
    attempt = start(client, quiz)
    client.logout()
    response = client.get(attempt.get_absolute_url())
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
