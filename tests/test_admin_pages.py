"""Every admin changelist, add and change view, for a superuser, in both languages."""

import json

import pytest
from django.urls import reverse

from tests.factories import make_area, make_component, make_milestone, make_organisation, make_participation
from tests.html import loaded_urls, page, read_form

pytestmark = pytest.mark.django_db

# model -> (Bulgarian plural, English plural, Bulgarian field label, English field label)
LABELS = {
    "cities.city": ("Градове", "Cities", "Име на местния език", "Native name"),
    "cities.organisation": ("Организации", "Organisations", "Вид в четворната спирала", "Helix type"),
    "partnerships.programme": ("Програми", "Programmes", "Финансираща институция", "Funder"),
    "partnerships.component": ("Компоненти", "Components", "Подредба", "Order"),
    "partnerships.thematicarea": ("Тематични области", "Thematic areas", "Подредба", "Order"),
    "partnerships.partnership": ("Партньорства", "Partnerships", "Държава партньор", "Partner country"),
    "partnerships.milestone": ("Етапи", "Milestones", "Дата на изпълнение", "Completion date"),
}


@pytest.fixture
def one_of_each():
    milestone = make_milestone()
    make_participation(partnership=milestone.partnership, organisation=make_organisation())
    make_area()
    return {
        "cities.city": milestone.partnership.home_city,
        "cities.organisation": milestone.partnership.organisations.get(),
        "partnerships.programme": milestone.partnership.component.programme,
        "partnerships.component": make_component(),
        "partnerships.thematicarea": make_area(),
        "partnerships.partnership": milestone.partnership,
        "partnerships.milestone": milestone,
    }


def _url(model, view, obj=None):
    app_label, model_name = model.split(".")
    if view == "change":
        return reverse(f"admin:{app_label}_{model_name}_change", args=[obj.pk])
    return reverse(f"admin:{app_label}_{model_name}_{view}")


@pytest.mark.parametrize("model", LABELS)
@pytest.mark.parametrize("language", ["bg", "en"])
@pytest.mark.parametrize("view", ["changelist", "add", "change"])
def test_admin_page_renders_translated(admin_in, one_of_each, model, language, view):
    plural_bg, plural_en, label_bg, label_en = LABELS[model]
    client = admin_in(language)

    response = client.get(_url(model, view, one_of_each[model]))

    assert response.status_code == 200
    html = page(response)
    assert f'<html lang="{language}"' in html
    if view == "changelist":
        assert (plural_bg if language == "bg" else plural_en) in html
        assert (plural_en if language == "bg" else plural_bg) not in html
    else:
        assert f">{label_bg if language == 'bg' else label_en}" in html
        assert f">{label_en if language == 'bg' else label_bg}" not in html


@pytest.mark.parametrize("model", LABELS)
@pytest.mark.parametrize("view", ["add", "change"])
def test_admin_change_form_labels_every_field(admin_in, one_of_each, model, view):
    response = admin_in("bg").get(_url(model, view, one_of_each[model]))

    form = read_form(response, f"{model.split('.')[1]}_form")
    unlabelled = {
        control_id for control_id in form.controls if control_id not in form.labels and "__prefix__" not in control_id
    }
    assert unlabelled == set()


@pytest.mark.parametrize("model", LABELS)
@pytest.mark.parametrize("view", ["changelist", "add", "change"])
def test_admin_page_loads_nothing_from_another_origin(admin_in, one_of_each, model, view):
    response = admin_in("en").get(_url(model, view, one_of_each[model]))

    foreign = [url for url in loaded_urls(response) if "//" in url]
    assert foreign == []
    assert len(loaded_urls(response)) > 3


def test_admin_language_switcher_changes_the_language(admin_client):
    response = admin_client.post(reverse("set_language"), {"language": "en", "next": "/admin/"}, follow=True)

    assert response.redirect_chain == [("/admin/", 302)]
    assert '<html lang="en"' in page(response)
    assert "My work" in page(response)


def test_admin_login_page_in_bulgarian_by_default(client):
    response = client.get(reverse("admin:login"))

    html = page(response)
    assert '<html lang="bg"' in html
    assert "Портал IURC" in html
    assert 'id="admin-language"' in html


def test_the_admin_scripts_speak_bulgarian_where_django_s_catalogue_is_silent(admin_client, settings):
    """Django 6.1's Bulgarian catalogue lacks the date boxes' time zone note and the
    calendar's labels; ours (locale/bg/LC_MESSAGES/djangojs.po) has them."""
    admin_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "bg"

    script = admin_client.get(reverse("admin:jsi18n")).content.decode()

    assert "\\u0414\\u043d\\u0435\\u0441 (%(date)s)" in script  # Днес (%(date)s)
    assert "%(timezone)s" in script and "\\u0447\\u0430\\u0441\\u0430 \\u043d\\u0430\\u0437\\u0430\\u0434" in script
    assert "(You are %(offset)s hour behind.)" in script  # the msgid, the catalogue's key


def test_the_inlines_add_row_fits_every_gender(admin_client, site, settings):
    admin_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "bg"

    response = admin_client.get(reverse("admin:partnerships_partnership_change", args=[site["published"].pk]))

    texts = [
        json.loads(inline.inline_formset_data())["options"]["addText"]
        for inline in response.context["inline_admin_formsets"]
    ]
    assert texts == ["Добави още: Участие", "Добави още: Етап"]
