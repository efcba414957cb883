from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from . import views
from .admin_site import PortalAdminSite
from .sitemaps import SITEMAPS

# The admin asks for a TOTP code as well when the deployment sets OTP_REQUIRED.
admin.site.__class__ = PortalAdminSite
admin.site.site_header = admin.site.site_title = _("IURC Portal")
admin.site.index_title = _("Partnerships administration")

pages = (
    [
        path("about/", views.ProseView.as_view(name="about"), name="about"),
        path("accessibility/", views.ProseView.as_view(name="accessibility"), name="accessibility"),
        path("privacy/", views.ProseView.as_view(name="privacy"), name="privacy"),
    ],
    "pages",
)

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("reports/", include("partnerships.reports_urls")),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", views.robots_txt, name="robots"),
    # Browsers ask for /favicon.ico on pages that name no icon (the admin's).
    path("favicon.ico", views.favicon),
    *i18n_patterns(
        path("", include("partnerships.urls")),
        path("cities/", include("cities.urls")),
        path("", include(pages)),
        prefix_default_language=False,
    ),
]

if settings.BENCHMARK_FLOOR_VIEW:
    urlpatterns.append(path("_bench/floor/", views.FloorView.as_view(), name="bench-floor"))

handler404 = views.page_not_found
handler500 = views.server_error
