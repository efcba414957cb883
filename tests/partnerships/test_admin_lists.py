import pytest
from django.urls import reverse
from django.utils import translation

from partnerships.models import Milestone, Programme
from tests.factories import (
    make_area,
    make_city,
    make_component,
    make_milestone,
    make_organisation,
    make_participation,
    make_partnership,
)
from tests.html import page

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", ["bg", "en"])
@pytest.mark.parametrize("query", ["Сеул", "seoul", "сътрудничество", "cooperation"])
def test_partnership_admin_search_reads_both_languages(admin_in, language, query):
    make_partnership(
        title_bg="София – Сеул", title_en="Sofia – Seoul", summary_bg="Сътрудничество", summary_en="Cooperation"
    )
    make_partnership(title_bg="София – Китай", title_en="Sofia – China")

    response = admin_in(language).get(reverse("admin:partnerships_partnership_changelist"), {"q": query})

    assert [p.title_en for p in response.context["cl"].result_list] == ["Sofia – Seoul"]


@pytest.mark.parametrize("query", ["Сеул", "Seoul"])
def test_partnership_admin_search_finds_partner_city_in_both_languages(admin_in, query):
    seoul = make_city(name_bg="Сеул", name_en="Seoul")
    make_partnership(title_bg="Първо", title_en="First", partner_city=seoul)
    make_partnership(title_bg="Второ", title_en="Second")

    response = admin_in("en").get(reverse("admin:partnerships_partnership_changelist"), {"q": query})

    assert [p.title_en for p in response.context["cl"].result_list] == ["First"]


@pytest.mark.parametrize(
    ("url", "query"),
    [
        ("admin:cities_city_changelist", "Сеул"),
        ("admin:cities_city_changelist", "Seoul"),
        ("admin:cities_city_changelist", "서울"),
        ("admin:cities_organisation_changelist", "Общ"),
        ("admin:cities_organisation_changelist", "municipality"),
        ("admin:partnerships_milestone_changelist", "Обявяване"),
        ("admin:partnerships_milestone_changelist", "named"),
    ],
)
def test_admin_search_reads_both_languages(admin_in, url, query):
    seoul = make_city(name_bg="Сеул", name_en="Seoul", native_name="서울특별시", native_language="ko")
    make_organisation(name_bg="Столична община", name_en="Sofia Municipality", city=seoul)
    make_organisation(name_bg="Университет", name_en="University", city=seoul)
    make_milestone(title_bg="Обявяване на града", title_en="City named")
    make_milestone(title_bg="Среща", title_en="Meeting")

    response = admin_in("bg").get(reverse(url), {"q": query})

    assert response.context["cl"].result_count == 1


def test_partnership_english_falls_back_to_bulgarian_text(admin_in):
    partnership = make_partnership(title_bg="Само на български", title_en="", summary_bg="Резюме", summary_en="")

    response = admin_in("en").get(reverse("admin:partnerships_partnership_changelist"))

    assert "Само на български" in page(response)
    with translation.override("en"):
        assert (partnership.title, partnership.summary) == ("Само на български", "Резюме")
    with translation.override("bg"):
        assert partnership.title == "Само на български"


def test_partnership_bulgarian_falls_back_to_english_text():
    partnership = make_partnership(title_bg="Заглавие", summary_bg="", summary_en="English only")

    with translation.override("bg"):
        assert partnership.summary == "English only"


def test_partnership_admin_changelist_shows_partner_themes_and_progress(admin_in):
    area = make_area(name_bg="Иновации", name_en="Innovation")
    partnership = make_partnership(partner_city=None, partner_country="CN", areas=[area])
    make_milestone(partnership=partnership, status=Milestone.Status.DONE, completed_on="2021-08-10")
    make_milestone(partnership=partnership)

    html_en = page(admin_in("en").get(reverse("admin:partnerships_partnership_changelist")))
    html_bg = page(admin_in("bg").get(reverse("admin:partnerships_partnership_changelist")))

    assert "to be announced (China)" in html_en
    assert '<td class="field-themes">Innovation</td>' in html_en
    assert '<td class="field-progress">1 of 2</td>' in html_en
    assert "предстои да бъде обявен (Китай)" in html_bg
    assert '<td class="field-progress">1 от 2</td>' in html_bg


def _seed(size):
    areas = [make_area() for _ in range(2)]
    for n in range(size):
        programme = Programme.objects.create(code=f"programme-{n}-{size}", name_bg="Програма", name_en="Programme")
        make_component(programme=programme)
        partner = make_city()
        partnership = make_partnership(partner_city=partner, areas=areas)
        make_milestone(partnership=partnership, thematic_area=areas[0])
        make_participation(partnership=partnership, organisation=make_organisation(city=partner))


CHANGELISTS = [
    "admin:cities_city_changelist",
    "admin:cities_organisation_changelist",
    "admin:partnerships_programme_changelist",
    "admin:partnerships_component_changelist",
    "admin:partnerships_thematicarea_changelist",
    "admin:partnerships_partnership_changelist",
    "admin:partnerships_milestone_changelist",
]


# What each admin list costs, literal: the same at 1 and at 3 seeded partnerships.
CHANGELIST_QUERIES = {
    "admin:cities_city_changelist": 6,
    "admin:cities_organisation_changelist": 6,
    "admin:partnerships_programme_changelist": 5,
    "admin:partnerships_component_changelist": 6,
    "admin:partnerships_thematicarea_changelist": 5,
    "admin:partnerships_partnership_changelist": 9,
    "admin:partnerships_milestone_changelist": 6,
}


@pytest.mark.parametrize("rows", [1, 3])
@pytest.mark.parametrize("url", CHANGELISTS)
def test_admin_changelist_query_count(admin_in, django_assert_num_queries, url, rows):
    client = admin_in("en")
    _seed(rows)

    with django_assert_num_queries(CHANGELIST_QUERIES[url]):
        response = client.get(reverse(url))

    assert response.status_code == 200
    assert response.context["cl"].result_count >= min(rows, 2)  # two thematic areas whatever the size
