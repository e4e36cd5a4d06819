"""The benchmark's baseline: a bare Django view rendering a page-sized template.

No database access and no Wagtail: the fastest this stack (gunicorn, the
middleware, Django's template engine) can serve a page of that size, which is
what every real page is compared with.
"""

from functools import lru_cache

from django.conf import settings
from django.shortcuts import render
from django.views.decorators.cache import never_cache

FILLER_WORDS = (
    "public service delivery innovation citizens government digital learning "
    "participation transparency accountability partnership capacity institutions "
    "strategy principle module workshop programme evaluation inclusion outcomes "
    "collaboration agencies reform design services people data policy practice"
).split()
WORDS_PER_PARAGRAPH = 60
PARAGRAPHS_PER_SECTION = 4
# Tags and indentation the template adds around each paragraph and section.
PARAGRAPH_MARKUP = 75
SECTION_MARKUP = 150
NAVIGATION = (
    ("Home", "/"),
    ("Events", "/events/"),
    ("Courses", "/courses/"),
    ("Search", "/search/"),
)


@lru_cache(maxsize=8)
def filler_sections(total_bytes):
    """Sections of plain paragraphs adding up to about `total_bytes` of HTML."""
    sections = []
    size = 0
    number = 0
    while size < total_bytes:
        paragraphs = []
        for _ in range(PARAGRAPHS_PER_SECTION):
            words = (
                FILLER_WORDS[(number * 7 + i) % len(FILLER_WORDS)]
                for i in range(WORDS_PER_PARAGRAPH)
            )
            paragraph = " ".join(words).capitalize() + "."
            paragraphs.append(paragraph)
            size += len(paragraph) + PARAGRAPH_MARKUP
            number += 1
        heading = f"Section {len(sections) + 1}: {FILLER_WORDS[number % 20]}"
        sections.append({"heading": heading, "paragraphs": tuple(paragraphs)})
        size += len(heading) + SECTION_MARKUP
    return tuple(sections)


# Never cached, so that a page cache in front of the views cannot turn the
# baseline into a cache hit.
@never_cache
def baseline(request):
    """Render the baseline template with filler the size of a module page."""
    return render(
        request,
        "bench/baseline.html",
        {
            "title": "Baseline page",
            "navigation": NAVIGATION,
            "sections": filler_sections(settings.BENCH_BASELINE_BYTES),
        },
    )
