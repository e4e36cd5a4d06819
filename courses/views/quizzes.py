"""Taking a quiz: the quiz page's context, starting an attempt, answering, the result.

These are the bodies of `QuizPage`'s routes. Every answer is graded on the server
from the attempt's frozen questions; the browser sends only the answers, the
attempt's id and the sequence number of the form it was shown, and anything else
it sends (a score, a user, a time) is ignored.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.db.models import Q
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.formats import date_format

from courses.attempts import (
    StartRefused,
    attempts_left,
    close_expired_attempts,
    finish_attempt,
    new_start_token,
    save_answers,
    start_attempt,
)
from courses.forms import TRUE_FALSE_CHOICES, QuizAnswerForm
from courses.grading import tag_scores
from courses.models import CoursePage, Enrolment, QuizAttempt, SlidePage

START_TOKEN_MAX_LENGTH = 64
TRUE_FALSE_LABELS = dict(TRUE_FALSE_CHOICES)


def enrolment_for(quiz, user):
    """The learner's enrolment in the quiz's course (with the course), or None."""
    return (
        Enrolment.objects.filter(
            learner=user, course__in=CoursePage.objects.ancestor_of(quiz)
        )
        .select_related("course")
        .first()
    )


def quiz_context(quiz, request):
    """What the quiz page shows: its rules and, for a learner, their attempts."""
    context = {"question_count": len(quiz.questions), "attempts": []}
    user = request.user
    if not user.is_authenticated:
        return context
    enrolment = enrolment_for(quiz, user)
    context["enrolment"] = enrolment
    if enrolment is None:
        context["course"] = CoursePage.objects.ancestor_of(quiz).first()
        return context
    attempts = QuizAttempt.objects.for_learner(user).filter(quiz=quiz)
    close_expired_attempts(attempts)
    attempts = list(attempts.defer("questions", "answers", "results"))
    left = attempts_left(quiz, len(attempts))
    context.update(
        attempts=attempts,
        open_attempt=next((a for a in attempts if a.in_progress), None),
        attempts_left=left,
        passed=any(a.passed for a in attempts),
        best_percent=max(
            (a.percent for a in attempts if not a.in_progress), default=None
        ),
        start_token=new_start_token() if left != 0 else None,
    )
    return context


def refuse(request, quiz, status, title, reason, link=None, link_text=None):
    """A page saying why the request was refused, with the status that says so."""
    return TemplateResponse(
        request,
        "courses/quiz_refusal.html",
        {
            "page": quiz,
            "title": title,
            "reason": reason,
            "link": link or quiz.url,
            "link_text": link_text or "Back to the quiz",
        },
        status=status,
    )


def start_attempt_view(quiz, request):
    """POST start/: start (or return to) an attempt, then show it."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"], "Start a quiz with its Start button.")
    if not request.user.is_authenticated:
        return redirect_to_login(quiz.url)
    token = request.POST.get("start_token", "")
    if not token or len(token) > START_TOKEN_MAX_LENGTH:
        return refuse(
            request,
            quiz,
            400,
            "The start form was incomplete",
            "Open the quiz page again and use its Start button.",
        )
    if enrolment_for(quiz, request.user) is None:
        return refuse(
            request,
            quiz,
            403,
            "Enrol first",
            "Quizzes are for learners enrolled in the course: enrol from the quiz "
            "page, then start the quiz.",
        )
    attempt, created = start_attempt(quiz, request.user, token)
    if isinstance(attempt, StartRefused):
        return refuse(request, quiz, 409, "No attempt started", attempt.value)
    attempt.quiz = quiz
    if not created:
        messages.info(request, f"You are back in attempt {attempt.number}.")
    return redirect(attempt.get_absolute_url())


def attempt_view(quiz, request, number):
    """attempts/<number>/: the form while the attempt runs, the result once it ends.

    Never stored by browsers or proxies: a form shown again from history would be
    stale, and a result is the learner's own.
    """
    response = attempt_response(quiz, request, number)
    add_never_cache_headers(response)
    patch_cache_control(response, private=True)
    return response


def attempt_response(quiz, request, number):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    attempt = (
        QuizAttempt.objects.for_learner(request.user)
        .filter(quiz=quiz, number=number)
        .first()
    )
    if attempt is None:
        raise Http404("You have no attempt with that number at this quiz.")
    attempt.quiz, attempt.learner = quiz, request.user
    if request.method == "POST":
        return submit_answers(quiz, request, attempt)
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET", "POST"])
    if (
        attempt.in_progress
        and not attempt.accepts_answers_at(timezone.now())
        and close_expired_attempts(QuizAttempt.objects.filter(pk=attempt.pk))
    ):
        messages.warning(
            request,
            "Time ran out on this attempt: it was graded on the answers saved in time.",
        )
        attempt.refresh_from_db()
    if attempt.in_progress:
        form = QuizAnswerForm(attempt.questions, answers=attempt.answers)
        return render_attempt_form(request, quiz, attempt, form)
    return render_result(request, quiz, attempt)


def submit_answers(quiz, request, attempt):
    """POST attempts/<number>/: save or submit; each refusal says why, writing nothing."""
    now = timezone.now()
    if declared_length(request) > settings.QUIZ_MAX_SUBMISSION_BYTES:
        return refuse(
            request,
            quiz,
            413,
            "Too much was sent",
            "The answers sent were far larger than any answer to this quiz can be.",
            attempt.get_absolute_url(),
            "Back to your attempt",
        )
    if not attempt.in_progress:
        return refuse(
            request,
            quiz,
            409,
            "This attempt was already submitted",
            f"Attempt {attempt.number} was submitted at "
            f"{date_format(timezone.localtime(attempt.submitted_at), 'DATETIME_FORMAT')}"
            "; sending it again changes nothing.",
            attempt.get_absolute_url(),
            "See your result",
        )
    try:
        attempt_id = int(request.POST.get("attempt", ""))
        sequence = int(request.POST.get("sequence", ""))
    except ValueError:
        return refuse(
            request,
            quiz,
            400,
            "The answer form was incomplete",
            "The form must say which attempt it belongs to and which version of it "
            "you saw. Reopen your attempt and answer there.",
            attempt.get_absolute_url(),
            "Reopen your attempt",
        )
    if attempt_id != attempt.pk:
        return refuse(
            request,
            quiz,
            400,
            "This form belongs to another attempt",
            "Reopen your attempt and answer there.",
            attempt.get_absolute_url(),
            "Reopen your attempt",
        )
    if sequence != attempt.sequence:
        return stale(request, quiz, attempt)
    if not attempt.accepts_answers_at(now):
        return refuse(
            request,
            quiz,
            409,
            "Time is up",
            "These answers arrived after the time limit, so they were not recorded. "
            "Your attempt is graded on the answers you saved in time.",
            attempt.get_absolute_url(),
            "See your result",
        )
    form = QuizAnswerForm(attempt.questions, data=request.POST)
    unknown = form.unknown_fields()
    if unknown:
        return refuse(
            request,
            quiz,
            400,
            "Answers to questions that are not in this quiz",
            f"The form sent answers for {len(unknown)} question(s) this attempt "
            "does not have; nothing was recorded.",
            attempt.get_absolute_url(),
            "Reopen your attempt",
        )
    if not form.is_valid():
        return render_attempt_form(request, quiz, attempt, form, status=400)
    answers = form.answers()
    if request.POST.get("action") == "save":
        if not save_answers(attempt, answers):
            return stale(request, quiz, attempt)
        messages.success(
            request, "Your answers are saved. Come back to finish the attempt later."
        )
        return redirect(attempt.get_absolute_url())
    if not finish_attempt(attempt, answers, at=now):
        return stale(request, quiz, attempt)
    return redirect(attempt.get_absolute_url())


def declared_length(request):
    """The request body's declared size (0 when absent or nonsense, as Django reads it)."""
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


def stale(request, quiz, attempt):
    return refuse(
        request,
        quiz,
        409,
        "This form is out of date",
        "These answers were sent from an older copy of the attempt (another tab, "
        "a second click, or the back button), so they were not recorded.",
        attempt.get_absolute_url(),
        "Open the attempt as it is now",
    )


def render_attempt_form(request, quiz, attempt, form, status=200):
    return TemplateResponse(
        request,
        "courses/quiz_attempt.html",
        {"page": quiz, "attempt": attempt, "form": form},
        status=status,
    )


# The result page --------------------------------------------------------------


@dataclass
class QuestionResult:
    """One question on the result page: what was answered, and what was right."""

    number: int
    question: dict
    result: dict
    answer: list  # the learner's answer, as text lines
    right_answer: list = field(default_factory=list)  # shown if answers are revealed
    matches: list = field(default_factory=list)  # matching: (item, chosen, right, ok)
    show_explanation: bool = False


def describe_question(number, question, answer, result, reveal):
    kind = question["type"]
    outcome = QuestionResult(number, question, result, answer=[])
    if kind in ("single_choice", "multiple_choice"):
        texts = {choice["id"]: choice["text"] for choice in question["choices"]}
        chosen = answer if isinstance(answer, list) else [answer] if answer else []
        outcome.answer = [texts[choice] for choice in chosen if choice in texts]
        outcome.right_answer = [texts[choice] for choice in question["key"]]
    elif kind == "true_false":
        outcome.answer = [TRUE_FALSE_LABELS[answer]] if answer else []
        outcome.right_answer = [TRUE_FALSE_LABELS[question["key"]]]
    elif kind == "matching":
        options = {option["id"]: option["text"] for option in question["options"]}
        chosen = answer or {}
        outcome.matches = [
            (
                item["text"],
                options.get(chosen.get(item["id"]), ""),
                options[item["id"]],
                chosen.get(item["id"]) == item["id"],
            )
            for item in question["items"]
        ]
        outcome.answer = [m[1] for m in outcome.matches if m[1]]
    elif kind == "short_text":
        outcome.answer = [answer] if answer else []
        outcome.right_answer = question["accepted"][:1]
    if not reveal:
        outcome.right_answer = []
    outcome.show_explanation = bool(question["explanation"]) and (
        reveal or result["correct"]
    )
    return outcome


def answers_revealed(quiz, attempt):
    policy = quiz.ShowAnswers
    if quiz.show_answers == policy.AFTER_EACH_ATTEMPT:
        return True
    if quiz.show_answers == policy.AFTER_PASSING:
        return (
            attempt.passed
            or QuizAttempt.objects.for_learner(attempt.learner)
            .filter(quiz=quiz, passed=True)
            .exists()
        )
    return False


def slides_to_review(quiz, weak):
    """{(kind, id): [slides]}: the course's slides tagged with the weak tags."""
    if not weak:
        return {}
    course = CoursePage.objects.ancestor_of(quiz).first()
    if course is None:
        return {}
    slides = (
        SlidePage.objects.live()
        .descendant_of(course)
        .filter(
            Q(principles__in=[t.id for t in weak if t.kind == "principle"])
            | Q(strategies__in=[t.id for t in weak if t.kind == "strategy"])
        )
        .distinct()
        .order_by("path")
        .prefetch_related("principles", "strategies")
    )
    found = {}
    for slide in slides:
        for principle in slide.principles.all():
            found.setdefault(("principle", principle.pk), []).append(slide)
        for strategy in slide.strategies.all():
            found.setdefault(("strategy", strategy.pk), []).append(slide)
    return found


def render_result(request, quiz, attempt):
    reveal = answers_revealed(quiz, attempt)
    questions = [
        describe_question(
            number,
            question,
            attempt.answers.get(question["id"]),
            attempt.results[question["id"]],
            reveal,
        )
        for number, question in enumerate(attempt.questions, start=1)
    ]
    scores = tag_scores(attempt.questions, attempt.results)
    strong = [score for score in scores if score.percent >= attempt.pass_mark]
    weak = [score for score in scores if score.percent < attempt.pass_mark]
    review = slides_to_review(quiz, weak)
    for score in weak:
        score.slides = review.get((score.kind, score.id), [])
    context = quiz_context(quiz, request)
    context.update(
        page=quiz,
        attempt=attempt,
        questions=questions,
        reveal=reveal,
        principle_scores=[s for s in scores if s.kind == "principle"],
        strategy_scores=[s for s in scores if s.kind == "strategy"],
        strong=strong,
        weak=weak,
        unanswered=sum(1 for q in questions if not q.result["answered"]),
    )
    return TemplateResponse(request, "courses/quiz_result.html", context)
