"""The permission matrix: every role, content model and action, walked through the admin."""

import pytest
from django.contrib.auth.models import Group, User
from django.urls import reverse

from cities.models import City, Organisation
from iurc_portal.roles import EDITOR, OFFICIAL, PUBLISHER, ensure_roles
from partnerships.models import Milestone, Partnership
from tests.factories import home_city, make_city, make_milestone, make_organisation, make_partnership
from tests.html import form_data

pytestmark = pytest.mark.django_db

MODELS = {
    "city": (City, "region_en", "cities"),
    "organisation": (Organisation, "website", "cities"),
    "partnership": (Partnership, "summary_en", "partnerships"),
    "milestone": (Milestone, "description_en", "partnerships"),
}
ACTIONS = ["view", "add", "change", "delete", "publish", "export"]
PUBLISHABLE = {"city", "organisation", "partnership", "milestone"}


def expected(role, model, action):
    if role == EDITOR:
        return action in {"view", "add", "change"}
    if role == PUBLISHER:
        return action in {"view", "add", "change", "delete"} or (action == "publish" and model in PUBLISHABLE)
    return action in {"view", "export"}


MATRIX = [(role, model, action) for role in (EDITOR, PUBLISHER, OFFICIAL) for model in MODELS for action in ACTIONS]


def _record(model):
    if model == "city":
        return make_city(publication="in_review", name_bg="Сеул", name_en="Seoul")
    if model == "organisation":
        return make_organisation(publication="in_review")
    if model == "partnership":
        return make_partnership(publication="in_review", summary_bg="Резюме", summary_en="Summary")
    return make_milestone(partnership=make_partnership(), publication="in_review")


def _allowed(client, role, model, action):
    _model_class, field, app = MODELS[model]
    obj = _record(model)
    base = f"admin:{app}_{model}"
    if action == "view":
        return client.get(reverse(f"{base}_changelist")).status_code == 200
    if action == "add":
        return client.get(reverse(f"{base}_add")).status_code == 200
    if action == "change":
        url = reverse(f"{base}_change", args=[obj.pk])
        page = client.get(url)
        data = (
            form_data(page, f"{model}_form")
            if b'type="submit"' in page.content and b'name="_save"' in page.content
            else {}
        )
        data[field] = ["https://changed.example/" if field == "website" else "changed"]
        response = client.post(url, data)
        obj.refresh_from_db()
        return response.status_code == 302 and getattr(obj, field) in ("changed", "https://changed.example/")
    if action == "delete":
        return client.get(reverse(f"{base}_delete", args=[obj.pk])).status_code == 200
    if action == "publish":
        client.post(reverse(f"{base}_changelist"), {"action": "publish", "_selected_action": [obj.pk]})
        obj.refresh_from_db()
        return getattr(obj, "publication", None) == "published"
    return client.get(reverse("reports:index")).status_code == 200


@pytest.mark.parametrize(("role", "model", "action"), MATRIX)
def test_permission_matrix(client, role, model, action):
    home_city()
    user = User.objects.create_user(f"{role.lower()}-user", password="x", is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    client.force_login(user)

    assert _allowed(client, role, model, action) is expected(role, model, action)


def test_roles_are_created_once_with_exactly_their_permissions():
    ensure_roles()
    ensure_roles()

    groups = {group.name: sorted(p.codename for p in group.permissions.all()) for group in Group.objects.all()}
    assert sorted(groups) == ["Editor", "Official", "Publisher"]
    assert "publish_partnership" in groups["Publisher"] and "publish_partnership" not in groups["Editor"]
    assert [code for code in groups["Official"] if not code.startswith("view_")] == ["export_reports"]
    assert [code for code in groups["Editor"] if code.startswith(("delete_", "publish_"))] == []


def test_editor_cannot_delete_what_is_published_even_with_the_delete_permission(client):
    from django.contrib.auth.models import Permission

    user = User.objects.create_user("editor-plus", password="x", is_staff=True)
    user.groups.add(Group.objects.get(name=EDITOR))
    user.user_permissions.add(Permission.objects.get(codename="delete_partnership"))
    client.force_login(user)
    published = make_partnership(publication="published", summary_bg="Р", summary_en="S")
    draft = make_partnership()

    assert client.get(reverse("admin:partnerships_partnership_delete", args=[published.pk])).status_code == 403
    assert client.get(reverse("admin:partnerships_partnership_delete", args=[draft.pk])).status_code == 200
