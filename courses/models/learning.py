"""What learners do: their profile, enrolments, the steps they have seen, certificates.

Progress is stored as events (a step seen, a module completed, a course completed),
one row per learner and page, written with INSERT ... ON CONFLICT DO NOTHING so that
repeated or concurrent requests leave exactly one row.
"""

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone

CERTIFICATE_CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O, 1/I
CERTIFICATE_CODE_LENGTH = 12


class LearnerProfile(models.Model):
    """How a learner is named on certificates, and where they come from (for reports)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="learner_profile",
    )
    display_name = models.CharField(max_length=150)
    country = models.ForeignKey(
        "courses.Country",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    organisation = models.ForeignKey(
        "courses.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    def __str__(self):
        return self.display_name


class EnrolmentQuerySet(models.QuerySet):
    """Enrolments as learners and reports look for them."""

    def for_learner(self, user):
        return self.filter(learner=user)

    def active(self):
        return self.filter(completed_at__isnull=True)

    def completed(self):
        return self.filter(completed_at__isnull=False)


class Enrolment(models.Model):
    """A learner taking a course."""

    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="enrolments"
    )
    course = models.ForeignKey(
        "courses.CoursePage", on_delete=models.CASCADE, related_name="enrolments"
    )
    enrolled_at = models.DateTimeField(default=timezone.now)
    last_activity_at = models.DateTimeField(default=timezone.now)
    completed_at = models.DateTimeField(null=True, blank=True)

    objects = EnrolmentQuerySet.as_manager()

    class Meta:
        ordering = ["-last_activity_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["learner", "course"],
                name="one_enrolment_per_learner_and_course",
            )
        ]

    def __str__(self):
        return f"{self.learner} in {self.course}"


class StepProgressQuerySet(models.QuerySet):
    def for_learner(self, user):
        return self.filter(learner=user)


class StepProgress(models.Model):
    """A learner has seen a slide or plenary question (one row per learner and page)."""

    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="step_progress"
    )
    page = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="+"
    )
    course = models.ForeignKey(
        "courses.CoursePage", on_delete=models.CASCADE, related_name="+"
    )
    seen_at = models.DateTimeField(default=timezone.now)

    objects = StepProgressQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["learner", "page"], name="one_progress_row_per_learner_and_page"
            )
        ]
        indexes = [models.Index(fields=["learner", "course", "seen_at"])]

    def __str__(self):
        return f"{self.learner} saw page {self.page_id}"


class ModuleCompletion(models.Model):
    """A learner completed a module: every step seen (and, later, its quizzes passed)."""

    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="module_completions",
    )
    module = models.ForeignKey(
        "courses.ModulePage", on_delete=models.CASCADE, related_name="completions"
    )
    course = models.ForeignKey(
        "courses.CoursePage", on_delete=models.CASCADE, related_name="+"
    )
    completed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["learner", "module"],
                name="one_completion_per_learner_and_module",
            )
        ]

    def __str__(self):
        return f"{self.learner} completed module {self.module_id}"


def new_certificate_code():
    return "".join(
        secrets.choice(CERTIFICATE_CODE_ALPHABET)
        for _ in range(CERTIFICATE_CODE_LENGTH)
    )


class Certificate(models.Model):
    """Proof that a learner completed a course, checkable by its code."""

    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="certificates"
    )
    course = models.ForeignKey(
        "courses.CoursePage", on_delete=models.PROTECT, related_name="certificates"
    )
    # Kept as printed, so later profile or course renames do not change a certificate.
    learner_name = models.CharField(max_length=150)
    course_title = models.CharField(max_length=255)
    issued_at = models.DateTimeField(default=timezone.now)
    code = models.CharField(max_length=20, unique=True, default=new_certificate_code)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["learner", "course"],
                name="one_certificate_per_learner_and_course",
            )
        ]

    def __str__(self):
        return f"{self.course_title}: {self.learner_name} ({self.code})"

    @property
    def formatted_code(self):
        return "-".join(self.code[i : i + 4] for i in range(0, len(self.code), 4))
