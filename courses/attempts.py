"""Starting, saving and finishing quiz attempts: every write a learner's attempt makes.

Each write is safe against double clicks, replays and concurrent requests without
locks: starting is guarded by unique constraints (one attempt per start token, one
open attempt per learner and quiz, one number per attempt), and saving or finishing
is a conditional UPDATE on the attempt's sequence number, so of two requests made
from the same form exactly one wins and the other changes nothing.
"""

import secrets
from enum import Enum

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from courses.grading import grade, is_pass, max_score, snapshot_questions
from courses.models import QuizAttempt
from courses.progress import record_quiz_passed


class StartRefused(Enum):
    """Why no attempt could be started (the value is the learner-facing reason)."""

    NO_QUESTIONS = "This quiz has no questions yet, so there is nothing to attempt."
    NO_ATTEMPTS_LEFT = "You have used all the attempts this quiz allows."


def new_start_token():
    return secrets.token_urlsafe(24)


def attempts_left(quiz, attempts_made):
    """How many more attempts the learner may start (None when unlimited)."""
    if not quiz.attempts_allowed:
        return None
    return max(0, quiz.attempts_allowed - attempts_made)


def start_attempt(quiz, learner, start_token, now=None):
    """(attempt, created) for the start form with `start_token`, or (StartRefused, False).

    A start form sent twice gets the attempt it started the first time; while an
    attempt is open, starting again returns it instead of opening a second one.
    """
    now = now or timezone.now()
    attempts = QuizAttempt.objects.for_learner(learner).filter(quiz=quiz)
    existing = attempts.filter(start_token=start_token).first()
    if existing is not None:
        return existing, False
    close_expired_attempts(attempts, now)
    open_attempt = attempts.in_progress().first()
    if open_attempt is not None:
        return open_attempt, False
    made = attempts.count()
    if attempts_left(quiz, made) == 0:
        return StartRefused.NO_ATTEMPTS_LEFT, False
    questions = snapshot_questions(quiz)
    if not questions:
        return StartRefused.NO_QUESTIONS, False
    try:
        with transaction.atomic():
            attempt = QuizAttempt.objects.create(
                learner=learner,
                quiz=quiz,
                revision_id=quiz.live_revision_id,
                number=made + 1,
                start_token=start_token,
                questions=questions,
                pass_mark=quiz.pass_mark,
                max_score=max_score(questions),
                started_at=now,
                deadline=now + quiz.time_limit if quiz.time_limit else None,
            )
    except IntegrityError:
        # A concurrent start won the race: whichever attempt it opened is ours.
        winner = (
            attempts.filter(start_token=start_token).first()
            or attempts.in_progress().first()
        )
        if winner is None:
            raise
        return winner, False
    return attempt, True


def save_answers(attempt, answers):
    """Store answers without grading ("finish later"); False if the form was stale."""
    return bool(
        QuizAttempt.objects.filter(
            pk=attempt.pk, sequence=attempt.sequence, submitted_at__isnull=True
        ).update(answers=answers, sequence=F("sequence") + 1)
    )


def finish_attempt(attempt, answers, at=None, timed_out=False):
    """Grade and close the attempt; False (and nothing written) if it was stale.

    Passing records the quiz as done, which may complete its module and course.
    """
    results, score = grade(attempt.questions, answers)
    passed = is_pass(score, attempt.max_score, attempt.pass_mark)
    updated = QuizAttempt.objects.filter(
        pk=attempt.pk, sequence=attempt.sequence, submitted_at__isnull=True
    ).update(
        answers=answers,
        results=results,
        score=score,
        passed=passed,
        submitted_at=at or timezone.now(),
        closed_by_time_limit=timed_out,
        sequence=F("sequence") + 1,
    )
    if updated and passed:
        record_quiz_passed(attempt.learner, attempt.quiz)
    return bool(updated)


def close_expired_attempts(attempts, now=None):
    """Finish open attempts whose time is up, graded on the answers saved in time.

    A submission that arrives too late is refused and changes nothing; the
    attempt is closed here, when the learner next opens the quiz or the attempt.
    """
    now = now or timezone.now()
    expired = [
        attempt
        for attempt in attempts.in_progress().exclude(deadline=None)
        if not attempt.accepts_answers_at(now)
    ]
    for attempt in expired:
        finish_attempt(attempt, attempt.answers, at=attempt.deadline, timed_out=True)
    return len(expired)
