"""Nothing unpublished reaches the public: every shape of it, on a published parent, is
looked for on every public page, the sitemap and every public download."""

import datetime
import itertools

import pytest
from django.contrib.auth.models import Group, User
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse

from documents.models import Document
from indicators.models import Indicator, Measurement
from partnerships import selectors
from partnerships.models import Milestone
from publishing.models import Publication, Revision
from tests.factories import make_city, make_organisation, make_participation, make_partnership
from tests.html import form_data, page
from tests.pages import PAGES, localised

UNPUBLISHED = [Publication.DRAFT, Publication.IN_REVIEW, Publication.ARCHIVED]


@pytest.fixture
def leaky_site(site):
    """The site, plus every unpublished shape on the published partnership: a draft,
    in-review and archived milestone of every kind, an internal one of every kind, and
    an editor's pending change (a new title and a new participating organisation)."""
    published = site["published"]
    leaks = []
    for kind in Milestone.Kind:
        for state in UNPUBLISHED:
            title = f"Leak {kind.value} {state.value}"
            Milestone.objects.create(
                partnership=published,
                kind=kind,
                publication=state,
                title_bg=f"{title} bg",
                title_en=title,
                due_date=datetime.date(2023, 3, 1),
            )
            leaks += [title, f"{title} bg"]
        title = f"Leak {kind.value} internal"
        Milestone.objects.create(
            partnership=published,
            kind=kind,
            publication=Publication.PUBLISHED,
            is_public=False,
            title_bg=f"{title} bg",
            title_en=title,
            due_date=datetime.date(2099, 3, 1),
        )
        leaks += [title, f"{title} bg"]
    # A draft city as the partner of a published partnership: the partnership names its
    # partner, but the city's own texts, page and sitemap entry stay unpublished.
    draft_city = make_city(
        name_en="Draftville", slug="draftville", publication=Publication.DRAFT, description_en="Leak city text"
    )
    draft_city.description_bg = "Leak city text bg"
    draft_city.save()
    make_partnership(
        slug="sofia-draftville",
        partner_city=draft_city,
        publication=Publication.PUBLISHED,
        summary_bg="Резюме",
        summary_en="Summary",
    )
    leaks += ["Draftville", "Leak city text", "/cities/draftville/"]
    # A draft organisation taking part in the published partnership.
    make_participation(
        partnership=published,
        organisation=make_organisation(
            name_bg="Чернова организация", name_en="Draft Org", publication=Publication.DRAFT
        ),
    )
    leaks += ["Draft Org", "Чернова организация"]
    # Documents of every unpublished shape on the published partnership: internal, draft,
    # in review, archived, and one of an internal milestone.
    internal_milestone = Milestone.objects.filter(partnership=published, is_public=False).first()
    shapes = [
        ("internal", {"is_public": False}),
        *((state.value, {"publication": state}) for state in UNPUBLISHED),
        ("of an internal milestone", {"milestone": internal_milestone}),
    ]
    # Each as minutes and as a photo, which a partnership's card would show.
    for (shape, fields), (kind, file_type) in itertools.product(
        shapes, [(Document.Kind.MINUTES, "application/pdf"), (Document.Kind.PHOTO, "image/png")]
    ):
        title = f"Leak {kind} {shape}"
        document = Document(
            partnership=published,
            kind=kind,
            title_bg=f"{title} bg",
            title_en=title,
            date=datetime.date(2024, 1, 1),
            file_type=file_type,
            file_size=5,
            **{"is_public": True, "publication": Publication.PUBLISHED, **fields},
        )
        document.file.save("leak.pdf", ContentFile(b"%PDF-"), save=False)
        document.save()
        leaks += [title, f"{title} bg", f"/documents/{document.pk}/"]
    # Indicators of every unpublished shape, each with a measurement.
    for shape, fields in [
        ("internal", {"is_public": False}),
        *((state.value, {"publication": state}) for state in UNPUBLISHED),
    ]:
        name = f"Leak indicator {shape}"
        indicator = Indicator.objects.create(
            partnership=published,
            name_bg=f"{name} bg",
            name_en=name,
            target=7,
            **{"publication": Publication.PUBLISHED, **fields},
        )
        Measurement.objects.create(
            indicator=indicator, date=datetime.date(2025, 1, 1), value=3, source_en=f"{name} source"
        )
        leaks += [name, f"{name} bg", f"{name} source"]
    # An editor's pending change: it stays a proposal until a publisher approves it.
    editor = User.objects.create_user("editor", password="x", is_staff=True)
    editor.groups.add(Group.objects.get(name="Editor"))
    client = Client()
    client.force_login(editor)
    newcomer = make_organisation(name_bg="Нова фирма", name_en="Newcomer Ltd")
    url = reverse("admin:partnerships_partnership_change", args=[published.pk])
    data = form_data(client.get(url), "partnership_form")
    data["title_en"] = ["Proposed title"]
    data["title_bg"] = ["Предложено заглавие"]
    total = int(data["participations-TOTAL_FORMS"][0])
    data["participations-TOTAL_FORMS"] = [str(total + 1)]
    data[f"participations-{total}-organisation"] = [str(newcomer.pk)]
    data[f"participations-{total}-role"] = ["partner"]
    response = client.post(url, data)
    assert response.status_code == 302, page(response)
    assert Revision.objects.filter(status=Revision.Status.PENDING).count() == 1
    leaks += ["Proposed title", "Предложено заглавие", "Newcomer Ltd", "Нова фирма"]
    return {**site, "leaks": leaks}


def _downloads():
    return [
        reverse(f"partnerships:{name}", kwargs={"export_format": fmt})
        for name in ("partnership-download", "milestone-download")
        for fmt in ("csv", "json")
    ]


@pytest.mark.parametrize("language", ["bg", "en"])
def test_no_unpublished_shape_reaches_any_public_page_sitemap_or_download(client, leaky_site, language):
    paths = [localised(path, language) for _name, path in PAGES]
    paths += [localised(path, language) for path in _downloads()]
    paths += ["/sitemap.xml", localised("/partnerships/sofia-draftville/", language)]

    found = {}
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, path
        body = b"".join(response.streaming_content) if response.streaming else response.content
        text = body.decode("utf-8-sig")
        hits = [leak for leak in leaky_site["leaks"] if leak in text]
        if hits:
            found[path] = hits

    assert found == {}
    assert client.get(localised("/cities/draftville/", language)).status_code == 404


def test_agreements_are_only_published_public_ones(leaky_site):
    agreements = selectors.public_agreements(leaky_site["published"])

    assert [m.title_en for m in agreements] == ["Framework agreement"]


def test_public_selectors_hold_nothing_unpublished(leaky_site):
    milestones = set(selectors.public_milestones().values_list("title_en", flat=True))
    cities = set(selectors.public_cities().values_list("slug", flat=True))
    organisations = set(selectors.public_organisations().values_list("name_en", flat=True))

    assert milestones == {"Kick-off meeting", "Study visit", "Framework agreement"}
    assert list(selectors.public_documents()) == []
    assert list(selectors.public_indicators()) == []
    assert cities == {"sofia", "seoul"}
    assert organisations == {"Sofia Municipality", "University"}
    assert set(selectors.public_partnerships().values_list("slug", flat=True)) == {
        "sofia-seoul",
        "sofia-china",
        "sofia-draftville",
    }
