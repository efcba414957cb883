"""Four eyes: an editor's change to a published record waits for a publisher."""

import pytest
from django.contrib.auth.models import Group, User
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from partnerships.models import Participation, Partnership
from publishing.models import Revision
from publishing.services import PublicationError, revision_approve, revision_reject
from tests.factories import (
    home_city,
    make_area,
    make_city,
    make_milestone,
    make_organisation,
    make_participation,
    make_partnership,
)
from tests.html import form_data, page

pytestmark = pytest.mark.django_db


def _staff(role, name, language="en"):
    user = User.objects.create_user(name, password="x", is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    client = Client()
    client.force_login(user)
    client.cookies["django_language"] = language
    return user, client


def _published(**fields):
    return make_partnership(publication="published", summary_bg="Резюме", summary_en="Summary", **fields)


def _change_url(obj):
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])


def _propose_title(client, partnership, title):
    data = form_data(client.get(_change_url(partnership)), "partnership_form")
    data["title_en"] = [title]
    return client.post(_change_url(partnership), data)


def test_editor_change_to_published_partnership_waits_and_public_keeps_published_version(client):
    home_city()
    partnership = _published(title_en="Published title")
    _editor, editor_client = _staff("Editor", "eva")

    response = _propose_title(editor_client, partnership, "Proposed title")
    public = page(client.get(f"/en/partnerships/{partnership.slug}/"))

    partnership.refresh_from_db()
    revision = Revision.objects.get()
    assert response.status_code == 302
    assert partnership.title_en == "Published title"
    assert "Published title" in public and "Proposed title" not in public
    assert (revision.status, revision.changes["fields"]) == ("pending", {"title_en": "Proposed title"})


def test_publisher_approves_and_the_change_goes_public_with_history(client):
    home_city()
    partnership = _published(title_en="Published title")
    _editor, editor_client = _staff("Editor", "eva")
    publisher, publisher_client = _staff("Publisher", "petar")
    _propose_title(editor_client, partnership, "Proposed title")
    revision = Revision.objects.get()

    review = page(publisher_client.get(reverse("admin:publishing_revision_change", args=[revision.pk])))
    response = publisher_client.post(reverse("admin:publishing_revision_change", args=[revision.pk]), {"_approve": "1"})

    partnership.refresh_from_db()
    revision.refresh_from_db()
    assert "Title (English)" in review and "Published title" in review and "Proposed title" in review
    assert response.status_code == 302
    assert partnership.title_en == "Proposed title"
    assert (revision.status, revision.decided_by) == ("approved", publisher)
    assert "Proposed title" in page(client.get(f"/en/partnerships/{partnership.slug}/"))
    latest = partnership.history.first()
    assert (latest.history_user, latest.history_change_reason) == (publisher, "Proposed by eva")


def test_review_page_is_bulgarian_for_a_bulgarian_publisher():
    home_city()
    partnership = _published(title_en="Published title")
    _editor, editor_client = _staff("Editor", "eva")
    _publisher, publisher_client = _staff("Publisher", "petar", language="bg")
    _propose_title(editor_client, partnership, "Proposed title")

    review = page(publisher_client.get(reverse("admin:publishing_revision_change", args=[Revision.objects.get().pk])))

    assert "Заглавие (английски)" in review
    assert "Одобри и публикувай" in review


def test_editor_inline_participation_on_published_partnership_waits_then_applies():
    home_city()
    partnership = _published()
    newcomer = make_organisation(name_en="Newcomer Ltd")
    _editor, editor_client = _staff("Editor", "eva")
    publisher, _publisher_client = _staff("Publisher", "petar")
    data = form_data(editor_client.get(_change_url(partnership)), "partnership_form")
    data["participations-TOTAL_FORMS"] = ["1"]
    data["participations-0-organisation"] = [str(newcomer.pk)]
    data["participations-0-role"] = ["lead"]

    editor_client.post(_change_url(partnership), data)
    waiting = Participation.objects.count()
    revision_approve(revision=Revision.objects.get(), user=publisher)

    assert waiting == 0
    assert list(Participation.objects.values_list("organisation__name_en", "role")) == [("Newcomer Ltd", "lead")]


def test_editor_change_to_a_draft_is_saved_at_once():
    home_city()
    partnership = make_partnership(title_en="Draft title", publication="draft")
    _editor, editor_client = _staff("Editor", "eva")

    _propose_title(editor_client, partnership, "New draft title")

    partnership.refresh_from_db()
    assert partnership.title_en == "New draft title"
    assert not Revision.objects.exists()


def test_approving_a_proposal_made_before_a_newer_change_is_refused():
    home_city()
    partnership = _published(title_en="Published title")
    _editor, editor_client = _staff("Editor", "eva")
    publisher, publisher_client = _staff("Publisher", "petar")
    _propose_title(editor_client, partnership, "Proposed title")
    data = form_data(publisher_client.get(_change_url(partnership)), "partnership_form")
    data["summary_en"] = ["Publisher's own summary"]
    assert publisher_client.post(_change_url(partnership), data).status_code == 302

    with pytest.raises(PublicationError, match="changed after this change was proposed"):
        revision_approve(revision=Revision.objects.get(), user=publisher)
    partnership.refresh_from_db()
    assert (partnership.title_en, partnership.summary_en) == ("Published title", "Publisher's own summary")


def test_an_editor_may_not_approve_or_reject():
    home_city()
    partnership = _published()
    editor, editor_client = _staff("Editor", "eva")
    _propose_title(editor_client, partnership, "Proposed title")
    revision = Revision.objects.get()

    with pytest.raises(PermissionDenied):
        revision_approve(revision=revision, user=editor)
    with pytest.raises(PermissionDenied):
        revision_reject(revision=revision, user=editor)
    response = editor_client.post(reverse("admin:publishing_revision_change", args=[revision.pk]), {"_approve": "1"})
    assert response.status_code == 403


def test_rejected_and_approved_revisions_cannot_be_decided_again():
    home_city()
    partnership = _published()
    _editor, editor_client = _staff("Editor", "eva")
    publisher, _client = _staff("Publisher", "petar")
    _propose_title(editor_client, partnership, "Proposed title")
    revision = revision_reject(revision=Revision.objects.get(), user=publisher)

    with pytest.raises(PublicationError, match="only a change waiting for review can be approved"):
        revision_approve(revision=revision, user=publisher)
    with pytest.raises(PublicationError, match="only a change waiting for review can be rejected"):
        revision_reject(revision=revision, user=publisher)


def test_a_newer_proposal_replaces_the_older_one():
    home_city()
    partnership = _published()
    _editor, editor_client = _staff("Editor", "eva")

    _propose_title(editor_client, partnership, "First")
    _propose_title(editor_client, partnership, "Second")

    assert list(Revision.objects.order_by("pk").values_list("status", flat=True)) == ["superseded", "pending"]


def test_unchanged_partnership_save_writes_no_row_history_and_bumps_the_content_version_once():
    from publishing.cache import current_version

    home_city()
    area = make_area()
    partnership = make_partnership(publication="draft", areas=[area])
    milestones = [make_milestone(partnership=partnership, thematic_area=area) for _ in range(3)]
    make_participation(partnership=partnership)
    _publisher, client = _staff("Publisher", "petar")
    data = form_data(client.get(_change_url(partnership)), "partnership_form")
    before = (current_version(), [m.history.count() for m in milestones], [m.version for m in milestones])

    assert client.post(_change_url(partnership), data).status_code == 302

    for milestone in milestones:
        milestone.refresh_from_db()
    after = (current_version(), [m.history.count() for m in milestones], [m.version for m in milestones])
    assert after == (before[0] + 1, before[1], before[2])


def test_a_theme_change_is_kept_in_the_history():
    home_city()
    first, second = make_area(name_en="First"), make_area(name_en="Second")
    partnership = make_partnership(publication="draft")
    _publisher, client = _staff("Publisher", "petar")
    for area in (first, second):
        data = form_data(client.get(_change_url(partnership)), "partnership_form")
        data["thematic_areas"] = [str(area.pk)]
        assert client.post(_change_url(partnership), data).status_code == 302

    snapshots = [
        list(record.thematic_areas.values_list("thematicarea", flat=True))
        for record in partnership.history.order_by("history_id")
    ]
    assert [first.pk] in snapshots
    assert snapshots[-1] == [second.pk]
    assert Partnership.objects.get().thematic_areas.get() == second


@pytest.mark.parametrize("value", ["²", "١", "x", "-1", "99999999999999999999"])
def test_a_malformed_thematic_area_is_a_form_error(value):
    home_city()
    partnership = make_partnership(publication="draft")
    _publisher, client = _staff("Publisher", "petar")
    data = form_data(client.get(_change_url(partnership)), "partnership_form")
    data["thematic_areas"] = [value]

    response = client.post(_change_url(partnership), data)

    assert response.status_code == 200
    assert 'class="errorlist' in page(response)
    assert partnership.thematic_areas.count() == 0


def test_editor_change_to_a_published_organisation_waits_for_review(client):
    home_city()
    partnership = _published()
    organisation = make_organisation(name_en="Old Name Ltd")
    make_participation(partnership=partnership, organisation=organisation)
    _editor, editor_client = _staff("Editor", "eva")
    data = form_data(editor_client.get(_change_url(organisation)), "organisation_form")
    data["name_en"] = ["Hacked Name Ltd"]

    editor_client.post(_change_url(organisation), data)

    html = page(client.get(f"/en/partnerships/{partnership.slug}/"))
    assert "Old Name Ltd" in html and "Hacked Name Ltd" not in html
    assert Revision.objects.get().changes["fields"] == {"name_en": "Hacked Name Ltd"}


def test_a_draft_partner_city_is_not_shown_even_when_an_editor_changes_it(client):
    home_city()
    city = make_city(name_en="Draftville", publication="draft", country="KR")
    partnership = _published(partner_city=city)
    _editor, editor_client = _staff("Editor", "eva")
    data = form_data(editor_client.get(_change_url(city)), "city_form")
    data["name_en"] = ["Hackville"]
    editor_client.post(_change_url(city), data)

    html = page(client.get(f"/en/partnerships/{partnership.slug}/"))

    assert "Hackville" not in html and "Draftville" not in html
    assert "has not been confirmed yet" in html


def test_an_editor_restoring_a_published_record_proposes_the_restored_values():
    home_city()
    partnership = _published(title_en="First")
    _publisher, publisher_client = _staff("Publisher", "petar")
    data = form_data(publisher_client.get(_change_url(partnership)), "partnership_form")
    data["title_en"] = ["Second"]
    assert publisher_client.post(_change_url(partnership), data).status_code == 302
    _editor, editor_client = _staff("Editor", "eva")
    first = partnership.history.order_by("history_id").first()
    url = reverse("admin:partnerships_partnership_simple_history", args=[partnership.pk, first.history_id])

    editor_client.post(url, form_data(editor_client.get(url), "historicalpartnership_form"))

    partnership.refresh_from_db()
    assert partnership.title_en == "Second"
    assert Revision.objects.get().changes["fields"] == {"title_en": "First"}


def test_a_restore_never_moves_the_version_back_so_a_stale_form_is_refused():
    home_city()
    partnership = make_partnership(title_en="First", publication="draft")
    _anna, anna = _staff("Publisher", "anna")
    _boris, boris = _staff("Publisher", "boris")
    data = form_data(anna.get(_change_url(partnership)), "partnership_form")
    data["title_en"] = ["Second"]
    anna.post(_change_url(partnership), data)
    stale = form_data(boris.get(_change_url(partnership)), "partnership_form")
    data = form_data(anna.get(_change_url(partnership)), "partnership_form")
    data["title_en"] = ["Third"]
    anna.post(_change_url(partnership), data)
    first = partnership.history.order_by("history_id").first()
    url = reverse("admin:partnerships_partnership_simple_history", args=[partnership.pk, first.history_id])
    anna.post(url, form_data(anna.get(url), "historicalpartnership_form"))

    stale["title_en"] = ["Boris's title"]
    response = boris.post(_change_url(partnership), stale)

    partnership.refresh_from_db()
    assert response.status_code == 200
    assert (partnership.title_en, partnership.version) == ("First", 4)


def test_approval_refuses_a_theme_removal_that_a_milestone_added_since_still_uses():
    home_city()
    kept, removed = make_area(name_en="Kept"), make_area(name_en="Removed")
    partnership = _published(areas=[kept, removed])
    _editor, editor_client = _staff("Editor", "eva")
    publisher, _client = _staff("Publisher", "petar")
    data = form_data(editor_client.get(_change_url(partnership)), "partnership_form")
    data["thematic_areas"] = [str(kept.pk)]
    editor_client.post(_change_url(partnership), data)
    make_milestone(partnership=partnership, thematic_area=removed, title_en="Uses removed")

    with pytest.raises(PublicationError, match="Uses removed"):
        revision_approve(revision=Revision.objects.get(), user=publisher)
    assert set(partnership.thematic_areas.all()) == {kept, removed}


def test_approval_refuses_a_thematic_area_deleted_since_the_proposal():
    home_city()
    partnership = _published()
    doomed = make_area(name_en="Doomed")
    _editor, editor_client = _staff("Editor", "eva")
    _publisher, publisher_client = _staff("Publisher", "petar")
    data = form_data(editor_client.get(_change_url(partnership)), "partnership_form")
    data["thematic_areas"] = [str(doomed.pk)]
    editor_client.post(_change_url(partnership), data)
    revision = Revision.objects.get()
    doomed.delete()

    response = publisher_client.post(reverse("admin:publishing_revision_change", args=[revision.pk]), {"_approve": "1"})

    revision.refresh_from_db()
    assert response.status_code == 302
    assert revision.status == "pending"
    assert partnership.thematic_areas.count() == 0


def test_a_second_editors_proposal_on_the_same_version_keeps_the_first_ones_changes():
    home_city()
    partnership = _published(title_en="Title")
    _anna, anna = _staff("Editor", "anna")
    _boris, boris = _staff("Editor", "boris")
    anna_data = form_data(anna.get(_change_url(partnership)), "partnership_form")
    boris_data = form_data(boris.get(_change_url(partnership)), "partnership_form")
    anna_data["title_en"] = ["Anna's title"]
    anna.post(_change_url(partnership), anna_data)
    boris_data["summary_en"] = ["Boris's summary"]

    response = boris.post(_change_url(partnership), boris_data, follow=True)

    pending = Revision.objects.get(status="pending")
    assert pending.changes["fields"] == {"title_en": "Anna's title", "summary_en": "Boris's summary"}
    assert "They were added to the change anna proposed earlier" in page(response)
