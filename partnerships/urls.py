from django.urls import path

from . import views

app_name = "partnerships"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("partnerships/", views.PartnershipListView.as_view(), name="partnership-list"),
    path(
        "partnerships/download.<str:export_format>",
        views.public_download,
        {"report": "partnerships"},
        name="partnership-download",
    ),
    path("partnerships/<slug:slug>/", views.PartnershipDetailView.as_view(), name="partnership-detail"),
    path("themes/<slug:code>/", views.ThematicAreaView.as_view(), name="theme-detail"),
    path("milestones/", views.MilestoneListView.as_view(), name="milestone-list"),
    # A milestone's page is the list's address and its id (the tables build it so).
    path("milestones/<int:pk>/", views.MilestoneDetailView.as_view(), name="milestone-detail"),
    # A public document's file, under a name made from its title for the address bar.
    path("documents/<int:pk>/<str:name>", views.public_document, name="document-file"),
    path(
        "milestones/download.<str:export_format>",
        views.public_download,
        {"report": "milestones"},
        name="milestone-download",
    ),
]
