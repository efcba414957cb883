"""Issue 10: each public milestone has a page of its own; no other milestone has one."""

import pytest
from django.core.cache import caches
from django.urls import reverse

from partnerships.models import Milestone
from publishing.models import Publication
from tests.factories import make_milestone
from tests.html import page

pytestmark = pytest.mark.django_db


def _url(milestone, language="en"):
    path = reverse("partnerships:milestone-detail", args=[milestone.pk])
    return path if language == "bg" else f"/en{path}"


@pytest.mark.parametrize(
    ("language", "facts"),
    [
        ("en", ["<dt>Kind</dt><dd>kick-off</dd>", "<dt>Done on</dt>", "30 September 2021", "Innovation"]),
        ("bg", ["<dt>Вид</dt>", "30 септември 2021 г.", "Иновации"]),
    ],
)
def test_a_public_milestone_has_its_page(client, site, language, facts):
    milestone = site["milestones"]["done"]
    html = page(client.get(_url(milestone, language)))

    title = "Kick-off meeting" if language == "en" else "Начална среща"
    assert f"<h1>{title}</h1>" in html
    for fact in facts:
        assert fact in html
    assert 'href="/en/partnerships/sofia-seoul/"' in html or 'href="/partnerships/sofia-seoul/"' in html


def test_the_lists_and_the_partnership_page_link_to_milestone_pages(client, site):
    milestone = site["milestones"]["upcoming"]
    link = f'href="{_url(milestone)}"'
    assert link in page(client.get("/en/milestones/"))
    assert link in page(client.get("/en/partnerships/sofia-seoul/"))
    assert link in page(client.get("/en/themes/mobility/"))


@pytest.mark.parametrize(
    "shape",
    [
        {"publication": Publication.DRAFT},
        {"publication": Publication.IN_REVIEW},
        {"publication": Publication.ARCHIVED},
        {"publication": Publication.PUBLISHED, "is_public": False},
    ],
)
def test_an_unpublished_or_internal_milestone_has_no_page(client, site, shape):
    milestone = make_milestone(partnership=site["published"], title_en="Hidden", **shape)
    assert client.get(_url(milestone)).status_code == 404


def test_a_milestone_of_a_draft_partnership_has_no_page(client, site):
    milestone = make_milestone(partnership=site["draft"], publication=Publication.PUBLISHED)
    assert client.get(_url(milestone)).status_code == 404


def test_a_milestone_page_costs_three_queries(client, site, django_assert_num_queries):
    caches["public_pages"].clear()
    # The content version, the milestone with its partnership and theme, its documents.
    with django_assert_num_queries(3):
        response = client.get(_url(site["milestones"]["done"]))
    assert response.status_code == 200
    assert Milestone.objects.count() == 5
