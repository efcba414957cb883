"""Issue 10: Bulgarian staff type and read dates as Bulgarians write them."""

import datetime

import pytest
from django.urls import reverse
from django.utils import formats, translation

from partnerships.models import Milestone
from tests.factories import home_city, make_milestone, make_partnership
from tests.html import form_data, page

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "typed"),
    [("bg", "15.02.2027"), ("bg", "2027-02-15"), ("en", "15/02/2027"), ("en", "2027-02-15")],
)
def test_admin_takes_dates_as_the_language_writes_them(admin_in, language, typed):
    client = admin_in(language)
    home_city()
    milestone = make_milestone(partnership=make_partnership())
    url = reverse("admin:partnerships_milestone_change", args=[milestone.pk])
    data = form_data(client.get(url), "milestone_form")
    data["due_date"] = [typed]

    response = client.post(url, data)

    assert response.status_code == 302
    assert Milestone.objects.get(pk=milestone.pk).due_date == datetime.date(2027, 2, 15)


def test_admin_shows_a_date_in_the_format_it_takes(admin_in):
    client = admin_in("bg")
    home_city()
    milestone = make_milestone(partnership=make_partnership(), due_date=datetime.date(2027, 2, 15))
    html = page(client.get(reverse("admin:partnerships_milestone_change", args=[milestone.pk])))
    assert 'name="due_date" value="15.02.2027"' in html


@pytest.mark.parametrize(("language", "hint"), [("bg", "дд.мм.гггг"), ("en", "dd/mm/yyyy")])
def test_an_admin_date_box_says_how_to_type_the_date(admin_in, language, hint):
    client = admin_in(language)
    home_city()
    partnership = make_partnership()
    make_milestone(partnership=partnership)
    milestone_form = page(client.get(reverse("admin:partnerships_milestone_add")))
    partnership_form = page(client.get(reverse("admin:partnerships_partnership_change", args=[partnership.pk])))

    assert f'name="due_date" class="vDateField" size="10" placeholder="{hint}"' in milestone_form
    assert f'name="start_date" class="vDateField" size="10" placeholder="{hint}"' in partnership_form
    assert f'name="milestones-0-due_date" class="vDateField" size="10" placeholder="{hint}"' in partnership_form


@pytest.mark.parametrize(
    ("language", "date", "datetime_", "number"),
    [
        ("bg", "10 август 2021 г.", "29.11.2026 г., 16:43", "1\xa0234\xa0567,5"),
        ("en", "10 August 2021", "29 November 2026, 16:43", "1,234,567.5"),
    ],
)
def test_formats_of_each_language(language, date, datetime_, number):
    with translation.override(language):
        assert formats.date_format(datetime.date(2021, 8, 10)) == date
        assert (
            formats.date_format(datetime.datetime(2026, 11, 29, 16, 43, tzinfo=datetime.UTC), "DATETIME_FORMAT")
            == datetime_
        )
        assert formats.number_format(1234567.5, 1, force_grouping=True) == number
