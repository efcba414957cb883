"""The admin's milestone list at size: its order, its count and its rows (bench/admin.py
measures it at 100,000 milestones)."""

import datetime

import pytest
from django.contrib import admin
from django.db import connection
from django.urls import reverse
from django.utils import translation

from partnerships.admin import EstimatedCountPaginator
from partnerships.models import Milestone
from tests.factories import make_milestone, make_partnership

pytestmark = pytest.mark.django_db

URL = reverse("admin:partnerships_milestone_changelist")


def test_milestone_list_shows_the_latest_due_date_first_and_undated_at_the_top(admin_in):
    partnership = make_partnership()
    for due in ["2022-05-01", None, "2024-01-31", "2023-03-15"]:
        make_milestone(partnership=partnership, title_en=f"due {due}", due_date=due)

    response = admin_in("en").get(URL)

    assert [m.title_en for m in response.context["cl"].result_list] == [
        "due None",
        "due 2024-01-31",
        "due 2023-03-15",
        "due 2022-05-01",
    ]


def test_milestone_list_filters_and_search_still_narrow_the_rows(admin_in):
    first, second = make_partnership(), make_partnership()
    make_milestone(partnership=first, title_en="Kick-off in Sejong", kind=Milestone.Kind.KICK_OFF)
    make_milestone(partnership=first, title_en="Study visit", kind=Milestone.Kind.STUDY_VISIT)
    make_milestone(partnership=second, title_bg="Среща в София", title_en="Meeting in Sofia")
    client = admin_in("en")

    def titles(query):
        return sorted(m.title_en for m in client.get(URL, query).context["cl"].result_list)

    assert titles({"partnership__id__exact": first.pk}) == ["Kick-off in Sejong", "Study visit"]
    assert titles({"kind__exact": "study_visit"}) == ["Study visit"]
    assert titles({"q": "Sejong"}) == ["Kick-off in Sejong"]
    assert titles({"q": "София"}) == ["Meeting in Sofia"]
    assert client.get(URL, {"q": "Sejong"}).context["cl"].result_count == 1


@pytest.mark.parametrize("language", ["bg", "en"])
def test_milestone_list_row_checkbox_is_the_html_django_renders(language):
    milestone = make_milestone(title_bg="Заглавие <b>", title_en="A <b>bold</b> title")
    model_admin = admin.site._registry[Milestone]

    with translation.override(language):
        ours = model_admin.action_checkbox(milestone)
        django_own = admin.ModelAdmin.action_checkbox(model_admin, milestone)

    assert str(ours) == str(django_own)


def _paginator(queryset):
    return EstimatedCountPaginator(queryset, 50)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the estimate is PostgreSQL's")
def test_estimated_count_reads_the_planners_figure_for_the_whole_table_only(monkeypatch):
    partnership = make_partnership()
    for _ in range(3):
        make_milestone(partnership=partnership)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE partnerships_milestone")
    make_milestone(partnership=partnership, status=Milestone.Status.DONE, completed_on=datetime.date(2022, 1, 1))
    monkeypatch.setattr(EstimatedCountPaginator, "ESTIMATE_ABOVE", 0)

    # Unfiltered: the planner's figure from the last ANALYZE, not a COUNT(*).
    assert _paginator(Milestone.objects.all()).count == 3
    # Filtered: counted exactly.
    assert _paginator(Milestone.objects.filter(partnership=partnership)).count == 4
    assert _paginator(Milestone.objects.filter(status=Milestone.Status.DONE)).count == 1


def test_estimated_count_counts_exactly_below_the_threshold_and_on_sqlite():
    partnership = make_partnership()
    for _ in range(3):
        make_milestone(partnership=partnership)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE partnerships_milestone")
    make_milestone(partnership=partnership)

    assert _paginator(Milestone.objects.all()).count == 4
