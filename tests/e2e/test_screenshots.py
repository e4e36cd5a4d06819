"""Full-page screenshots of every public page type, and of the quiz pages a
learner sees, at desktop and phone widths, for people to look at; each page must
also fit its width without sideways scrolling (WCAG 1.4.10, reflow)."""

import pytest

from tests.e2e.conftest import DESKTOP, PHONE, REPO_ROOT
from tests.e2e.demo_site import LEARNER_PAGES, PUBLIC_PAGES, visit, visit_page_type

pytestmark = pytest.mark.e2e

SCREENSHOTS = REPO_ROOT / "test-artifacts" / "screenshots"
VIEWPORTS = {
    DESKTOP["width"]: {"viewport": DESKTOP},
    PHONE["width"]: {"viewport": PHONE, "is_mobile": True, "has_touch": True},
}


def screenshot_and_check_reflow(page, page_type, width):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{page_type}-{width}.png"
    path.unlink(missing_ok=True)
    page.screenshot(path=path, full_page=True)
    assert path.stat().st_size > 0

    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, (
        f"{page_type} is {overflow}px wider than a {width}px screen; see {path}"
    )


@pytest.mark.parametrize("width", VIEWPORTS)
@pytest.mark.parametrize("page_type", PUBLIC_PAGES)
def test_page_type_screenshot(open_context, page_type, width):
    page = open_context(**VIEWPORTS[width]).new_page()
    visit_page_type(page, page_type)
    screenshot_and_check_reflow(page, page_type, width)


@pytest.mark.parametrize("width", VIEWPORTS)
@pytest.mark.parametrize("page_type", LEARNER_PAGES)
def test_learner_page_screenshot(open_context, quiz_learner, page_type, width):
    context = open_context(**VIEWPORTS[width], storage_state=quiz_learner.storage_state)
    page = context.new_page()
    visit(page, LEARNER_PAGES[page_type])
    screenshot_and_check_reflow(page, page_type, width)
