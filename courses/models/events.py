"""Events where training is delivered: workshops, conferences and their notifications.

An EventPage carries every field of an APO project notification, plus the speakers
and target audience of a concept note and the attendance and best practices of a
post-event report.
"""

from html import unescape

from django import forms
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.html import strip_tags
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page, PageManager, PageQuerySet
from wagtail.search import index

from courses.blocks import BestPracticeBlock

RICH_TEXT_FEATURES = ["bold", "italic", "link", "ol", "ul"]


def plain_text(html):
    """Rich text as plain words, for summaries and search results."""
    return unescape(strip_tags(html or "")).strip()


def total_of_known(*counts):
    """The sum of the counts that are known, or None when none is."""
    known = [count for count in counts if count is not None]
    return sum(known) if known else None


class EventPageQuerySet(PageQuerySet):
    """Events ordered and split the way visitors look for them."""

    def with_finish_date(self):
        return self.annotate(finishes_on=Coalesce("end_date", "start_date"))

    def upcoming(self, today=None):
        """Events that have not finished yet, soonest first."""
        today = today or timezone.localdate()
        return (
            self.with_finish_date()
            .filter(finishes_on__gte=today)
            .order_by("start_date")
        )

    def past(self, today=None):
        """Events that have finished, most recent first."""
        today = today or timezone.localdate()
        return (
            self.with_finish_date()
            .filter(finishes_on__lt=today)
            .order_by("-start_date")
        )


class EventIndexPage(Page):
    """The list of events, split into upcoming and past."""

    intro = RichTextField(blank=True, features=RICH_TEXT_FEATURES)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = Page.search_fields + [index.SearchField("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["courses.EventPage"]
    max_count = 1
    past_events_per_page = 10

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        events = (
            EventPage.objects.child_of(self)
            .live()
            .prefetch_related("hosting_countries")
        )
        context["upcoming_events"] = events.upcoming()
        context["past_events"] = Paginator(
            events.past(), self.past_events_per_page
        ).get_page(request.GET.get("page"))
        return context


class EventPage(Page):
    """One workshop, conference or training event, with all its notification facts."""

    class Modality(models.TextChoices):
        ONLINE = "online", "Online"
        FACE_TO_FACE = "face_to_face", "Face-to-face"
        HYBRID = "hybrid", "Hybrid"

    # The notification's header
    reference_number = models.CharField(max_length=40, blank=True)
    date_of_issue = models.DateField(null=True, blank=True)
    project_code = models.CharField(
        max_length=40, blank=True, help_text="e.g. 24-IP-07-GE-WSP-A"
    )
    start_date = models.DateField()
    end_date = models.DateField(
        null=True, blank=True, help_text="Leave empty for a one-day event."
    )
    hosting_countries = ParentalManyToManyField(
        "courses.Country", blank=True, related_name="hosted_events"
    )
    venue_cities = models.CharField(
        max_length=250, blank=True, help_text="Leave empty when not applicable."
    )
    venue = models.CharField(
        max_length=250,
        blank=True,
        help_text="The building or the larger event it is part of, if any.",
    )
    modality = models.CharField(max_length=20, choices=Modality.choices)
    implementing_organisations = ParentalManyToManyField(
        "courses.Organisation", blank=True, related_name="implemented_events"
    )
    all_member_countries = models.BooleanField(
        "open to all member countries",
        default=False,
        help_text="Tick when every member country may take part; otherwise list them.",
    )
    participating_countries = ParentalManyToManyField(
        "courses.Country", blank=True, related_name="participating_events"
    )
    overseas_participants = models.PositiveIntegerField(null=True, blank=True)
    local_participants = models.PositiveIntegerField(null=True, blank=True)
    application_closing_date = models.DateField(null=True, blank=True)
    remarks = models.TextField(blank=True)

    # The notification's body
    objectives = RichTextField(blank=True, features=RICH_TEXT_FEATURES)
    rationale = models.TextField(blank=True)
    background = RichTextField(blank=True, features=RICH_TEXT_FEATURES)
    outcome = models.TextField(blank=True)
    qualifications = models.TextField(blank=True, help_text="Who should apply.")
    target_audience = models.TextField(blank=True)
    issuing_official_name = models.CharField(max_length=200, blank=True)
    issuing_official_title = models.CharField(max_length=200, blank=True)

    # After the event
    virtual_attendees = models.PositiveIntegerField(null=True, blank=True)
    in_person_attendees = models.PositiveIntegerField(null=True, blank=True)
    report = RichTextField(
        blank=True,
        features=RICH_TEXT_FEATURES + ["h3", "h4", "blockquote"],
        help_text="What happened at the event.",
    )
    best_practices = StreamField(
        [("best_practice", BestPracticeBlock())], blank=True, use_json_field=True
    )

    objects = PageManager.from_queryset(EventPageQuerySet)()

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [FieldPanel("reference_number"), FieldPanel("date_of_issue")]
                ),
                FieldPanel("project_code"),
                FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")]),
                FieldPanel("modality"),
                FieldPanel("hosting_countries", widget=forms.CheckboxSelectMultiple),
                FieldRowPanel([FieldPanel("venue_cities"), FieldPanel("venue")]),
                FieldPanel(
                    "implementing_organisations", widget=forms.CheckboxSelectMultiple
                ),
                FieldPanel("all_member_countries"),
                FieldPanel(
                    "participating_countries", widget=forms.CheckboxSelectMultiple
                ),
                FieldRowPanel(
                    [
                        FieldPanel("overseas_participants"),
                        FieldPanel("local_participants"),
                    ]
                ),
                FieldPanel("application_closing_date"),
                FieldPanel("remarks"),
            ],
            heading="Notification",
        ),
        MultiFieldPanel(
            [
                FieldPanel("objectives"),
                FieldPanel("rationale"),
                FieldPanel("background"),
                InlinePanel("topics", label="Topics", heading="Topics"),
                FieldPanel("outcome"),
                FieldPanel("qualifications"),
                FieldPanel("target_audience"),
                InlinePanel("speakers", label="Speakers", heading="Speakers"),
                FieldRowPanel(
                    [
                        FieldPanel("issuing_official_name"),
                        FieldPanel("issuing_official_title"),
                    ]
                ),
            ],
            heading="Programme",
        ),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [FieldPanel("virtual_attendees"), FieldPanel("in_person_attendees")]
                ),
                FieldPanel("report"),
                FieldPanel("best_practices"),
            ],
            heading="After the event",
        ),
    ]

    search_fields = Page.search_fields + [
        index.SearchField("project_code"),
        index.SearchField("objectives"),
        index.SearchField("rationale"),
        index.SearchField("background"),
        index.SearchField("outcome"),
        index.SearchField("qualifications"),
        index.SearchField("target_audience"),
        index.SearchField("report"),
        index.RelatedFields("topics", [index.SearchField("title")]),
        index.FilterField("start_date"),
    ]

    parent_page_types = ["courses.EventIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = "event"

    def clean(self):
        super().clean()
        if self.end_date and self.start_date and self.end_date < self.start_date:
            raise ValidationError(
                {"end_date": "The event cannot end before it starts."}
            )

    @property
    def last_day(self):
        return self.end_date or self.start_date

    @property
    def is_past(self):
        return self.last_day < timezone.localdate()

    @property
    def days_until_applications_close(self):
        """Whole days left to apply: 0 on the closing day, negative once closed, None if no date."""
        if not self.application_closing_date:
            return None
        return (self.application_closing_date - timezone.localdate()).days

    @property
    def total_participants(self):
        return total_of_known(self.overseas_participants, self.local_participants)

    @property
    def total_attendees(self):
        return total_of_known(self.virtual_attendees, self.in_person_attendees)

    @property
    def search_summary(self):
        return self.search_description or plain_text(self.objectives)

    def get_context(self, request, *args, **kwargs):
        from courses.models.tree import CoursePage, ModulePage

        context = super().get_context(request, *args, **kwargs)
        courses = list(
            CoursePage.objects.live()
            .filter(events=self)
            .select_related("providing_organisation")
            .order_by("title")
        )
        modules = ModulePage.objects.live().within_any(courses)
        modules_by_course = {}
        for module in modules:
            for course in courses:
                if module.path.startswith(course.path):
                    modules_by_course.setdefault(course.pk, []).append(module)
        context["speakers"] = self.speakers.select_related("organisation", "country")
        context["courses"] = [
            (course, modules_by_course.get(course.pk, [])) for course in courses
        ]
        return context


class EventTopic(Orderable):
    """One topic of an event's programme, in the order the notification lists them."""

    page = ParentalKey(EventPage, on_delete=models.CASCADE, related_name="topics")
    title = models.CharField(max_length=250)

    panels = [FieldPanel("title")]

    def __str__(self):
        return self.title


class EventSpeaker(Orderable):
    """Someone who speaks at an event, or an organisation that sends speakers."""

    page = ParentalKey(EventPage, on_delete=models.CASCADE, related_name="speakers")
    name = models.CharField(
        max_length=200,
        blank=True,
        help_text="Leave empty when only the organisation is known.",
    )
    role = models.CharField(max_length=250, blank=True)
    organisation = models.ForeignKey(
        "courses.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    country = models.ForeignKey(
        "courses.Country",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("role"),
        FieldPanel("organisation"),
        FieldPanel("country"),
    ]

    def clean(self):
        super().clean()
        if not (self.name or self.organisation_id or self.country_id):
            raise ValidationError("Give a name, an organisation or a country.")

    def __str__(self):
        return self.name or str(self.organisation or self.country)


__all__ = [
    "EventIndexPage",
    "EventPage",
    "EventPageQuerySet",
    "EventSpeaker",
    "EventTopic",
]
