"""Plain functions that make valid rows; keyword arguments override any field."""

import datetime
import io
import itertools

from cities.models import City, Organisation
from documents.models import Document
from partnerships.models import Component, Milestone, Participation, Partnership, Programme, ThematicArea

_sequence = itertools.count(1)


def make_city(**fields):
    n = next(_sequence)
    defaults = {
        "name_bg": f"Град {n}",
        "name_en": f"City {n}",
        "slug": f"city-{n}",
        "country": "KR",
        "publication": "published",
    }
    return City.objects.create(**{**defaults, **fields})


def home_city():
    return City.objects.home().first() or make_city(
        name_bg="София", name_en="Sofia", slug="sofia", country="BG", is_home=True
    )


def make_organisation(**fields):
    n = next(_sequence)
    defaults = {
        "name_bg": f"Организация {n}",
        "name_en": f"Organisation {n}",
        "helix": Organisation.Helix.BUSINESS,
        "publication": "published",
    }
    if "city" not in fields:
        defaults["city"] = home_city()
    return Organisation.objects.create(**{**defaults, **fields})


def make_component(**fields):
    programme, _ = Programme.objects.get_or_create(
        code="iurc", defaults={"name_bg": "Международно сътрудничество", "name_en": "IURC"}
    )
    n = next(_sequence)
    defaults = {
        "programme": programme,
        "code": f"component-{n}",
        "name_bg": f"Компонент {n}",
        "name_en": f"Component {n}",
    }
    return Component.objects.create(**{**defaults, **fields})


def make_area(**fields):
    n = next(_sequence)
    defaults = {"code": f"area-{n}", "name_bg": f"Област {n}", "name_en": f"Area {n}", "order": n}
    return ThematicArea.objects.create(**{**defaults, **fields})


def make_partnership(*, areas=(), **fields):
    n = next(_sequence)
    defaults = {
        "title_bg": f"Партньорство {n}",
        "title_en": f"Partnership {n}",
        "slug": f"partnership-{n}",
        "partner_country": "KR",
    }
    if "home_city" not in fields:
        defaults["home_city"] = home_city()
    if "component" not in fields:
        defaults["component"] = Component.objects.first() or make_component()
    partnership = Partnership.objects.create(**{**defaults, **fields})
    partnership.thematic_areas.set(areas)
    return partnership


def make_milestone(**fields):
    n = next(_sequence)
    defaults = {"title_bg": f"Етап {n}", "title_en": f"Milestone {n}", "publication": "published"}
    if "partnership" not in fields:
        defaults["partnership"] = make_partnership()
    return Milestone.objects.create(**{**defaults, **fields})


def make_participation(**fields):
    defaults = {"role": Participation.Role.PARTNER}
    if "partnership" not in fields:
        defaults["partnership"] = make_partnership()
    if "organisation" not in fields:
        defaults["organisation"] = make_organisation()
    return Participation.objects.create(**{**defaults, **fields})


PDF = b"%PDF-1.4\n1 0 obj <</Type /Catalog>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n"


def make_document(*, content=PDF, name="minutes.pdf", **fields):
    """A published public document with its file (a small PDF) in the documents' storage."""
    n = next(_sequence)
    defaults = {
        "kind": Document.Kind.MINUTES,
        "title_bg": f"Документ {n}",
        "title_en": f"Document {n}",
        "date": datetime.date(2021, 9, 30),
        "is_public": True,
        "publication": "published",
        "file_type": "application/pdf",
        "file_size": len(content),
    }
    if "partnership" not in fields:
        defaults["partnership"] = make_partnership()
    document = Document(**{**defaults, **fields})
    document.file.save(name, io.BytesIO(content), save=False)
    document.save()
    return document
