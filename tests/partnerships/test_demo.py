import datetime

import pytest
from django.apps import apps
from django.core.management import call_command
from django.forms.models import model_to_dict
from django.utils import translation

from cities.models import City
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
        assert sorted(str(p) for p in Partnership.objects.all()) == ["Sofia – Seoul", "Sofia – a city in China"]


def test_load_demo_invents_no_figures():
    call_command("load_demo")

    assert list(City.objects.order_by().values_list("population", "area_km2", "latitude", "longitude").distinct()) == [
        (None, None, None, None)
    ]
