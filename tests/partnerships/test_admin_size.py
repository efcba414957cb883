"""The partnership admin at real size: a bounded form whatever the number of milestones."""

import datetime
import re

import pytest
from django.conf import settings
from django.urls import reverse

from indicators.models import Indicator
from partnerships.models import Milestone
from partnerships.services import milestone_counts_refresh
from tests.factories import home_city, make_area, make_document, make_partnership
from tests.html import form_data, page

pytestmark = pytest.mark.django_db


@pytest.fixture
def big(db):
    home_city()
    area, other = make_area(name_en="Used"), make_area(name_en="Other")
    partnership = make_partnership(publication="draft", areas=[area, other])
    start = datetime.date(2024, 1, 1)  # from before today to well after it
    Milestone.objects.bulk_create(
        Milestone(
            partnership=partnership,
            title_bg=f"Етап {n}",
            title_en=f"Milestone {n}",
            due_date=start + datetime.timedelta(days=n),
            thematic_area=area if n == 0 else None,
        )
        for n in range(2000)
    )
    milestone_counts_refresh()  # as a bulk load must
    return partnership, area, other


def test_a_partnership_of_2000_milestones_opens_with_a_bounded_form_and_saves(admin_in, big):
    partnership, _area, _other = big
    client = admin_in("en")
    url = reverse("admin:partnerships_partnership_change", args=[partnership.pk])

    response = client.get(url)
    data = form_data(response, "partnership_form")
    data["title_en"] = ["Renamed"]
    saved = client.post(url, data)

    partnership.refresh_from_db()
    assert int(data["milestones-TOTAL_FORMS"][0]) == 15
    assert len(data) < settings.DATA_UPLOAD_MAX_NUMBER_FIELDS / 2
    assert "All 2000 milestones of this partnership" in page(response)
    assert f"?partnership__id__exact={partnership.pk}" in page(response)
    assert saved.status_code == 302
    assert partnership.title_en == "Renamed"


def test_removing_a_theme_a_milestone_outside_the_form_uses_is_a_form_error(admin_in, big):
    partnership, area, other = big
    client = admin_in("en")
    url = reverse("admin:partnerships_partnership_change", args=[partnership.pk])
    data = form_data(client.get(url), "partnership_form")
    data["thematic_areas"] = [str(other.pk)]

    response = client.post(url, data)

    assert response.status_code == 200
    assert "The partnership's milestones use thematic areas it would no longer have: Milestone 0." in page(response)
    assert set(partnership.thematic_areas.all()) == {area, other}


@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", ["1 document", "add", "2 indicators", "add"]), ("bg", ["1 документ", "добави", "2 показателя", "добави"])],
)
def test_a_partnership_s_page_links_to_its_documents_and_indicators_filtered_to_it(admin_in, language, expected):
    home_city()
    partnership, other = make_partnership(), make_partnership()
    make_document(partnership=partnership)
    make_document(partnership=other)
    for n in range(2):
        Indicator.objects.create(partnership=partnership, name_bg=f"П {n}", name_en=f"I {n}", target=1)
    client = admin_in(language)

    html = page(client.get(reverse("admin:partnerships_partnership_change", args=[partnership.pk])))
    links = re.findall(
        r'<a href="([^"]+)">([^<]+)</a>', html.split("documents_and_indicators", 1)[1].split("</div>", 2)[0]
    )
    listed = page(client.get(links[0][0]))

    assert [text for _href, text in links] == expected
    assert [href for href, _text in links] == [
        f"/admin/documents/document/?partnership__id__exact={partnership.pk}",
        f"/admin/documents/document/add/?partnership={partnership.pk}",
        f"/admin/indicators/indicator/?partnership__id__exact={partnership.pk}",
        f"/admin/indicators/indicator/add/?partnership={partnership.pk}",
    ]
    assert listed.count('class="action-select"') == 1
