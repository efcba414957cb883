from django.urls import path

from . import reports_views

app_name = "reports"

urlpatterns = [
    path("", reports_views.reports_page, name="index"),
    path("download/", reports_views.reports_download, name="download"),
]
