from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("", views.reports_page, name="index"),
    path("download/", views.reports_download, name="download"),
    path("selection/", views.reports_selection, name="selection"),
    path("jobs/<int:pk>/", views.job_page, name="job"),
    path("jobs/<int:pk>/status/", views.job_status, name="job-status"),
    path("jobs/<int:pk>/file/", views.job_file, name="job-file"),
]
