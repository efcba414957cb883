from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from cities.models import City
from tests.factories import home_city, make_city

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("fields", "constraint"),
    [
        ({"latitude": Decimal("90.5"), "longitude": Decimal("10")}, "city_latitude_range"),
        ({"latitude": Decimal("-91"), "longitude": Decimal("10")}, "city_latitude_range"),
        ({"latitude": Decimal("10"), "longitude": Decimal("180.5")}, "city_longitude_range"),
        ({"latitude": Decimal("10")}, "city_coordinates_together"),
        ({"population": 9_000_000}, "city_population_has_year"),
        ({"area_km2": Decimal("-1")}, "city_area_not_negative"),
        ({"native_name": "서울특별시"}, "city_native_name_has_language"),
    ],
)
def test_city_constraint_refused_by_database(fields, constraint):
    with pytest.raises(IntegrityError, match=constraint), transaction.atomic():
        make_city(**fields)

    assert not City.objects.filter(slug__startswith="city-").exists()


def test_city_second_home_refused_by_database():
    home_city()

    with pytest.raises(IntegrityError), transaction.atomic():
        make_city(is_home=True)

    assert list(City.objects.home().values_list("name_en", flat=True)) == ["Sofia"]


def test_city_valid_figures_accepted():
    city = make_city(
        native_name="서울특별시",
        native_language="ko",
        population=9_000_000,
        population_year=2024,
        area_km2=Decimal("605.21"),
        latitude=Decimal("37.566500"),
        longitude=Decimal("126.978000"),
    )

    city.refresh_from_db()
    assert (city.latitude, city.longitude, city.area_km2) == (
        Decimal("37.566500"),
        Decimal("126.978000"),
        Decimal("605.21"),
    )
