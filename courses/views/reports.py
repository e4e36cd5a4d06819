"""The "Course progress" admin report: who is enrolled where, and how far they got.

Editors and facilitators see the enrolments of the courses whose pages they may
edit (Wagtail page permissions), with totals by country and by organisation so the
programme can report disaggregated figures. The listing, its totals and its
CSV/XLSX export run in a fixed number of queries whatever the number of learners.
"""

import django_filters
from django.core.exceptions import PermissionDenied
from django.db.models import (
    Count,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce, NullIf
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.active_filters import (
    ActiveFilter,
    ModelChoiceFilterAdapter,
    register_filter_adapter_class,
)
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.reports import ReportView

from courses.models import (
    Country,
    CoursePage,
    Enrolment,
    ModuleCompletion,
    ModulePage,
    Organisation,
)

NO_COUNTRY_LABEL = _("No country given")
NO_ORGANISATION_LABEL = _("No organisation given")
NULL_CHOICE_VALUE = "none"


def may_see_course_progress(user):
    return user.is_authenticated and CoursePage.objects.editable_by(user).exists()


class SubqueryCount(Subquery):
    """The number of rows of a correlated subquery (0 when it has none)."""

    template = "(SELECT COUNT(*) FROM (%(subquery)s) AS counted)"
    output_field = IntegerField()

    def __init__(self, queryset, **kwargs):
        super().__init__(queryset.order_by().values("pk"), **kwargs)


class NoneAwareModelChoiceFilterAdapter(ModelChoiceFilterAdapter):
    """Shows the "No country given" choice as its label, not as its raw value."""

    def get_active_filters(self):
        if self.value == self.filter.null_value:
            yield ActiveFilter(
                self.bound_field.auto_id,
                self.filter.label,
                str(self.filter.extra["null_label"]),
                self.get_url_without_filter_param(self.name),
            )
        else:
            yield from super().get_active_filters()


class NoneAwareModelChoiceFilter(django_filters.ModelChoiceFilter):
    """A model choice filter with an extra choice for rows where the field is empty."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("null_value", NULL_CHOICE_VALUE)
        super().__init__(*args, **kwargs)


register_filter_adapter_class(
    NoneAwareModelChoiceFilter, NoneAwareModelChoiceFilterAdapter, exact_class=True
)


class CourseProgressFilterSet(WagtailFilterSet):
    """Narrows the report to a course, a country, an organisation or a stage."""

    course = django_filters.ModelChoiceFilter(
        label=_("Course"),
        empty_label=_("All my courses"),
        queryset=lambda request: CoursePage.objects.editable_by(request.user).order_by(
            "title"
        ),
    )
    country = NoneAwareModelChoiceFilter(
        label=_("Country"),
        field_name="learner__learner_profile__country",
        empty_label=_("All countries"),
        null_label=NO_COUNTRY_LABEL,
        queryset=Country.objects.all(),
    )
    organisation = NoneAwareModelChoiceFilter(
        label=_("Organisation"),
        field_name="learner__learner_profile__organisation",
        empty_label=_("All organisations"),
        null_label=NO_ORGANISATION_LABEL,
        queryset=Organisation.objects.all(),
    )
    completion = django_filters.ChoiceFilter(
        label=_("Completion"),
        empty_label=_("Any"),
        choices=[("completed", _("Completed")), ("in_progress", _("In progress"))],
        method="filter_completion",
    )
    min_modules_completed = django_filters.NumberFilter(
        label=_("Minimum modules completed"),
        field_name="modules_completed",
        lookup_expr="gte",
        min_value=0,
    )

    class Meta:
        model = Enrolment
        fields = []

    def filter_completion(self, queryset, name, value):
        if value == "completed":
            return queryset.completed()
        if value == "in_progress":
            return queryset.active()
        return queryset


class CourseProgressReportView(ReportView):
    """One row per enrolment in the courses the user may edit, with totals above."""

    page_title = _("Course progress")
    header_icon = "user"
    results_template_name = "courses/reports/course_progress_results.html"
    index_url_name = "course_progress_report"
    index_results_url_name = "course_progress_report_results"
    filterset_class = CourseProgressFilterSet
    model = Enrolment
    verbose_name = _("enrolment")
    verbose_name_plural = _("enrolments")
    default_ordering = "course_title"
    paginate_by = 50

    columns = [
        Column("learner_name", label=_("Learner"), sort_key="learner_name"),
        Column("country_name", label=_("Country"), sort_key="country_name"),
        Column(
            "organisation_name", label=_("Organisation"), sort_key="organisation_name"
        ),
        Column("course_title", label=_("Course"), sort_key="course_title"),
        DateColumn("enrolled_at", label=_("Enrolled"), sort_key="enrolled_at"),
        Column(
            "modules_completed",
            label=_("Modules completed"),
            sort_key="modules_completed",
        ),
        Column("modules_in_course", label=_("Modules in course")),
        DateColumn("completed_at", label=_("Completed"), sort_key="completed_at"),
        DateColumn(
            "last_activity_at", label=_("Last activity"), sort_key="last_activity_at"
        ),
    ]
    list_export = [
        "learner_name",
        "country_name",
        "organisation_name",
        "course_title",
        "enrolled_at",
        "modules_completed",
        "modules_in_course",
        "completed_at",
        "last_activity_at",
    ]
    export_headings = {
        "learner_name": _("Learner"),
        "country_name": _("Country"),
        "organisation_name": _("Organisation"),
        "course_title": _("Course"),
        "enrolled_at": _("Enrolled"),
        "modules_completed": _("Modules completed"),
        "modules_in_course": _("Modules in course"),
        "completed_at": _("Completed"),
        "last_activity_at": _("Last activity"),
    }

    def dispatch(self, request, *args, **kwargs):
        if not may_see_course_progress(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_filename(self):
        return f"course-progress-{timezone.localdate().isoformat()}"

    def get_base_queryset(self):
        completions = ModuleCompletion.objects.filter(
            learner=OuterRef("learner"), course=OuterRef("course")
        )
        modules = ModulePage.objects.live().filter(
            path__startswith=OuterRef("course__path")
        )
        return (
            Enrolment.objects.filter(
                course__in=CoursePage.objects.editable_by(self.request.user).values(
                    "pk"
                )
            )
            .annotate(
                learner_name=Coalesce(
                    NullIf("learner__learner_profile__display_name", Value("")),
                    "learner__username",
                ),
                country_name=F("learner__learner_profile__country__name"),
                organisation_name=F("learner__learner_profile__organisation__name"),
                course_title=F("course__title"),
                modules_completed=SubqueryCount(completions),
                modules_in_course=SubqueryCount(modules),
            )
            .only(
                "pk",
                "enrolled_at",
                "last_activity_at",
                "completed_at",
                "learner_id",
                "course_id",
            )
        )

    def order_queryset(self, queryset):
        # Ties (most rows share a course) fall back to course then learner, so pages
        # of the listing and the export keep a stable order.
        return queryset.order_by(self.ordering, "course_title", "learner_name", "pk")

    def filter_queryset(self, queryset):
        if self.filters and not self.filters.is_valid():
            # A course the user may not edit, or a nonsense number: show nothing
            # rather than silently dropping the filter and showing everything.
            return queryset.none()
        return super().filter_queryset(queryset)

    def get_totals(self, filtered_queryset):
        """Learners, enrolments and completions by country and by organisation."""
        enrolments = Enrolment.objects.filter(pk__in=filtered_queryset.values("pk"))
        totals = {}
        for dimension, field, empty_label in (
            ("country", "learner__learner_profile__country__name", NO_COUNTRY_LABEL),
            (
                "organisation",
                "learner__learner_profile__organisation__name",
                NO_ORGANISATION_LABEL,
            ),
        ):
            rows = (
                enrolments.order_by()
                .values(name=F(field))
                .annotate(
                    learners=Count("learner", distinct=True),
                    enrolments=Count("pk"),
                    completed=Count("pk", filter=Q(completed_at__isnull=False)),
                )
            )
            totals[dimension] = sorted(
                (
                    {
                        **row,
                        "name": row["name"] or empty_label,
                        "is_empty": not row["name"],
                    }
                    for row in rows
                ),
                # The "not given" bucket last, so it reads as a remainder.
                key=lambda row: (row["is_empty"], str(row["name"]).casefold()),
            )
        return totals

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        if not self.is_export:
            context["totals"] = self.get_totals(self.object_list)
        return context
