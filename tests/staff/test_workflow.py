import pytest
from django.contrib.auth.models import Group, User
from django.urls import reverse

from tests.factories import home_city, make_city, make_milestone, make_partnership
from tests.html import page

pytestmark = pytest.mark.django_db


def _login(client, role, language="en"):
    from django.conf import settings

    user = User.objects.create_user(f"{role.lower()}-{language}", password="x", is_staff=True, first_name=role)
    user.groups.add(Group.objects.get(name=role))
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return user


def _act(client, action, obj):
    url = reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_changelist")
    return client.post(url, {"action": action, "_selected_action": [obj.pk]}, follow=True)


def test_editor_submits_publisher_publishes_and_the_public_sees_it(client):
    home_city()
    partnership = make_partnership(slug="review-me", summary_bg="Резюме", summary_en="Summary")
    editor = _login(client, "Editor")

    _act(client, "submit_for_review", partnership)
    refused = _act(client, "publish", partnership)
    partnership.refresh_from_db()
    assert (partnership.publication, partnership.submitted_by) == ("in_review", editor)
    assert "No action selected." in page(refused) or "publish" not in page(refused).split('name="action"')[1][:2000]
    assert client.get("/en/partnerships/review-me/").status_code == 404

    publisher = _login(client, "Publisher")
    response = _act(client, "publish", partnership)
    partnership.refresh_from_db()

    assert "1 record published." in page(response)
    assert (partnership.publication, partnership.published_by) == ("published", publisher)
    assert client.get("/en/partnerships/review-me/").status_code == 200
    change_page = page(client.get(reverse("admin:partnerships_partnership_change", args=[partnership.pk])))
    assert "Submitted for review by" in change_page and editor.username in change_page
    assert "Published by" in change_page and publisher.username in change_page


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("en", "“Partnership 1” cannot be published: summary (English) empty."),
        ("bg", "Записът „Партньорство 1“ не може да бъде публикуван. Не е попълнено: резюме (английски)."),
    ],
)
def test_publishing_names_the_fields_missing_in_a_language(client, language, message):
    home_city()
    partnership = make_partnership(
        title_bg="Партньорство 1", title_en="Partnership 1", summary_bg="Резюме", summary_en=""
    )
    _login(client, "Publisher", language)

    response = _act(client, "publish", partnership)

    partnership.refresh_from_db()
    assert message in page(response)
    assert partnership.publication == "draft"


def test_unpublish_and_archive_take_records_off_the_public_site(client):
    home_city()
    partnership = make_partnership(slug="live", publication="published", summary_bg="Р", summary_en="S")
    _login(client, "Publisher")

    _act(client, "unpublish", partnership)
    assert client.get("/partnerships/live/").status_code == 404
    partnership.refresh_from_db()
    assert partnership.publication == "draft"
    _act(client, "archive", partnership)
    partnership.refresh_from_db()
    assert partnership.publication == "archived"


def test_draft_milestone_and_city_stay_off_the_public_site(client):
    home_city()
    partnership = make_partnership(
        slug="p", publication="published", partner_city=make_city(slug="draft-city", publication="draft")
    )
    make_milestone(partnership=partnership, title_en="Draft milestone", publication="draft")
    make_milestone(partnership=partnership, title_en="Review milestone", publication="in_review")

    html = page(client.get("/en/partnerships/p/")) + page(client.get("/en/milestones/?when=all"))

    assert "Draft milestone" not in html and "Review milestone" not in html
    assert client.get("/en/cities/draft-city/").status_code == 404


@pytest.mark.parametrize(("value", "titles"), [("both", ["Both"]), ("bg", ["Само"]), ("en", ["English only"])])
def test_changelist_shows_and_filters_translation_completeness(client, value, titles):
    home_city()
    make_partnership(title_bg="Оба", title_en="Both", summary_bg="Р", summary_en="S")
    make_partnership(title_bg="Само", title_en="", summary_bg="Р", summary_en="")
    make_partnership(title_bg="", title_en="English only", summary_bg="", summary_en="S")
    _login(client, "Editor")

    response = client.get(reverse("admin:partnerships_partnership_changelist"), {"translation": value})

    assert sorted(p.title_en or p.title_bg for p in response.context["cl"].result_list) == titles
    label = {"both": "both languages", "bg": "Bulgarian only", "en": "English only"}[value]
    assert f'<td class="field-translation_state">{label}</td>' in page(response)


def test_official_cannot_restore_or_edit_through_the_history_page(client):
    home_city()
    partnership = make_partnership(title_en="Published title", summary_bg="Р", summary_en="S", publication="published")
    partnership.title_en = "Later title"
    partnership.save()
    first = partnership.history.order_by("history_id").first()
    _login(client, "Official")
    url = reverse("admin:partnerships_partnership_simple_history", args=[partnership.pk, first.history_id])

    response = client.post(url, {"title_en": "Hacked", "_change_history": "1"})

    partnership.refresh_from_db()
    assert response.status_code == 403
    assert partnership.title_en == "Later title"


def test_editor_cannot_empty_a_published_translation_or_change_visibility(client):
    from tests.html import form_data

    home_city()
    partnership = make_partnership(summary_bg="Резюме", summary_en="Summary", publication="published")
    milestone = make_milestone(partnership=partnership, is_public=False, publication="published")
    _login(client, "Editor")
    url = reverse("admin:partnerships_partnership_change", args=[partnership.pk])
    data = form_data(client.get(url), "partnership_form")
    data["summary_en"] = [""]

    response = client.post(url, data)
    milestone_url = reverse("admin:partnerships_milestone_change", args=[milestone.pk])
    milestone_data = form_data(client.get(milestone_url), "milestone_form")
    milestone_data["is_public"] = ["on"]
    milestone_response = client.post(milestone_url, milestone_data)

    partnership.refresh_from_db()
    milestone.refresh_from_db()
    assert "A published record needs this in both languages." in page(response)
    assert partnership.summary_en == "Summary"
    assert "Only a publisher may change whether a published milestone is public." in page(milestone_response)
    assert milestone.is_public is False


def test_only_publishers_move_the_home_city_and_a_draft_home_stays_off_the_home_page(client):
    sofia = home_city()
    draft_town = make_city(name_en="DraftTown", publication="draft")
    _login(client, "Editor")

    _act(client, "make_home", draft_town)
    sofia.refresh_from_db()
    assert sofia.is_home is True

    _login(client, "Publisher")
    _act(client, "make_home", draft_town)
    sofia.refresh_from_db()
    assert (sofia.is_home, sofia.history.first().is_home) == (False, False)
    assert "DraftTown" not in page(client.get("/en/"))


def test_unpublishing_clears_who_published(client):
    home_city()
    partnership = make_partnership(summary_bg="Р", summary_en="S")
    publisher = _login(client, "Publisher")
    _act(client, "publish", partnership)
    partnership.refresh_from_db()
    assert partnership.published_by == publisher

    _act(client, "unpublish", partnership)

    partnership.refresh_from_db()
    assert (partnership.publication, partnership.published_by, partnership.published_at) == ("draft", None, None)
