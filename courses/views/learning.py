"""A learner's own learning: the "My learning" dashboard and their certificates,
and the public page that checks a certificate by its code.
"""

from dataclasses import dataclass
from functools import reduce
from operator import or_

from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from wagtail.models import Page

from courses.forms import (
    VerifyCertificateForm,
    normalise_certificate_code,
)
from courses.models import (
    Certificate,
    CourseIndexPage,
    Enrolment,
    StepProgress,
)
from courses.models.tree import sequence_page_types
from courses.progress import CourseProgress


@dataclass
class DashboardEntry:
    """One enrolment on the dashboard: its progress, where to go next, its certificate."""

    enrolment: Enrolment
    progress: CourseProgress
    next_step: Page | None = None
    certificate: Certificate | None = None

    @property
    def course(self):
        return self.enrolment.course

    @property
    def completed(self):
        return self.enrolment.completed_at is not None


def progress_for_enrolments(user):
    """Every enrolment of `user` with its progress, in five queries whatever their number.

    Enrolments with their courses; the live steps of all those courses; the
    learner's seen steps; the pages to continue with; the certificates. Courses in
    progress come first (most recently active first), then completed ones (most
    recently completed first).
    """
    enrolments = list(Enrolment.objects.for_learner(user).select_related("course"))
    if not enrolments:
        return []
    courses = [enrolment.course for enrolment in enrolments]

    steps_by_course = {course.pk: [] for course in courses}
    course_paths = [(course.pk, course.path) for course in courses]
    steps = (
        Page.objects.live()
        .type(*sequence_page_types())
        .filter(reduce(or_, (Q(path__startswith=path) for _, path in course_paths)))
        .order_by("path")
        .values_list("pk", "path")
    )
    for pk, path in steps:
        for course_pk, course_path in course_paths:
            if path.startswith(course_path):
                steps_by_course[course_pk].append((pk, path))
                break

    seen_by_course = {course.pk: [] for course in courses}
    for course_pk, page_pk in (
        StepProgress.objects.for_learner(user)
        .filter(course_id__in=steps_by_course)
        .order_by("seen_at", "pk")
        .values_list("course_id", "page_id")
    ):
        seen_by_course[course_pk].append(page_pk)

    entries = []
    for enrolment in enrolments:
        seen = seen_by_course[enrolment.course_id]
        progress = CourseProgress(
            course=enrolment.course,
            enrolment=enrolment,
            days=[],
            modules={},
            steps=steps_by_course[enrolment.course_id],
            seen_ids=set(seen),
            last_seen_id=seen[-1] if seen else None,
        )
        entries.append(DashboardEntry(enrolment=enrolment, progress=progress))

    next_ids = {
        entry.progress.next_step_id for entry in entries if not entry.completed
    } - {None}
    # An empty pk__in list runs no query at all.
    next_pages = Page.objects.filter(pk__in=next_ids).in_bulk()
    certificates = {
        certificate.course_id: certificate
        for certificate in Certificate.objects.filter(
            learner=user, course_id__in=steps_by_course
        )
    }
    for entry in entries:
        if not entry.completed:
            entry.next_step = next_pages.get(entry.progress.next_step_id)
        entry.certificate = certificates.get(entry.enrolment.course_id)

    in_progress = [entry for entry in entries if not entry.completed]
    completed = sorted(
        (entry for entry in entries if entry.completed),
        key=lambda entry: entry.enrolment.completed_at,
        reverse=True,
    )
    return in_progress + completed


@login_required
def my_learning(request):
    """The courses a learner is enrolled in, how far they are, and what comes next."""
    entries = progress_for_enrolments(request.user)
    return render(
        request,
        "learning/my_learning.html",
        {
            "entries": entries,
            "in_progress": [entry for entry in entries if not entry.completed],
            "completed": [entry for entry in entries if entry.completed],
            "catalogue": None if entries else CourseIndexPage.objects.live().first(),
        },
    )


def verification_url(request, certificate):
    return request.build_absolute_uri(
        reverse("verify_certificate_code", args=[certificate.formatted_code])
    )


@login_required
def certificate(request, code):
    """A learner's own certificate, ready to print; anyone else's code is a 404."""
    certificate = get_object_or_404(
        Certificate,
        code=normalise_certificate_code(code),
        learner=request.user,
    )
    return render(
        request,
        "learning/certificate.html",
        {
            "certificate": certificate,
            "verification_url": verification_url(request, certificate),
        },
    )


def verify_certificate(request, code=None):
    """Check a certificate by its code: valid (with what it says) or not found.

    Only what is printed on the certificate is shown: nothing else about the learner.
    """
    if code is not None:
        form = VerifyCertificateForm({"code": code})
    elif "code" in request.GET:
        form = VerifyCertificateForm(request.GET)
    else:
        form = VerifyCertificateForm()

    certificate, status = None, 200
    if form.is_bound:
        if form.is_valid():
            certificate = (
                Certificate.objects.filter(code=form.cleaned_data["code"])
                .only("learner_name", "course_title", "issued_at", "code")
                .first()
            )
            status = 200 if certificate else 404
        else:
            status = 400

    response = render(
        request,
        "learning/verify_certificate.html",
        {
            "form": form,
            "certificate": certificate,
            "checked": form.is_bound and not form.errors,
        },
        status=status,
    )
    # A learner's name is on the page: search engines need not keep it.
    response["X-Robots-Tag"] = "noindex"
    return response
