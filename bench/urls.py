"""The site's routes, with the benchmark's baseline view in front of them."""

from django.urls import path

from bench import BASELINE_PATH
from bench.views import baseline
from lms.urls import urlpatterns as site_urlpatterns

urlpatterns = [
    path(BASELINE_PATH.lstrip("/"), baseline, name="bench-baseline"),
    *site_urlpatterns,
]
