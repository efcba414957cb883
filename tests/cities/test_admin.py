import pytest
from django.urls import reverse

from cities.models import City
from tests.factories import home_city, make_city
from tests.html import form_data, page

pytestmark = pytest.mark.django_db


def _submit(client, url, **changes):
    data = form_data(client.get(url), "city_form")
    data.update({key: [value] for key, value in changes.items()})
    return client.post(url, data)


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("bg", "Друг град вече е град домакин."),
        ("en", "Another city is already the home city."),
    ],
)
def test_city_admin_second_home_city_shows_error(admin_in, language, message):
    home_city()
    client = admin_in(language)

    response = _submit(
        client,
        reverse("admin:cities_city_add"),
        name_bg="Сеул",
        name_en="Seoul",
        slug="seoul",
        country="KR",
        is_home="on",
    )

    assert response.status_code == 200
    assert message in page(response)
    assert list(City.objects.values_list("name_en", flat=True)) == ["Sofia"]


def test_city_admin_unsetting_the_home_city_shows_error(admin_in):
    sofia = home_city()
    data = form_data(admin_in("en").get(reverse("admin:cities_city_change", args=[sofia.pk])), "city_form")
    del data["is_home"]

    response = admin_in("en").post(reverse("admin:cities_city_change", args=[sofia.pk]), data)

    assert "There must be one home city." in page(response)
    assert City.objects.get(pk=sofia.pk).is_home is True


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"latitude": "95"}, "Ensure this value is less than or equal to 90."),
        ({"latitude": "42.7", "longitude": ""}, "Give both latitude and longitude, or neither."),
        ({"population": "1000"}, "Give the year the population figure counts."),
        ({"native_name": "서울특별시"}, "Give the language code of the native name."),
        ({"native_name": "서울특별시", "native_language": "Korean!"}, "Enter a language code such as"),
        ({"slug": "софия"}, "Enter a valid “slug”"),
    ],
)
def test_city_admin_bad_input_shows_error_and_saves_nothing(admin_in, changes, message):
    city = make_city(name_en="Seoul")
    url = reverse("admin:cities_city_change", args=[city.pk])

    response = _submit(admin_in("en"), url, **changes)

    assert response.status_code == 200
    assert message in page(response)
    city.refresh_from_db()
    assert (city.latitude, city.population, city.native_name, city.slug) == (None, None, "", city.slug)


def test_city_admin_make_home_action_moves_the_home_city(admin_in):
    sofia = home_city()
    seoul = make_city(name_en="Seoul")

    response = admin_in("en").post(
        reverse("admin:cities_city_changelist"),
        {"action": "make_home", "_selected_action": [seoul.pk]},
        follow=True,
    )

    assert "Seoul is now the home city." in page(response)
    assert list(City.objects.home()) == [seoul]
    sofia.refresh_from_db()
    assert sofia.is_home is False


def test_city_admin_make_home_action_needs_one_city(admin_in):
    sofia = home_city()
    cities = [make_city(), make_city()]

    response = admin_in("bg").post(
        reverse("admin:cities_city_changelist"),
        {"action": "make_home", "_selected_action": [city.pk for city in cities]},
        follow=True,
    )

    assert "Изберете точно един град" in page(response)
    assert list(City.objects.home()) == [sofia]


def test_city_admin_refuses_to_delete_the_home_city(admin_in):
    sofia = home_city()
    other = make_city()

    page_response = admin_in("en").get(reverse("admin:cities_city_delete", args=[sofia.pk]))
    bulk = admin_in("en").post(
        reverse("admin:cities_city_changelist"),
        {"action": "delete_selected", "_selected_action": [sofia.pk, other.pk], "post": "yes"},
    )

    assert (page_response.status_code, bulk.status_code) == (403, 403)
    assert City.objects.count() == 2
