from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from . import views
from .sitemaps import SITEMAPS

pages = (
    [
        path("about/", views.ProseView.as_view(name="about"), name="about"),
        path("accessibility/", views.ProseView.as_view(name="accessibility"), name="accessibility"),
        path("privacy/", views.ProseView.as_view(name="privacy"), name="privacy"),
        path("site-map/", views.SiteMapView.as_view(), name="site-map"),
    ],
    "pages",
)

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("reports/", include("reports.urls")),
    path("", include("reminders.urls")),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", views.robots_txt, name="robots"),
    path("healthz", views.healthz, name="healthz"),
    # Browsers ask for /favicon.ico on pages that name no icon (the admin's).
    path("favicon.ico", views.favicon),
    *i18n_patterns(
        path("", include("partnerships.urls")),
        path("cities/", include("partnerships.city_urls")),
        path("", include(pages)),
        prefix_default_language=False,
    ),
]

if settings.BENCHMARK_FLOOR_VIEW:
    urlpatterns.append(path("_bench/floor/", views.FloorView.as_view(), name="bench-floor"))

handler400 = views.bad_request
handler403 = views.permission_denied
handler404 = views.page_not_found
handler500 = views.server_error
