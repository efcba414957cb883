"""Issue 10: the public pages leave an empty fact out, and progress says what it measures."""

import datetime
import re
from decimal import Decimal

import pytest

from cities.models import City
from partnerships.models import Milestone, Partnership
from tests.factories import make_milestone
from tests.html import page

pytestmark = pytest.mark.django_db

NOT_ENTERED = ["not entered yet", "още не е въведено", "not set", "не е определен", "none yet", "coordinates have"]


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_empty_facts_are_left_out_not_announced(client, site, prefix):
    detail = page(client.get(f"{prefix}/partnerships/sofia-china/"))
    city = page(client.get(f"{prefix}/cities/sofia/"))

    for html in (detail, city):
        assert not [words for words in NOT_ENTERED if words in html]
    assert "<dt>Start</dt>" not in detail and "<dt>Начало</dt>" not in detail
    assert "<dt>Population</dt>" not in city and "<dt>Население</dt>" not in city


def test_a_fact_that_is_there_is_shown(client, site):
    html = page(client.get("/en/cities/seoul/"))
    assert "<dt>Population</dt><dd>9,400,000 (2024)</dd>" in html
    assert "<dt>Население</dt><dd>9\xa0400\xa0000 (2024 г.)</dd>" in page(client.get("/cities/seoul/"))


def _meter(html):
    return re.findall(r'<span class="meter-fill[^"]*"', html)


@pytest.mark.parametrize(
    ("status", "meter"),
    [
        (Partnership.Status.ANNOUNCED, []),
        (Partnership.Status.PAIRED, []),
        (Partnership.Status.ACTIVE, ['<span class="meter-fill w-100"']),
        (Partnership.Status.COMPLETED, ['<span class="meter-fill w-100 is-complete"']),
    ],
)
def test_a_partnership_that_has_barely_begun_shows_no_full_bar(client, site, status, meter):
    partnership = site["to_announce"]
    partnership.status = status
    partnership.save()
    make_milestone(partnership=partnership, status=Milestone.Status.DONE, completed_on=datetime.date(2021, 8, 10))

    html = page(client.get("/en/partnerships/sofia-china/"))

    assert "<dt>Milestones done</dt>" in html
    assert "1 of 1 milestone done" in html
    assert _meter(html) == meter


def test_the_home_page_has_no_map_section_without_coordinates(client, site):
    City.objects.update(latitude=None, longitude=None)
    html = page(client.get("/en/"))
    assert "Map of the cities" not in html


def test_all_milestones_means_all_and_the_page_opens_on_the_overview(client, site):
    undated = make_milestone(partnership=site["published"], title_en="Undated plan", title_bg="План без дата")

    overview = page(client.get("/en/milestones/"))
    everything = page(client.get("/en/milestones/?when=all"))

    # Without a value, a browser shows the first choice: the overview.
    assert '<select name="when" id="id_when"><option value="overview">Overview</option>' in overview
    assert "Undated plan" not in overview
    assert '<option value="all" selected>All</option>' in everything
    assert "Undated plan" in everything and "4 milestones" in everything
    assert undated.due_date is None


@pytest.mark.parametrize(
    ("prefix", "funded", "municipality"),
    [
        ("", "Финансирано от Европейския съюз", "Столична община"),
        ("/en", "Funded by the European Union", "Sofia Municipality"),
    ],
)
def test_every_page_acknowledges_eu_funding_with_the_emblem_from_our_origin(client, site, prefix, funded, municipality):
    html = page(client.get(f"{prefix}/about/"))

    assert re.search(r'<img src="/static/eu-emblem(\.[0-9a-f]+)?\.svg" alt="[^"]+" width="60" height="40">', html)
    assert f"<strong>{funded}</strong>" in html
    assert f'<a href="https://www.sofia.bg/">{municipality}</a>' in html
    assert '<a href="https://iurc.eu/">' in html


def test_the_site_map_is_for_people_and_lists_only_public_pages(client, site):
    html = page(client.get("/en/site-map/"))

    for text in ["Sofia – Seoul", "Seoul", "Innovation", "Accessibility statement", 'href="/sitemap.xml"']:
        assert text in html
    for hidden in ["Draft deal", "Secret City"]:
        assert hidden not in html
    assert '<a href="/en/site-map/">Site map</a>' in page(client.get("/en/"))


@pytest.mark.parametrize(("prefix", "shown"), [("", "1\xa0311 км²"), ("/en", "1,311 km²")])
def test_an_area_is_written_without_empty_decimals_and_with_the_language_s_grouping(client, site, prefix, shown):
    City.objects.filter(slug="seoul").update(area_km2=Decimal("1311.00"))

    html = page(client.get(f"{prefix}/cities/seoul/"))

    assert shown in html
