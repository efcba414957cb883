"""Issue 11 §3: results against targets on the public partnership page, in words and as a
small server-drawn chart; only published public indicators."""

import datetime
import re
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group, User
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse

from indicators.charts import indicator_chart
from indicators.models import Indicator, Measurement
from partnerships import selectors
from publishing.models import Publication, Revision
from publishing.services import revision_approve
from tests.html import form_data, page

pytestmark = pytest.mark.django_db


def _indicator(site, **fields):
    defaults = {
        "partnership": site["published"],
        "name_bg": "Проведени учебни посещения",
        "name_en": "Study visits held",
        "unit_bg": "посещения",
        "unit_en": "visits",
        "baseline": Decimal("0"),
        "target": Decimal("6"),
        "target_date": datetime.date(2027, 12, 31),
        "publication": Publication.PUBLISHED,
    }
    return Indicator.objects.create(**{**defaults, **fields})


def _measure(indicator, day, value, **fields):
    return Measurement.objects.create(indicator=indicator, date=day, value=Decimal(value), **fields)


def _text(html):
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


@pytest.mark.parametrize(
    ("prefix", "expected"),
    [
        (
            "",
            [
                "Резултати спрямо целите",
                "Проведени учебни посещения",
                "Изходно ниво 0 посещения, цел 6 посещения до 31 декември 2027 г.",
                "Последно: 2 посещения, измерено на 15 март 2026 г.",
                "Източник: Протокол от срещата",
            ],
        ),
        (
            "/en",
            [
                "Results against targets",
                "Study visits held",
                "Baseline 0 visits, target 6 visits by 31 December 2027",
                "Latest: 2 visits, measured on 15 March 2026.",
                "Source: Minutes of the meeting",
            ],
        ),
    ],
)
def test_the_partnership_page_states_baseline_latest_and_target_with_its_date(client, site, prefix, expected):
    indicator = _indicator(site)
    _measure(indicator, datetime.date(2025, 6, 1), "1")
    _measure(
        indicator,
        datetime.date(2026, 3, 15),
        "2",
        source_bg="Протокол от срещата",
        source_en="Minutes of the meeting",
    )

    html = page(client.get(f"{prefix}/partnerships/sofia-seoul/"))

    assert [phrase for phrase in expected if phrase not in _text(html)] == []
    assert html.count('<circle class="chart-dot"') == 2


def test_only_published_public_indicators_are_shown(client, site):
    _indicator(site, name_en="Shown")
    hidden = [
        _indicator(site, name_en="Internal indicator", is_public=False),
        _indicator(site, name_en="Draft indicator", publication=Publication.DRAFT),
        _indicator(site, name_en="Indicator of a draft partnership", partnership=site["draft"]),
    ]

    html = page(client.get("/en/partnerships/sofia-seoul/"))

    assert "Shown" in html
    assert [indicator.name_en for indicator in hidden if indicator.name_en in html] == []
    assert [indicator.name_en for indicator in selectors.public_indicators()] == ["Shown"]


def test_an_indicator_not_measured_yet_says_so_and_draws_no_chart(client, site):
    _indicator(site)

    html = page(client.get("/en/partnerships/sofia-seoul/"))

    assert "Not measured yet." in html
    assert "indicator-chart" not in html


def test_the_chart_puts_the_target_above_the_baseline_and_the_measurements_between():
    indicator = Indicator(baseline=Decimal("1"), target=Decimal("10"), target_date=datetime.date(2027, 1, 1))
    measurements = [
        Measurement(date=datetime.date(2025, 1, 1), value=Decimal("2")),
        Measurement(date=datetime.date(2026, 1, 1), value=Decimal("5")),
    ]

    chart = indicator_chart(indicator, measurements)

    (x1, y1), (x2, y2) = chart.dots
    assert chart.target_y < y2 < y1 < chart.baseline_y
    assert x1 == 8 and x1 < x2 < chart.width - 8
    assert indicator_chart(indicator, []) is None


@pytest.mark.parametrize(
    ("fields", "constraint"),
    [({"value": Decimal("-1")}, "measurement_not_negative"), ({"value": Decimal("1")}, "measurement_one_a_day")],
)
def test_a_measurement_is_one_a_day_and_never_negative(site, fields, constraint):
    indicator = _indicator(site)
    _measure(indicator, datetime.date(2026, 1, 1), "3")

    with pytest.raises(IntegrityError), transaction.atomic():
        day = datetime.date(2026, 1, 2) if constraint == "measurement_not_negative" else datetime.date(2026, 1, 1)
        Measurement.objects.create(indicator=indicator, date=day, **fields)


def test_an_editor_s_new_measurement_waits_for_review_then_reaches_the_page(client, site):
    """A measurement added by an editor to a published indicator is a proposed change, like
    any inline row: the public page keeps the published figures until a publisher approves."""
    indicator = _indicator(site)
    _measure(indicator, datetime.date(2026, 3, 15), "2")
    editor = User.objects.create_user("eva", password="x", is_staff=True)
    editor.groups.add(Group.objects.get(name="Editor"))
    publisher = User.objects.create_user("petar", password="x", is_staff=True)
    publisher.groups.add(Group.objects.get(name="Publisher"))
    staff = Client()
    staff.force_login(editor)
    staff.cookies["django_language"] = "en"
    url = reverse("admin:indicators_indicator_change", args=[indicator.pk])
    data = form_data(staff.get(url), "indicator_form")
    new = int(data["measurements-TOTAL_FORMS"][0]) - 1  # the empty extra form
    data[f"measurements-{new}-date"] = ["30.06.2026"]
    data[f"measurements-{new}-value"] = ["4"]
    data[f"measurements-{new}-source_en"] = ["Minutes of the June visit"]

    response = staff.post(url, data)
    waiting = _text(page(client.get("/en/partnerships/sofia-seoul/")))
    revision_approve(revision=Revision.objects.get(), user=publisher)
    approved = _text(page(client.get("/en/partnerships/sofia-seoul/")))

    assert response.status_code == 302
    assert "Latest: 2 visits, measured on 15 March 2026." in waiting
    assert list(indicator.measurements.order_by("date").values_list("value", flat=True)) == [2, 4]
    assert "Latest: 4 visits, measured on 30 June 2026." in approved
    assert "Source: Minutes of the June visit" in approved
