"""Each page type can be created where it belongs in the tree, and nowhere else."""

import datetime

from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import (
    inline_formset,
    nested_form_data,
    rich_text,
    streamfield,
)

from courses.models import (
    CourseIndexPage,
    CoursePage,
    DayPage,
    EventIndexPage,
    EventPage,
    ModulePage,
    PlenaryQuestionPage,
    QuizPage,
    SlidePage,
)
from home.models import HomePage
from tests.builders import make_course, make_home, make_sections

ALL_PAGE_TYPES = [
    HomePage,
    EventIndexPage,
    EventPage,
    CourseIndexPage,
    CoursePage,
    DayPage,
    ModulePage,
    SlidePage,
    PlenaryQuestionPage,
    QuizPage,
]

# parent -> the only children it accepts
ALLOWED = {
    Page: {HomePage},
    HomePage: {EventIndexPage, CourseIndexPage},
    EventIndexPage: {EventPage},
    EventPage: set(),
    CourseIndexPage: {CoursePage},
    CoursePage: {DayPage, QuizPage},
    DayPage: {ModulePage, QuizPage},
    ModulePage: {SlidePage, PlenaryQuestionPage, QuizPage},
    SlidePage: set(),
    PlenaryQuestionPage: set(),
    QuizPage: set(),
}


class TreeRulesTests(WagtailPageTestCase):
    def test_each_page_type_only_under_its_parents(self):
        for parent, children in ALLOWED.items():
            for child in ALL_PAGE_TYPES:
                if child in children:
                    self.assertCanCreateAt(parent, child)
                else:
                    self.assertCanNotCreateAt(parent, child)

    def test_allowed_subpage_models_match_the_design(self):
        for parent, children in ALLOWED.items():
            if parent is Page:
                continue
            self.assertAllowedSubpageTypes(parent, children)


class CreateThroughTheAdminTests(WagtailPageTestCase):
    """An editor builds a course tree through the admin's real forms."""

    def setUp(self):
        self.login()
        self.home = make_home()
        self.events, self.courses = make_sections(self.home)
        self.course = make_course(self.courses, slides_per_module=1)
        self.module = ModulePage.objects.get()

    def test_create_event_with_every_kind_of_field(self):
        self.assertCanCreate(
            self.events,
            EventPage,
            nested_form_data(
                {
                    "title": "Workshop on Innovations in Public Service Delivery",
                    "project_code": "24-IP-07-GE-WSP-A",
                    "reference_number": "327",
                    "date_of_issue": "2024-04-22",
                    "start_date": "2024-06-11",
                    "end_date": "2024-06-13",
                    "modality": "online",
                    "overseas_participants": "38",
                    "local_participants": "12",
                    "application_closing_date": "2024-05-27",
                    "objectives": rich_text("<p>Identify drivers of innovation.</p>"),
                    "background": rich_text("<p>Context.</p>"),
                    "report": rich_text(""),
                    "topics": inline_formset([{"title": "Understanding innovation"}]),
                    "speakers": inline_formset([]),
                    "best_practices": streamfield([]),
                }
            ),
        )
        event = EventPage.objects.get(project_code="24-IP-07-GE-WSP-A")
        self.assertEqual(event.end_date, datetime.date(2024, 6, 13))
        self.assertEqual(
            [t.title for t in event.topics.all()], ["Understanding innovation"]
        )

    def test_event_cannot_end_before_it_starts(self):
        with self.assertRaises(AssertionError) as raised:
            self.assertCanCreate(
                self.events,
                EventPage,
                nested_form_data(
                    {
                        "title": "Backwards",
                        "start_date": "2024-06-11",
                        "end_date": "2024-06-01",
                        "modality": "online",
                        "objectives": rich_text(""),
                        "background": rich_text(""),
                        "report": rich_text(""),
                        "topics": inline_formset([]),
                        "speakers": inline_formset([]),
                        "best_practices": streamfield([]),
                    }
                ),
            )
        self.assertIn("cannot end before it starts", str(raised.exception))

    def test_create_day_module_and_slide(self):
        self.assertCanCreate(
            self.course,
            DayPage,
            nested_form_data({"title": "Day 3", "day_number": "3", "subtitle": ""}),
        )
        day = DayPage.objects.get(day_number=3)
        self.assertCanCreate(
            day,
            ModulePage,
            nested_form_data({"title": "Open data", "code": "3.1", "summary": ""}),
        )
        module = ModulePage.objects.get(code="3.1")
        self.assertCanCreate(
            module,
            SlidePage,
            nested_form_data(
                {
                    "title": "Why open data",
                    "body": streamfield(
                        [
                            ("heading", "Open by default"),
                            (
                                "source",
                                {"title": "2020 UN E-Government Survey", "url": ""},
                            ),
                        ]
                    ),
                    "speaker_notes": rich_text(""),
                }
            ),
        )
        slide = SlidePage.objects.get(title="Why open data")
        self.assertTrue(slide.live)
        self.assertEqual(slide.body[0].value, "Open by default")

    def test_choice_question_needs_two_choices(self):
        data = {
            "title": "Which first?",
            "prompt": "Which principle would you apply first?",
            "context": rich_text(""),
            "response_kind": "single_choice",
            "rating_scale": "5",
            "rating_low_label": "",
            "rating_high_label": "",
        }
        with self.assertRaises(AssertionError) as raised:
            self.assertCanCreate(
                self.module,
                PlenaryQuestionPage,
                nested_form_data(
                    {**data, "choices": inline_formset([{"label": "Access"}])}
                ),
            )
        self.assertIn("at least two choices", str(raised.exception))
        self.assertCanCreate(
            self.module,
            PlenaryQuestionPage,
            nested_form_data(
                {
                    **data,
                    "choices": inline_formset(
                        [{"label": "Access"}, {"label": "Quality"}]
                    ),
                }
            ),
        )
        question = PlenaryQuestionPage.objects.get(title="Which first?")
        self.assertEqual(
            [c.label for c in question.choices.all()], ["Access", "Quality"]
        )
