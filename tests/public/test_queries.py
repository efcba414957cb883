import datetime

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cities.models import Organisation
from partnerships.models import Milestone, Partnership
from tests.factories import make_city, make_milestone, make_organisation, make_participation, make_partnership
from tests.pages import PAGES


def _grow(site, count):
    """Add ``count`` published partnerships, each with partner, participants and milestones."""
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
        make_milestone(
            partnership=site["published"],
            due_date=datetime.date(2098, 1, 1) + datetime.timedelta(days=n),
            thematic_area=site["innovation"],
        )
        make_participation(partnership=site["published"], organisation=make_organisation(city=partner))


def _count(client, path):
    caches["public_pages"].clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize(("name", "path"), [*PAGES, ("milestones page 2", "/milestones/?when=all&page=2")])
def test_public_page_query_count_does_not_grow_with_data(client, site, name, path):
    _grow(site, 1)
    _grow(site, 0)
    if "page=2" in path:
        _grow(site, 20)
    small = _count(client, path)

    _grow(site, 40)
    large = _count(client, path)

    assert large == small
    assert Partnership.objects.published().count() >= 42


def test_cached_public_page_costs_one_query(client, site):
    client.get("/en/partnerships/sofia-seoul/")

    with CaptureQueriesContext(connection) as queries:
        response = client.get("/en/partnerships/sofia-seoul/")

    assert response.status_code == 200
    assert [query["sql"] for query in queries.captured_queries] == [
        'SELECT "iurc_portal_contentversion"."version" AS "version" FROM "iurc_portal_contentversion" '
        'WHERE "iurc_portal_contentversion"."id" = 1 ORDER BY "iurc_portal_contentversion"."id" ASC LIMIT 1'
    ]
