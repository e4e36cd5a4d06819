"""Quiz results for editors: a report of every quiz, and an item analysis per quiz.

"Quiz results" (a Wagtail report) lists the quizzes whose pages the user may edit
with their submitted attempts, learners, pass rate and average score, in a fixed
number of queries whatever the number of quizzes or attempts. Each quiz links to
its item analysis: per question, how often it was answered, the share answering it
fully right, the average points earned and the most chosen wrong answer.

Attempts freeze their questions when they start, so attempts at one quiz may have
been taken against different versions of it. Everything is keyed by the question
blocks' stable ids; a question's wording and choice texts come from the most recent
submitted attempt that had it, and the rows follow the quiz's current version, with
questions since removed listed after it. In-progress attempts are left out.
"""

from collections import Counter
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

import django_filters
from django.core.exceptions import PermissionDenied
from django.db.models import (
    Avg,
    Case,
    Count,
    Exists,
    F,
    FloatField,
    IntegerField,
    Max,
    OuterRef,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, Length, NullIf, Substr
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views.reports import ReportView

from courses.blocks import QuizQuestionsBlock
from courses.grading import normalise_text_answer
from courses.models import CoursePage, QuizAttempt, QuizPage

EMPTY_ANSWERS = (None, "", [], {})
NO_FIGURE = "—"
QUESTION_TYPE_LABELS = {
    name: str(block.label) for name, block in QuizQuestionsBlock().child_blocks.items()
}
TRUE_FALSE_LABELS = {"true": _("True"), "false": _("False")}


def may_see_quiz_results(user):
    return user.is_authenticated and QuizPage.objects.editable_by(user).exists()


def may_see_item_analysis(user, quiz):
    return (
        user.is_authenticated
        and QuizPage.objects.editable_by(user).filter(pk=quiz.pk).exists()
    )


def round_half_up(value, places=0):
    """`value` rounded half up (2.5 -> 3) as a Decimal; None stays None."""
    if value is None:
        return None
    exponent = Decimal(1).scaleb(-places)
    return Decimal(str(value)).quantize(exponent, rounding=ROUND_HALF_UP)


def percent_label(value):
    rounded = round_half_up(value)
    return NO_FIGURE if rounded is None else f"{rounded}%"


def export_percent(value):
    """Percentages in exports: one decimal place, empty when there is no figure."""
    rounded = round_half_up(value, 1)
    return None if rounded is None else float(rounded)


def export_points(value):
    """Points in exports: at most two decimal places, empty when there is no figure."""
    rounded = round_half_up(value, 2)
    return None if rounded is None else float(rounded)


def export_points_text(value):
    return None if value is None else points_label(value)


def points_label(value):
    """1.50 -> "1.5", 2.00 -> "2": points without trailing zeros."""
    if value is None:
        return NO_FIGURE
    text = f"{round_half_up(value, 2):f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


# Figures over submitted attempts, shared by the listing and the item analysis -----


def attempt_figures():
    """Aggregates over a quiz's submitted attempts, by annotation name."""
    return {
        "attempts_count": Count("pk"),
        "learners_count": Count("learner", distinct=True),
        # The mean of 100 for a pass and 0 for a fail: the pass rate in percent.
        "pass_rate": Avg(
            Case(
                When(passed=True, then=Value(100.0)),
                default=Value(0.0),
                output_field=FloatField(),
            )
        ),
        # Each attempt's score in percent of its own maximum (versions may differ).
        "average_percent": Avg(
            Cast("score", FloatField())
            * Value(100.0)
            / Cast(NullIf("max_score", Value(0)), FloatField()),
            output_field=FloatField(),
        ),
        "last_attempt_at": Max("submitted_at"),
    }


COUNT_FIGURES = {"attempts_count", "learners_count"}


def attempt_figure_subqueries():
    """The same figures as correlated subqueries, to annotate quizzes with."""
    annotations = {}
    for name, aggregate in attempt_figures().items():
        subquery = Subquery(
            QuizAttempt.objects.submitted()
            .filter(quiz=OuterRef("pk"))
            .order_by()
            .values("quiz")
            .annotate(figure=aggregate)
            .values("figure")[:1]
        )
        if name in COUNT_FIGURES:
            subquery = Coalesce(subquery, Value(0), output_field=IntegerField())
        annotations[name] = subquery
    return annotations


def course_title_subquery():
    """The title of the course page a quiz stands in (its ancestor CoursePage)."""
    return Subquery(
        CoursePage.objects.filter(path=Substr(OuterRef("path"), 1, Length("path")))
        .order_by("-depth")
        .values("title")[:1]
    )


# The "Quiz results" report --------------------------------------------------------


def courses_with_editable_quizzes(request):
    editable_quizzes = QuizPage.objects.editable_by(request.user)
    return CoursePage.objects.filter(
        Exists(editable_quizzes.filter(path__startswith=OuterRef("path")))
    ).order_by("title")


class QuizResultsFilterSet(WagtailFilterSet):
    course = django_filters.ModelChoiceFilter(
        label=_("Course"),
        empty_label=_("All my courses"),
        queryset=courses_with_editable_quizzes,
        method="filter_course",
    )

    class Meta:
        model = QuizPage
        fields = []

    def filter_course(self, queryset, name, value):
        return queryset.filter(path__startswith=value.path)


class PercentColumn(Column):
    """A percentage, rounded to a whole number, or a dash when there is none."""

    def get_value(self, instance):
        return percent_label(super().get_value(instance))


def item_analysis_url(quiz):
    return reverse("quiz_item_analysis", args=[quiz.pk])


class QuizResultsReportView(ReportView):
    """One row per quiz the user may edit, with figures over its submitted attempts."""

    page_title = _("Quiz results")
    header_icon = "tasks"
    results_template_name = "courses/reports/quiz_results_results.html"
    index_url_name = "quiz_results_report"
    index_results_url_name = "quiz_results_report_results"
    filterset_class = QuizResultsFilterSet
    model = QuizPage
    verbose_name = _("quiz")
    verbose_name_plural = _("quizzes")
    default_ordering = "course_title"
    paginate_by = 50

    columns = [
        Column("course_title", label=_("Course"), sort_key="course_title"),
        TitleColumn(
            "title", label=_("Quiz"), sort_key="title", get_url=item_analysis_url
        ),
        Column("attempts_count", label=_("Attempts"), sort_key="attempts_count"),
        Column("learners_count", label=_("Learners"), sort_key="learners_count"),
        PercentColumn("pass_rate", label=_("Pass rate"), sort_key="pass_rate"),
        PercentColumn(
            "average_percent", label=_("Average score"), sort_key="average_percent"
        ),
        DateColumn(
            "last_attempt_at", label=_("Last attempt"), sort_key="last_attempt_at"
        ),
    ]
    list_export = [
        "course_title",
        "title",
        "attempts_count",
        "learners_count",
        "pass_rate",
        "average_percent",
        "last_attempt_at",
    ]
    export_headings = {
        "course_title": _("Course"),
        "title": _("Quiz"),
        "attempts_count": _("Attempts"),
        "learners_count": _("Learners"),
        "pass_rate": _("Pass rate (%)"),
        "average_percent": _("Average score (%)"),
        "last_attempt_at": _("Last attempt"),
    }
    custom_field_preprocess = {
        "pass_rate": {"csv": export_percent, "xlsx": export_percent},
        "average_percent": {"csv": export_percent, "xlsx": export_percent},
    }

    def dispatch(self, request, *args, **kwargs):
        if not may_see_quiz_results(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_filename(self):
        return f"quiz-results-{timezone.localdate().isoformat()}"

    def get_base_queryset(self):
        return (
            QuizPage.objects.editable_by(self.request.user)
            .annotate(
                course_title=course_title_subquery(), **attempt_figure_subqueries()
            )
            .only("title", "slug", "path", "depth")
        )

    def order_queryset(self, queryset):
        # Quizzes without attempts have no rates: keep them last either way, and
        # break ties by course then quiz so pages and exports keep a stable order.
        name = self.ordering.removeprefix("-")
        if self.ordering.startswith("-"):
            first = F(name).desc(nulls_last=True)
        else:
            first = F(name).asc(nulls_last=True)
        return queryset.order_by(first, "course_title", "title", "path")

    def filter_queryset(self, queryset):
        if self.filters and not self.filters.is_valid():
            # A course the user has no quiz in: show nothing rather than everything.
            return queryset.none()
        return super().filter_queryset(queryset)


# The item analysis of one quiz ----------------------------------------------------


@dataclass
class QuestionAnalysis:
    """One question's figures over the submitted attempts that included it."""

    id: str
    type: str
    text: str = ""
    points: int = 0
    number: int | None = None  # its place in the current version; None if removed
    position: int = 0  # its row in the default order
    asked: int = 0  # submitted attempts that included it
    answered: int = 0
    right: int = 0
    earned_total: Decimal = Decimal(0)
    points_total: int = 0
    wrong_answers: Counter = field(default_factory=Counter)
    texts: dict = field(default_factory=dict)  # choice, item and option texts by id
    choice_order: dict = field(default_factory=dict)  # choice id -> first place seen

    @property
    def in_quiz(self):
        return self.number is not None

    @property
    def type_label(self):
        return QUESTION_TYPE_LABELS.get(self.type, self.type)

    @property
    def status(self):
        return "" if self.in_quiz else str(_("No longer in the quiz"))

    @property
    def share_right(self):
        """Percent of the attempts that included it which got it fully right."""
        return 100 * self.right / self.asked if self.asked else None

    @property
    def share_right_label(self):
        return percent_label(self.share_right)

    @property
    def average_earned(self):
        return self.earned_total / self.asked if self.asked else None

    @property
    def average_points(self):
        """The points it was worth, averaged over attempts (versions may differ)."""
        return Decimal(self.points_total) / self.asked if self.asked else self.points

    @property
    def average_points_label(self):
        if not self.asked:
            return NO_FIGURE
        return (
            f"{points_label(self.average_earned)} / {points_label(self.average_points)}"
        )

    @cached_property
    def most_chosen_wrong(self):
        """(answer as text, how many chose it); (None, 0) if nobody answered wrong."""
        if not self.wrong_answers:
            return None, 0
        # Ties go to the alphabetically first answer, so the figure is stable.
        count, label = min(
            (-count, self.answer_label(answer))
            for answer, count in self.wrong_answers.items()
        )
        return label, -count

    @property
    def most_chosen_wrong_answer(self):
        return self.most_chosen_wrong[0]

    @property
    def most_chosen_wrong_count(self):
        return self.most_chosen_wrong[1] or None

    def text_of(self, kind, id):
        return self.texts.get((kind, id), str(id))

    def answer_label(self, answer):
        if self.type == "single_choice":
            return self.text_of("choice", answer)
        if self.type == "multiple_choice":
            ordered = sorted(
                answer, key=lambda id: (self.choice_order.get(id, len(answer)), id)
            )
            return " + ".join(self.text_of("choice", id) for id in ordered)
        if self.type == "true_false":
            return str(TRUE_FALSE_LABELS.get(answer, answer))
        if self.type == "matching":
            item, option = answer
            return f"{self.text_of('item', item)} → {self.text_of('option', option)}"
        return str(answer)

    def learn_texts(self, question):
        """Remember the texts of this copy of the question, newer copies first."""
        for kind, key in (
            ("choice", "choices"),
            ("item", "items"),
            ("option", "options"),
        ):
            for place, entry in enumerate(question.get(key) or ()):
                self.texts.setdefault((kind, entry["id"]), entry["text"])
                if kind == "choice":
                    self.choice_order.setdefault(entry["id"], place)

    def wrong_answers_in(self, answer, result):
        """What in `answer` (not blank, not fully right) counts as a wrong answer.

        Single choice, true/false and short text: the answer; multiple choice: the
        combination chosen; matching: each pairing of an item with another's option.
        """
        if self.type == "matching":
            if not isinstance(answer, dict):
                return []
            return [
                (str(item), str(option))
                for item, option in answer.items()
                if option not in EMPTY_ANSWERS and option != item
            ]
        if result.get("correct"):
            return []
        if self.type == "multiple_choice":
            if not isinstance(answer, list):
                return []
            return [tuple(sorted(str(id) for id in answer))]
        if not isinstance(answer, str):
            return []
        if self.type == "short_text":
            return [normalise_text_answer(answer)]
        return [answer]

    def count(self, question, answer, result):
        self.asked += 1
        self.points_total += int(result.get("points", question.get("points", 0)))
        self.earned_total += Decimal(str(result.get("earned", 0)))
        answered = result.get("answered", answer not in EMPTY_ANSWERS)
        if not answered:
            return
        self.answered += 1
        if result.get("correct"):
            self.right += 1
        self.wrong_answers.update(self.wrong_answers_in(answer, result))


def analyse_questions(quiz, attempts):
    """Per-question figures, in the quiz's current order, then removed questions.

    `attempts` yields (questions, answers, results) of submitted attempts, the most
    recent first: the first copy of a question seen gives its wording and texts.
    """
    rows = {}
    for raw in quiz.questions.raw_data:
        value = raw.get("value") or {}
        rows[raw["id"]] = QuestionAnalysis(
            id=raw["id"],
            type=raw["type"],
            number=len(rows) + 1,
            text=value.get("question", ""),
            points=value.get("points", 0),
        )
    current_ids = set(rows)
    texts_from_attempt = set()
    for questions, answers, results in attempts:
        for question in questions or ():
            question_id = question.get("id")
            if question_id is None:
                continue
            row = rows.get(question_id)
            if row is None:
                row = rows[question_id] = QuestionAnalysis(
                    id=question_id, type=question.get("type", "")
                )
            if question_id not in texts_from_attempt:
                # The most recent attempt's wording, as learners last saw it.
                texts_from_attempt.add(question_id)
                row.text = question.get("question", row.text)
                row.points = question.get("points", row.points)
            row.learn_texts(question)
            row.count(
                question,
                (answers or {}).get(question_id),
                (results or {}).get(question_id) or {},
            )
    ordered = [rows[id] for id in rows if id in current_ids]
    ordered += [row for id, row in rows.items() if id not in current_ids]
    for position, row in enumerate(ordered):
        row.position = position
    return ordered


class QuestionColumn(Column):
    """The question's wording, truncated, marked when no longer in the quiz."""

    cell_template_name = "courses/reports/quiz_question_cell.html"


class TruncatedColumn(Column):
    cell_template_name = "courses/reports/quiz_truncated_cell.html"


class QuizItemAnalysisView(ReportView):
    """Per question of one quiz: answered, right, points, most chosen wrong answer."""

    header_icon = "tasks"
    results_template_name = "courses/reports/quiz_item_analysis_results.html"
    verbose_name = _("question")
    verbose_name_plural = _("questions")
    default_ordering = "number"
    paginate_by = None

    # Sort key -> the attribute rows are sorted by (rows without it go last).
    sort_attributes = {
        "number": "position",
        "asked": "asked",
        "answered": "answered",
        "share_right": "share_right",
    }
    columns = [
        Column("number", label=_("No."), sort_key="number"),
        QuestionColumn("text", label=_("Question")),
        Column("type_label", label=_("Type")),
        Column("asked", label=_("Attempts"), sort_key="asked"),
        Column("answered", label=_("Answered"), sort_key="answered"),
        Column("share_right_label", label=_("Fully right"), sort_key="share_right"),
        Column("average_points_label", label=_("Average points")),
        TruncatedColumn(
            "most_chosen_wrong_answer", label=_("Most chosen wrong answer")
        ),
        Column("most_chosen_wrong_count", label=_("Chosen by")),
    ]
    list_export = [
        "number",
        "text",
        "type_label",
        "status",
        "asked",
        "answered",
        "right",
        "share_right",
        "average_earned",
        "average_points",
        "most_chosen_wrong_answer",
        "most_chosen_wrong_count",
    ]
    export_headings = {
        "number": _("No."),
        "text": _("Question"),
        "type_label": _("Type"),
        "status": _("Status"),
        "asked": _("Attempts"),
        "answered": _("Answered"),
        "right": _("Fully right"),
        "share_right": _("Fully right (%)"),
        "average_earned": _("Average points earned"),
        "average_points": _("Points"),
        "most_chosen_wrong_answer": _("Most chosen wrong answer"),
        "most_chosen_wrong_count": _("Chosen by"),
    }
    custom_field_preprocess = {
        "share_right": {"csv": export_percent, "xlsx": export_percent},
        "average_earned": {"csv": export_points_text, "xlsx": export_points},
        "average_points": {"csv": export_points_text, "xlsx": export_points},
    }

    def dispatch(self, request, *args, quiz_id, **kwargs):
        self.quiz = get_object_or_404(
            QuizPage.objects.annotate(course_title=course_title_subquery()),
            pk=quiz_id,
        )
        if not may_see_item_analysis(request.user, self.quiz):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return _("Item analysis")

    def get_page_subtitle(self):
        if self.quiz.course_title:
            return f"{self.quiz.title} ({self.quiz.course_title})"
        return self.quiz.title

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("quiz_results_report"), "label": _("Quiz results")},
            {
                "url": "",
                "label": self.get_page_title(),
                "sublabel": self.get_page_subtitle(),
            },
        ]

    def get_index_url(self):
        return reverse("quiz_item_analysis", args=[self.quiz.pk])

    def get_filename(self):
        return f"item-analysis-{self.quiz.slug}-{timezone.localdate().isoformat()}"

    @cached_property
    def submitted_attempts(self):
        return QuizAttempt.objects.submitted().filter(quiz=self.quiz)

    @cached_property
    def figures(self):
        return self.submitted_attempts.order_by().aggregate(**attempt_figures())

    def get_base_queryset(self):
        if not self.figures["attempts_count"]:
            return []
        attempts = (
            self.submitted_attempts.order_by("-submitted_at", "-pk")
            .values_list("questions", "answers", "results")
            .iterator(chunk_size=500)
        )
        return analyse_questions(self.quiz, attempts)

    def order_queryset(self, rows):
        ordering = self.ordering or self.default_ordering
        attribute = self.sort_attributes[ordering.removeprefix("-")]
        known = [row for row in rows if getattr(row, attribute) is not None]
        unknown = [row for row in rows if getattr(row, attribute) is None]
        # A stable sort, so ties keep the quiz's order.
        known.sort(key=lambda row: getattr(row, attribute), reverse=ordering[0] == "-")
        return known + unknown

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        if not self.is_export:
            figures = self.figures
            context["quiz"] = self.quiz
            context["figures"] = {
                **figures,
                "pass_rate_label": percent_label(figures["pass_rate"]),
                "average_percent_label": percent_label(figures["average_percent"]),
            }
        return context
