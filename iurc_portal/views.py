import uuid

from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import DisallowedHost
from django.db import DatabaseError, connection
from django.http import HttpResponse, HttpResponsePermanentRedirect, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import translation
from django.utils.decorators import method_decorator
from django.utils.translation import get_language
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django.views.generic import TemplateView

from partnerships import selectors
from publishing.cache import cached_public_page


class ProsePage(TemplateView):
    """A page of long prose, written whole in each language: ``pages/<name>.<language>.html``."""

    name = ""

    def get_template_names(self):
        return [f"pages/{self.name}.{get_language()}.html"]

    def get_context_data(self, **kwargs):
        return super().get_context_data(contact_email=settings.CONTACT_EMAIL, **kwargs)


@method_decorator(cached_public_page, name="dispatch")
class ProseView(ProsePage):
    pass


@method_decorator(cached_public_page, name="dispatch")
class SiteMapView(TemplateView):
    """The site map for people: every public page by name. Crawlers have sitemap.xml."""

    template_name = "pages/site_map.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            partnerships=selectors.public_partnership_choices(),
            cities=selectors.public_cities().order_by("-is_home", "pk"),
            themes=selectors.public_thematic_areas(),
            **kwargs,
        )


class FloorView(ProsePage):
    """The about page rendered afresh on every request, without the database or the cache:
    what Django itself costs for a page of ours (bench/public.py)."""

    name = "about"


@require_GET
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /i18n/",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@require_GET
def favicon(request):
    """Browsers ask for /favicon.ico on pages that name no icon (the admin's)."""
    return HttpResponsePermanentRedirect(static("favicon.svg"))


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    """The 500 page needs no database: it renders a template that reads nothing."""
    return render(request, "500.html", status=500)


def _error_language(request):
    """A public page's language is in its path; a staff page's is the staff member's choice.

    Decided here, not left to the locale middleware: a refused Host header can stop the
    request before that middleware has run."""
    if request.path_info.startswith(tuple(settings.STAFF_PATH_PREFIXES)):
        return translation.get_language_from_request(request, check_path=False)
    return translation.get_language_from_path(request.path_info) or settings.LANGUAGE_CODE


class _HostlessRequest:
    """The request as the templates see it when its Host header was refused: absolute URLs
    become paths, so the page never repeats a host the portal does not answer to."""

    def __init__(self, request):
        self._request = request

    def __getattr__(self, name):
        return getattr(self._request, name)

    def build_absolute_uri(self, location=None):
        return self._request.get_full_path() if location is None else location


def bad_request(request, exception=None):
    """The 400 page needs no database, and no valid Host header: a bad one is a 400 too."""
    context = {}
    try:
        request.get_host()
    except DisallowedHost:
        context["request"] = _HostlessRequest(request)
    with translation.override(_error_language(request)):
        return render(request, "400.html", context, status=400)


@never_cache
def permission_denied(request, exception=None):
    """A 403 depends on who is signed in, so no cache keeps it."""
    with translation.override(_error_language(request)):
        return render(request, "403.html", status=403)


@never_cache
def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: a form sent without its token. The reason is logged by Django's
    CSRF middleware and is for developers, so the page does not show it."""
    with translation.override(_error_language(request)):
        return render(request, "403.html", {"csrf_failure": True}, status=403)


@require_GET
@never_cache
def healthz(request):
    """For load balancers and monitoring: 200 when the database and the caches answer,
    503 when one does not, with which one in JSON (no other detail)."""
    checks = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        checks["database"] = "ok"
    except DatabaseError:
        checks["database"] = "unavailable"
    for alias in settings.CACHES:
        key = f"healthz:{uuid.uuid4().hex}"
        try:
            caches[alias].set(key, 1, timeout=5)
            ok = caches[alias].get(key) == 1
            caches[alias].delete(key)
        except Exception:  # a cache backend's own errors (a Redis connection refused)
            ok = False
        checks[f"cache {alias}"] = "ok" if ok else "unavailable"
    healthy = all(value == "ok" for value in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "unavailable", "checks": checks}, status=200 if healthy else 503
    )
