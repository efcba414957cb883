"""The publication workflow's services, each refusal included, without HTTP."""

import pytest
from django.contrib.auth.models import Group, User
from django.core.exceptions import PermissionDenied

from publishing.models import Publication
from publishing.services import (
    PublicationError,
    publication_archive,
    publication_publish,
    publication_submit,
    publication_unpublish,
)
from tests.factories import home_city, make_partnership

pytestmark = pytest.mark.django_db


def _user(role):
    user = User.objects.create_user(role.lower(), password="x", is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def draft():
    home_city()
    return make_partnership(summary_bg="Резюме", summary_en="Summary", publication=Publication.DRAFT)


def test_the_whole_way_draft_review_published_archived(draft):
    editor, publisher = _user("Editor"), _user("Publisher")

    publication_submit(obj=draft, user=editor)
    assert (draft.publication, draft.submitted_by) == (Publication.IN_REVIEW, editor)
    publication_publish(obj=draft, user=publisher)
    assert (draft.publication, draft.published_by) == (Publication.PUBLISHED, publisher)
    publication_unpublish(obj=draft, user=publisher)
    assert (draft.publication, draft.published_by) == (Publication.DRAFT, None)
    publication_archive(obj=draft, user=publisher)
    draft.refresh_from_db()
    assert draft.publication == Publication.ARCHIVED


@pytest.mark.parametrize(
    ("state", "service", "message"),
    [
        (Publication.IN_REVIEW, publication_submit, "only a draft can be submitted for review"),
        (Publication.PUBLISHED, publication_submit, "only a draft can be submitted for review"),
        (Publication.PUBLISHED, publication_publish, "is already published"),
        (Publication.DRAFT, publication_unpublish, "is not published"),
        (Publication.ARCHIVED, publication_unpublish, "is not published"),
        (Publication.ARCHIVED, publication_archive, "is already archived"),
    ],
)
def test_a_move_the_record_cannot_make_is_refused(draft, settings, state, service, message):
    settings.LANGUAGE_CODE = "en"
    draft.publication = state
    draft.save()

    with pytest.raises(PublicationError, match=message):
        service(obj=draft, user=_user("Publisher"))
    draft.refresh_from_db()
    assert draft.publication == state


@pytest.mark.parametrize("service", [publication_publish, publication_unpublish, publication_archive])
def test_an_editor_may_not_publish_unpublish_or_archive(draft, service):
    with pytest.raises(PermissionDenied):
        service(obj=draft, user=_user("Editor"))


def test_publishing_names_every_empty_required_field(draft, settings):
    settings.LANGUAGE_CODE = "en"
    from django.utils import translation

    translation.activate("en")
    draft.summary_en = ""
    draft.save()

    with pytest.raises(PublicationError, match=r"summary \(English\) empty"):
        publication_publish(obj=draft, user=_user("Publisher"))


def test_only_those_who_may_change_a_record_submit_it(draft):
    official = _user("Official")

    with pytest.raises(PermissionDenied):
        publication_submit(obj=draft, user=official)
    draft.refresh_from_db()
    assert draft.publication == Publication.DRAFT
