"""The cities' public pages. A city's page lists its partnerships, so it lives here, where
both are known (``cities`` knows nothing of partnerships); its URL names stay ``cities:``."""

from django.urls import path

from . import views

app_name = "cities"

urlpatterns = [
    path("<slug:slug>/", views.CityDetailView.as_view(), name="city-detail"),
]
