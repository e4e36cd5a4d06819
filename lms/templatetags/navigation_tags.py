"""The site's primary navigation: the sections directly under the site's home page."""

from django import template
from wagtail.models import Site

register = template.Library()


@register.simple_tag(takes_context=True)
def nav_sections(context):
    """The home page's live, in-menu children as (title, url, path): one query."""
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    if site is None:
        return []

    return [
        (page.title, page.get_url(request), page.path)
        for page in site.root_page.get_children().live().in_menu()
    ]


@register.filter
def is_within(page_path, section_path):
    """Whether a page (by tree path) is the section or below it."""
    return bool(page_path) and str(page_path).startswith(section_path)


@register.filter
def seen_in(page_id, seen_ids):
    """Whether a step's id is among the ids a learner has seen."""
    return page_id in (seen_ids or ())
