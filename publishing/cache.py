"""Whole-page caching of the public site, keyed by the content version.

A public page changes only when staff change content, so its rendered bytes are kept
in the process's cache under (content version, language, path and query). Each request
costs one small query for the version; any save or delete of content bumps the version
in the same transaction, so the change and the new version become visible together and
the next request renders afresh.
"""

import functools
import hashlib

from django.conf import settings
from django.core.cache import caches
from django.db import DatabaseError
from django.db.models import F
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import get_language

from .models import ContentVersion
from .ratelimits import over_limit, too_many_requests

CACHE_ALIAS = "public_pages"


def current_version():
    version = ContentVersion.objects.filter(pk=1).values_list("version", flat=True).first()
    return 0 if version is None else version


def _version_or_none():
    """The content version, or None while the database cannot be reached."""
    try:
        return current_version()
    except DatabaseError:
        return None


def bump_version():
    """Mark public content as changed, atomically with the change being made."""
    if not ContentVersion.objects.filter(pk=1).update(version=F("version") + 1):
        ContentVersion.objects.get_or_create(pk=1, defaults={"version": 1})


def bump_on_change(sender, **kwargs):
    """Signal receiver: any change to a content model invalidates the public pages
    (once per many-to-many change: its ``pre_*`` signal is followed by the ``post_*``)."""
    if kwargs.get("raw") or kwargs.get("action", "post").startswith("pre_"):
        return
    bump_version()


def normalised_query(request, params):
    """Only the parameters the view reads, in a fixed order, stripped, empty ones left out:
    ``?v=<unique>`` or a shuffled query cannot make a new cache entry."""
    query = QueryDict(mutable=True)
    for name in sorted(params):
        values = [value.strip() for value in request.GET.getlist(name) if value.strip()]
        if values:
            query.setlist(name, values)
    return query


def _key(request, version):
    """Pages depend on the content, the day (overdue, upcoming), the address they are
    served at (absolute hreflang links), the language and the (normalised) query."""
    address = f"{request.scheme}://{request.get_host()}{request.path}?{request.META.get('QUERY_STRING', '')}"
    digest = hashlib.sha256(address.encode()).hexdigest()
    return f"public:{version}:{timezone.localdate().isoformat()}:{get_language()}:{request.method}:{digest}"


def cached_public_page(view=None, *, params=()):
    """Serve a GET/HEAD public page from the cache while the content version stands.

    ``params`` names the query parameters the view reads. The view sees only those,
    normalised (``request.GET`` and the query string are replaced), so the page it renders
    is the one its cache key names."""
    if view is None:
        return functools.partial(cached_public_page, params=params)

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD"):
            return view(request, *args, **kwargs)
        request.GET = normalised_query(request, params)
        request.META["QUERY_STRING"] = request.GET.urlencode()
        version = _version_or_none()
        if version is None:
            # No database: a page that needs no data still renders; one that does fails on
            # its first query, and the project answers 503 (DatabaseUnavailableMiddleware).
            return view(request, *args, **kwargs)
        cache = caches[CACHE_ALIAS]
        key = _key(request, version)
        response = cache.get(key)
        if response is None:
            # Rendering costs the server work: a client may ask for only so many per minute.
            retry_after = over_limit(request, group="public-pages", rate=settings.RATELIMIT_PUBLIC_PAGES)
            if retry_after is not None:
                return too_many_requests(request, retry_after)
            response = view(request, *args, **kwargs)
            if hasattr(response, "render"):
                response.render()
            if response.status_code == 200 and not response.cookies and not response.streaming:
                cache.set(key, response)
        return response

    return wrapper
