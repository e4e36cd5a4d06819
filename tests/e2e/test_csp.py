"""Every public page type, and every quiz page a learner sees, is served with a
Content Security Policy that forbids inline script, and runs under it without the
browser refusing anything."""

import pytest

from tests.e2e.demo_site import (
    LEARNER_PAGES,
    MODULE_2_2,
    PUBLIC_PAGES,
    csp_complaints,
    visit,
    visit_page_type,
    watch_console,
)

pytestmark = pytest.mark.e2e

# Recorded by the browser for every refused script, style, image or frame, even
# when the console message for it is worded differently.
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
    window.__cspViolations.push(
        `${event.violatedDirective} refused ${event.blockedURI || "inline"}` +
        ` at ${event.sourceFile || "?"}:${event.lineNumber}`
    );
});
"""


def policy_directives(header):
    """A Content-Security-Policy header as {directive: [sources]}."""
    directives = {}
    for part in header.split(";"):
        if part.strip():
            name, *sources = part.split()
            directives.setdefault(name.lower(), sources)
    return directives


def assert_runs_under_a_strict_policy(page, page_type, response, problems):
    header = response.headers.get("content-security-policy")
    assert header, f"{page_type}: no Content-Security-Policy header"
    directives = policy_directives(header)
    script_sources = directives.get("script-src", directives.get("default-src"))
    assert script_sources is not None, f"{page_type}: no script-src in {header!r}"
    assert "'unsafe-inline'" not in script_sources, header

    violations = page.evaluate("window.__cspViolations")
    assert not violations, f"{page_type}: " + "\n".join(violations)
    assert not csp_complaints(problems), "\n".join(csp_complaints(problems))
    uncaught = [problem for problem in problems if problem.startswith("uncaught")]
    assert not uncaught, "\n".join(uncaught)


@pytest.mark.parametrize("page_type", PUBLIC_PAGES)
def test_page_type_runs_under_a_strict_content_security_policy(page, page_type):
    page.add_init_script(RECORD_VIOLATIONS)
    problems = watch_console(page)
    response = visit_page_type(page, page_type)
    assert_runs_under_a_strict_policy(page, page_type, response, problems)


@pytest.mark.parametrize("page_type", LEARNER_PAGES)
def test_learner_page_runs_under_a_strict_content_security_policy(
    open_context, quiz_learner, page_type
):
    page = open_context(storage_state=quiz_learner.storage_state).new_page()
    page.add_init_script(RECORD_VIOLATIONS)
    problems = watch_console(page)
    response = visit(page, LEARNER_PAGES[page_type])
    assert_runs_under_a_strict_policy(page, page_type, response, problems)


def test_pages_from_the_page_cache_keep_the_policy(page):
    # Asked for twice, the second answer comes from the page cache, which must
    # not drop the headers that the middleware around it adds.
    first, second = page.request.get(MODULE_2_2), page.request.get(MODULE_2_2)
    assert first.status == second.status == 200
    assert second.headers.get("x-page-cache") == "hit", second.headers
    for answer in (first, second):
        assert "content-security-policy" in answer.headers, answer.headers
