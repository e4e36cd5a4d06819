"""The home page: an introduction, featured courses and the next events."""

from django.db import models
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from courses.models import CourseIndexPage, CoursePage, EventIndexPage, EventPage


class HomePage(Page):
    """The site root."""

    introduction = RichTextField(blank=True, features=["bold", "italic", "link"])
    upcoming_events_shown = models.PositiveSmallIntegerField(
        default=3, help_text="How many upcoming events to list."
    )

    content_panels = Page.content_panels + [
        FieldPanel("introduction"),
        InlinePanel(
            "featured_courses", label="Featured course", heading="Featured courses"
        ),
        FieldPanel("upcoming_events_shown"),
    ]
    search_fields = Page.search_fields + [index.SearchField("introduction")]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["courses.EventIndexPage", "courses.CourseIndexPage"]
    max_count = 1

    class Meta:
        verbose_name = "home page"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        featured = self.featured_courses.filter(course__live=True).select_related(
            "course", "course__providing_organisation"
        )
        context["featured_courses"] = [item.course for item in featured]
        context["upcoming_events"] = (
            EventPage.objects.live()
            .upcoming()
            .prefetch_related("hosting_countries")[: self.upcoming_events_shown]
        )
        sections = self.get_children().live().type(CourseIndexPage, EventIndexPage)
        for section in sections:
            if section.specific_class is CourseIndexPage:
                context["course_index"] = section
            elif section.specific_class is EventIndexPage:
                context["event_index"] = section
        return context


class HomeFeaturedCourse(Orderable):
    """A course the home page puts forward, in the editor's order."""

    page = ParentalKey(
        HomePage, on_delete=models.CASCADE, related_name="featured_courses"
    )
    course = models.ForeignKey(CoursePage, on_delete=models.CASCADE, related_name="+")

    panels = [FieldPanel("course")]
