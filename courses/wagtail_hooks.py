"""Wagtail hooks of the courses app."""

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from courses.models.tree import SequencePage
from courses.progress import record_progress
from courses.views.quiz_reports import (
    QuizItemAnalysisView,
    QuizResultsReportView,
    may_see_quiz_results,
)
from courses.views.reports import CourseProgressReportView, may_see_course_progress


@hooks.register("before_serve_page")
def record_step_seen(page, request, serve_args, serve_kwargs):
    """An enrolled learner opening a slide or plenary question has done that step.

    Quizzes are done when passed (`courses.attempts.finish_attempt`), not when seen.
    """
    if (
        isinstance(page, SequencePage)
        and page.done_when_seen
        and request.method == "GET"
    ):
        record_progress(request.user, page)


class CourseProgressMenuItem(MenuItem):
    """Shown to those who may edit at least one course page."""

    def is_shown(self, request):
        return may_see_course_progress(request.user)


@hooks.register("register_reports_menu_item")
def register_course_progress_menu_item():
    return CourseProgressMenuItem(
        "Course progress",
        reverse("course_progress_report"),
        name="course-progress",
        icon_name="user",
        order=1300,
    )


@hooks.register("register_admin_urls")
def register_course_progress_urls():
    return [
        path(
            "reports/course-progress/",
            CourseProgressReportView.as_view(),
            name="course_progress_report",
        ),
        path(
            "reports/course-progress/results/",
            CourseProgressReportView.as_view(results_only=True),
            name="course_progress_report_results",
        ),
    ]


class QuizResultsMenuItem(MenuItem):
    """Shown to those who may edit at least one quiz page.

    Wagtail asks twice per admin page (for the reports submenu, then for the item),
    so the answer is kept on the request.
    """

    def is_shown(self, request):
        if not hasattr(request, "may_see_quiz_results"):
            request.may_see_quiz_results = may_see_quiz_results(request.user)
        return request.may_see_quiz_results


@hooks.register("register_reports_menu_item")
def register_quiz_results_menu_item():
    return QuizResultsMenuItem(
        "Quiz results",
        reverse("quiz_results_report"),
        name="quiz-results",
        icon_name="tasks",
        order=1310,
    )


@hooks.register("register_admin_urls")
def register_quiz_results_urls():
    return [
        path(
            "reports/quiz-results/",
            QuizResultsReportView.as_view(),
            name="quiz_results_report",
        ),
        path(
            "reports/quiz-results/results/",
            QuizResultsReportView.as_view(results_only=True),
            name="quiz_results_report_results",
        ),
        path(
            "reports/quiz-results/<int:quiz_id>/",
            QuizItemAnalysisView.as_view(),
            name="quiz_item_analysis",
        ),
    ]
