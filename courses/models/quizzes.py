"""Quizzes: the QuizPage editors compose, and the attempts learners make at it.

An attempt freezes the questions as the learner saw them (order, choices, answer
key) when it starts, so editing the quiz later changes neither how a running attempt
is graded nor how a past result reads. Grading happens on the server only, from
that frozen copy (`courses.grading`).
"""

import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from courses.blocks import QuizQuestionsBlock
from courses.models.events import RICH_TEXT_FEATURES
from courses.models.tree import CourseTreeManager, ModulePage, SequencePage


class QuizPage(RoutablePageMixin, SequencePage):
    """A graded quiz: in a module (a step learners must pass), or for a day or course.

    Routes: the page itself (rules, past attempts, the start button), `start/`
    (POST) and `attempts/<number>/` (the attempt's form while it runs, its result
    afterwards; POST saves or submits answers).
    """

    class ShowAnswers(models.TextChoices):
        AFTER_EACH_ATTEMPT = "after_each_attempt", "After each attempt"
        AFTER_PASSING = "after_passing", "Once the learner has passed"
        NEVER = "never", "Never"

    introduction = RichTextField(blank=True, features=RICH_TEXT_FEATURES)
    pass_mark = models.PositiveSmallIntegerField(
        default=70,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text="The score, in percent, a learner needs to pass.",
    )
    attempts_allowed = models.PositiveSmallIntegerField(
        default=0, help_text="How many attempts each learner may make; 0 for no limit."
    )
    time_limit_minutes = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text="Leave empty for no time limit.",
    )
    shuffle_questions = models.BooleanField(
        default=False, help_text="Show the questions in a new order on each attempt."
    )
    shuffle_choices = models.BooleanField(
        default=False, help_text="Show each question's choices in a new order."
    )
    show_answers = models.CharField(
        max_length=20,
        choices=ShowAnswers.choices,
        default=ShowAnswers.AFTER_EACH_ATTEMPT,
        help_text="When the result page shows the right answers and explanations.",
    )
    questions = StreamField(QuizQuestionsBlock(), blank=True, use_json_field=True)

    objects = CourseTreeManager()

    content_panels = Page.content_panels + [
        FieldPanel("introduction"),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [
                        FieldPanel("pass_mark"),
                        FieldPanel("attempts_allowed"),
                        FieldPanel("time_limit_minutes"),
                    ]
                ),
                FieldRowPanel(
                    [FieldPanel("shuffle_questions"), FieldPanel("shuffle_choices")]
                ),
                FieldPanel("show_answers"),
            ],
            heading="Rules",
        ),
        FieldPanel("questions"),
    ]
    search_fields = Page.search_fields + [index.SearchField("introduction")]

    parent_page_types = ["courses.ModulePage", "courses.DayPage", "courses.CoursePage"]
    subpage_types = []

    step_kind = "quiz"
    # Opening a quiz does not count as doing it: passing it does.
    done_when_seen = False

    class Meta:
        verbose_name = "quiz"
        verbose_name_plural = "quizzes"

    @property
    def search_summary(self):
        return self.search_description

    @property
    def in_module(self):
        """Module quizzes are steps of their module; others stand alone."""
        return self.depth > 1 and self.get_parent().specific_class is ModulePage

    @property
    def time_limit(self):
        if not self.time_limit_minutes:
            return None
        return datetime.timedelta(minutes=self.time_limit_minutes)

    def get_context(self, request, *args, **kwargs):
        from courses.views.quizzes import quiz_context

        if self.in_module:
            context = super().get_context(request, *args, **kwargs)
        else:
            # A day's or course's quiz has no module sequence to place it in.
            context = Page.get_context(self, request, *args, **kwargs)
            context["parent_page"] = self.get_parent().specific
        context.update(quiz_context(self, request))
        return context

    @path("start/", name="start")
    def start(self, request):
        from courses.views.quizzes import start_attempt_view

        return start_attempt_view(self, request)

    @path("attempts/<int:number>/", name="attempt")
    def attempt(self, request, number):
        from courses.views.quizzes import attempt_view

        return attempt_view(self, request, number)


class QuizAttemptQuerySet(models.QuerySet):
    """Attempts as learners, pages and reports look for them."""

    def for_learner(self, user):
        return self.filter(learner=user)

    def submitted(self):
        return self.filter(submitted_at__isnull=False)

    def in_progress(self):
        return self.filter(submitted_at__isnull=True)

    def passed(self):
        return self.filter(passed=True)


class QuizAttempt(models.Model):
    """One learner's attempt at a quiz, frozen as it was shown to them.

    `questions` holds the questions as shown (order, choices) with their answer key;
    `answers` is keyed by the question blocks' stable ids, and `results` holds the
    points each answer earned. `sequence` counts accepted saves and submissions: a
    form carries the number it was rendered with, and a stale one is refused.
    """

    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="quiz_attempts"
    )
    quiz = models.ForeignKey(
        QuizPage, on_delete=models.CASCADE, related_name="attempts"
    )
    revision = models.ForeignKey(
        "wagtailcore.Revision",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The published version of the quiz the attempt was taken against.",
    )
    number = models.PositiveSmallIntegerField(help_text="1 for a learner's first.")
    start_token = models.CharField(max_length=64)
    questions = models.JSONField()
    answers = models.JSONField(default=dict, blank=True)
    results = models.JSONField(default=dict, blank=True)
    sequence = models.PositiveIntegerField(default=0)
    pass_mark = models.PositiveSmallIntegerField()
    started_at = models.DateTimeField(default=timezone.now)
    deadline = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    closed_by_time_limit = models.BooleanField(default=False)
    score = models.DecimalField(max_digits=8, decimal_places=2, null=True, blank=True)
    max_score = models.PositiveIntegerField()
    passed = models.BooleanField(default=False)

    objects = QuizAttemptQuerySet.as_manager()

    class Meta:
        ordering = ["quiz", "learner", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["learner", "quiz", "number"],
                name="attempt_numbers_unique_per_learner_and_quiz",
            ),
            models.UniqueConstraint(
                fields=["learner", "start_token"],
                name="one_attempt_per_start_token",
            ),
            models.UniqueConstraint(
                fields=["learner", "quiz"],
                condition=Q(submitted_at__isnull=True),
                name="one_open_attempt_per_learner_and_quiz",
            ),
        ]
        indexes = [models.Index(fields=["quiz", "submitted_at"])]

    def __str__(self):
        return f"Attempt {self.number} of {self.learner} at quiz {self.quiz_id}"

    def get_absolute_url(self):
        return self.quiz.url + self.quiz.reverse_subpage("attempt", args=(self.number,))

    @property
    def in_progress(self):
        return self.submitted_at is None

    @property
    def percent(self):
        if self.score is None or not self.max_score:
            return 0
        return round(100 * float(self.score) / self.max_score)

    def accepts_answers_at(self, moment):
        """Whether answers sent at `moment` are in time (with the grace period)."""
        if self.deadline is None:
            return True
        return moment <= self.deadline + settings.QUIZ_TIME_LIMIT_GRACE
