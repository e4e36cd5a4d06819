"""Production settings for the page benchmark, with the baseline route in front.

`bench/pages.py` puts SECRET_KEY, ALLOWED_HOSTS, SECURE_SSL_REDIRECT=false,
DATABASE_URL and (optionally) REDIS_URL in the environment of every process it
starts, so that gunicorn, the management commands and its own in-process query
counting share one configuration.
"""

import copy
import os

from bench import BASELINE_PATH
from lms.settings.production import *  # noqa: F403
from lms.settings.production import BASE_DIR, CACHES, TEMPLATES

ROOT_URLCONF = "bench.urls"

TEMPLATES = copy.deepcopy(TEMPLATES)
TEMPLATES[0]["DIRS"] = [*TEMPLATES[0]["DIRS"], BASE_DIR / "bench" / "templates"]

# The baseline renders about as many bytes as the module page; pages.py measures
# that page first and passes its size here.
BENCH_BASELINE_BYTES = int(os.environ.get("BENCH_BASELINE_BYTES", "40000"))

# A shared Redis may hold other sites' keys (or a developer's page cache): a
# per-run prefix keeps the benchmark's entries apart and lets pages.py delete
# exactly its own at the end.
if os.environ.get("BENCH_CACHE_KEY_PREFIX"):
    CACHES = copy.deepcopy(CACHES)
    for cache in CACHES.values():
        cache["KEY_PREFIX"] = os.environ["BENCH_CACHE_KEY_PREFIX"] + cache.get(
            "KEY_PREFIX", ""
        )

# The baseline stands for a view with no database access at all, so it stays out
# of the anonymous page cache, whose lookup is a query with the database cache.
# (Read through globals() since the setting exists only once the cache does.)
if globals().get("PAGE_CACHE_EXCLUDED_PATHS") is not None:
    PAGE_CACHE_EXCLUDED_PATHS = [
        *globals()["PAGE_CACHE_EXCLUDED_PATHS"],
        BASELINE_PATH,
    ]
