"""The demo data: public facts only, each with its source.

From the announcement of 10.08.2021 (../shared/seed/, DESIGN.md): Sofia as the home city,
Seoul as the expected Korean partner, a Chinese partner city to be named in September
2021, the IURC programme with its two components and the four thematic areas. The
texts are written as a dated record of what was announced, not in the future tense.

The cities' own facts, from these public sources:
- Sofia: coordinates 42°41′51″ N, 23°19′19″ E (the city centre, as the Sofia article
  of Wikipedia gives it); population 1,221,172 on 1 January 2022 (National Statistical
  Institute, Urban Audit, City – Sofia, BG001C: https://nsi.bg/en/node/21551); area
  1,311 km² (Sofia Municipality, https://www.sofia.bg/web/tourism-in-sofia/sofia);
  website https://www.sofia.bg/.
- Seoul: coordinates 37°33′36″ N, 126°59′24″ E (the Seoul article of Wikipedia);
  population 9,605,419 in the third quarter of 2024 (Seoul Metropolitan Government,
  "Statistic of Seoul's Population (2024)": https://seoulsolution.kr/en/content/statistic-seoul);
  area 605 km² (Academy of Korean Studies, Geography of Korea, 4.1 Seoul); website
  https://english.seoul.go.kr/.
The Chinese partner city stays "to be announced": the source names none.
"""

import datetime
from decimal import Decimal

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
        "На 10.08.2021 г. заместник-кметът по направление „Дигитализация, иновации и "
        "икономическо развитие“ Генчо Керезов съобщи, че София е одобрена по програмата, като "
        "заявката ѝ е сред най-добрите за 2021 г., и че към момента тя е единственият град с два "
        "партньорски града."
    ),
    "description_en": (
        "On 10.08.2021 Gencho Kerezov, deputy mayor for Digitalisation, Innovation and "
        "Economic Development, announced that Sofia had been approved for the programme as one "
        "of the best applications for 2021, and was then the only city given two partner cities."
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
            "latitude": Decimal("42.697500"),
            "longitude": Decimal("23.321900"),
            "population": 1_221_172,
            "population_year": 2022,
            "area_km2": Decimal("1311"),
            "website": "https://www.sofia.bg/",
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
            "latitude": Decimal("37.560000"),
            "longitude": Decimal("126.990000"),
            "population": 9_605_419,
            "population_year": 2024,
            "area_km2": Decimal("605"),
            "website": "https://english.seoul.go.kr/",
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
                "summary_bg": (
                    "На 10.08.2021 г. Столична община съобщи, че е одобрена по програмата IURC с "
                    "два партньорски града и че единият се очаква да бъде Сеул, Република Корея."
                ),
                "summary_en": (
                    "On 10.08.2021 Sofia Municipality announced that it had been approved for the "
                    "IURC programme with two partner cities, one of them expected to be Seoul, Korea."
                ),
                "partner_country": "KR",
                "partner_city": seoul,
            },
            [ANNOUNCEMENT],
        ),
        (
            "sofia-china",
            {
                **common,
                "title_bg": "София – китайски град партньор",
                "title_en": "Sofia – Chinese partner city",
                "summary_bg": (
                    "На 10.08.2021 г. Столична община съобщи, че вторият ѝ партньорски град по "
                    "програмата IURC ще бъде от Китай и ще стане известен през септември 2021 г. "
                    "Градът още не е обявен."
                ),
                "summary_en": (
                    "On 10.08.2021 Sofia Municipality announced that its second partner city under "
                    "IURC would be in China and known in September 2021. The city has not been "
                    "announced yet."
                ),
                "partner_country": "CN",
                "partner_city": None,
            },
            [
                ANNOUNCEMENT,
                {
                    "kind": Milestone.Kind.ANNOUNCEMENT,
                    "title_bg": "Обявяване на китайския партньорски град",
                    "title_en": "Chinese partner city named",
                    "description_bg": "Съобщението от 10.08.2021 г. посочва като срок септември 2021 г.; градът още не е обявен.",
                    "description_en": "The announcement of 10.08.2021 gave September 2021; the city has not been announced yet.",
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
