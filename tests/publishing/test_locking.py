"""Optimistic locking on the version column, checked under a row lock in the saving
transaction; revert (restore) runs in one too. The tests that depend on a real
transaction use ``transaction=True``: PostgreSQL refuses ``select_for_update`` outside
one, which the usual test transaction hides."""

import pytest
from django.contrib.auth.models import Group, User
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import translation

from partnerships.models import Milestone
from publishing.locking import StaleEdit, lock_version
from tests.factories import home_city, make_milestone, make_partnership
from tests.html import form_data, page


def _staff(role, name):
    user = User.objects.create_user(name, password="x", is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    client = Client()
    client.force_login(user)
    client.cookies["django_language"] = "en"
    return user, client


def _history_url(obj, record):
    return reverse(
        f"admin:{obj._meta.app_label}_{obj._meta.model_name}_simple_history", args=[obj.pk, record.history_id]
    )


@pytest.fixture
def roles(django_db_setup, django_db_blocker):
    """The groups, made by ensure_roles after migrate; a transactional test empties every
    table afterwards, so they are made again for each one."""
    from iurc_portal.roles import ensure_roles

    with django_db_blocker.unblock():
        ensure_roles()


@pytest.mark.django_db(transaction=True)
def test_restoring_an_earlier_version_saves_in_a_transaction(roles):
    home_city()
    partnership = make_partnership(title_en="First", publication="draft")
    partnership.title_en = "Second"
    partnership.save()
    _publisher, client = _staff("Publisher", "petar")
    first = partnership.history.order_by("history_id").first()
    url = _history_url(partnership, first)

    response = client.post(url, form_data(client.get(url), "historicalpartnership_form"))

    partnership.refresh_from_db()
    assert response.status_code == 302
    assert partnership.title_en == "First"


@pytest.mark.django_db(transaction=True)
def test_an_editor_cannot_make_an_internal_milestone_public_by_restoring_a_draft_version(roles):
    home_city()
    partnership = make_partnership(publication="published", summary_bg="Р", summary_en="S")
    milestone = make_milestone(partnership=partnership, publication="draft", is_public=True)
    # A publisher publishes it as internal.
    milestone.is_public = False
    milestone.publication = "published"
    milestone.save()
    _editor, client = _staff("Editor", "eva")
    draft_era = milestone.history.order_by("history_id").first()
    url = _history_url(milestone, draft_era)

    response = client.post(url, form_data(client.get(url), "historicalmilestone_form"))

    milestone.refresh_from_db()
    assert "Only a publisher may change whether a published milestone is public." in page(response)
    assert milestone.is_public is False


@pytest.mark.django_db(transaction=True)
def test_lock_version_refuses_outside_a_transaction():
    home_city()
    partnership = make_partnership()

    with pytest.raises(transaction.TransactionManagementError):
        lock_version(partnership, base=partnership.version)


@pytest.mark.django_db
def test_lock_version_passes_on_the_current_version_and_names_who_changed_what(settings):
    settings.LANGUAGE_CODE = "en"
    translation.activate("en")
    home_city()
    milestone = make_milestone(title_en="Before")
    opened = milestone.version
    Milestone.objects.get(pk=milestone.pk).save()  # someone saves meanwhile

    with transaction.atomic():
        assert lock_version(milestone, base=opened + 1) == opened + 1
        with pytest.raises(StaleEdit, match="after you opened it"):
            lock_version(milestone, base=opened)
        with pytest.raises(StaleEdit, match="does not say which version"):
            lock_version(milestone, base=None)


@pytest.mark.django_db
def test_every_save_raises_the_version_by_one():
    home_city()
    milestone = make_milestone()

    milestone.save()
    milestone.title_en = "Changed"
    milestone.save(update_fields=["title_en"])

    milestone.refresh_from_db()
    assert milestone.version == 3


@pytest.mark.django_db
def test_a_stale_partnership_save_is_refused_once_not_once_per_milestone():
    home_city()
    partnership = make_partnership(publication="draft")
    for _ in range(3):
        make_milestone(partnership=partnership)
    _maria, first = _staff("Publisher", "maria")
    _ivan, second = _staff("Publisher", "ivan")
    url = reverse("admin:partnerships_partnership_change", args=[partnership.pk])
    stale = form_data(second.get(url), "partnership_form")
    fresh = form_data(first.get(url), "partnership_form")
    fresh["title_en"] = ["Maria's title"]
    assert first.post(url, fresh).status_code == 302

    stale["title_en"] = ["Ivan's title"]
    html = page(second.post(url, stale))

    assert html.count("maria saved this record at") == 1


@pytest.mark.django_db(transaction=True)
def test_approving_a_proposal_locks_and_saves_in_a_real_transaction(roles):
    from publishing.models import Revision

    home_city()
    partnership = make_partnership(title_en="Published", publication="published", summary_bg="Р", summary_en="S")
    _editor, editor = _staff("Editor", "eva")
    _publisher, publisher = _staff("Publisher", "petar")
    url = reverse("admin:partnerships_partnership_change", args=[partnership.pk])
    data = form_data(editor.get(url), "partnership_form")
    data["title_en"] = ["Proposed"]
    editor.post(url, data)
    revision = Revision.objects.get()

    response = publisher.post(reverse("admin:publishing_revision_change", args=[revision.pk]), {"_approve": "1"})

    partnership.refresh_from_db()
    revision.refresh_from_db()
    assert response.status_code == 302
    assert (partnership.title_en, revision.status) == ("Proposed", "approved")
