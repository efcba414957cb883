import ctypes.util
import datetime
import os
import shutil
import subprocess
from decimal import Decimal

import pytest
from django.conf import settings
from django.core.cache import caches
from django.utils import translation

from cities.models import Organisation
from partnerships.models import Milestone, Partnership
from tests.factories import (
    home_city,
    make_area,
    make_city,
    make_milestone,
    make_organisation,
    make_participation,
    make_partnership,
)


@pytest.fixture(autouse=True)
def empty_public_cache():
    """Each test's database starts at content version 0: cached pages must not carry over."""
    caches["public_pages"].clear()
    yield
    caches["public_pages"].clear()


@pytest.fixture(autouse=True)
def generous_rate_limits(settings):
    """Every test client comes from one address; tests of the limits set their own rates."""
    settings.RATELIMIT_PUBLIC_PAGES = settings.RATELIMIT_PUBLIC_DOWNLOADS = "100000/m"
    caches["ratelimit"].clear()
    yield
    caches["ratelimit"].clear()


@pytest.fixture
def site(db):
    """A published partnership with everything a public page shows, and things that must not leak."""
    sofia = home_city()
    sofia.latitude, sofia.longitude = Decimal("42.697700"), Decimal("23.321900")
    sofia.save()
    seoul = make_city(
        name_bg="Сеул",
        name_en="Seoul",
        slug="seoul",
        country="KR",
        native_name="서울특별시",
        native_language="ko",
        latitude=Decimal("37.566500"),
        longitude=Decimal("126.978000"),
        population=9_400_000,
        population_year=2024,
    )
    secret = make_city(name_bg="Таен град", name_en="Secret City", slug="secret-city", country="CN")
    innovation = make_area(code="innovation", name_bg="Иновации", name_en="Innovation")
    mobility = make_area(code="mobility", name_bg="Мобилност", name_en="Mobility")
    published = make_partnership(
        slug="sofia-seoul",
        title_bg="София – Сеул",
        title_en="Sofia – Seoul",
        summary_bg="Резюме на партньорството",
        summary_en="Summary of the partnership",
        partner_city=seoul,
        partner_country="KR",
        status=Partnership.Status.ACTIVE,
        start_date=datetime.date(2021, 9, 30),
        publication=Partnership.Publication.PUBLISHED,
        areas=[innovation, mobility],
    )
    to_announce = make_partnership(
        slug="sofia-china",
        title_bg="София – Китай",
        title_en="",
        partner_city=None,
        partner_country="CN",
        publication=Partnership.Publication.PUBLISHED,
        areas=[innovation],
    )
    draft = make_partnership(
        slug="draft-deal",
        title_bg="Чернова сделка",
        title_en="Draft deal",
        partner_city=secret,
        partner_country="CN",
        areas=[innovation],
    )
    make_participation(
        partnership=published,
        organisation=make_organisation(
            name_bg="Столична община", name_en="Sofia Municipality", helix=Organisation.Helix.PUBLIC_AUTHORITY
        ),
    )
    make_participation(
        partnership=published,
        organisation=make_organisation(
            name_bg="Университет", name_en="University", city=seoul, helix=Organisation.Helix.RESEARCH
        ),
    )
    make_participation(
        partnership=draft,
        organisation=make_organisation(name_bg="Тайна фирма", name_en="Hidden Company", city=secret),
    )
    milestones = {
        "done": make_milestone(
            partnership=published,
            title_bg="Начална среща",
            title_en="Kick-off meeting",
            kind=Milestone.Kind.KICK_OFF,
            due_date=datetime.date(2021, 9, 30),
            completed_on=datetime.date(2021, 9, 30),
            status=Milestone.Status.DONE,
            thematic_area=innovation,
        ),
        "upcoming": make_milestone(
            partnership=published,
            title_bg="Учебно посещение",
            title_en="Study visit",
            kind=Milestone.Kind.STUDY_VISIT,
            due_date=datetime.date(2099, 5, 1),
            thematic_area=mobility,
        ),
        "overdue": make_milestone(
            partnership=published,
            title_bg="Рамково споразумение",
            title_en="Framework agreement",
            kind=Milestone.Kind.AGREEMENT,
            due_date=datetime.date(2022, 6, 1),
        ),
        "internal": make_milestone(
            partnership=published,
            title_bg="Вътрешна среща",
            title_en="Internal briefing",
            due_date=datetime.date(2099, 1, 1),
            is_public=False,
            thematic_area=innovation,
        ),
        "draft": make_milestone(
            partnership=draft, title_bg="Таен етап", title_en="Secret milestone", due_date=datetime.date(2099, 2, 1)
        ),
    }
    return {
        "sofia": sofia,
        "seoul": seoul,
        "secret": secret,
        "innovation": innovation,
        "published": published,
        "to_announce": to_announce,
        "draft": draft,
        "milestones": milestones,
    }


@pytest.fixture
def admin_in(admin_client):
    """The admin client with the staff member's language chosen: ``admin_in("en")``."""

    def choose(language):
        admin_client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        return admin_client

    return choose


@pytest.fixture(autouse=True)
def fast_password_hasher(settings):
    """Tests make many users; a slow hasher would dominate the run."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def default_language():
    """A request leaves its language active in the thread; start every test in Bulgarian."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


def require_system_package(what, present, how):
    """Skip a test whose system package is missing (make test on a machine with only Python);
    CI sets REQUIRE_SYSTEM_PACKAGES=1 and fails instead."""
    if present:
        return
    message = f"{what} is not installed: {how}"
    if os.environ.get("REQUIRE_SYSTEM_PACKAGES"):
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture
def pdf_engine():
    # Checked before WeasyPrint is imported: without it the import warns ("HarfBuzz-Subset
    # will be required"), and the suite turns warnings into errors.
    require_system_package(
        "HarfBuzz-Subset (for WeasyPrint's font subsetting)",
        bool(ctypes.util.find_library("harfbuzz-subset")),
        "apt-get install -y libharfbuzz-subset0",
    )
    try:
        import weasyprint  # noqa: F401
    except OSError:
        require_system_package("Pango (for WeasyPrint)", False, "apt-get install -y libpango-1.0-0 libpangoft2-1.0-0")


@pytest.fixture
def cjk_fonts(pdf_engine):
    listed = (
        subprocess.run(["fc-list", ":lang=zh"], capture_output=True, text=True).stdout
        if shutil.which("fc-list")
        else ""
    )
    require_system_package("A font with Hanzi and Hangul", bool(listed.strip()), "apt-get install -y fonts-noto-cjk")


def point_document_storage(folder):
    """Keep the documents' files in ``folder``: the file field's storage is made when the
    models load, so the settings cannot move it."""
    from documents.models import Document

    storage = Document._meta.get_field("file").storage
    for cached in ("base_location", "location"):
        storage.__dict__.pop(cached, None)
    storage._location = str(folder)


@pytest.fixture(autouse=True, scope="session")
def document_files(tmp_path_factory):
    """No test writes a document into the checkout's document-files/."""
    folder = tmp_path_factory.mktemp("document-files")
    point_document_storage(folder)
    return folder
