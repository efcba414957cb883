import datetime
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command
from django.forms.models import model_to_dict
from django.utils import translation

from cities.models import City
from partnerships import demo
from partnerships.models import Milestone, Partnership

pytestmark = pytest.mark.django_db

MODELS = [
    "cities.City",
    "cities.Organisation",
    "partnerships.Programme",
    "partnerships.Component",
    "partnerships.ThematicArea",
    "partnerships.Partnership",
    "partnerships.Participation",
    "partnerships.Milestone",
]


def _rows():
    rows = {}
    for label in MODELS:
        model = apps.get_model(label)
        rows[label] = [
            {
                **model_to_dict(obj),
                "pk": obj.pk,
                **({"updated_at": obj.updated_at} if hasattr(obj, "updated_at") else {}),
            }
            for obj in model.objects.order_by("pk")
        ]
    return rows


def test_load_demo_twice_gives_the_same_rows(capsys):
    call_command("load_demo")
    first = _rows()
    call_command("load_demo")

    assert _rows() == first
    assert capsys.readouterr().out.splitlines() == [
        "Demo data: 17 rows created.",
        "Demo data: already present, nothing changed.",
    ]


def test_load_demo_creates_the_facts_of_the_announcement():
    call_command("load_demo")

    assert list(City.objects.home().values_list("name_bg", "name_en", "country")) == [("София", "Sofia", "BG")]
    seoul = Partnership.objects.get(slug="sofia-seoul")
    china = Partnership.objects.get(slug="sofia-china")
    assert (seoul.partner_city.native_name, seoul.partner_city.native_language) == ("서울특별시", "ko")
    assert (china.partner_country.code, china.partner_city) == ("CN", None)
    assert seoul.component.programme.components.count() == 2
    assert sorted(seoul.thematic_areas.values_list("code", flat=True)) == [
        "circular-economy",
        "innovation",
        "sustainable-mobility",
        "urban-modernisation",
    ]
    assert list(china.milestones.values_list("status", "due_date", "completed_on")) == [
        ("done", datetime.date(2021, 8, 10), datetime.date(2021, 8, 10)),
        ("planned", None, None),
    ]


def test_load_demo_has_every_text_in_both_languages():
    call_command("load_demo")

    for partnership in Partnership.objects.all():
        assert all([partnership.title_bg, partnership.title_en, partnership.summary_bg, partnership.summary_en])
    for milestone in Milestone.objects.all():
        assert all([milestone.title_bg, milestone.title_en, milestone.description_bg, milestone.description_en])
    with translation.override("en"):
        assert sorted(str(p) for p in Partnership.objects.all()) == ["Sofia – Chinese partner city", "Sofia – Seoul"]


def test_load_demo_gives_the_cities_their_sourced_facts():
    call_command("load_demo")

    facts = City.objects.order_by("slug").values_list(
        "slug", "population", "population_year", "area_km2", "latitude", "longitude", "website"
    )
    assert [
        (slug, population, year, int(area), float(lat), float(lon), site)
        for slug, population, year, area, lat, lon, site in facts
    ] == [
        ("seoul", 9_605_419, 2024, 605, 37.56, 126.99, "https://english.seoul.go.kr/"),
        ("sofia", 1_221_172, 2022, 1311, 42.6975, 23.3219, "https://www.sofia.bg/"),
    ]
    source = Path(demo.__file__).read_text()
    for cited in [
        "https://nsi.bg/en/node/21551",
        "https://seoulsolution.kr/en/content/statistic-seoul",
        "sofia.bg/web/tourism-in-sofia/sofia",
    ]:
        assert cited in source


def test_load_demo_is_a_dated_record_not_a_forecast():
    call_command("load_demo")

    texts = [
        text for partnership in Partnership.objects.all() for text in (partnership.summary_bg, partnership.summary_en)
    ] + [text for milestone in Milestone.objects.all() for text in (milestone.description_bg, milestone.description_en)]
    assert all("10.08.2021" in text for text in texts)
    for future in ["ще бъде обявен", "will be known", "ще бъде ясен", "announces"]:
        assert not any(future in text for text in texts)
