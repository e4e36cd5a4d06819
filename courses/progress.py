"""Learner progress: recording what was done, and summarising it for pages and reports.

A step is done when an enrolled learner opens it (`record_progress`, for slides and
plenary questions) or passes it (`record_quiz_passed`, for quizzes). A module is
complete when all its steps are done; a course when all its modules are complete
and the quizzes set for its days or for the whole course are passed. Every write
is an INSERT ... ON CONFLICT DO NOTHING on a unique constraint, so double clicks,
reloads and concurrent requests leave one row.
`CourseProgress` summarises one learner's progress in one course in a fixed
number of queries, whatever the size of the course.
"""

from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from wagtail.models import Page

from courses.models import CoursePage, ModulePage
from courses.models.learning import (
    Certificate,
    Enrolment,
    ModuleCompletion,
    StepProgress,
)
from courses.models.quizzes import QuizPage
from courses.models.tree import sequence_page_types

# Slides and plenary questions sit at course > day > module > step.
STEP_DEPTH_BELOW_COURSE = 3


def course_path_for(page):
    """The tree path of the course a step belongs to (tree rules fix the depth)."""
    depth = page.depth - STEP_DEPTH_BELOW_COURSE
    return page.path[: depth * Page.steplen]


def learner_name(user):
    profile = getattr(user, "learner_profile", None)
    return (
        (profile and profile.display_name)
        or user.get_full_name()
        or user.get_username()
    )


def step_ids_in_module(module):
    return set(
        Page.objects.live()
        .child_of(module)
        .type(*sequence_page_types())
        .values_list("pk", flat=True)
    )


def seen_in_module(user, module):
    """(enrolled?, ids of the module's steps the learner has seen): two queries."""
    course_path = module.path[: (module.depth - 2) * Page.steplen]
    if not Enrolment.objects.filter(learner=user, course__path=course_path).exists():
        return False, set()
    seen = StepProgress.objects.filter(
        learner=user, page__path__startswith=module.path
    ).values_list("page_id", flat=True)
    return True, set(seen)


def record_progress(user, page):
    """Record that `user` saw the step `page`; returns the enrolment, or None.

    Only enrolled learners are tracked. Completing the last step of a module records
    the module's completion; completing every module completes the course and
    issues its certificate.
    """
    if not user.is_authenticated:
        return None
    enrolment = (
        Enrolment.objects.filter(learner=user, course__path=course_path_for(page))
        .select_related("course")
        .first()
    )
    if enrolment is None:
        return None
    Enrolment.objects.filter(pk=enrolment.pk).update(last_activity_at=timezone.now())
    mark_step_done(user, page, enrolment, in_module=True)
    return enrolment


def record_quiz_passed(user, quiz):
    """Record that `user` passed `quiz`, completing what that completes."""
    enrolment = (
        Enrolment.objects.filter(
            learner=user, course__in=CoursePage.objects.ancestor_of(quiz)
        )
        .select_related("course")
        .first()
    )
    if enrolment is None:
        return None
    mark_step_done(user, quiz, enrolment, in_module=quiz.in_module)
    return enrolment


def mark_step_done(user, page, enrolment, in_module):
    if StepProgress.objects.filter(learner=user, page_id=page.pk).exists():
        return  # done before: completion was checked then
    StepProgress.objects.bulk_create(
        [StepProgress(learner=user, page_id=page.pk, course_id=enrolment.course_id)],
        ignore_conflicts=True,
    )
    if not in_module:
        complete_course_if_done(enrolment)
        return
    module = page.get_parent()
    steps = step_ids_in_module(module)
    done = StepProgress.objects.filter(learner=user, page_id__in=steps).count()
    if steps and done >= len(steps):
        ModuleCompletion.objects.bulk_create(
            [
                ModuleCompletion(
                    learner=user, module_id=module.pk, course_id=enrolment.course_id
                )
            ],
            ignore_conflicts=True,
        )
        complete_course_if_done(enrolment)


def quizzes_outside_modules(course):
    """The live quizzes set for a course's days or for the whole course."""
    return (
        QuizPage.objects.live()
        .descendant_of(course)
        .filter(depth__lte=course.depth + 2)
    )


def complete_course_if_done(enrolment):
    """Mark the course complete and issue the certificate once all is done.

    All is done when every live module is complete and every quiz set for a day or
    for the whole course is passed.
    """
    course = enrolment.course
    modules = set(
        ModulePage.objects.live().descendant_of(course).values_list("pk", flat=True)
    )
    done = set(
        ModuleCompletion.objects.filter(
            learner=enrolment.learner, module_id__in=modules
        ).values_list("module_id", flat=True)
    )
    if not modules or done != modules:
        return False
    quizzes = quizzes_outside_modules(course).values("pk")
    passed = StepProgress.objects.filter(learner=enrolment.learner, page__in=quizzes)
    if passed.count() != quizzes.count():
        return False
    with transaction.atomic():
        Enrolment.objects.filter(pk=enrolment.pk, completed_at__isnull=True).update(
            completed_at=timezone.now()
        )
        Certificate.objects.bulk_create(
            [
                Certificate(
                    learner=enrolment.learner,
                    course=course,
                    learner_name=learner_name(enrolment.learner),
                    course_title=course.title,
                )
            ],
            ignore_conflicts=True,
        )
    return True


@dataclass
class ModuleProgress:
    """One module's steps and how many of them a learner has seen.

    `CourseProgress.for_learner` also sets it on each outline module as
    `module.learner_progress` (and `day.learner_completed`), for templates.
    """

    module: ModulePage
    step_ids: list = field(default_factory=list)
    seen_ids: set = field(default_factory=set)
    completed: bool = False

    @property
    def seen_count(self):
        return len(self.seen_ids)

    @property
    def step_count(self):
        return len(self.step_ids)


@dataclass
class CourseProgress:
    """A learner's progress through a course: per module, per day, overall, next step."""

    course: CoursePage
    enrolment: Enrolment | None
    days: list
    modules: dict  # module pk -> ModuleProgress
    steps: list  # (pk, path) of every live step, in tree order
    seen_ids: set
    last_seen_id: int | None

    @classmethod
    def for_learner(cls, course, user, days=None):
        """Four queries (three if `days`, the course outline, is given)."""
        enrolment = (
            Enrolment.objects.filter(learner=user, course=course).first()
            if user.is_authenticated
            else None
        )
        days = days if days is not None else course.get_outline()
        steps = list(
            Page.objects.live()
            .type(*sequence_page_types())
            .filter(path__startswith=course.path)
            .order_by("path")
            .values_list("pk", "path")
        )
        seen_ids, last_seen_id, completed = set(), None, set()
        if enrolment is not None:
            rows = list(
                StepProgress.objects.filter(learner=user, course=course)
                .order_by("seen_at", "pk")
                .values_list("page_id", flat=True)
            )
            seen_ids = set(rows)
            last_seen_id = rows[-1] if rows else None
            completed = set(
                ModuleCompletion.objects.filter(
                    learner=user, course=course
                ).values_list("module_id", flat=True)
            )
        modules = {}
        for day in days:
            for module in day.outline_modules:
                ids = [pk for pk, path in steps if path.startswith(module.path)]
                modules[module.pk] = module.learner_progress = ModuleProgress(
                    module=module,
                    step_ids=ids,
                    seen_ids=seen_ids.intersection(ids),
                    completed=module.pk in completed,
                )
            day.learner_completed = bool(day.outline_modules) and all(
                m.learner_progress.completed for m in day.outline_modules
            )
        return cls(course, enrolment, days, modules, steps, seen_ids, last_seen_id)

    @property
    def enrolled(self):
        return self.enrolment is not None

    @property
    def completed(self):
        return bool(self.enrolment and self.enrolment.completed_at)

    @property
    def percent(self):
        if not self.steps:
            return 0
        seen = sum(1 for pk, _ in self.steps if pk in self.seen_ids)
        return round(100 * seen / len(self.steps))

    @property
    def next_step_id(self):
        """The first unseen step after the last one seen (or the first unseen at all)."""
        order = [pk for pk, _ in self.steps]
        start = order.index(self.last_seen_id) + 1 if self.last_seen_id in order else 0
        for pk in order[start:] + order[:start]:
            if pk not in self.seen_ids:
                return pk
        return None

    @property
    def next_step(self):
        """The page to continue with (one query), or None when everything is seen."""
        pk = self.next_step_id
        return Page.objects.filter(pk=pk).first() if pk else None
