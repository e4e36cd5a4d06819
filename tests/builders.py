"""Small helpers that build page trees for tests, without the demo content."""

import datetime

from wagtail.models import Page, Site

from courses.models import (
    CourseIndexPage,
    CoursePage,
    DayPage,
    EventIndexPage,
    EventPage,
    InnovationPrinciple,
    InnovationStrategy,
    ModulePage,
    PlenaryQuestionPage,
    QuizPage,
    SlidePage,
)
from home.models import HomePage


def make_home():
    """A HomePage as the default site's root, replacing Wagtail's stock welcome page."""
    root = Page.get_first_root_node()
    home = root.add_child(instance=HomePage(title="Home", slug="home-test"))
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"root_page": home, "hostname": "localhost", "port": 80},
    )
    Page.objects.filter(depth=2).exclude(pk=home.pk).delete()
    return home


def make_sections(home):
    """The events and course indexes under the home page."""
    events = home.add_child(instance=EventIndexPage(title="Events", slug="events"))
    courses = home.add_child(instance=CourseIndexPage(title="Courses", slug="courses"))
    return events, courses


def make_event(index, title="A workshop", start=None, **fields):
    start = start or datetime.date.today() + datetime.timedelta(days=30)
    return index.add_child(
        instance=EventPage(title=title, start_date=start, modality="online", **fields)
    )


def make_slide(module, number, principles=()):
    slide = SlidePage(
        title=f"Slide {number}",
        body=[
            ("heading", f"Heading {number}"),
            ("bullet_list", [{"text": f"Point {number}", "sub_items": ["Sub-point"]}]),
            ("source", {"title": "2020 UN E-Government Survey", "url": ""}),
        ],
        speaker_notes="<p>Pause here for questions.</p>",
    )
    slide.principles.set(list(principles))
    return module.add_child(instance=slide)


def make_course(courses_index, days=1, modules_per_day=1, slides_per_module=3):
    """A course with the given shape; every module ends with a plenary question."""
    course = courses_index.add_child(
        instance=CoursePage(
            title=f"Course {days}x{modules_per_day}x{slides_per_module}",
            summary="A course.",
        )
    )
    principle = InnovationPrinciple.objects.get_or_create(
        number=1, defaults={"name": "Access", "description": "Reach everyone."}
    )[0]
    for day_number in range(1, days + 1):
        day = course.add_child(
            instance=DayPage(title=f"Day {day_number}", day_number=day_number)
        )
        for module_number in range(1, modules_per_day + 1):
            module = day.add_child(
                instance=ModulePage(
                    title=f"Module {day_number}.{module_number}",
                    code=f"{day_number}.{module_number}",
                )
            )
            for number in range(1, slides_per_module + 1):
                make_slide(module, number, principles=[principle])
            module.add_child(
                instance=PlenaryQuestionPage(
                    title="Plenary", prompt="What would you change first?"
                )
            )
    return course


def get_principle(number=1, name="Access"):
    return InnovationPrinciple.objects.get_or_create(
        number=number, defaults={"name": name, "description": f"About {name}."}
    )[0]


def get_strategy(number=1, name="Process innovation"):
    return InnovationStrategy.objects.get_or_create(
        number=number,
        defaults={
            "name": name,
            "description": f"About {name}.",
            "example": f"An example of {name}.",
        },
    )[0]


def single_choice(question="Which one?", right="Right", wrong=("Wrong",), **extra):
    choices = [{"text": right, "correct": True}]
    choices += [{"text": text, "correct": False} for text in wrong]
    return ("single_choice", {"question": question, "choices": choices, **extra})


def make_quiz(parent, questions=None, publish=True, **fields):
    """A quiz under `parent`, published through a revision as editors publish it."""
    fields.setdefault("title", "Quiz")
    quiz = parent.add_child(
        instance=QuizPage(questions=questions or [single_choice()], **fields)
    )
    if publish:
        quiz.save_revision().publish()
        quiz.refresh_from_db()
    return quiz
