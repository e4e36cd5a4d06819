"""The course tree: CoursePage > DayPage > ModulePage > its steps.

A module's steps are its slides, plenary questions and quizzes (every concrete
`SequencePage`), shown in tree order, which editors change by reordering pages.
Quizzes may also stand under a day or a course (`courses.models.quizzes`). Editors
build courses as page trees in the Wagtail admin; the tree rules below decide what
may go where.
"""

from functools import cache, reduce
from operator import or_

from django import forms
from django.apps import apps
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page, PageManager, PageQuerySet
from wagtail.permission_policies.pages import PagePermissionPolicy
from wagtail.search import index

from courses.blocks import SlideBodyBlock
from courses.models.events import RICH_TEXT_FEATURES, plain_text


class CourseTreeQuerySet(PageQuerySet):
    """Page queries shared by the course tree's page types."""

    def within_any(self, ancestors):
        """Pages below any of the given pages, in tree order (one query for all)."""
        ancestors = list(ancestors)
        if not ancestors:
            return self.none()
        return (
            self.filter(
                reduce(or_, (Q(path__startswith=page.path) for page in ancestors))
            )
            .exclude(pk__in=[page.pk for page in ancestors])
            .order_by("path")
        )

    def editable_by(self, user):
        """Pages `user` may edit (Wagtail page permissions): whose learners they may see."""
        editable = PagePermissionPolicy().instances_user_has_permission_for(
            user, "change"
        )
        return self.filter(pk__in=editable.values("pk"))


CourseTreeManager = PageManager.from_queryset(CourseTreeQuerySet)


class CourseIndexPage(Page):
    """The catalogue of courses."""

    intro = RichTextField(blank=True, features=RICH_TEXT_FEATURES)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = Page.search_fields + [index.SearchField("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["courses.CoursePage"]
    max_count = 1

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["courses"] = (
            CoursePage.objects.child_of(self)
            .live()
            .select_related("providing_organisation")
        )
        return context


class CoursePage(RoutablePageMixin, Page):
    """A course: what it teaches, to whom, and the events where it is delivered."""

    summary = models.TextField(help_text="One or two sentences shown in listings.")
    providing_organisation = models.ForeignKey(
        "courses.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="courses",
    )
    audience = models.TextField(blank=True, help_text="Who the course is for.")
    estimated_hours = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="About how long the whole course takes."
    )
    enrolment_open = models.BooleanField(
        default=True,
        help_text="Let learners enrol themselves. Untick to close enrolment; "
        "enrolled learners keep their access and progress.",
    )
    events = ParentalManyToManyField(
        "courses.EventPage",
        blank=True,
        related_name="courses",
        help_text="The events where this course is delivered.",
    )

    objects = CourseTreeManager()

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldRowPanel(
            [FieldPanel("providing_organisation"), FieldPanel("estimated_hours")]
        ),
        FieldPanel("audience"),
        InlinePanel(
            "learning_outcomes", label="Learning outcome", heading="Learning outcomes"
        ),
        FieldPanel("events", widget=forms.CheckboxSelectMultiple),
        FieldPanel("enrolment_open"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("audience"),
        index.RelatedFields("learning_outcomes", [index.SearchField("text")]),
    ]

    parent_page_types = ["courses.CourseIndexPage"]
    subpage_types = ["courses.DayPage", "courses.QuizPage"]

    class Meta:
        verbose_name = "course"

    @property
    def search_summary(self):
        return self.search_description or self.summary

    def get_outline(self):
        """The course's days, each with its live modules: three queries in all.

        Quizzes set for a day are `day.outline_quizzes`; those set for the whole
        course (a final assessment) are `self.outline_quizzes`.
        """
        QuizPage = apps.get_model("courses", "QuizPage")
        days = list(DayPage.objects.child_of(self).live().order_by("path"))
        modules = ModulePage.objects.live().within_any(days)
        quizzes = list(
            QuizPage.objects.live()
            .descendant_of(self)
            .filter(depth__lte=self.depth + 2)
            .order_by("path")
        )
        for day in days:
            day.outline_modules = [m for m in modules if m.path.startswith(day.path)]
            day.outline_quizzes = [q for q in quizzes if q.path.startswith(day.path)]
        self.outline_quizzes = [q for q in quizzes if q.depth == self.depth + 1]
        return days

    def get_context(self, request, *args, **kwargs):
        from courses.progress import CourseProgress

        context = super().get_context(request, *args, **kwargs)
        days = self.get_outline()
        context["days"] = days
        context["events"] = self.events.live().order_by("start_date")
        if request.user.is_authenticated:
            context["progress"] = CourseProgress.for_learner(self, request.user, days)
        return context

    @path("enrol/", name="enrol")
    def enrol(self, request):
        """POST: enrol the logged-in learner (self-enrolment, if open).

        Returns to `next` (a page of this site, such as a quiz asking for
        enrolment), or to the course page.
        """
        from courses.models.learning import Enrolment

        if request.method != "POST":
            return HttpResponseNotAllowed(
                ["POST"], "Enrol with the button on the course page."
            )
        back_to = request.POST.get("next", "")
        if not url_has_allowed_host_and_scheme(
            back_to, allowed_hosts={request.get_host()}, require_https=False
        ):
            back_to = self.url
        if not request.user.is_authenticated:
            return redirect_to_login(back_to)
        if Enrolment.objects.filter(learner=request.user, course=self).exists():
            messages.info(request, "You are already enrolled in this course.")
        elif not self.enrolment_open:
            messages.error(request, "Enrolment in this course is closed.")
        else:
            Enrolment.objects.bulk_create(
                [Enrolment(learner=request.user, course=self)], ignore_conflicts=True
            )
            messages.success(
                request,
                f"You are enrolled in {self.title}. Your progress is now saved.",
            )
        return redirect(back_to)


class CourseLearningOutcome(Orderable):
    """Something a learner can do after the course."""

    page = ParentalKey(
        CoursePage, on_delete=models.CASCADE, related_name="learning_outcomes"
    )
    text = models.CharField(max_length=300)

    panels = [FieldPanel("text")]

    def __str__(self):
        return self.text


class DayPage(Page):
    """One day of a course, grouping its modules."""

    day_number = models.PositiveSmallIntegerField()
    subtitle = models.CharField(max_length=250, blank=True)

    objects = CourseTreeManager()

    content_panels = Page.content_panels + [
        FieldRowPanel([FieldPanel("day_number"), FieldPanel("subtitle")]),
    ]
    search_fields = Page.search_fields + [index.SearchField("subtitle")]

    parent_page_types = ["courses.CoursePage"]
    subpage_types = ["courses.ModulePage", "courses.QuizPage"]

    class Meta:
        verbose_name = "day"

    @property
    def search_summary(self):
        return self.search_description or self.subtitle

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["modules"] = ModulePage.objects.child_of(self).live().order_by("path")
        context["quizzes"] = (
            apps.get_model("courses", "QuizPage")
            .objects.child_of(self)
            .live()
            .order_by("path")
        )
        return context


class ModulePage(Page):
    """A module of a day: its slides and plenary questions, in tree order."""

    code = models.CharField(max_length=20, blank=True, help_text="e.g. 2.2")
    summary = models.TextField(blank=True)
    estimated_minutes = models.PositiveSmallIntegerField(null=True, blank=True)

    objects = CourseTreeManager()

    content_panels = Page.content_panels + [
        FieldRowPanel([FieldPanel("code"), FieldPanel("estimated_minutes")]),
        FieldPanel("summary"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("code"),
        index.SearchField("summary"),
    ]

    parent_page_types = ["courses.DayPage"]
    subpage_types = [
        "courses.SlidePage",
        "courses.PlenaryQuestionPage",
        "courses.QuizPage",
    ]

    class Meta:
        verbose_name = "module"

    @property
    def search_summary(self):
        return self.search_description or self.summary

    @property
    def code_and_title(self):
        return f"{self.code} {self.title}" if self.code else self.title

    def get_sequence(self):
        """The module's live slides and questions as specific pages, in tree order.

        One query per page type, each prefetching what its template shows, so the
        count does not grow with the number of slides.
        """
        sequence = []
        for model in sequence_page_types():
            sequence.extend(
                model.objects.child_of(self)
                .live()
                .prefetch_related(*model.sequence_prefetch)
            )
        sequence.sort(key=lambda page: page.path)
        return sequence

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["sequence"] = self.get_sequence()
        context["show_speaker_notes"] = can_see_speaker_notes(request, self)
        if request.user.is_authenticated:
            from courses.models.live import can_facilitate
            from courses.progress import seen_in_module

            if can_facilitate(request.user, self):
                context["can_facilitate"] = True
                context["live_sessions"] = self.live_sessions.all()[:20]

            context["enrolled"], context["seen_ids"] = seen_in_module(
                request.user, self
            )
        return context


def can_see_speaker_notes(request, page):
    """Speaker notes are for the people who deliver the course, not for learners."""
    user = request.user
    if not user.is_authenticated:
        return False
    return page.permissions_for_user(user).can_edit()


class SequencePage(Page):
    """A page that is one step of a module: a slide, a plenary question or a quiz."""

    sequence_prefetch = ()
    step_kind = "slide"  # what templates call it: slide, plenary or quiz
    # Seeing a slide or plenary question completes it; a quiz must be passed.
    done_when_seen = True

    parent_page_types = ["courses.ModulePage"]
    subpage_types = []

    class Meta:
        abstract = True

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        siblings = list(
            self.get_siblings().live().type(*sequence_page_types()).order_by("path")
        )
        position = next(
            (i for i, sibling in enumerate(siblings) if sibling.pk == self.pk), None
        )
        context["module"] = self.get_parent().specific
        context["siblings"] = siblings
        if position is not None:
            context["position"] = position + 1
            context["previous_page"] = siblings[position - 1] if position > 0 else None
            context["next_page"] = (
                siblings[position + 1] if position + 1 < len(siblings) else None
            )
        return context


class SlidePage(SequencePage):
    """One slide: a body of blocks, speaker notes, and the principles and strategies it covers."""

    body = StreamField(SlideBodyBlock(), blank=True, use_json_field=True)
    speaker_notes = RichTextField(
        blank=True,
        features=RICH_TEXT_FEATURES,
        help_text="Shown to facilitators and editors only.",
    )
    principles = ParentalManyToManyField(
        "courses.InnovationPrinciple", blank=True, related_name="slides"
    )
    strategies = ParentalManyToManyField(
        "courses.InnovationStrategy", blank=True, related_name="slides"
    )

    sequence_prefetch = ("principles", "strategies")

    content_panels = Page.content_panels + [
        FieldPanel("body"),
        FieldPanel("speaker_notes"),
        MultiFieldPanel(
            [
                FieldPanel("principles", widget=forms.CheckboxSelectMultiple),
                FieldPanel("strategies", widget=forms.CheckboxSelectMultiple),
            ],
            heading="Innovation principles and strategies covered",
        ),
    ]
    # Speaker notes are deliberately not indexed: public search must not reveal them.
    search_fields = Page.search_fields + [index.SearchField("body")]

    class Meta:
        verbose_name = "slide"

    @property
    def search_summary(self):
        if self.search_description:
            return self.search_description
        return " ".join(str(text) for text in self.body_text_fragments())

    def body_text_fragments(self):
        """The slide's words in reading order, without markup (for summaries)."""
        for block in self.body:
            if block.block_type in ("heading",):
                yield block.value
            elif block.block_type == "paragraph":
                yield plain_text(block.value.source)
            elif block.block_type == "bullet_list":
                for item in block.value:
                    yield item["text"]
                    yield from item["sub_items"]
            elif block.block_type == "quote":
                yield block.value["quote"]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["show_speaker_notes"] = can_see_speaker_notes(request, self)
        return context


class PlenaryQuestionForm(WagtailAdminPageForm):
    """Checks that a choice question has choices to choose from."""

    def clean(self):
        cleaned_data = super().clean()
        kind = cleaned_data.get("response_kind")
        choices = self.formsets.get("choices")
        if (
            kind == PlenaryQuestionPage.ResponseKind.SINGLE_CHOICE
            and choices is not None
            and choices.is_valid()
        ):
            kept = [
                form
                for form in choices.forms
                if form not in choices.deleted_forms and form.cleaned_data.get("label")
            ]
            if len(kept) < 2:
                self.add_error(
                    "response_kind",
                    "A one-of-several-choices question needs at least two choices.",
                )
        return cleaned_data


class PlenaryQuestionPage(RoutablePageMixin, SequencePage):
    """A question put to the room (or to a self-paced learner) during a module.

    In a live session participants answer it from the session's screen; on its own
    page a logged-in learner answers it at their own pace (the `answer/` route) and
    reads the answers facilitators published from past sessions.
    """

    step_kind = "plenary"

    class ResponseKind(models.TextChoices):
        OPEN_TEXT = "open_text", "Open text"
        SINGLE_CHOICE = "single_choice", "One of several choices"
        RATING = "rating", "Rating"

    prompt = models.TextField(help_text="The question participants answer.")
    context = RichTextField(
        blank=True,
        features=RICH_TEXT_FEATURES,
        help_text="Background shown with the question, such as a definition.",
    )
    response_kind = models.CharField(
        "how participants answer",
        max_length=20,
        choices=ResponseKind.choices,
        default=ResponseKind.OPEN_TEXT,
    )
    rating_scale = models.PositiveSmallIntegerField(
        default=5, help_text="For ratings: the highest score (from 1)."
    )
    rating_low_label = models.CharField(max_length=60, blank=True, default="Not at all")
    rating_high_label = models.CharField(
        max_length=60, blank=True, default="Completely"
    )

    base_form_class = PlenaryQuestionForm
    sequence_prefetch = ("choices",)

    content_panels = Page.content_panels + [
        FieldPanel("prompt"),
        FieldPanel("context"),
        FieldPanel("response_kind"),
        InlinePanel(
            "choices", label="Choice", heading="Choices (for one-of-several questions)"
        ),
        MultiFieldPanel(
            [
                FieldPanel("rating_scale"),
                FieldRowPanel(
                    [FieldPanel("rating_low_label"), FieldPanel("rating_high_label")]
                ),
            ],
            heading="Rating (for rating questions)",
        ),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("prompt"),
        index.SearchField("context"),
    ]

    class Meta:
        verbose_name = "plenary question"

    def clean(self):
        super().clean()
        if not 2 <= self.rating_scale <= 10:
            raise ValidationError({"rating_scale": "Choose a scale from 2 to 10."})

    @property
    def search_summary(self):
        return self.search_description or self.prompt

    @property
    def rating_values(self):
        return range(1, self.rating_scale + 1)

    def get_context(self, request, *args, **kwargs):
        from courses.forms import PlenaryAnswerForm
        from courses.models.live import LiveAnswer, PlenaryResponse

        context = super().get_context(request, *args, **kwargs)
        context["published_answers"] = (
            LiveAnswer.objects.filter(question=self, published=True, hidden=False)
            .select_related("choice", "participant")
            .order_by("answered_at")[:50]
        )
        if request.user.is_authenticated:
            mine = PlenaryResponse.objects.filter(
                learner=request.user, question=self
            ).first()
            context["my_response"] = mine
            context["response_form"] = PlenaryAnswerForm(question=self, answer=mine)
        return context

    @path("answer/", name="answer")
    def answer(self, request):
        """POST: a logged-in learner's own answer, which they may change."""
        from courses.forms import PlenaryAnswerForm
        from courses.models.live import PlenaryResponse

        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"], "Answer with the form on the page.")
        if not request.user.is_authenticated:
            return redirect_to_login(self.url)
        mine = PlenaryResponse.objects.filter(learner=request.user, question=self)
        form = PlenaryAnswerForm(request.POST, question=self, answer=mine.first())
        if not form.is_valid():
            response = self.render(request, context_overrides={"response_form": form})
            response.status_code = 400
            return response
        PlenaryResponse.objects.update_or_create(
            learner=request.user,
            question=self,
            defaults={"answered_at": timezone.now(), **form.answer_fields()},
        )
        messages.success(
            request, "Your answer is saved. You can change it at any time."
        )
        return redirect(self.url)


class PlenaryChoice(Orderable):
    """One answer participants may pick in a one-of-several-choices question."""

    page = ParentalKey(
        PlenaryQuestionPage, on_delete=models.CASCADE, related_name="choices"
    )
    label = models.CharField(max_length=200)

    panels = [FieldPanel("label")]

    def __str__(self):
        return self.label


# The page types that make up a module's sequence, in the order their queries run.
@cache
def sequence_page_types():
    """The page types that are steps of a module: every concrete SequencePage."""
    return tuple(
        model
        for model in apps.get_app_config("courses").get_models()
        if issubclass(model, SequencePage)
    )
