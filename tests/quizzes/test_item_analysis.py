"""Quiz results and item analysis in the admin: figures, export, access, queries."""

import csv
import datetime
import io
import json
import random
import uuid

import openpyxl
import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from wagtail.models import GroupPagePermission

from courses.grading import grade, is_pass, max_score, snapshot_questions
from courses.models import ModulePage, QuizAttempt
from courses.views.quiz_reports import analyse_questions
from tests.builders import make_course, make_quiz

RESULTS_URL = reverse("quiz_results_report")
RESULTS_ONLY_URL = reverse("quiz_results_report_results")
XHR = {"x-requested-with": "XMLHttpRequest"}

QUESTIONS = [
    (
        "single_choice",
        {
            "question": "Which principle asks that services reach everyone?",
            "points": 1,
            "choices": [
                {"text": "Access", "correct": True},
                {"text": "Speed", "correct": False},
                {"text": "Cost", "correct": False},
            ],
        },
    ),
    (
        "multiple_choice",
        {
            "question": "Which of these are strategies for innovation?",
            "points": 2,
            "scoring": "all_or_nothing",
            "choices": [
                {"text": "Process innovation", "correct": True},
                {"text": "Organizational culture", "correct": True},
                {"text": "Cutting every budget", "correct": False},
            ],
        },
    ),
    (
        "true_false",
        {
            "question": "New technology on its own transforms services.",
            "points": 1,
            "correct_answer": "false",
        },
    ),
    (
        "matching",
        {
            "question": "Match each principle with what it means.",
            "points": 3,
            "source": "pairs",
            "pairs": [
                {"item": "Access", "match": "Reaching everyone"},
                {"item": "Openness", "match": "Sharing data"},
                {"item": "Collaboration", "match": "Working across ministries"},
            ],
        },
    ),
    (
        "short_text",
        {
            "question": "Which approach joins up ministries around the citizen?",
            "points": 1,
            "accepted_answers": ["whole of government"],
        },
    ),
]


def item_analysis_url(quiz):
    return reverse("quiz_item_analysis", args=[quiz.pk])


def by_type(questions):
    return {question["type"]: question for question in questions}


def choice_id(question, text):
    return next(c["id"] for c in question["choices"] if c["text"] == text)


def item_id(question, text):
    return next(i["id"] for i in question["items"] if i["text"] == text)


def answers(questions, *, single, multiple, true_false, matching, short_text, **extra):
    """Answers in the server's terms, from the texts the learner picked."""
    q = by_type(questions)
    result = {
        q["single_choice"]["id"]: choice_id(q["single_choice"], single),
        q["multiple_choice"]["id"]: sorted(
            choice_id(q["multiple_choice"], text) for text in multiple
        ),
        q["matching"]["id"]: {
            item_id(q["matching"], item): item_id(q["matching"], option)
            for item, option in matching.items()
        },
        q["short_text"]["id"]: short_text,
    }
    if true_false:
        result[q["true_false"]["id"]] = true_false
    return result


def make_attempt(quiz, learner, answers_for, *, number=1, submitted=True, at=None):
    """An attempt as `courses.attempts` leaves it: frozen, graded if submitted."""
    questions = snapshot_questions(quiz, rng=random.Random(number))
    given = answers_for(questions) if answers_for else {}
    results, score = grade(questions, given)
    maximum = max_score(questions)
    return QuizAttempt.objects.create(
        learner=learner,
        quiz=quiz,
        number=number,
        start_token=uuid.uuid4().hex,
        questions=questions,
        answers=given,
        results=results if submitted else {},
        pass_mark=quiz.pass_mark,
        max_score=maximum,
        score=score if submitted else None,
        passed=submitted and is_pass(score, maximum, quiz.pass_mark),
        submitted_at=(at or timezone.now()) if submitted else None,
    )


def make_user_with_admin_access(django_user_model, username, *, pages=()):
    """An admin user who may edit the given pages (and below) and nothing else."""
    group = Group.objects.create(name=f"Editors of {username}")
    group.permissions.add(
        Permission.objects.get(
            content_type__app_label="wagtailadmin", codename="access_admin"
        )
    )
    change_page = Permission.objects.get(
        content_type__app_label="wagtailcore", codename="change_page"
    )
    for page in pages:
        GroupPagePermission.objects.create(
            group=group, page=page, permission=change_page
        )
    user = django_user_model.objects.create_user(username=username, password="x")
    user.groups.add(group)
    return user


def learner(django_user_model, username):
    return django_user_model.objects.get_or_create(username=username)[0]


@pytest.fixture
def two_courses(sections):
    _, courses = sections
    course_a = make_course(courses, modules_per_day=1, slides_per_module=1)
    course_b = make_course(courses, modules_per_day=1, slides_per_module=1)
    for course, title in ((course_a, "Course A"), (course_b, "Course B")):
        course.title = title
        course.save(update_fields=["title"])
    return course_a, course_b


def module_of(course):
    return ModulePage.objects.descendant_of(course).get()


@pytest.fixture
def quiz(two_courses):
    course_a, _ = two_courses
    return make_quiz(
        module_of(course_a), questions=QUESTIONS, title="Check A", pass_mark=60
    )


@pytest.fixture
def other_quiz(two_courses):
    _, course_b = two_courses
    return make_quiz(module_of(course_b), questions=QUESTIONS[:1], title="Check B")


@pytest.fixture
def attempts(django_user_model, quiz):
    """Four submitted attempts by three learners (one passed), two in progress.

    Scores out of 8: Amina 0 then 8, Ben 2, Chen 1; the pass mark is 60%.
    """
    now = timezone.now()
    amina, ben, chen = (
        learner(django_user_model, name) for name in ("amina", "ben", "chen")
    )
    make_attempt(
        quiz,
        amina,
        lambda qs: answers(
            qs,
            single="Speed",
            multiple=["Process innovation", "Cutting every budget"],
            true_false="true",
            matching={"Access": "Openness", "Openness": "Access"},
            short_text="Silo",
        ),
        at=now - datetime.timedelta(days=3),
    )
    make_attempt(
        quiz,
        amina,
        lambda qs: answers(
            qs,
            single="Access",
            multiple=["Process innovation", "Organizational culture"],
            true_false="false",
            matching={
                "Access": "Access",
                "Openness": "Openness",
                "Collaboration": "Collaboration",
            },
            short_text=" Whole  of Government ",
        ),
        number=2,
        at=now - datetime.timedelta(days=1),
    )
    make_attempt(
        quiz,
        ben,
        lambda qs: answers(
            qs,
            single="Speed",
            multiple=["Process innovation", "Cutting every budget"],
            true_false="false",
            matching={
                "Access": "Openness",
                "Openness": "Access",
                "Collaboration": "Collaboration",
            },
            short_text="silo",
        ),
        at=now - datetime.timedelta(days=2),
    )
    make_attempt(
        quiz,
        chen,
        lambda qs: answers(
            qs,
            single="Cost",
            multiple=["Process innovation"],
            true_false="",  # left blank
            matching={
                "Access": "Openness",
                "Openness": "Collaboration",
                "Collaboration": "Access",
            },
            short_text="whole of government",
        ),
        at=now - datetime.timedelta(days=2, hours=1),
    )
    # Two attempts still running: they would make "Cost" the most chosen wrong
    # answer, and change every figure, if they were counted.
    for name in ("eve", "finn"):
        make_attempt(
            quiz,
            learner(django_user_model, name),
            lambda qs: answers(
                qs,
                single="Cost",
                multiple=["Cutting every budget"],
                true_false="true",
                matching={"Openness": "Collaboration"},
                short_text="nothing",
            ),
            submitted=False,
        )
    return quiz


def quiz_rows(response):
    return {row.title: row for row in response.context["object_list"]}


def analysis_rows(response):
    return list(response.context["object_list"])


def csv_lines(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    content = b"".join(response.streaming_content).decode()
    return list(csv.reader(io.StringIO(content)))


# The "Quiz results" listing ------------------------------------------------------


@pytest.mark.django_db
def test_quiz_results_list_figures_per_quiz(client, admin_user, attempts, other_quiz):
    client.force_login(admin_user)

    response = client.get(RESULTS_URL)

    assert response.status_code == 200
    rows = quiz_rows(response)
    assert set(rows) == {"Check A", "Check B"}
    check_a = rows["Check A"]
    assert check_a.course_title == "Course A"
    assert check_a.attempts_count == 4  # the two in progress are left out
    assert check_a.learners_count == 3
    assert check_a.pass_rate == pytest.approx(25.0)
    # (0 + 100 + 25 + 12.5) / 4
    assert check_a.average_percent == pytest.approx(34.375)
    assert (
        check_a.last_attempt_at
        == QuizAttempt.objects.submitted().latest("submitted_at").submitted_at
    )
    check_b = rows["Check B"]
    assert check_b.course_title == "Course B"
    assert (check_b.attempts_count, check_b.learners_count) == (0, 0)
    assert check_b.pass_rate is None
    assert check_b.average_percent is None
    content = response.content.decode()
    assert item_analysis_url(attempts) in content
    assert "25%" in content
    assert "34%" in content


@pytest.mark.django_db
def test_quiz_results_csv_export(client, admin_user, attempts, other_quiz):
    client.force_login(admin_user)

    lines = csv_lines(client.get(RESULTS_URL, {"export": "csv"}))

    assert lines[0] == [
        "Course",
        "Quiz",
        "Attempts",
        "Learners",
        "Pass rate (%)",
        "Average score (%)",
        "Last attempt",
    ]
    assert [line[:6] for line in lines[1:]] == [
        ["Course A", "Check A", "4", "3", "25.0", "34.4"],
        ["Course B", "Check B", "0", "0", "", ""],
    ]


@pytest.mark.django_db
def test_quiz_results_can_be_sorted_and_filtered(
    client, admin_user, attempts, other_quiz, two_courses
):
    _, course_b = two_courses
    client.force_login(admin_user)

    by_attempts = client.get(RESULTS_URL, {"ordering": "-attempts_count"})
    by_pass_rate = client.get(RESULTS_URL, {"ordering": "pass_rate"})
    filtered = client.get(RESULTS_ONLY_URL, {"course": course_b.pk})

    assert list(quiz_rows(by_attempts)) == ["Check A", "Check B"]
    # No attempts, no pass rate: last whichever way the column is sorted.
    assert list(quiz_rows(by_pass_rate)) == ["Check A", "Check B"]
    assert list(quiz_rows(filtered)) == ["Check B"]


# The item analysis -----------------------------------------------------------------


@pytest.mark.django_db
def test_item_analysis_header_figures(client, admin_user, attempts):
    client.force_login(admin_user)

    response = client.get(item_analysis_url(attempts))

    assert response.status_code == 200
    figures = response.context["figures"]
    assert figures["attempts_count"] == 4
    assert figures["learners_count"] == 3
    assert figures["pass_rate_label"] == "25%"
    assert figures["average_percent_label"] == "34%"
    assert (
        figures["last_attempt_at"]
        == QuizAttempt.objects.submitted().latest("submitted_at").submitted_at
    )
    content = response.content.decode()
    assert "Item analysis" in content
    assert "Check A" in content


@pytest.mark.django_db
def test_item_analysis_per_question(client, admin_user, attempts):
    client.force_login(admin_user)

    rows = analysis_rows(client.get(item_analysis_url(attempts)))

    summary = [
        (
            row.number,
            row.type,
            row.asked,
            row.answered,
            row.share_right_label,
            row.average_points_label,
            row.most_chosen_wrong_answer,
            row.most_chosen_wrong_count,
        )
        for row in rows
    ]
    assert summary == [
        (1, "single_choice", 4, 4, "25%", "0.25 / 1", "Speed", 2),
        (
            2,
            "multiple_choice",
            4,
            4,
            "25%",
            "0.5 / 2",
            "Process innovation + Cutting every budget",
            2,
        ),
        # Chen left it blank: asked 4 times, answered 3, right twice out of 4.
        (3, "true_false", 4, 3, "50%", "0.5 / 1", "True", 1),
        # Access paired with Openness's meaning three times; 0 + 3 + 1 + 0 points.
        (4, "matching", 4, 4, "25%", "1 / 3", "Access → Sharing data", 3),
        # "Silo" and "silo" are one wrong answer once normalised.
        (5, "short_text", 4, 4, "50%", "0.5 / 1", "silo", 2),
    ]
    assert rows[0].text == "Which principle asks that services reach everyone?"
    assert [row.type_label for row in rows] == [
        "Single choice",
        "Multiple choice",
        "True or false",
        "Matching",
        "Short text",
    ]


@pytest.mark.django_db
def test_item_analysis_renders_the_table(client, admin_user, attempts):
    client.force_login(admin_user)

    content = client.get(item_analysis_url(attempts)).content.decode()

    assert "Most chosen wrong answer" in content
    assert "Process innovation + Cutting every budget" in content
    assert "Access → Sharing data" in content
    assert "No longer in the quiz" not in content
    assert "Download CSV" in content


@pytest.mark.django_db
def test_item_analysis_can_be_sorted_by_share_right(client, admin_user, attempts):
    client.force_login(admin_user)

    hardest_first = analysis_rows(
        client.get(item_analysis_url(attempts), {"ordering": "share_right"})
    )
    easiest_first = analysis_rows(
        client.get(item_analysis_url(attempts), {"ordering": "-share_right"})
    )

    # Ties keep the quiz's order.
    assert [row.number for row in hardest_first] == [1, 2, 4, 3, 5]
    assert [row.number for row in easiest_first] == [3, 5, 1, 2, 4]


@pytest.mark.django_db
def test_item_analysis_csv_export(client, admin_user, attempts):
    client.force_login(admin_user)

    response = client.get(item_analysis_url(attempts), {"export": "csv"})

    assert "item-analysis-" in response["Content-Disposition"]
    lines = csv_lines(response)
    assert lines[0] == [
        "No.",
        "Question",
        "Type",
        "Status",
        "Attempts",
        "Answered",
        "Fully right",
        "Fully right (%)",
        "Average points earned",
        "Points",
        "Most chosen wrong answer",
        "Chosen by",
    ]
    assert lines[1:] == [
        [
            "1",
            "Which principle asks that services reach everyone?",
            "Single choice",
            "",
            "4",
            "4",
            "1",
            "25.0",
            "0.25",
            "1",
            "Speed",
            "2",
        ],
        [
            "2",
            "Which of these are strategies for innovation?",
            "Multiple choice",
            "",
            "4",
            "4",
            "1",
            "25.0",
            "0.5",
            "2",
            "Process innovation + Cutting every budget",
            "2",
        ],
        [
            "3",
            "New technology on its own transforms services.",
            "True or false",
            "",
            "4",
            "3",
            "2",
            "50.0",
            "0.5",
            "1",
            "True",
            "1",
        ],
        [
            "4",
            "Match each principle with what it means.",
            "Matching",
            "",
            "4",
            "4",
            "1",
            "25.0",
            "1",
            "3",
            "Access → Sharing data",
            "3",
        ],
        [
            "5",
            "Which approach joins up ministries around the citizen?",
            "Short text",
            "",
            "4",
            "4",
            "2",
            "50.0",
            "0.5",
            "1",
            "silo",
            "2",
        ],
    ]


@pytest.mark.django_db
def test_item_analysis_xlsx_export(client, admin_user, attempts):
    client.force_login(admin_user)

    response = client.get(item_analysis_url(attempts), {"export": "xlsx"})

    assert response.status_code == 200
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    rows = list(workbook.active.iter_rows(values_only=True))
    assert rows[0][:3] == ("No.", "Question", "Type")
    assert [row[7] for row in rows[1:]] == [25.0, 25.0, 50.0, 25.0, 50.0]
    assert rows[4][10] == "Access → Sharing data"


@pytest.mark.django_db
def test_item_analysis_without_attempts(client, admin_user, quiz, django_user_model):
    make_attempt(quiz, learner(django_user_model, "eve"), None, submitted=False)
    client.force_login(admin_user)

    response = client.get(item_analysis_url(quiz))
    export = csv_lines(client.get(item_analysis_url(quiz), {"export": "csv"}))

    assert response.status_code == 200
    assert "No attempts yet" in response.content.decode()
    assert analysis_rows(response) == []
    assert len(export) == 1  # the headings only


@pytest.mark.django_db
def test_item_analysis_across_versions_of_the_quiz(
    client, admin_user, django_user_model, two_courses
):
    """Rows follow the current version; wording comes from the latest attempt."""
    course_a, _ = two_courses
    quiz = make_quiz(
        module_of(course_a),
        questions=[QUESTIONS[0], QUESTIONS[2]],  # single choice, true/false
        title="Versions",
    )
    now = timezone.now()
    version_1 = snapshot_questions(quiz)
    single_id, true_false_id = (question["id"] for question in version_1)
    speed = choice_id(version_1[0], "Speed")
    make_attempt(
        quiz,
        learner(django_user_model, "old"),
        lambda qs: {single_id: speed, true_false_id: "true"},
        at=now - datetime.timedelta(days=5),
    )

    # The editor rewords a choice, drops the true/false question and puts a new
    # short text question first.
    raw = list(quiz.questions.raw_data)
    for choice in raw[0]["value"]["choices"]:
        if choice["value"]["text"] == "Speed":
            choice["value"]["text"] = "Speed above all"
    new_question = {
        "type": "short_text",
        "id": str(uuid.uuid4()),
        "value": {
            "question": "Name the approach.",
            "points": 1,
            "explanation": "",
            "principles": [],
            "strategies": [],
            "accepted_answers": [{"type": "item", "value": "whole of government"}],
        },
    }
    quiz.questions = json.dumps([new_question, raw[0]])
    quiz.save_revision().publish()
    quiz.refresh_from_db()
    make_attempt(
        quiz,
        learner(django_user_model, "new"),
        lambda qs: {single_id: speed, new_question["id"]: "silo"},
        at=now,
    )
    client.force_login(admin_user)

    rows = analysis_rows(client.get(item_analysis_url(quiz)))
    content = client.get(item_analysis_url(quiz)).content.decode()

    assert [(row.number, row.type, row.asked) for row in rows] == [
        (1, "short_text", 1),
        (2, "single_choice", 2),
        (None, "true_false", 1),
    ]
    assert rows[1].most_chosen_wrong == ("Speed above all", 2)
    assert rows[2].status == "No longer in the quiz"
    assert rows[2].text == "New technology on its own transforms services."
    assert "No longer in the quiz" in content


def test_ties_and_odd_answers():
    """Ties go to the alphabetically first answer; odd answers are not counted."""
    question = {
        "id": "q1",
        "type": "single_choice",
        "question": "Which?",
        "points": 1,
        "choices": [{"id": "b", "text": "Beta"}, {"id": "a", "text": "Alpha"}],
        "key": ["c"],
    }
    multiple = {**question, "id": "q2", "type": "multiple_choice"}
    quiz = type("Quiz", (), {"questions": type("Stream", (), {"raw_data": []})})()

    def attempt(answer):
        answers = {"q1": answer, "q2": answer}
        return [question, multiple], answers, grade([question, multiple], answers)[0]

    rows = analyse_questions(quiz, [attempt("b"), attempt("a"), attempt({"x": 1})])

    assert rows[0].most_chosen_wrong == ("Alpha", 1)
    assert sum(rows[0].wrong_answers.values()) == 2
    assert rows[0].status == "No longer in the quiz"
    # A choice id for a multiple choice question is not a combination.
    assert rows[1].most_chosen_wrong == (None, 0)
    assert rows[1].answered == 3


# Who sees what ---------------------------------------------------------------------


@pytest.mark.django_db
def test_editor_of_one_course_sees_only_its_quizzes(
    client, django_user_model, attempts, other_quiz, two_courses
):
    course_a, course_b = two_courses
    editor = make_user_with_admin_access(django_user_model, "editor", pages=[course_b])
    client.force_login(editor)

    response = client.get(RESULTS_URL)
    export = csv_lines(client.get(RESULTS_URL, {"export": "csv"}))
    filtered = client.get(RESULTS_URL, {"course": course_a.pk})

    assert response.status_code == 200
    assert list(quiz_rows(response)) == ["Check B"]
    assert b"Check A" not in response.content
    assert [line[1] for line in export[1:]] == ["Check B"]
    course_choices = [
        label
        for value, label in response.context["filters"].form["course"].field.choices
        if value
    ]
    assert course_choices == ["Course B"]
    assert quiz_rows(filtered) == {}
    assert client.get(item_analysis_url(other_quiz)).status_code == 200
    assert client.get(item_analysis_url(attempts), headers=XHR).status_code == 403


@pytest.mark.django_db
def test_editor_of_just_the_quiz_page_sees_it(
    client, django_user_model, attempts, other_quiz
):
    editor = make_user_with_admin_access(django_user_model, "editor", pages=[attempts])
    client.force_login(editor)

    response = client.get(RESULTS_URL)

    assert list(quiz_rows(response)) == ["Check A"]
    assert [
        label
        for value, label in response.context["filters"].form["course"].field.choices
        if value
    ] == ["Course A"]
    assert client.get(item_analysis_url(attempts)).status_code == 200


@pytest.mark.django_db
def test_user_who_may_not_edit_the_quiz_is_refused(client, django_user_model, attempts):
    outsider = make_user_with_admin_access(django_user_model, "outsider")
    client.force_login(outsider)

    for url in (RESULTS_URL, RESULTS_ONLY_URL, item_analysis_url(attempts)):
        assert client.get(url, headers=XHR).status_code == 403
        for params in ({}, {"export": "csv"}):
            # Wagtail's admin turns the 403 into a redirect with a message for
            # full-page requests.
            response = client.get(url, params, follow=True)
            assert response.redirect_chain == [(reverse("wagtailadmin_home"), 302)]
            assert b"Sorry, you do not have permission" in response.content
            assert b"Check A" not in response.content


@pytest.mark.django_db
def test_unknown_quiz_is_not_found(client, admin_user, attempts):
    client.force_login(admin_user)

    assert client.get(reverse("quiz_item_analysis", args=[999999])).status_code == 404
    # Another kind of page is no quiz either.
    assert (
        client.get(
            reverse("quiz_item_analysis", args=[attempts.get_parent().pk])
        ).status_code
        == 404
    )


@pytest.mark.django_db
def test_menu_item_is_shown_only_to_editors_of_a_quiz(
    client, django_user_model, attempts, two_courses
):
    course_a, _ = two_courses
    editor = make_user_with_admin_access(django_user_model, "editor", pages=[course_a])
    outsider = make_user_with_admin_access(django_user_model, "outsider")
    admin_home = reverse("wagtailadmin_home")

    client.force_login(editor)
    assert RESULTS_URL in client.get(admin_home).content.decode()
    client.force_login(outsider)
    response = client.get(admin_home)
    assert response.status_code == 200
    assert RESULTS_URL not in response.content.decode()


# Queries -------------------------------------------------------------------------


def count_queries(client, url, params=None):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params or {})
        assert response.status_code == 200
        if response.streaming:
            b"".join(response.streaming_content)  # the CSV export streams its rows
    return len(queries)


def add_attempts(quiz, django_user_model, start, stop):
    for number in range(start, stop):
        make_attempt(
            quiz,
            learner(django_user_model, f"learner{number}"),
            lambda qs, number=number: answers(
                qs,
                single=("Access", "Speed", "Cost")[number % 3],
                multiple=["Process innovation"] * (number % 2 + 1),
                true_false=("true", "false", "")[number % 3],
                matching={"Access": ("Access", "Openness")[number % 2]},
                short_text=f"answer {number % 4}",
            ),
        )


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["superuser", "editor"])
def test_queries_do_not_grow_with_attempts_or_quizzes(
    client, django_user_model, admin_user, quiz, two_courses, role
):
    course_a, course_b = two_courses
    if role == "superuser":
        client.force_login(admin_user)
    else:
        client.force_login(
            make_user_with_admin_access(
                django_user_model, "editor", pages=[course_a, course_b]
            )
        )
    url = item_analysis_url(quiz)

    def count_all():
        return {
            "results": count_queries(client, RESULTS_URL),
            "results export": count_queries(client, RESULTS_URL, {"export": "csv"}),
            "analysis": count_queries(client, url),
            "analysis export": count_queries(client, url, {"export": "csv"}),
        }

    add_attempts(quiz, django_user_model, 0, 2)
    client.get(RESULTS_URL)  # warm per-process caches
    client.get(url)
    few = count_all()
    assert client.get(url).context["figures"]["attempts_count"] == 2

    add_attempts(quiz, django_user_model, 2, 20)
    for number in range(3):
        make_quiz(module_of(course_b), questions=QUESTIONS, title=f"More {number}")
    many = count_all()
    assert client.get(url).context["figures"]["attempts_count"] == 20
    assert len(client.get(RESULTS_URL).context["object_list"]) == 4

    assert few == many
