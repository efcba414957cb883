import datetime

import pytest
from django.db import IntegrityError, transaction

from partnerships.models import Milestone, Partnership
from tests.factories import home_city, make_milestone, make_partnership

pytestmark = pytest.mark.django_db

DAY = datetime.date(2021, 8, 10)


def test_partnership_end_before_start_refused_by_database():
    with pytest.raises(IntegrityError, match="partnership_end_after_start"), transaction.atomic():
        make_partnership(start_date=DAY, end_date=DAY - datetime.timedelta(days=1))

    assert Partnership.objects.count() == 0


def test_partnership_same_end_and_start_accepted():
    partnership = make_partnership(start_date=DAY, end_date=DAY)

    assert Partnership.objects.get().pk == partnership.pk


def test_partnership_partner_city_home_refused_by_database():
    sofia = home_city()

    with pytest.raises(IntegrityError, match="partnership_partner_not_home"), transaction.atomic():
        make_partnership(home_city=sofia, partner_city=sofia, partner_country="BG")

    assert Partnership.objects.count() == 0


def test_partnership_partner_city_to_be_announced_accepted():
    partnership = make_partnership(partner_city=None, partner_country="CN")

    assert Partnership.objects.get(partner_city__isnull=True).pk == partnership.pk


@pytest.mark.parametrize(
    ("status", "completed_on"),
    [
        (Milestone.Status.DONE, None),
        (Milestone.Status.PLANNED, DAY),
        (Milestone.Status.CANCELLED, DAY),
    ],
)
def test_milestone_completion_date_mismatch_refused_by_database(status, completed_on):
    partnership = make_partnership()

    with pytest.raises(IntegrityError, match="milestone_done_has_date"), transaction.atomic():
        make_milestone(partnership=partnership, status=status, completed_on=completed_on)

    assert Milestone.objects.count() == 0


def test_milestone_done_with_date_accepted():
    milestone = make_milestone(status=Milestone.Status.DONE, completed_on=DAY)

    assert Milestone.objects.get().pk == milestone.pk
