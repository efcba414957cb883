import logging

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.middleware.locale import LocaleMiddleware
from django.shortcuts import render
from django.utils import translation

logger = logging.getLogger(__name__)


class PortalLocaleMiddleware(LocaleMiddleware):
    """Public pages take their language from the URL; staff pages from the staff member.

    With ``i18n_patterns(prefix_default_language=False)`` Django's middleware gives every
    unprefixed path the default language, the admin included. Under the staff prefixes the
    language comes from the language cookie (set by the admin's switcher) or the browser.
    """

    def process_request(self, request):
        if request.path_info.startswith(tuple(settings.STAFF_PATH_PREFIXES)):
            translation.activate(translation.get_language_from_request(request, check_path=False))
            request.LANGUAGE_CODE = translation.get_language()
        else:
            super().process_request(request)


class DatabaseUnavailableMiddleware:
    """While the database cannot be reached (a restart, a failover), answer with our own
    503 page in the request's language and ``Retry-After``, not a 500. Pages that need no
    data (the prose pages) keep answering: the page cache serves them without it."""

    RETRY_AFTER = 30

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, (OperationalError, InterfaceError)):
            return None
        logger.warning("database unavailable: %s", exception.__class__.__name__)
        response = render(request, "503.html", status=503)
        response["Retry-After"] = str(self.RETRY_AFTER)
        response["Cache-Control"] = "no-store"
        return response
