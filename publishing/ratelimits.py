"""Per-address limits on what costs the server work: rendering a public page the cache
does not hold, and building a download. Counted by django-ratelimit in the cache named by
``RATELIMIT_USE_CACHE`` (Redis where ``REDIS_URL`` is set, shared by every server); the
rates are settings. Over the limit a client gets 429, with ``Retry-After`` and a page in
its language."""

import functools
import ipaddress

from django.conf import settings
from django.shortcuts import render
from django.utils.module_loading import import_string
from django_ratelimit.core import get_usage


def client_network(group, request):
    """The client's address (by ``RATELIMIT_IP_META_KEY``), an IPv6 client by its /64 as
    django-ratelimit does; "unknown" where there is none (a Unix socket without a proxy
    header), so that those requests share one count instead of failing."""
    address = import_string(settings.RATELIMIT_IP_META_KEY)(request)
    try:
        return str(ipaddress.ip_network(f"{address}/{64 if ':' in address else 32}", strict=False))
    except ValueError:
        return "unknown"


def over_limit(request, *, group, rate):
    """Count this request for the client's address; the seconds to wait if it is one too many."""
    usage = get_usage(request, group=group, key=client_network, rate=rate, increment=True)
    if usage is not None and usage["should_limit"]:
        return max(1, int(usage["time_left"]))
    return None


def too_many_requests(request, retry_after):
    response = render(request, "429.html", {"retry_after": retry_after}, status=429)
    response["Retry-After"] = str(retry_after)
    response["Cache-Control"] = "no-store"
    return response


def limited(group, rate_setting):
    """A view decorator: at most ``settings.<rate_setting>`` requests per address."""

    def decorator(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            retry_after = over_limit(request, group=group, rate=getattr(settings, rate_setting))
            if retry_after is not None:
                return too_many_requests(request, retry_after)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
