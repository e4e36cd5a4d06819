"""`load_demo` builds the whole demo site, can run again safely, and never harms editors' pages."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from wagtail.models import Page, Revision, Site

from courses.blocks import QuizQuestionsBlock
from courses.models import (
    Country,
    CourseIndexPage,
    CoursePage,
    DayPage,
    EventIndexPage,
    EventPage,
    InnovationPrinciple,
    InnovationStrategy,
    ModulePage,
    Organisation,
    PlenaryQuestionPage,
    QuizPage,
    SlidePage,
)
from home.models import HomePage

pytestmark = pytest.mark.django_db

WELCOME_TITLE = "Welcome to your new Wagtail site!"

EXPECTED_PAGE_COUNTS = {
    HomePage: 1,
    EventIndexPage: 1,
    EventPage: 4,
    CourseIndexPage: 1,
    CoursePage: 1,
    DayPage: 1,
    ModulePage: 1,
    SlidePage: 14,
    PlenaryQuestionPage: 1,
    QuizPage: 2,
}

MODULE_SEQUENCE = [
    "The Government Innovation Context",
    "To Achieve the SDGs",
    "Innovation requirements",
    "Digital Government",
    "Capability to Innovate Varies",
    "Realizing Innovation in PSD",
    "Five Main Principles to Guide Innovation in PSD",
    "Access",
    "Quality",
    "Inclusion and responsiveness to the needs of the furthest left behind",
    "People-driven and personalized services",
    "Transparency and accountability of service delivery",
    "Five Central, Interlinked and Interdependent Strategies to Enable Innovation "
    "in PSD",
    "Plenary discussion: the whole-of-government approach",
    "Check your understanding: principles and strategies",
    "Thank you",
]

PRINCIPLE_SLIDES = {
    "Access": "Access",
    "Quality": "Quality",
    "Inclusion and responsiveness": (
        "Inclusion and responsiveness to the needs of the furthest left behind"
    ),
    "People-driven and personalized services": (
        "People-driven and personalized services"
    ),
    "Transparency and accountability of service delivery": (
        "Transparency and accountability of service delivery"
    ),
}

# Table 1 of the matchmaking report: (sharing country, number of interested ones).
BEST_PRACTICE_ROWS = [
    ("Kazakhstan", 3),
    ("Bangladesh", 5),
    ("Georgia", 5),
    ("Bosnia and Herzegovina", 4),
    ("Nigeria", 2),
    ("Bangladesh", 2),
    ("India", 4),
    ("Bangladesh", 5),
    ("Nepal", 4),
    ("Fiji", 5),
]


def load_demo():
    out = StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def snippet_counts():
    return {
        model: model.objects.count()
        for model in (Country, Organisation, InnovationPrinciple, InnovationStrategy)
    }


def default_site_root():
    return Site.objects.get(is_default_site=True).root_page.specific


def make_editor_home(title="Editors' home"):
    """An editor's HomePage as the site root, in place of the welcome page."""
    root = Page.get_first_root_node()
    home = root.add_child(instance=HomePage(title=title, slug="editors-home"))
    site = Site.objects.get(is_default_site=True)
    site.root_page = home
    site.save()
    Page.objects.filter(depth=2).exclude(pk=home.pk).delete()
    return home


def module_page():
    return ModulePage.objects.get(code="2.2")


def module_quiz():
    return QuizPage.objects.child_of(module_page()).get()


def final_assessment():
    return QuizPage.objects.child_of(CoursePage.objects.get()).get()


def tagged(quiz, tags):
    """The snippets that the quiz's questions name under `tags`, by id."""
    return {snippet.pk for block in quiz.questions for snippet in block.value[tags]}


# Building the site -----------------------------------------------------------


def test_load_creates_every_demo_page_live_with_a_revision():
    output = load_demo()

    for model, count in EXPECTED_PAGE_COUNTS.items():
        assert model.objects.count() == count, model
    assert Page.objects.count() == 1 + sum(EXPECTED_PAGE_COUNTS.values())
    assert not Page.objects.filter(depth__gt=1, live=False).exists()
    assert not Page.objects.filter(depth__gt=1, latest_revision__isnull=True).exists()
    assert "Created 27 pages" in output


def test_tree_hangs_from_the_home_page_in_the_right_places():
    load_demo()

    home = default_site_root()
    assert isinstance(home, HomePage)
    assert home.title == "Public Service Innovation Learning"
    events = EventIndexPage.objects.child_of(home).get(slug="events")
    courses = CourseIndexPage.objects.child_of(home).get(slug="courses")
    assert EventPage.objects.child_of(events).count() == 4
    course = CoursePage.objects.child_of(courses).get()
    day = DayPage.objects.child_of(course).get()
    assert (day.day_number, day.title) == (
        2,
        "Exploring Key Concepts and Conducting the Digital Transformation Assessment",
    )
    module = ModulePage.objects.child_of(day).get()
    assert module.code == "2.2"
    assert module.title == (
        "Innovation and Digital Government: Principles and Strategies to Innovate "
        "in Public Service Delivery"
    )


def test_module_holds_every_slide_and_the_plenary_in_the_seed_order():
    load_demo()

    sequence = module_page().get_sequence()

    assert [page.title for page in sequence] == MODULE_SEQUENCE
    plenary = sequence[-3]
    assert isinstance(plenary, PlenaryQuestionPage)
    assert plenary.response_kind == PlenaryQuestionPage.ResponseKind.OPEN_TEXT
    assert "whole-of-government approach" in plenary.context
    assert plenary.prompt


def test_slides_carry_their_blocks_and_sources():
    load_demo()
    slides = {slide.title: slide for slide in SlidePage.objects.all()}

    sdgs = slides["To Achieve the SDGs"]
    assert [block.block_type for block in sdgs.body] == ["bullet_list", "source"]
    requires = sdgs.body[0].value[1]
    assert requires["text"] == "This requires:"
    assert len(requires["sub_items"]) == 4
    assert sdgs.body[1].value["title"] == (
        "UN DPIDG Interim Policy Brief, Capacity Development Unit"
    )
    requirements = slides["Innovation requirements"]
    assert requirements.body[-1].value["title"] == "2020 UN E-Government Survey"
    access_text = " ".join(slides["Access"].body_text_fragments())
    assert "Target 16.9 of the 2030 Agenda" in access_text
    assert slides["Access"].speaker_notes


def test_principles_and_strategies_are_loaded_and_tag_their_slides():
    load_demo()

    principles = list(InnovationPrinciple.objects.all())
    assert [(p.number, p.name) for p in principles] == [
        (number, name) for number, name in enumerate(PRINCIPLE_SLIDES, start=1)
    ]
    for principle in principles:
        assert principle.description
        assert [slide.title for slide in principle.slides.all()] == [
            PRINCIPLE_SLIDES[principle.name]
        ]
    strategies = list(InnovationStrategy.objects.all())
    assert [s.number for s in strategies] == [1, 2, 3, 4, 5]
    assert all(s.description and s.example for s in strategies)
    strategies_slide = SlidePage.objects.get(title__startswith="Five Central")
    assert strategies_slide.strategies.count() == 5


def test_countries_and_organisations_named_in_the_seeds_exist():
    load_demo()

    countries = set(Country.objects.values_list("name", flat=True))
    assert {
        "Republic of Korea",
        "Philippines",
        "Tunisia",
        "Jordan",
        "Lebanon",
        "Kazakhstan",
        "Bangladesh",
        "Bosnia and Herzegovina",
        "Georgia",
        "India",
        "Nepal",
        "Nigeria",
        "Fiji",
        "Thailand",
        "France",
        "Russian Federation",
        "Carpathian Ukraine",
    } <= countries
    acronyms = set(Organisation.objects.values_list("acronym", flat=True))
    assert {"APO", "KPC", "DAP", "ESCWA", "ITU", "SSN4PSI", "ASCH", "UNOSSC"} <= (
        acronyms
    )
    assert {"OECD", "UN DESA", "DPIDG"} <= acronyms
    assert Organisation.objects.filter(name="APO Secretariat").exists()


# Quizzes -----------------------------------------------------------------------


def test_module_quiz_is_a_live_step_between_the_plenary_and_the_last_slide():
    load_demo()

    sequence = module_page().get_sequence()
    quiz = sequence[-2]

    assert isinstance(quiz, QuizPage) and quiz.live
    assert quiz.in_module
    assert isinstance(sequence[-3], PlenaryQuestionPage)
    assert sequence[-1].slug == "thank-you"
    assert (quiz.pass_mark, quiz.attempts_allowed, quiz.time_limit_minutes) == (
        70,
        3,
        None,
    )
    assert quiz.shuffle_choices and not quiz.shuffle_questions
    assert quiz.show_answers == QuizPage.ShowAnswers.AFTER_EACH_ATTEMPT
    assert quiz.introduction


def test_module_quiz_covers_all_five_principles_and_all_five_strategies():
    load_demo()

    quiz = module_quiz()

    assert len(quiz.questions) >= 10
    assert tagged(quiz, "principles") == set(
        InnovationPrinciple.objects.values_list("pk", flat=True)
    )
    assert tagged(quiz, "strategies") == set(
        InnovationStrategy.objects.values_list("pk", flat=True)
    )


def test_module_quiz_uses_every_question_type_and_both_scorings():
    load_demo()

    questions = list(module_quiz().questions)

    assert {block.block_type for block in questions} == set(
        QuizQuestionsBlock().child_blocks
    )
    assert {
        block.value["scoring"]
        for block in questions
        if block.block_type == "multiple_choice"
    } == {"all_or_nothing", "partial"}
    assert {
        block.value["source"] for block in questions if block.block_type == "matching"
    } >= {"principles", "strategies"}


def test_every_demo_question_explains_its_answer_and_passes_editor_validation():
    load_demo()

    for quiz in QuizPage.objects.all():
        # What the editor's form would check, answer keys included.
        quiz.questions.stream_block.clean(quiz.questions)
        for block in quiz.questions:
            assert block.value["explanation"].strip(), block.value["question"]
            assert 1 <= block.value["points"] <= 3, block.value["question"]


def test_final_assessment_is_a_short_timed_quiz_for_the_whole_course():
    load_demo()

    quiz = final_assessment()

    assert quiz.slug == "final-assessment" and quiz.live
    assert not quiz.in_module
    assert quiz.get_prev_sibling().specific_class is DayPage
    assert quiz.time_limit_minutes == 20
    assert (quiz.pass_mark, quiz.attempts_allowed) == (70, 2)
    assert quiz.shuffle_questions
    assert quiz.show_answers == QuizPage.ShowAnswers.AFTER_PASSING
    assert 5 <= len(quiz.questions) <= 6
    assert len({block.block_type for block in quiz.questions}) >= 4


def test_second_run_leaves_the_quizzes_and_their_questions_as_they_were():
    load_demo()
    before = {
        quiz.pk: (quiz.latest_revision_id, quiz.questions.get_prep_value())
        for quiz in QuizPage.objects.all()
    }

    load_demo()

    after = {
        quiz.pk: (quiz.latest_revision_id, quiz.questions.get_prep_value())
        for quiz in QuizPage.objects.all()
    }
    assert after == before
    assert len(after) == 2


# Events ------------------------------------------------------------------------


def test_apo_online_workshop_has_every_notification_fact():
    load_demo()

    event = EventPage.objects.get(project_code="24-IP-07-GE-WSP-A")
    assert event.title == "Workshop on Innovations in Public Service Delivery"
    assert event.reference_number == "327"
    assert event.date_of_issue == datetime.date(2024, 4, 22)
    assert (event.start_date, event.end_date) == (
        datetime.date(2024, 6, 11),
        datetime.date(2024, 6, 13),
    )
    assert event.application_closing_date == datetime.date(2024, 5, 27)
    assert event.modality == EventPage.Modality.ONLINE
    assert event.venue_cities == ""
    assert event.remarks == ""
    assert event.all_member_countries
    assert (event.overseas_participants, event.local_participants) == (38, 12)
    assert [c.name for c in event.hosting_countries.all()] == ["Republic of Korea"]
    assert set(event.implementing_organisations.values_list("name", flat=True)) == {
        "Korea Productivity Center",
        "APO Secretariat",
    }
    assert [topic.title for topic in event.topics.all()] == [
        "Understanding public service innovation",
        "Key technologies and trends in public service delivery",
        "Customer-based solutions and changing expectations",
        "Insights and lessons from case studies",
        "Recommendations",
    ]
    # Explicit positions, so every database returns the topics in this order.
    assert list(event.topics.values_list("sort_order", flat=True)) == [0, 1, 2, 3, 4]
    assert event.issuing_official_name == "Dr. Indra Pradana Singawinata"
    assert event.issuing_official_title == "Secretary-General"
    assert event.objectives and event.rationale and event.background
    assert event.outcome and event.qualifications


def test_apo_conference_in_manila_has_its_facts():
    load_demo()

    event = EventPage.objects.get(project_code="24-IP-02-GE-CON-A")
    assert event.reference_number == "351"
    assert event.date_of_issue == datetime.date(2024, 4, 8)
    assert (event.start_date, event.end_date) == (
        datetime.date(2024, 8, 28),
        datetime.date(2024, 8, 29),
    )
    assert event.venue_cities == "Manila"
    assert event.modality == EventPage.Modality.FACE_TO_FACE
    assert (event.overseas_participants, event.local_participants) == (100, 30)
    assert event.application_closing_date == datetime.date(2024, 6, 26)
    assert [c.name for c in event.hosting_countries.all()] == ["Philippines"]
    assert list(event.implementing_organisations.values_list("acronym", flat=True)) == [
        "DAP"
    ]
    assert event.topics.count() == 4


def test_escwa_workshop_lists_its_speakers_by_organisation_and_country():
    load_demo()

    event = EventPage.objects.get(start_date=datetime.date(2015, 11, 17))
    assert event.end_date is None
    assert event.venue == "ICT4All Conference"
    assert [c.name for c in event.hosting_countries.all()] == ["Tunisia"]
    speakers = list(event.speakers.all())
    assert [s.organisation.acronym for s in speakers if s.organisation] == [
        "ESCWA",
        "ITU",
    ]
    assert [s.country.name for s in speakers if s.country] == [
        "Tunisia",
        "Jordan",
        "Lebanon",
    ]
    assert event.objectives.count("<li>") == 3
    assert event.target_audience


def test_matchmaking_workshop_has_attendance_speakers_and_all_best_practices():
    load_demo()

    event = EventPage.objects.get(start_date=datetime.date(2021, 10, 29))
    assert event.modality == EventPage.Modality.HYBRID
    assert (event.virtual_attendees, event.in_person_attendees) == (88, 40)
    assert event.venue_cities == "Nur-Sultan"
    assert "Astana Civil Service Hub annual conference 2021" in event.venue
    assert set(event.implementing_organisations.values_list("acronym", flat=True)) == {
        "SSN4PSI",
        "ASCH",
        "UNOSSC",
    }
    assert [s.name for s in event.speakers.all()] == [
        "Mr. Maxut Uteshev",
        "Ms. Xiaojun Grace Wang",
        "Mr. Benjamin Kumpf",
        "Mr. Denis Nkala",
    ]
    assert "57" in event.report and "nine presentations" in event.report.lower()
    rows = [
        (block.value["sharing_country"].name, len(block.value["interested_countries"]))
        for block in event.best_practices
    ]
    assert rows == BEST_PRACTICE_ROWS
    first = event.best_practices[0].value
    assert [c.name for c in first["interested_countries"]] == [
        "Kazakhstan",
        "Philippines",
        "Thailand",
    ]


def test_course_is_linked_to_the_online_workshop_and_featured_on_home():
    load_demo()

    course = CoursePage.objects.get()
    assert (
        course.title == "Innovation and Digital Government for Public Service Delivery"
    )
    assert course.providing_organisation.acronym == "UN DESA"
    assert course.summary and course.audience and course.estimated_hours
    assert course.learning_outcomes.count() >= 3
    assert [e.project_code for e in course.events.all()] == ["24-IP-07-GE-WSP-A"]
    home = default_site_root()
    assert [item.course_id for item in home.featured_courses.all()] == [course.pk]
    assert home.upcoming_events_shown == 3


def test_searching_for_transparency_finds_the_transparency_slide():
    load_demo()

    results = [page.title for page in Page.objects.live().search("transparency")]

    assert "Transparency and accountability of service delivery" in results


# Running again and keeping editors' work ------------------------------------------


def test_second_run_changes_nothing_and_says_so():
    load_demo()
    pages, snippets = Page.objects.count(), snippet_counts()
    revisions = Revision.objects.count()

    output = load_demo()

    assert "nothing changed" in output
    assert Page.objects.count() == pages
    assert snippet_counts() == snippets
    assert Revision.objects.count() == revisions


def test_course_retitled_by_an_editor_is_not_overwritten():
    load_demo()
    course = CoursePage.objects.get()
    course.title = "Digital government, our edition"
    course.save_revision().publish()

    load_demo()

    course.refresh_from_db()
    assert course.title == "Digital government, our edition"
    assert CoursePage.objects.count() == 1


def test_deleted_section_comes_back_and_the_rest_is_kept():
    load_demo()
    event = EventPage.objects.get(project_code="24-IP-02-GE-CON-A")
    event.delete()
    CourseIndexPage.objects.get().delete()

    output = load_demo()

    # The course index, course, day and module, the module's 16 steps and the
    # course's final assessment.
    assert "Created 21 pages" in output
    assert CourseIndexPage.objects.count() == 1
    assert CoursePage.objects.count() == 1
    assert module_page().get_children().count() == len(MODULE_SEQUENCE)
    assert EventPage.objects.count() == 3  # the events index was kept as it is
    course = CoursePage.objects.get()
    assert [e.project_code for e in course.events.all()] == ["24-IP-07-GE-WSP-A"]


def test_editors_home_page_is_kept_and_sections_are_added_under_it():
    home = make_editor_home()

    load_demo()

    home.refresh_from_db()
    assert default_site_root().pk == home.pk
    assert home.title == "Editors' home"
    assert HomePage.objects.count() == 1
    assert EventIndexPage.objects.child_of(home).count() == 1
    assert CourseIndexPage.objects.child_of(home).count() == 1
    assert home.featured_courses.count() == 0  # the editor's page is not changed


def test_events_index_under_another_slug_is_kept_not_duplicated():
    home = make_editor_home()
    home.add_child(instance=EventIndexPage(title="What's on", slug="whats-on"))

    load_demo()

    assert EventIndexPage.objects.get().slug == "whats-on"
    assert EventPage.objects.count() == 0
    assert CoursePage.objects.get().events.count() == 0


def test_existing_snippets_are_reused_not_modified():
    Country.objects.create(name="Tunisia", iso_code="XX")
    renamed = InnovationPrinciple.objects.create(
        number=1, name="Universal access", description="Our own wording."
    )

    load_demo()

    assert Country.objects.get(name="Tunisia").iso_code == "XX"
    renamed.refresh_from_db()
    assert (renamed.name, renamed.description) == (
        "Universal access",
        "Our own wording.",
    )
    assert InnovationPrinciple.objects.count() == 5
    assert list(renamed.slides.values_list("title", flat=True)) == ["Access"]


# Replacing the welcome page and refusing conflicts -----------------------------------


def test_stock_welcome_page_is_replaced_by_the_home_page():
    welcome = default_site_root()
    assert type(welcome) is Page and welcome.title == WELCOME_TITLE

    output = load_demo()

    assert not Page.objects.filter(pk=welcome.pk).exists()
    assert isinstance(default_site_root(), HomePage)
    assert default_site_root().slug == "home"
    assert not Page.objects.filter(title=WELCOME_TITLE).exists()
    assert "welcome page" in output


def test_page_of_another_type_at_a_demo_slug_stops_the_load_and_changes_nothing():
    home = make_editor_home()
    home.add_child(instance=CourseIndexPage(title="Our courses", slug="events"))
    pages, snippets = Page.objects.count(), snippet_counts()

    with pytest.raises(CommandError) as raised:
        load_demo()

    message = str(raised.value)
    assert "\n" not in message
    assert "Our courses" in message and "course index page" in message
    assert "an event index page" in message and "'events'" in message
    assert Page.objects.count() == pages
    assert snippet_counts() == snippets
    assert snippets[Country] == 0


def test_site_root_of_another_type_stops_the_load():
    root = Page.get_first_root_node()
    courses = root.add_child(instance=CourseIndexPage(title="Catalogue", slug="cat"))
    site = Site.objects.get(is_default_site=True)
    site.root_page = courses
    site.save()
    pages = Page.objects.count()

    with pytest.raises(CommandError, match="default site's root page 'Catalogue'"):
        load_demo()

    assert Page.objects.count() == pages
    assert snippet_counts()[InnovationPrinciple] == 0


def test_welcome_page_with_children_is_not_deleted():
    welcome = default_site_root()
    welcome.add_child(instance=Page(title="Something an editor keeps", slug="keep"))

    with pytest.raises(CommandError):
        load_demo()

    assert Page.objects.filter(pk=welcome.pk).exists()
    assert default_site_root().pk == welcome.pk
    assert not HomePage.objects.exists()


def test_second_home_page_is_not_made_while_the_site_points_at_the_welcome_page():
    root = Page.get_first_root_node()
    root.add_child(instance=HomePage(title="Draft home", slug="draft-home"))
    pages = Page.objects.count()

    with pytest.raises(CommandError, match="Draft home"):
        load_demo()

    assert Page.objects.count() == pages
    assert HomePage.objects.count() == 1
