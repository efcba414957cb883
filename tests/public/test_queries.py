import datetime

import pytest
from django.core.cache import caches

from cities.models import Organisation
from documents.models import Document
from indicators.models import Indicator, Measurement
from partnerships.models import Milestone, Partnership
from tests.factories import (
    make_city,
    make_document,
    make_milestone,
    make_organisation,
    make_participation,
    make_partnership,
)
from tests.pages import PAGES


def _grow(site, count):
    """Add ``count`` published partnerships, each with partner, participants, milestones and
    photos (two, of which its card shows the newest); the published one gets a photo each time."""
    for n in range(count):
        partner = make_city(country="KR")
        partnership = make_partnership(
            partner_city=partner,
            publication=Partnership.Publication.PUBLISHED,
            areas=[site["innovation"]],
            start_date=datetime.date(2022, 1, 1),
        )
        make_participation(partnership=partnership, organisation=make_organisation(city=site["sofia"]))
        make_participation(
            partnership=partnership,
            organisation=make_organisation(city=partner, helix=Organisation.Helix.BUSINESS),
        )
        for day in range(1, 4):
            make_milestone(
                partnership=partnership,
                due_date=datetime.date(2099, 1, day),
                thematic_area=site["innovation"],
                kind=Milestone.Kind.MEETING,
            )
        for photo in range(2):
            make_document(partnership=partnership, kind=Document.Kind.PHOTO, file_type="image/png", name=f"{photo}.png")
        make_document(partnership=site["published"], kind=Document.Kind.PHOTO, file_type="image/png", name="p.png")
        make_milestone(
            partnership=site["published"],
            due_date=datetime.date(2098, 1, 1) + datetime.timedelta(days=n),
            thematic_area=site["innovation"],
        )
        make_participation(partnership=site["published"], organisation=make_organisation(city=partner))
        # An indicator with a measurement on each of the two detail pages the counts walk.
        for parent in (site["published"], site["to_announce"]):
            indicator = Indicator.objects.create(
                partnership=parent,
                name_bg=f"Показател {n}",
                name_en=f"Indicator {n}",
                target=5,
                publication="published",
            )
            Measurement.objects.create(indicator=indicator, date=datetime.date(2026, 1, 1), value=n)


# What each public page costs with the cache empty, literal (pretalx's way): the same at 1
# and at 3 partnerships, each with its partner city, participants and milestones.
QUERIES = {
    "home": 10,  # each card with its photo
    "partnership list": 10,
    "partnership detail": 15,  # with its photo, public documents, indicators and their measurements
    "partner to be announced": 13,
    "city": 8,
    "thematic area": 9,
    "milestones": 6,
    "milestones filtered": 5,
    "about": 1,
    "accessibility": 1,
    "privacy": 1,
    "site map": 4,
}


@pytest.mark.parametrize("rows", [1, 3])
@pytest.mark.parametrize(("name", "path"), PAGES)
def test_public_page_query_count(client, site, django_assert_num_queries, name, path, rows):
    _grow(site, rows)
    caches["public_pages"].clear()

    with django_assert_num_queries(QUERIES[name]):
        response = client.get(path)

    assert response.status_code == 200


def test_cached_public_page_costs_one_query(client, site, django_assert_num_queries):
    client.get("/en/partnerships/sofia-seoul/")

    with django_assert_num_queries(1):
        response = client.get("/en/partnerships/sofia-seoul/")

    assert response.status_code == 200
