"""A partnership's MilestoneCounts stay equal to a count of its milestones after every
kind of write: the admin, publication, restore, approval, deletes, moves and bulk loads."""

import datetime

import pytest
from django.contrib.auth.models import Group, User
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse

from partnerships import selectors
from partnerships.models import Milestone, MilestoneCounts, Partnership
from partnerships.services import milestone_counts_refresh, milestone_counts_update
from publishing.models import Revision
from publishing.services import publication_publish, publication_unpublish, revision_approve
from tests.factories import home_city, make_milestone, make_partnership
from tests.html import form_data
from tests.threads import at_once

pytestmark = pytest.mark.django_db

DONE = {"status": "done", "completed_on": datetime.date(2026, 1, 5)}


def counted(partnership):
    """(total, done, public total, public done) as kept."""
    row = MilestoneCounts.objects.filter(partnership=partnership).first()
    return (row.total, row.done, row.public_total, row.public_done) if row else (0, 0, 0, 0)


def recounted(partnership):
    """The same numbers counted from the milestones now."""
    every = Milestone.objects.filter(partnership=partnership)
    public = selectors.public_milestones_of_any_partnership().filter(partnership=partnership)
    return (every.count(), every.filter(status="done").count(), public.count(), public.filter(status="done").count())


def _staff(role, name):
    user = User.objects.create_user(name, password="x", is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    client = Client()
    client.force_login(user)
    client.cookies["django_language"] = "en"
    return user, client


@pytest.fixture
def partnership(db):
    home_city()
    return make_partnership(publication="published", summary_bg="Р", summary_en="S")


def test_counts_follow_creation_status_visibility_and_publication(partnership):
    planned = make_milestone(partnership=partnership)
    make_milestone(partnership=partnership, **DONE)
    internal = make_milestone(partnership=partnership, is_public=False, **DONE)
    draft = make_milestone(partnership=partnership, publication="draft")
    assert counted(partnership) == (4, 2, 2, 1)

    planned.status, planned.completed_on = "done", datetime.date(2026, 2, 1)
    planned.save()
    internal.is_public = True
    internal.save()
    draft.publication = "published"
    draft.save()
    assert counted(partnership) == (4, 3, 4, 3) == recounted(partnership)


def test_counts_follow_the_publication_services(partnership, admin_user):
    milestone = make_milestone(partnership=partnership, publication="draft", **DONE)
    assert counted(partnership) == (1, 1, 0, 0)
    publication_publish(obj=milestone, user=admin_user)
    assert counted(partnership) == (1, 1, 1, 1)
    publication_unpublish(obj=milestone, user=admin_user)
    assert counted(partnership) == (1, 1, 0, 0) == recounted(partnership)


def test_counts_follow_deletes_one_by_one_and_in_bulk(partnership):
    milestones = [make_milestone(partnership=partnership, **DONE) for _ in range(4)]
    milestones[0].delete()
    assert counted(partnership) == (3, 3, 3, 3)
    Milestone.objects.filter(pk__in=[m.pk for m in milestones[1:3]]).delete()
    assert counted(partnership) == (1, 1, 1, 1) == recounted(partnership)


def test_a_milestone_moved_to_another_partnership_is_counted_in_its_new_one_only(partnership):
    other = make_partnership(publication="published")
    milestone = make_milestone(partnership=partnership)
    milestone.partnership = other
    milestone.save()
    assert (counted(partnership), counted(other)) == ((0, 0, 0, 0), (1, 0, 1, 0))


def test_deleting_a_partnership_deletes_its_counts(partnership):
    for _ in range(3):
        make_milestone(partnership=partnership)
    partnership.delete()
    assert not MilestoneCounts.objects.exists()


def test_the_admin_inline_and_its_delete_box_keep_the_counts(partnership, admin_in):
    client = admin_in("en")
    kept, dropped = make_milestone(partnership=partnership), make_milestone(partnership=partnership)
    url = reverse("admin:partnerships_partnership_change", args=[partnership.pk])
    data = form_data(client.get(url), "partnership_form")
    rows = {data[f"milestones-{n}-id"][0]: n for n in range(int(data["milestones-TOTAL_FORMS"][0]))}
    data[f"milestones-{rows[str(dropped.pk)]}-DELETE"] = ["on"]
    done = rows[str(kept.pk)]
    data[f"milestones-{done}-status"], data[f"milestones-{done}-completed_on"] = ["done"], ["2026-03-01"]

    response = client.post(url, data)

    assert response.status_code == 302
    assert counted(partnership) == (1, 1, 1, 1) == recounted(partnership)


def test_restoring_an_earlier_version_of_a_milestone_recounts(partnership, admin_in):
    client = admin_in("en")
    milestone = make_milestone(partnership=partnership)
    first = milestone.history.order_by("history_id").first()
    milestone.status, milestone.completed_on = "done", datetime.date(2026, 2, 1)
    milestone.save()
    assert counted(partnership) == (1, 1, 1, 1)

    url = reverse("admin:partnerships_milestone_simple_history", args=[milestone.pk, first.history_id])
    response = client.post(url, form_data(client.get(url), "historicalmilestone_form"))

    assert response.status_code == 302
    assert counted(partnership) == (1, 0, 1, 0) == recounted(partnership)


def test_an_approved_proposal_recounts(partnership):
    milestone = make_milestone(partnership=partnership)
    _editor, editor_client = _staff("Editor", "ivan")
    url = reverse("admin:partnerships_milestone_change", args=[milestone.pk])
    data = form_data(editor_client.get(url), "milestone_form")
    data["status"], data["completed_on"] = ["done"], ["2026-03-01"]
    editor_client.post(url, data)
    assert counted(partnership) == (1, 0, 1, 0)  # still as published

    publisher, _client = _staff("Publisher", "maria")
    revision_approve(revision=Revision.objects.get(status="pending"), user=publisher)

    assert counted(partnership) == (1, 1, 1, 1) == recounted(partnership)


def test_a_bulk_load_is_counted_by_the_refresh(partnership):
    make_milestone(partnership=partnership)
    empty = make_partnership()
    Milestone.objects.bulk_create(
        Milestone(partnership=partnership, title_bg=f"Е {n}", title_en=f"M {n}", publication="published", **DONE)
        for n in range(5)
    )
    assert counted(partnership) == (1, 0, 1, 0)  # bulk_create bypasses save()

    milestone_counts_refresh()

    assert counted(partnership) == (6, 5, 6, 5) == recounted(partnership)
    assert counted(empty) == (0, 0, 0, 0)


def test_the_demo_data_is_counted(db):
    from partnerships.demo import load_demo

    load_demo()
    for partnership in Partnership.objects.all():
        assert counted(partnership) == recounted(partnership)


def test_the_public_list_shows_the_public_counts_and_staff_all(partnership):
    make_milestone(partnership=partnership, **DONE)
    make_milestone(partnership=partnership, is_public=False, **DONE)
    make_milestone(partnership=partnership, publication="draft")
    public = selectors.public_partnerships().get(pk=partnership.pk)
    staff = selectors.partnership_list().get(pk=partnership.pk)
    new = selectors.public_partnerships().get(pk=make_partnership(publication="published").pk)
    assert (public.milestones_done, public.milestones_total) == (1, 1)
    assert (staff.milestones_done, staff.milestones_total) == (2, 3)
    assert (new.milestones_done, new.milestones_total) == (0, 0)


def test_an_update_of_a_deleted_partnership_is_nothing(db):
    milestone_counts_update(partnership_ids=[999_999, None])
    assert not MilestoneCounts.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_concurrent_saves_on_one_partnership_leave_the_right_counts():
    """Two transactions add a milestone to the same partnership at once: the second waits
    for the first's lock and counts after it has committed."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite has one writer at a time: the race needs PostgreSQL's row locks.")
    home_city()
    partnership = make_partnership(publication="published")

    def add():
        with transaction.atomic():
            make_milestone(partnership=partnership, **DONE)

    _results, errors = at_once(add)

    assert errors == []
    assert counted(partnership) == (2, 2, 2, 2)
