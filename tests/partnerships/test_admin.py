import datetime

import pytest
from django.urls import reverse

from partnerships.models import Milestone, Partnership
from tests.factories import home_city, make_area, make_city, make_component, make_milestone, make_partnership
from tests.html import form_data, page

pytestmark = pytest.mark.django_db

SNAPSHOT = [
    "title_bg",
    "title_en",
    "summary_bg",
    "summary_en",
    "slug",
    "start_date",
    "end_date",
    "partner_country",
    "partner_city",
    "publication",
    "updated_at",
]


def _change(client, obj, form_id, **changes):
    url = reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])
    data = form_data(client.get(url), form_id)
    for key, value in changes.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value if isinstance(value, list) else [value]
    return client.post(url, data)


def test_partnership_admin_add_saves_a_valid_partnership(admin_in):
    sofia, component = home_city(), make_component()
    client = admin_in("en")
    data = form_data(client.get(reverse("admin:partnerships_partnership_add")), "partnership_form")
    data.update(
        title_bg=["София – Китай"],
        title_en=["Sofia – China"],
        slug=["sofia-china"],
        home_city=[sofia.pk],
        partner_country=["CN"],
        component=[component.pk],
    )

    response = client.post(reverse("admin:partnerships_partnership_add"), data)

    assert response.status_code == 302
    partnership = Partnership.objects.get()
    assert (partnership.title_bg, partnership.title_en, partnership.partner_city) == (
        "София – Китай",
        "Sofia – China",
        None,
    )


@pytest.mark.parametrize(
    ("language", "changes", "message"),
    [
        ("en", {"start_date": "2022-01-02", "end_date": "2022-01-01"}, "The end date cannot be before the start date."),
        ("bg", {"start_date": "2022-01-02", "end_date": "2022-01-01"}, "Крайната дата не може да е преди началната."),
        ("en", {"partner_country": "BG", "partner_city": "HOME"}, "The partner city cannot be the home city."),
        ("bg", {"partner_country": "BG", "partner_city": "HOME"}, "Градът партньор не може да е градът домакин."),
        ("en", {"partner_country": "CN", "partner_city": "SEOUL"}, "Seoul is in South Korea, not in China."),
        ("bg", {"partner_country": "CN", "partner_city": "SEOUL"}, "Сеул е в Южна Корея, а не в Китай."),
        ("en", {"slug": "софия-сеул"}, "Enter a valid “slug”"),
    ],
)
def test_partnership_admin_bad_input_shows_error_and_saves_nothing(admin_in, language, changes, message):
    seoul = make_city(name_bg="Сеул", name_en="Seoul", country="KR")
    partnership = make_partnership(partner_city=seoul, summary_bg="Резюме", summary_en="Summary")
    before = Partnership.objects.values(*SNAPSHOT).get()
    cities = {"HOME": str(partnership.home_city.pk), "SEOUL": str(seoul.pk)}
    changes = {key: cities.get(value, value) for key, value in changes.items()}

    response = _change(admin_in(language), partnership, "partnership_form", **changes)

    assert response.status_code == 200
    assert message in page(response)
    assert Partnership.objects.values(*SNAPSHOT).get() == before


def test_partnership_admin_milestone_inline_done_without_date_shows_error(admin_in):
    milestone = make_milestone()

    response = _change(admin_in("en"), milestone.partnership, "partnership_form", **{"milestones-0-status": "done"})

    assert "A done milestone needs a completion date" in page(response)
    assert Milestone.objects.get().status == Milestone.Status.PLANNED


def test_partnership_admin_milestone_theme_outside_partnership_shows_error(admin_in):
    own, other = make_area(name_en="Innovation"), make_area(name_en="Mobility")
    partnership = make_partnership(areas=[own])
    make_milestone(partnership=partnership)

    response = _change(admin_in("en"), partnership, "partnership_form", **{"milestones-0-thematic_area": str(other.pk)})

    assert "“Mobility” is not one of the partnership's thematic areas." in page(response)
    assert Milestone.objects.get().thematic_area is None


def test_partnership_admin_theme_added_with_its_milestone_in_one_save(admin_in):
    own, new = make_area(), make_area()
    partnership = make_partnership(areas=[own])
    make_milestone(partnership=partnership)

    response = _change(
        admin_in("en"),
        partnership,
        "partnership_form",
        thematic_areas=[str(own.pk), str(new.pk)],
        **{"milestones-0-thematic_area": str(new.pk)},
    )

    assert response.status_code == 302
    assert Milestone.objects.get().thematic_area == new
    assert set(partnership.thematic_areas.all()) == {own, new}


def test_partnership_admin_removing_a_theme_its_milestone_uses_shows_error(admin_in):
    area = make_area(name_en="Innovation")
    partnership = make_partnership(areas=[area])
    make_milestone(partnership=partnership, thematic_area=area)

    response = _change(admin_in("en"), partnership, "partnership_form", thematic_areas=None)

    assert "“Innovation” is not one of the partnership's thematic areas." in page(response)
    assert list(partnership.thematic_areas.all()) == [area]


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("en", "“Mobility” is not one of the partnership's thematic areas."),
        ("bg", "„Мобилност“ не е сред тематичните области на партньорството."),
    ],
)
def test_milestone_admin_theme_outside_partnership_shows_error(admin_in, language, message):
    own = make_area()
    other = make_area(name_bg="Мобилност", name_en="Mobility")
    milestone = make_milestone(partnership=make_partnership(areas=[own]))

    response = _change(admin_in(language), milestone, "milestone_form", thematic_area=str(other.pk))

    assert message in page(response)
    assert Milestone.objects.get().thematic_area is None


def test_milestone_admin_completion_date_on_planned_milestone_shows_error(admin_in):
    milestone = make_milestone()

    response = _change(admin_in("bg"), milestone, "milestone_form", completed_on="2021-08-10")

    assert "Изпълненият етап трябва да има дата на изпълнение" in page(response)
    assert Milestone.objects.get().completed_on is None


def test_milestone_admin_done_with_date_is_saved(admin_in):
    milestone = make_milestone()

    response = _change(admin_in("en"), milestone, "milestone_form", status="done", completed_on="2021-08-10")

    assert response.status_code == 302
    milestone.refresh_from_db()
    assert (milestone.status, milestone.completed_on) == ("done", datetime.date(2021, 8, 10))


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("en", "Ensure this value has at most 300 characters (it has 301)."),
        ("bg", "Уверете се, че тази стойност има най-много 300 знака (тя има 301)."),
    ],
)
def test_partnership_admin_oversized_text_shows_error_in_the_staff_language(admin_in, language, message):
    partnership = make_partnership(title_en="Short")

    response = _change(admin_in(language), partnership, "partnership_form", title_en="x" * 301)

    assert message in page(response)
    partnership.refresh_from_db()
    assert partnership.title_en == "Short"
