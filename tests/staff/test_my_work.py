"""Issue 11 §1: people responsible for partnerships and milestones, and the "My work" page
that staff see first after signing in."""

import datetime

import pytest
from django.contrib.auth.models import Group, User
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from partnerships.models import Milestone
from partnerships.selectors import milestones_of, my_milestones
from publishing.models import Publication, Revision
from publishing.selectors import awaiting_review, proposals_of
from tests.factories import home_city, make_milestone, make_partnership
from tests.html import form_data, page

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2027, 3, 1)


def _staff(name, role=None, language="en"):
    user = User.objects.create_user(name, password="x", is_staff=True)
    if role:
        user.groups.add(Group.objects.get(name=role))
    client = Client()
    client.force_login(user)
    client.cookies["django_language"] = language
    return user, client


def _due(days):
    return TODAY + datetime.timedelta(days=days)


@pytest.fixture
def work():
    """Ana answers for one partnership; Boris for single milestones in it and elsewhere."""
    home_city()
    ana, boris = User.objects.create_user("ana", is_staff=True), User.objects.create_user("boris", is_staff=True)
    hers = make_partnership(responsible=ana, deputy=boris)
    other = make_partnership()
    milestones = {
        "inherited overdue": make_milestone(partnership=hers, due_date=_due(-3)),
        "inherited soon": make_milestone(partnership=hers, due_date=_due(30)),
        "inherited later": make_milestone(partnership=hers, due_date=_due(31)),
        "inherited undated": make_milestone(partnership=hers),
        "done": make_milestone(
            partnership=hers, due_date=_due(-9), status=Milestone.Status.DONE, completed_on=_due(-9)
        ),
        "cancelled": make_milestone(partnership=hers, due_date=_due(5), status=Milestone.Status.CANCELLED),
        "given to boris": make_milestone(partnership=hers, due_date=_due(1), responsible=boris, deputy=ana),
        "hers elsewhere": make_milestone(partnership=other, due_date=_due(2), responsible=ana),
        "nobody's": make_milestone(partnership=other, due_date=_due(2)),
    }
    return ana, boris, milestones


def _titles(groups):
    return {key: (count, [milestone.title_en for milestone in rows]) for key, count, rows in groups}


def test_my_milestones_group_what_a_person_answers_for_by_urgency(work):
    ana, _boris, m = work

    mine = _titles(my_milestones(ana, today=TODAY))
    roles = {milestone.title_en: milestone.role for milestone in milestones_of(ana)}

    title = {key: milestone.title_en for key, milestone in m.items()}
    assert mine == {
        "overdue": (1, [title["inherited overdue"]]),
        "soon": (3, [title["given to boris"], title["hers elsewhere"], title["inherited soon"]]),
        "later": (2, [title["inherited later"], title["inherited undated"]]),
    }
    assert roles[title["given to boris"]] == "deputy"
    assert roles[title["hers elsewhere"]] == roles[title["inherited soon"]] == "responsible"


def test_a_deputy_sees_the_partnership_s_unassigned_milestones_and_their_own(work):
    _ana, boris, _m = work

    mine = _titles(my_milestones(boris, today=TODAY))

    assert {key: count for key, (count, _rows) in mine.items()} == {"overdue": 1, "soon": 2, "later": 2}
    assert {milestone.role for milestone in milestones_of(boris)} == {"responsible", "deputy"}


def test_the_deputy_cannot_be_the_person_responsible(work):
    ana, _boris, m = work

    with pytest.raises(IntegrityError), transaction.atomic():
        Milestone.objects.filter(pk=m["hers elsewhere"].pk).update(deputy=ana)


@pytest.mark.parametrize(
    ("language", "texts"),
    [
        ("en", ["My work", "My milestones", "Overdue (1)", "Due in the next 30 days (3)", "deputy"]),
        ("bg", ["Моята работа", "Моите етапи", "Просрочени (1)", "Със срок в следващите 30 дни (3)", "заместник"]),
    ],
)
def test_my_work_is_the_first_page_after_signing_in_in_the_staff_language(work, language, texts, monkeypatch):
    ana, _boris, _m = work
    ana.is_superuser = True
    ana.save()
    monkeypatch.setattr(timezone, "localdate", lambda *args: TODAY)
    ana.set_password("x")
    ana.save()
    client = Client()
    client.cookies["django_language"] = language

    data = form_data(client.get(reverse("admin:login")), "login-form")
    login = client.post(reverse("admin:login"), {**data, "username": ["ana"], "password": ["x"]})
    html = page(client.get(login["Location"]))

    assert login["Location"] == "/admin/"
    assert [text for text in texts if text not in html] == []


def test_milestone_list_filters_my_milestones(work):
    ana, _boris, m = work
    ana.is_superuser = True
    ana.save()
    client = Client()
    client.force_login(ana)

    response = client.get(reverse("admin:partnerships_milestone_changelist"), {"mine": "responsible"})

    shown = {milestone.title_en for milestone in response.context["cl"].result_list}
    assert shown == {
        m[key].title_en
        for key in ("inherited overdue", "inherited soon", "inherited later", "inherited undated", "done", "cancelled")
    } | {m["hers elsewhere"].title_en}


@pytest.mark.parametrize("rows", [1, 3])
def test_my_work_costs_the_same_queries_however_much_work_there_is(work, rows, django_assert_num_queries, monkeypatch):
    ana, _boris, _m = work
    monkeypatch.setattr(timezone, "localdate", lambda *args: TODAY)
    for _n in range(rows):
        make_milestone(partnership=make_partnership(responsible=ana), due_date=_due(-1))
        make_partnership(publication=Publication.IN_REVIEW)
    ana.is_superuser = True
    ana.save()
    client = Client()
    client.force_login(ana)

    # Session and user; the milestones' counts and each group's first rows; one per
    # publishable model (documents among them) for the records in review; others' proposals;
    # the person's own;
    # the admin's recent actions.
    with django_assert_num_queries(15):
        response = client.get(reverse("admin:index"))
    assert response.status_code == 200


def test_what_waits_for_review_is_shown_to_those_who_may_publish_it():
    home_city()
    publisher, _client = _staff("petya", "Publisher")
    editor, _client = _staff("eva", "Editor")
    submitted = make_partnership(title_en="Submitted", publication=Publication.IN_REVIEW, submitted_by=editor)
    published = make_partnership(title_en="Live", publication=Publication.PUBLISHED)
    Revision.objects.create(
        content_type_id=_content_type_id(published),
        object_id=published.pk,
        object_repr="Live",
        base_version=published.version,
        changes={},
        proposed_by=editor,
    )

    records, (proposals, first) = awaiting_review(publisher)
    editor_records, (editor_proposals, _first) = awaiting_review(editor)
    own_count, own = proposals_of(editor)

    assert [(model._meta.model_name, count, [str(obj) for obj in rows]) for model, count, rows in records] == [
        ("partnership", 1, [str(submitted)])
    ]
    assert (proposals, [revision.object_repr for revision in first]) == (1, ["Live"])
    assert (editor_records, editor_proposals) == ([], 0)
    assert (own_count, [revision.object_repr for revision in own]) == (1, ["Live"])
    assert proposals_of(publisher) == (0, [])


def _content_type_id(obj):
    from django.contrib.contenttypes.models import ContentType

    return ContentType.objects.get_for_model(obj).pk
