"""The demo data: only facts from the source document, ../shared/seed/ (DESIGN.md).

The announcement of 10.08.2021 names Sofia as the home city, Seoul as the expected
Korean partner, a Chinese partner city to be named in September 2021, the IURC
programme with its two components and the four thematic areas. Figures the document
does not give (population, area, coordinates, websites) are left empty.
"""

import datetime

from django.db import transaction

from cities.models import City, Organisation
from publishing.models import Publication

from .models import Component, Milestone, Participation, Partnership, Programme, ThematicArea
from .services import milestone_save

ANNOUNCED_ON = datetime.date(2021, 8, 10)

THEMATIC_AREAS = [
    ("circular-economy", "Кръгова икономика и управление на отпадъците", "Circular economy and waste management"),
    ("urban-modernisation", "Градска и регионална модернизация", "Urban and regional modernisation"),
    ("sustainable-mobility", "Устойчива мобилност и транспорт", "Sustainable mobility and transport"),
    ("innovation", "Иновации", "Innovation"),
]

COMPONENTS = [
    (
        "city-to-city",
        "Сътрудничество град-град в областта на устойчивото градско развитие",
        "City-to-city cooperation on sustainable urban development",
    ),
    (
        "regional-innovation",
        "Регионално сътрудничество в областта на иновациите",
        "Regional cooperation on innovation",
    ),
]

ANNOUNCEMENT = {
    "kind": Milestone.Kind.ANNOUNCEMENT,
    "title_bg": "Столична община е одобрена по програмата IURC",
    "title_en": "Sofia Municipality approved for the IURC programme",
    "description_bg": (
        "Заместник-кметът по „Дигитализация, иновации и икономическо развитие“ обявява, че "
        "София е одобрена по програмата като една от най-добрите заявки за 2021 година и е "
        "единственият град с два партньорски града."
    ),
    "description_en": (
        "The deputy mayor for Digitalisation, Innovation and Economic Development announces "
        "that Sofia was approved for the programme as one of the best applications for 2021, "
        "and is the only city given two partner cities."
    ),
    "due_date": ANNOUNCED_ON,
    "completed_on": ANNOUNCED_ON,
    "status": Milestone.Status.DONE,
}


@transaction.atomic
def load_demo():
    """Create the demo rows that are missing and return how many were created."""
    created_count = 0

    def get_or_create(model, lookup, defaults):
        """Create the row once; a second run, or a staff member's later edit, is left as it is."""
        nonlocal created_count
        obj, created = model.objects.get_or_create(**lookup, defaults=defaults)
        created_count += created
        return obj, created

    sofia, _ = get_or_create(
        City,
        {"slug": "sofia"},
        {
            "name_bg": "София",
            "name_en": "Sofia",
            "native_name": "София",
            "native_language": "bg",
            "country": "BG",
            "is_home": not City.objects.home().exists(),
            "publication": Publication.PUBLISHED,
        },
    )
    seoul, _ = get_or_create(
        City,
        {"slug": "seoul"},
        {
            "name_bg": "Сеул",
            "name_en": "Seoul",
            "native_name": "서울특별시",
            "native_language": "ko",
            "country": "KR",
            "publication": Publication.PUBLISHED,
        },
    )
    municipality, _ = get_or_create(
        Organisation,
        {"name_en": "Sofia Municipality", "city": sofia},
        {
            "name_bg": "Столична община",
            "helix": Organisation.Helix.PUBLIC_AUTHORITY,
            "publication": Publication.PUBLISHED,
        },
    )

    iurc, _ = get_or_create(
        Programme,
        {"code": "iurc"},
        {
            "name_bg": "Международно градско и регионално сътрудничество (IURC)",
            "name_en": "International Urban and Regional Cooperation (IURC)",
            "funder_bg": (
                "Европейска комисия: Инструмент за партньорство на ЕС, със стратегическата подкрепа "
                "на Генерална дирекция „Регионални и градски политики“"
            ),
            "funder_en": (
                "European Commission: EU Partnership Instrument, with the strategic support of the "
                "Directorate-General for Regional and Urban Policy (DG REGIO)"
            ),
        },
    )
    components = {}
    for order, (code, name_bg, name_en) in enumerate(COMPONENTS, start=1):
        components[code], _ = get_or_create(
            Component,
            {"programme": iurc, "code": code},
            {"name_bg": name_bg, "name_en": name_en, "order": order},
        )
    areas = []
    for order, (code, name_bg, name_en) in enumerate(THEMATIC_AREAS, start=1):
        area, _ = get_or_create(ThematicArea, {"code": code}, {"name_bg": name_bg, "name_en": name_en, "order": order})
        areas.append(area)

    common = {
        "home_city": sofia,
        "component": components["city-to-city"],
        "status": Partnership.Status.ANNOUNCED,
        "publication": Publication.PUBLISHED,
    }
    partnerships = [
        (
            "sofia-seoul",
            {
                **common,
                "title_bg": "София – Сеул",
                "title_en": "Sofia – Seoul",
                "summary_bg": "Един от двата партньорски града на София по програмата IURC; очаква се да бъде Сеул, Корея.",
                "summary_en": "One of Sofia's two partner cities under IURC, expected to be Seoul, Korea.",
                "partner_country": "KR",
                "partner_city": seoul,
            },
            [ANNOUNCEMENT],
        ),
        (
            "sofia-china",
            {
                **common,
                "title_bg": "София – град в Китай",
                "title_en": "Sofia – a city in China",
                "summary_bg": "Вторият партньорски град на София по програмата IURC е от Китай и ще бъде обявен през септември 2021 г.",
                "summary_en": "Sofia's second partner city under IURC is in China and was to be named in September 2021.",
                "partner_country": "CN",
                "partner_city": None,
            },
            [
                ANNOUNCEMENT,
                {
                    "kind": Milestone.Kind.ANNOUNCEMENT,
                    "title_bg": "Обявяване на китайския партньорски град",
                    "title_en": "Chinese partner city named",
                    "description_bg": "Според съобщението от 10.08.2021 г. градът ще бъде ясен през септември 2021 г.",
                    "description_en": "The announcement of 10.08.2021 says the city will be known in September 2021.",
                    # "September 2021" names no day: the due date stays empty rather than invented.
                    "due_date": None,
                    "status": Milestone.Status.PLANNED,
                },
            ],
        ),
    ]
    for slug, defaults, milestones in partnerships:
        partnership, created = get_or_create(Partnership, {"slug": slug}, defaults)
        if created:
            partnership.thematic_areas.set(areas)
            Participation.objects.create(
                partnership=partnership, organisation=municipality, role=Participation.Role.LEAD
            )
            for fields in milestones:
                # Through the service: the milestone rules hold for the demo data too.
                milestone_save(
                    milestone=Milestone(partnership=partnership, publication=Publication.PUBLISHED, **fields)
                )
            created_count += 1 + len(milestones)
    return created_count
