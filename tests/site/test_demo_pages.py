"""With the demo content loaded, every page answers and shows its key facts."""

import datetime

from django.core.management import call_command
from django.test import TestCase
from django.utils import timezone
from django.utils.html import escape
from wagtail.models import Page

from courses.models import (
    CoursePage,
    EventIndexPage,
    EventPage,
    InnovationPrinciple,
    InnovationStrategy,
    ModulePage,
    PlenaryQuestionPage,
    SlidePage,
)
from tests.builders import make_event


class DemoSiteTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        call_command("load_demo", stdout=open("/dev/null", "w"))
        cls.apo_workshop = EventPage.objects.get(project_code="24-IP-07-GE-WSP-A")
        cls.course = CoursePage.objects.get()
        cls.module = ModulePage.objects.get(code="2.2")

    def get(self, page_or_url):
        url = page_or_url if isinstance(page_or_url, str) else page_or_url.url
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200, url)
        return response

    def test_every_live_page_answers(self):
        pages = Page.objects.live().filter(depth__gt=1).specific()
        self.assertGreater(len(pages), 20)
        for page in pages:
            with self.subTest(page=page.url):
                self.get(page)

    def test_event_page_shows_notification_facts(self):
        response = self.get(self.apo_workshop)
        for fact in [
            "24-IP-07-GE-WSP-A",
            "327",
            "22 April 2024",
            "11 June 2024",
            "13 June 2024",
            "Online",
            "27 May 2024",
            "Republic of Korea",
            "Korea Productivity Center",
            "All member countries",
            "Dr. Indra Pradana Singawinata",
            "Applications closed",
        ]:
            self.assertContains(response, fact, msg_prefix=fact)
        for fact in ["Overseas: 38", "Local: 12", "Total: 50"]:
            self.assertContains(response, fact, msg_prefix=fact)

    def test_event_page_lists_its_course_and_modules(self):
        response = self.get(self.apo_workshop)
        self.assertContains(response, self.course.title)
        self.assertContains(response, self.module.url)

    def test_course_page_shows_outline_and_events(self):
        response = self.get(self.course)
        self.assertContains(response, "Day 2")
        self.assertContains(response, "2.2")
        self.assertContains(response, self.module.url)
        self.assertContains(response, self.apo_workshop.url)

    def test_module_page_shows_all_principles_and_strategies_in_order(self):
        response = self.get(self.module)
        content = response.content.decode()
        for concept in [
            *InnovationPrinciple.objects.all(),
            *InnovationStrategy.objects.all(),
        ]:
            self.assertIn(escape(concept.name), content)
        sequence = list(self.module.get_children().live())
        self.assertGreaterEqual(len(sequence), 10)
        self.assertEqual(
            [page.pk for page in response.context["sequence"]],
            [page.pk for page in sequence],
        )
        labels = [
            content.index(f"Slide {n} of {len(sequence)}")
            for n in range(1, len(sequence) + 1)
        ]
        self.assertEqual(labels, sorted(labels), "slides rendered out of tree order")

    def test_slide_page_has_position_and_neighbours(self):
        slides = list(self.module.get_children().live())
        second = slides[1]
        response = self.get(second)
        self.assertContains(response, f"Slide 2 of {len(slides)}")
        self.assertContains(response, f'href="{slides[0].url}"')
        self.assertContains(response, f'href="{slides[2].url}"')
        # Breadcrumbs follow the tree.
        for ancestor in [self.course, self.module]:
            self.assertContains(response, f'href="{ancestor.url}"')

    def test_speaker_notes_hidden_from_visitors(self):
        slide = SlidePage.objects.exclude(speaker_notes="").first()
        self.assertIsNotNone(slide, "the demo should carry speaker notes")
        notes_text = slide.speaker_notes.split(">")[1].split("<")[0][:40]
        self.assertNotContains(self.get(slide), notes_text)

    def test_plenary_question_page(self):
        question = PlenaryQuestionPage.objects.get()
        response = self.get(question)
        self.assertContains(response, "whole-of-government", msg_prefix="definition")
        self.assertContains(response, question.prompt[:40])

    def test_search_finds_the_transparency_slide(self):
        response = self.get("/search/?query=transparency")
        slide = SlidePage.objects.get(principles__name__icontains="transparency")
        self.assertContains(response, f'href="{slide.url}"')
        self.assertContains(response, "Slide")  # the result's page type

    def test_search_paginates_and_tolerates_bad_page_numbers(self):
        response = self.get("/search/?query=innovation&page=999")
        self.assertEqual(
            response.context["search_results"].number,
            response.context["search_results"].paginator.num_pages,
        )
        self.get("/search/?query=innovation&page=abc")
        empty = self.get("/search/?query=")
        self.assertEqual(len(empty.context["search_results"]), 0)

    def test_event_listing_splits_upcoming_and_past(self):
        index = EventIndexPage.objects.get()
        future = make_event(
            index,
            title="Future workshop",
            start=timezone.localdate() + datetime.timedelta(days=10),
            application_closing_date=timezone.localdate() + datetime.timedelta(days=4),
        )
        response = self.get(index)
        upcoming = list(response.context["upcoming_events"])
        past = list(response.context["past_events"])
        self.assertEqual(upcoming, [future])
        self.assertIn(self.apo_workshop, past)
        self.assertContains(self.get(future), "Applications close in 4 days")

    def test_unknown_page_is_a_404_with_our_template(self):
        response = self.client.get("/no-such-page/")
        self.assertEqual(response.status_code, 404)
        self.assertContains(response, "Skip to main content", status_code=404)
