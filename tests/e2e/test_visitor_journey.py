"""A visitor finds an event, its course and a module, reads every slide with the
keyboard, and finds a slide again through the site search."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.demo_site import (
    COURSE_TITLE,
    MODULE_2_2_LENGTH,
    slide_position,
    tab_to,
    visit,
)

pytestmark = pytest.mark.e2e

NEXT_LINK = '[data-slide-nav] a[rel~="next"]'


def test_visitor_follows_links_from_home_to_a_module_and_reads_every_slide(page):
    visit(page, "/")
    main_nav = page.get_by_role("navigation", name="Main")
    main_nav.get_by_role("link", name="Events").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Events")

    # The APO workshop is found by its project code, as a participant would.
    card = page.locator("article.event-card").filter(has_text="24-IP-07-GE-WSP-A")
    expect(card).to_have_count(1)
    card.get_by_role("link").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Workshop on Innovations in Public Service Delivery"
    )
    facts = page.locator("#key-facts + dl.facts")
    expect(facts).to_contain_text("24-IP-07-GE-WSP-A")
    expect(facts).to_contain_text("11 June 2024 – 13 June 2024")
    expect(page.locator('time[datetime="2024-06-11"]').first).to_be_visible()
    expect(page.locator('time[datetime="2024-06-13"]').first).to_be_visible()
    expect(facts).to_contain_text("Applications closed")

    page.get_by_role("link", name=COURSE_TITLE, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(COURSE_TITLE)

    page.get_by_role("link", name=re.compile(r"^Day 2: ")).click()
    expect(page.locator(".page-header .eyebrow")).to_have_text("Day 2")

    page.get_by_role("link", name=re.compile(r"^2\.2 ")).click()
    expect(page.locator(".page-header .eyebrow")).to_have_text("Module 2.2")
    expect(page.locator("section.slide")).to_have_count(MODULE_2_2_LENGTH)

    page.get_by_role("link", name=re.compile(r"^Open slide 1 on its own page")).click()
    titles = []
    for position in range(1, MODULE_2_2_LENGTH + 1):
        assert re.match(
            rf"Slide {position} of {MODULE_2_2_LENGTH}\b", slide_position(page)
        ), f"on {page.url}: {slide_position(page)!r}"
        titles.append(page.get_by_role("heading", level=1).inner_text())
        if position == MODULE_2_2_LENGTH:
            break
        next_url = page.locator(NEXT_LINK).get_attribute("href")
        # Both ways a keyboard user turns the page: the arrow key that
        # static/js/slides.js adds, and Tab to the "Next" link then Enter.
        if position % 2:
            page.keyboard.press("ArrowRight")
        else:
            tab_to(page, NEXT_LINK)
            page.keyboard.press("Enter")
        page.wait_for_url(f"**{next_url}")

    assert titles[-1] == "Thank you"
    assert len(set(titles)) == MODULE_2_2_LENGTH, titles
    expect(page.locator(NEXT_LINK)).to_have_count(0)

    search = page.get_by_role("searchbox", name="Search the site")
    search.fill("transparency")
    search.press("Enter")
    page.wait_for_url(re.compile(r"/search/\?query=transparency"))
    results_heading = page.get_by_role("heading", level=2, name=re.compile("result"))
    expect(results_heading).to_contain_text("for “transparency”")

    page.get_by_role(
        "link", name="Transparency and accountability of service delivery", exact=True
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Transparency and accountability of service delivery"
    )
    assert slide_position(page) == f"Slide 12 of {MODULE_2_2_LENGTH}"
