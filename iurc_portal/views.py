from django.conf import settings
from django.http import HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import get_language
from django.views.decorators.http import require_GET
from django.views.generic import TemplateView

from .public_cache import cached_public_page


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
