import pytest
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from partnerships.models import Partnership
from tests.factories import home_city, make_milestone, make_partnership
from tests.html import form_data, page

pytestmark = pytest.mark.django_db


def _staff(role, name):
    user = User.objects.create_user(name, password="x", is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    client = Client()
    client.force_login(user)
    client.cookies["django_language"] = "en"
    return user, client


def _edit(client, obj, **changes):
    url = reverse("admin:partnerships_partnership_change", args=[obj.pk])
    data = form_data(client.get(url), "partnership_form")
    data.update({key: [value] for key, value in changes.items()})
    return client.post(url, data)


def test_history_shows_who_changed_which_field_in_both_languages(client):
    home_city()
    partnership = make_partnership(title_bg="Старо", title_en="Old")
    _editor, editor_client = _staff("Editor", "maria")

    _edit(editor_client, partnership, title_bg="Ново", title_en="New")
    response = editor_client.get(reverse("admin:partnerships_partnership_history", args=[partnership.pk]))

    html = page(response)
    assert response.status_code == 200
    assert "maria" in html
    assert "Старо" in html and "Ново" in html and "Old" in html and "New" in html
    assert "<strong>Title (Bulgarian):</strong>" in html and "<strong>Title (English):</strong>" in html
    latest = partnership.history.first()
    assert {change.field for change in latest.diff_against(latest.prev_record).changes} >= {"title_bg", "title_en"}


def test_changes_outside_the_admin_are_recorded_too():
    call_command("load_demo")
    partnership = Partnership.objects.get(slug="sofia-seoul")
    partnership.status = Partnership.Status.PAIRED
    partnership.save()

    records = list(partnership.history.order_by("history_id").values_list("history_type", "status", "history_user"))
    assert records[0] == ("+", "announced", None)
    assert records[-1] == ("~", "paired", None)


def test_restoring_an_earlier_version_keeps_the_publication_state(client):
    home_city()
    partnership = make_partnership(title_en="First", summary_bg="Р", summary_en="S", publication="published")
    _editor, editor_client = _staff("Editor", "ivan")
    _edit(editor_client, partnership, title_en="Second")
    first = partnership.history.order_by("history_id").first()
    Partnership.objects.filter(pk=partnership.pk).update(publication="draft")
    partnership.refresh_from_db()
    partnership.save()

    url = reverse("admin:partnerships_partnership_simple_history", args=[partnership.pk, first.history_id])
    data = form_data(editor_client.get(url), "historicalpartnership_form")
    response = editor_client.post(url, data)

    partnership.refresh_from_db()
    assert response.status_code == 302
    assert (partnership.title_en, partnership.publication) == ("First", "draft")


def test_second_save_over_a_newer_version_is_refused_and_says_what_changed():
    home_city()
    partnership = make_partnership(title_en="Original", summary_en="Summary")
    _maria, first = _staff("Editor", "maria")
    _ivan, second = _staff("Editor", "ivan")
    url = reverse("admin:partnerships_partnership_change", args=[partnership.pk])
    first_form = form_data(first.get(url), "partnership_form")
    second_form = form_data(second.get(url), "partnership_form")

    first_form["title_en"] = ["Maria's title"]
    assert first.post(url, first_form).status_code == 302
    second_form["summary_en"] = ["Ivan's summary"]
    response = second.post(url, second_form)

    html = page(response)
    partnership.refresh_from_db()
    assert response.status_code == 200
    assert "maria saved this record at" in html
    assert "(changed: title [en])" in html
    assert "Your changes were not saved, so nothing was overwritten." in html
    assert (partnership.title_en, partnership.summary_en) == ("Maria's title", "Summary")


def test_save_after_reopening_goes_through():
    home_city()
    partnership = make_partnership(title_en="Original")
    _maria, first = _staff("Editor", "maria")

    assert _edit(first, partnership, title_en="One").status_code == 302
    assert _edit(first, partnership, title_en="Two").status_code == 302
    partnership.refresh_from_db()
    assert partnership.title_en == "Two"


def test_a_milestone_changed_meanwhile_is_not_overwritten_by_the_partnership_page():
    home_city()
    partnership = make_partnership(title_en="Partnership")
    milestone = make_milestone(partnership=partnership, title_en="Original")
    # Publishers: their edits go live at once (an editor's would wait for review).
    _maria, first = _staff("Publisher", "maria")
    _ivan, second = _staff("Publisher", "ivan")
    page_url = reverse("admin:partnerships_partnership_change", args=[partnership.pk])
    stale = form_data(second.get(page_url), "partnership_form")
    milestone_url = reverse("admin:partnerships_milestone_change", args=[milestone.pk])
    fresh = form_data(first.get(milestone_url), "milestone_form")
    fresh["title_en"] = ["Maria's milestone"]
    assert first.post(milestone_url, fresh).status_code == 302

    stale["title_en"] = ["Ivan's partnership"]
    response = second.post(page_url, stale)

    milestone.refresh_from_db()
    partnership.refresh_from_db()
    assert response.status_code == 200
    assert "maria saved this record at" in page(response)
    assert (milestone.title_en, partnership.title_en) == ("Maria's milestone", "Partnership")


def test_a_form_without_its_version_is_refused(client):
    home_city()
    partnership = make_partnership(title_en="Original")
    _maria, first = _staff("Editor", "maria")
    url = reverse("admin:partnerships_partnership_change", args=[partnership.pk])
    data = form_data(first.get(url), "partnership_form")
    del data["base_version"]
    data["title_en"] = ["Changed"]

    response = first.post(url, data)

    partnership.refresh_from_db()
    assert "This form does not say which version it was opened on." in page(response)
    assert partnership.title_en == "Original"


def test_history_page_has_no_inline_style_for_the_csp_to_refuse():
    home_city()
    partnership = make_partnership()
    _maria, first = _staff("Editor", "maria")

    html = first.get(reverse("admin:partnerships_partnership_history", args=[partnership.pk])).content.decode()

    assert "style=" not in html


def test_history_page_is_in_bulgarian_for_a_bulgarian_staff_member():
    home_city()
    partnership = make_partnership(title_bg="Заглавие")
    _maria, first = _staff("Editor", "maria")
    first.cookies["django_language"] = "bg"
    _edit(first, partnership, title_en="Title")

    html = page(first.get(reverse("admin:partnerships_partnership_history", args=[partnership.pk])))

    for text in ("История на промените: Заглавие", "Дата/час", "Променено от", "Промени"):
        assert text in html
