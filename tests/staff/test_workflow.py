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
        ("bg", "„Партньорство 1“ не може да бъде публикувано: резюме (английски) празно."),
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
