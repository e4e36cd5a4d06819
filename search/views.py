"""The site search view: Wagtail's search backend, paginated with Django's Paginator."""

from django.core.paginator import Paginator
from django.template.response import TemplateResponse
from wagtail.models import Page

RESULTS_PER_PAGE = 10
MAX_QUERY_LENGTH = 200


def search(request):
    """Search published pages; results carry their page type and a summary."""
    search_query = request.GET.get("query", "").strip()[:MAX_QUERY_LENGTH]
    results = Page.objects.none()
    if search_query:
        results = Page.objects.live().public().specific().search(search_query)
    page_of_results = Paginator(results, RESULTS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return TemplateResponse(
        request,
        "search/search.html",
        {"search_query": search_query, "search_results": page_of_results},
    )
