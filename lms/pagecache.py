"""A page cache for anonymous visitors, shared by every worker and purged on publish.

Wagtail-cache does not support Wagtail 8, so this is built on Django's cache
framework and Wagtail's signals. Every cached entry's key carries the current
*content generation*, a random token kept in the shared cache. Publishing,
unpublishing, moving or deleting a page, or changing a snippet, image, document or
site, replaces the token: every page rendered before that is unreachable at once,
on every worker and host, with one cache write (no key listing, no cache flush).

Only what is the same for every anonymous visitor is stored: GET requests without
a session cookie, answered 200 with HTML, setting no cookie (so no form with a CSRF
token), not marked private, and varying on nothing but Cookie and Accept-Encoding.
Logged-in users, learners' progress, previews (under /admin/) and POSTs never touch
it.
"""

import hashlib
import uuid

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import caches
from django.http import HttpResponse
from django.utils.cache import cc_delim_re

GENERATION_KEY = "pagecache:generation"
CACHE_HEADER = "X-Page-Cache"
MESSAGES_COOKIE = CookieStorage.cookie_name
# Headers a cached page may vary on and still be the same for every visitor:
# anonymous visitors have no session cookie, and nothing here compresses.
HARMLESS_VARY = {"cookie", "accept-encoding"}
UNCACHEABLE_CACHE_CONTROL = ("private", "no-store", "no-cache")


def page_cache():
    return caches[settings.PAGE_CACHE_ALIAS]


def content_generation():
    """The token naming the current published content (created on first use)."""
    cache = page_cache()
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        cache.add(GENERATION_KEY, uuid.uuid4().hex, timeout=None)
        generation = cache.get(GENERATION_KEY)
    return generation


def purge_page_cache(**kwargs):
    """Forget every cached page (a signal receiver, so it takes any arguments)."""
    page_cache().set(GENERATION_KEY, uuid.uuid4().hex, timeout=None)


class AnonymousPageCacheMiddleware:
    """Serve anonymous GETs of public pages from the shared cache."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not self.request_is_cacheable(request):
            return self.get_response(request)

        cache = page_cache()
        key = self.cache_key(request)
        cached = cache.get(key)
        if cached is not None:
            return self.rebuild(cached)

        response = self.get_response(request)
        if request.method == "GET" and self.response_is_cacheable(request, response):
            headers = [
                (name, value)
                for name, value in response.items()
                if name.lower() not in ("set-cookie", CACHE_HEADER.lower())
            ]
            cache.set(
                key,
                (response.status_code, headers, response.content),
                settings.PAGE_CACHE_TIMEOUT,
            )
            response[CACHE_HEADER] = "miss"
        return response

    @staticmethod
    def request_is_cacheable(request):
        if settings.PAGE_CACHE_TIMEOUT <= 0 or request.method not in ("GET", "HEAD"):
            return False
        # A session means a user; a messages cookie holds a message for this
        # visitor alone, which a cached page would hide.
        if {settings.SESSION_COOKIE_NAME, MESSAGES_COOKIE} & request.COOKIES.keys():
            return False
        if "HTTP_AUTHORIZATION" in request.META:
            return False
        return not request.path.startswith(tuple(settings.PAGE_CACHE_EXCLUDED_PATHS))

    @staticmethod
    def response_is_cacheable(request, response):
        if response.status_code != 200 or response.streaming or response.cookies:
            return False
        if not response.get("Content-Type", "").startswith("text/html"):
            return False
        cache_control = response.get("Cache-Control", "").lower()
        if any(word in cache_control for word in UNCACHEABLE_CACHE_CONTROL):
            return False
        vary = {v.strip().lower() for v in cc_delim_re.split(response.get("Vary", ""))}
        if vary - HARMLESS_VARY - {""}:
            return False
        user = getattr(request, "user", None)
        return not (user is not None and user.is_authenticated)

    @staticmethod
    def cache_key(request):
        url = f"{request.get_host()}{request.get_full_path()}"
        digest = hashlib.sha256(url.encode()).hexdigest()
        return f"pagecache:{content_generation()}:page:{digest}"

    @staticmethod
    def rebuild(cached):
        status, headers, content = cached
        response = HttpResponse(content, status=status)
        for name, value in headers:
            response[name] = value
        response[CACHE_HEADER] = "hit"
        return response
