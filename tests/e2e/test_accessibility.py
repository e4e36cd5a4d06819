"""axe-core finds no serious or critical WCAG 2.2 AA failure on any public page
type, nor on the quiz pages a learner sees, and every page says what language it
is in."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.e2e.demo_site import (
    LEARNER_PAGES,
    PUBLIC_PAGES,
    visit,
    visit_page_type,
)

pytestmark = pytest.mark.e2e

AXE_OPTIONS = {
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"],
    }
}
BLOCKING_IMPACTS = {"serious", "critical"}


def describe(violations):
    """axe's violations as lines a person can act on: rule, impact, where, why."""
    lines = []
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation['impact']}): {violation['help']}"
            f" <{violation['helpUrl']}>"
        )
        for node in violation["nodes"]:
            target = " ".join(str(part) for part in node["target"])
            lines.append(f"    {target}: {node['html'][:160]}")
            summary = node.get("failureSummary", "").replace("\n", "\n      ")
            lines.append(f"      {summary}")
    return "\n".join(lines)


def assert_no_serious_violations(page, page_type):
    lang = page.locator("html").get_attribute("lang")
    assert lang and lang.strip(), f"{page_type}: <html> has no lang attribute"

    violations = Axe().run(page, options=AXE_OPTIONS).response["violations"]
    blocking = [v for v in violations if v["impact"] in BLOCKING_IMPACTS]
    others = [v for v in violations if v["impact"] not in BLOCKING_IMPACTS]
    assert not blocking, (
        f"{page_type} ({page.url}): {len(blocking)} serious or critical axe "
        f"violation(s):\n{describe(blocking)}"
        + (f"\nAlso, less severe:\n{describe(others)}" if others else "")
    )


@pytest.mark.parametrize("page_type", PUBLIC_PAGES)
def test_page_type_has_no_serious_accessibility_violations(page, page_type):
    visit_page_type(page, page_type)
    assert_no_serious_violations(page, page_type)


@pytest.mark.parametrize("page_type", LEARNER_PAGES)
def test_learner_page_has_no_serious_accessibility_violations(
    open_context, quiz_learner, page_type
):
    page = open_context(storage_state=quiz_learner.storage_state).new_page()
    visit(page, LEARNER_PAGES[page_type])
    assert_no_serious_violations(page, page_type)
