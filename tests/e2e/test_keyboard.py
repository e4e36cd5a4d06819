"""Keyboard-only use of a slide page: the skip link, visible focus, turning slides."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.demo_site import (
    MODULE_2_2,
    MODULE_2_2_LENGTH,
    slide_position,
    tab_to,
    visit,
)

pytestmark = pytest.mark.e2e

SLIDE_1 = f"{MODULE_2_2}government-innovation-context/"
SLIDE_2 = f"{MODULE_2_2}to-achieve-the-sdgs/"
SLIDE_3 = f"{MODULE_2_2}innovation-requirements/"
# More than every focusable element of a slide page: the walk stops when focus
# comes back round to where it started.
MAX_TAB_STOPS = 80

# What the focused element looks like, and whether that shows where focus is: an
# outline that is drawn, or a box shadow.
FOCUS_STYLE = """() => {
    const element = document.activeElement;
    if (!element || element === document.body) return null;
    const style = getComputedStyle(element);
    const outlineShows =
        style.outlineStyle !== "none" &&
        parseFloat(style.outlineWidth) > 0 &&
        !/rgba\\(.*,\\s*0\\)$|transparent/.test(style.outlineColor);
    return {
        element: element.outerHTML.slice(0, 120),
        focusVisible: element.matches(":focus-visible"),
        indicated: outlineShows || style.boxShadow !== "none",
        outline: `${style.outlineStyle} ${style.outlineWidth} ${style.outlineColor}`,
        boxShadow: style.boxShadow,
    };
}"""


def test_first_tab_shows_the_skip_link_which_moves_focus_to_main(page):
    visit(page, SLIDE_2)
    page.keyboard.press("Tab")
    skip_link = page.get_by_role("link", name="Skip to main content")
    expect(skip_link).to_be_focused()

    # Hidden until focused: once focused it must be on screen and big enough to
    # read, not the 1px clipped box it is otherwise.
    box = skip_link.bounding_box()
    assert box is not None
    assert box["width"] > 40 and box["height"] > 16, box
    assert box["x"] >= 0 and box["y"] >= 0, box
    assert skip_link.evaluate("link => getComputedStyle(link).clipPath") == "none"

    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#main-content$"))
    expect(page.locator("main")).to_be_focused()
    # The next Tab continues inside main, past the header's links.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('main') !== null")


def test_every_element_reached_with_tab_shows_a_focus_indicator(page):
    visit(page, SLIDE_2)
    seen, missing = [], []
    for _ in range(MAX_TAB_STOPS):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUS_STYLE)
        if focused is None or (seen and focused["element"] == seen[0]):
            break
        seen.append(focused["element"])
        if not (focused["focusVisible"] and focused["indicated"]):
            missing.append(focused)
    assert len(seen) > 10, f"Tab reached only {len(seen)} elements: {seen}"
    assert not missing, "no visible focus indicator on:\n" + "\n".join(
        f"{item['element']} (outline {item['outline']}; box-shadow {item['boxShadow']};"
        f" :focus-visible {item['focusVisible']})"
        for item in missing
    )


def test_slides_turn_with_the_keyboard_alone(page):
    visit(page, SLIDE_2)
    nav = page.get_by_role("navigation", name="Slide navigation")
    # static/js/slides.js announces the keys it adds; set only if it ran.
    expect(nav.locator('a[rel~="next"]')).to_have_attribute(
        "aria-keyshortcuts", "ArrowRight"
    )
    expect(nav.locator('a[rel~="prev"]')).to_have_attribute(
        "aria-keyshortcuts", "ArrowLeft"
    )

    page.keyboard.press("ArrowRight")
    page.wait_for_url(f"**{SLIDE_3}")
    assert slide_position(page) == f"Slide 3 of {MODULE_2_2_LENGTH}"
    page.keyboard.press("ArrowLeft")
    page.wait_for_url(f"**{SLIDE_2}")
    page.keyboard.press("ArrowLeft")
    page.wait_for_url(f"**{SLIDE_1}")
    assert slide_position(page) == f"Slide 1 of {MODULE_2_2_LENGTH}"
    # The first slide has no previous one, so ArrowLeft stays put; and arrow
    # keys typed into the search box move its caret, not the slides.
    expect(nav.locator('a[rel~="prev"]')).to_have_count(0)
    page.keyboard.press("ArrowLeft")
    search = page.get_by_role("searchbox", name="Search the site")
    search.focus()
    page.keyboard.type("access")
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowRight")
    # Nothing to wait for when all is well: give a wrong navigation time to start.
    page.wait_for_timeout(300)
    assert page.url.endswith(SLIDE_1), page.url
    expect(search).to_have_value("access")

    # The "Next" link itself, reached with Tab (from the search box) and followed.
    tab_to(page, '[data-slide-nav] a[rel~="next"]')
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{SLIDE_2}")
