import datetime
import re

import pytest
from django.test import RequestFactory
from django.utils import translation

from iurc_portal.views import server_error
from partnerships.models import Partnership
from tests.factories import make_milestone
from tests.html import loaded_urls, page
from tests.pages import PAGES, localised

LEAKS = [
    "Draft deal",
    "Чернова сделка",
    "Secret City",
    "Таен град",
    "Hidden Company",
    "Тайна фирма",
    "Internal briefing",
    "Вътрешна среща",
    "Secret milestone",
    "Таен етап",
    "draft-deal",
    "secret-city",
]

HEADINGS = {
    "home": ("Партньорствата на София с други градове в IURC", "Sofia's city-to-city partnerships in IURC"),
    "partnership list": ("Партньорства", "Partnerships"),
    "partnership detail": ("София – Сеул", "Sofia – Seoul"),
    "partner to be announced": ("София – Китай", "София – Китай"),
    "city": ("Сеул", "Seoul"),
    "thematic area": ("Иновации", "Innovation"),
    "milestones": ("Етапи", "Milestones"),
    "milestones filtered": ("Етапи", "Milestones"),
    "about": ("За програмата IURC", "About the IURC programme"),
    "accessibility": ("Декларация за достъпност", "Accessibility statement"),
    "privacy": ("Информация за поверителност", "Privacy notice"),
    "site map": ("Карта на сайта", "Site map"),
}


@pytest.mark.parametrize("language", ["bg", "en"])
@pytest.mark.parametrize(("name", "path"), PAGES)
def test_public_page_in_its_language_with_alternates(client, site, name, path, language):
    response = client.get(localised(path, language))

    assert response.status_code == 200
    html = page(response)
    assert f'<html lang="{language}">' in html
    h1 = re.search(r"<h1>(.*?)</h1>", html, re.S).group(1)
    assert HEADINGS[name][0 if language == "bg" else 1] in h1
    bare = path.split("?")[0]
    query = "?" + path.split("?")[1] if "?" in path else ""
    assert f'<link rel="alternate" hreflang="bg" href="http://testserver{bare}{query}">' in html
    assert f'<link rel="alternate" hreflang="en" href="http://testserver/en{bare}{query}">' in html
    assert f'<link rel="alternate" hreflang="x-default" href="http://testserver{bare}{query}">' in html
    other = "en" if language == "bg" else "bg"
    assert f'href="{localised(bare, other)}{query}" hreflang="{other}" lang="{other}"' in html


@pytest.mark.parametrize("language", ["bg", "en"])
@pytest.mark.parametrize(("name", "path"), PAGES)
def test_public_page_shows_no_draft_no_internal_milestone(client, site, name, path, language):
    html = page(client.get(localised(path, language)))

    assert [leak for leak in LEAKS if leak in html] == []


@pytest.mark.parametrize(("name", "path"), PAGES)
def test_public_page_loads_only_from_its_own_origin_and_sets_no_cookie(client, site, name, path):
    response = client.get(path)

    assert [url for url in loaded_urls(response) if "//" in url] == []
    assert loaded_urls(response)[0] == "/static/portal.css"
    assert response.cookies == {}


@pytest.mark.parametrize(
    "path",
    [
        "/partnerships/draft-deal/",
        "/en/partnerships/draft-deal/",
        "/cities/secret-city/",
        "/en/cities/secret-city/",
        "/partnerships/no-such-thing/",
        "/themes/no-such-theme/",
    ],
)
def test_unpublished_or_unknown_record_is_404(client, site, path):
    response = client.get(path)

    assert response.status_code == 404


@pytest.mark.parametrize(
    ("path", "language", "text"),
    [
        ("/no-such-page/", "bg", "Страницата не е намерена"),
        ("/en/no-such-page/", "en", "Page not found"),
    ],
)
def test_404_page_in_the_site_look_and_request_language(client, site, path, language, text):
    response = client.get(path)

    html = page(response)
    assert response.status_code == 404
    assert f'<html lang="{language}">' in html
    assert f"<h1>{text}</h1>" in html
    assert 'class="skip-link"' in html


@pytest.mark.parametrize(("language", "text"), [("bg", "Възникна грешка"), ("en", "Something went wrong")])
def test_500_page_in_the_site_look_and_request_language(db, language, text, django_assert_num_queries):
    request = RequestFactory().get("/")
    with translation.override(language), django_assert_num_queries(0):
        response = server_error(request)

    html = response.content.decode()
    assert response.status_code == 500
    assert f'<html lang="{language}">' in html
    assert f"<h1>{text}</h1>" in html


def test_english_page_falls_back_to_bulgarian_text_and_says_so(client, site):
    html = page(client.get("/en/partnerships/sofia-china/"))

    assert '<h1><span lang="bg">София – Китай</span> <span class="fallback-note">(in Bulgarian)</span></h1>' in html
    assert "<title>София – Китай – Sofia in IURC</title>" in html


def test_partner_city_to_be_announced_state(client, site):
    html_en = page(client.get("/en/partnerships/sofia-china/"))
    html_bg = page(client.get("/partnerships/sofia-china/"))

    assert "The partner city in China has not been confirmed yet." in html_en
    assert "Градът партньор в Китай още не е потвърден." in html_bg


def test_partnership_detail_shows_both_cities_participants_and_timeline(client, site):
    html = page(client.get("/en/partnerships/sofia-seoul/"))

    assert '<span lang="ko">서울특별시</span>' in html
    assert "9,400,000 (2024)" in html
    assert re.search(r"<h3>Public authority</h3>\s*<ul>\s*<li>Sofia Municipality", html)
    assert re.search(r"<h3>Research and academia</h3>\s*<ul>\s*<li>University", html)
    states = re.findall(r'<li class="timeline-item state-(\w+)">', html)
    assert states == ["done", "overdue", "planned"]
    assert '<caption id="milestones-table">Milestones of this partnership</caption>' in html
    assert re.search(r"Framework agreement</a> – overdue, due <time", html)
    assert "1 of 3 milestones done" in html


def test_home_shows_figures_cards_and_map(client, site):
    html = page(client.get("/en/"))

    assert re.search(r"<dt>Partnerships</dt><dd>2</dd>", html)
    assert re.search(r"<dt>Milestones done</dt><dd>1 of 3</dd>", html)
    assert re.search(r"<dt>Overdue milestones</dt><dd>1</dd>", html)
    assert re.search(r"<dt>Next milestone</dt><dd><a href=\"/en/partnerships/sofia-seoul/\">Study visit</a>", html)
    assert html.count('<article class="card">') == 2
    assert '<circle class="map-city map-home" cx="203.32" cy="47.3" r="3"/>' in html
    assert '<circle class="map-city" cx="306.98" cy="52.43" r="3"/>' in html
    assert '<line class="map-link" x1="203.32" y1="47.3" x2="306.98" y2="52.43"/>' in html
    assert "latitude 37.566500, longitude 126.978000" in html


def test_home_shows_the_first_cards_and_links_to_all_partnerships(client, site):
    from partnerships.views import HomeView
    from tests.factories import make_partnership

    for _ in range(HomeView.PARTNERSHIPS):
        make_milestone(
            partnership=make_partnership(publication="published"), status="done", completed_on=datetime.date(2026, 1, 2)
        )
    count = 2 + HomeView.PARTNERSHIPS

    english, bulgarian = page(client.get("/en/")), page(client.get("/"))

    assert english.count('<article class="card">') == HomeView.PARTNERSHIPS
    assert f"<dt>Partnerships</dt><dd>{count}</dd>" in english
    assert re.search(r"<dt>Milestones done</dt><dd>7 of 9</dd>", english)
    assert f'<a href="/en/partnerships/">All {count} partnerships</a>' in english
    assert f'<a href="/partnerships/">Всички {count} партньорства</a>' in bulgarian


def test_published_change_is_visible_on_the_next_request(client, site):
    before = page(client.get("/en/partnerships/"))
    site["draft"].publication = Partnership.Publication.PUBLISHED
    site["draft"].save()
    after = page(client.get("/en/partnerships/"))

    assert "Draft deal" not in before
    assert "Draft deal" in after


def test_unpublished_partnership_disappears_on_the_next_request(client, site):
    assert client.get("/partnerships/sofia-seoul/").status_code == 200
    site["published"].publication = Partnership.Publication.DRAFT
    site["published"].save()

    assert client.get("/partnerships/sofia-seoul/").status_code == 404


def test_milestone_title_change_is_visible_on_the_next_request(client, site):
    assert "Study visit" in page(client.get("/en/milestones/"))
    milestone = site["milestones"]["upcoming"]
    milestone.title_en = "Study visit to Seoul"
    milestone.save()

    assert "Study visit to Seoul" in page(client.get("/en/milestones/"))


def test_sitemap_lists_both_languages_of_public_pages_only(client, site):
    response = client.get("/sitemap.xml")

    xml = response.content.decode()
    locations = re.findall(r"<loc>(.*?)</loc>", xml)
    assert "http://testserver/partnerships/sofia-seoul/" in locations
    assert "http://testserver/en/partnerships/sofia-seoul/" in locations
    assert "http://testserver/en/cities/seoul/" in locations
    assert "http://testserver/themes/innovation/" in locations
    assert "http://testserver/en/accessibility/" in locations
    assert not [loc for loc in locations if "draft-deal" in loc or "secret-city" in loc]
    assert 'hreflang="x-default"' in xml


def test_robots_txt_points_to_the_sitemap(client):
    response = client.get("/robots.txt")

    assert response.content.decode().splitlines() == [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /i18n/",
        "Sitemap: http://testserver/sitemap.xml",
    ]


def test_partnership_detail_timeline_of_a_large_partnership_links_to_all(client, site):
    partnership = site["published"]
    for day in range(1, 41):
        make_milestone(partnership=partnership, due_date=datetime.date(2099, 6, 1) + datetime.timedelta(days=day))

    html = page(client.get("/en/partnerships/sofia-seoul/"))

    states = re.findall(r'<li class="timeline-item state-(\w+)">', html)
    assert states == ["done", "overdue"] + ["planned"] * 20
    assert "The latest done, the overdue and the next upcoming milestones: 22 of 43." in html
    assert '<a href="/en/milestones/?partnership=sofia-seoul&when=all">All milestones of this partnership</a>' in html


def test_fallback_description_is_one_block_marked_with_its_language(client, site):
    site["published"].description_bg = "Първи абзац.\n\nВтори абзац."
    site["published"].description_en = ""
    site["published"].save()

    html = page(client.get("/en/partnerships/sofia-seoul/"))

    assert (
        '<div class="prose" lang="bg"><p>Първи абзац.</p>\n\n<p>Втори абзац.</p>'
        '<p class="fallback-note" lang="en">(in Bulgarian)</p></div>'
    ) in html


def test_map_label_with_fallback_name_keeps_the_map_whole(client, site):
    site["seoul"].name_en = ""
    site["seoul"].save()

    html = page(client.get("/en/"))

    assert '<text class="map-label" x="306.98" y="52.43" dx="4" dy="-4">Сеул</text>' in html
    assert html.count("</svg>") == 1


def test_cached_page_changes_with_the_day(client, site, monkeypatch):
    import django.utils.timezone

    milestone = site["milestones"]["upcoming"]
    assert "Study visit" in page(client.get("/en/milestones/"))
    real = django.utils.timezone.localdate
    monkeypatch.setattr(django.utils.timezone, "localdate", lambda *a, **k: datetime.date(2099, 5, 2))

    html = page(client.get("/en/milestones/"))

    monkeypatch.setattr(django.utils.timezone, "localdate", real)
    overdue_table = html.split('id="overdue"')[1].split("</table>")[0]
    assert milestone.title_en in overdue_table


def test_cached_page_is_kept_per_host(client, site, settings):
    settings.ALLOWED_HOSTS = ["testserver", "portal.example"]

    first = page(client.get("/en/"))
    second = page(client.get("/en/", HTTP_HOST="portal.example"))

    assert '<link rel="alternate" hreflang="bg" href="http://testserver/">' in first
    assert '<link rel="alternate" hreflang="bg" href="http://portal.example/">' in second


@pytest.mark.parametrize(
    ("path", "bg", "en"),
    [
        ("/no-such-page/", "/no-such-page/", "/en/no-such-page/"),
        ("/en/no-such-page/", "/no-such-page/", "/en/no-such-page/"),
    ],
)
def test_404_page_switcher_points_to_the_other_language(client, site, path, bg, en):
    html = page(client.get(path))

    assert f'<link rel="alternate" hreflang="bg" href="http://testserver{bg}">' in html
    assert f'<link rel="alternate" hreflang="en" href="http://testserver{en}">' in html


def test_favicon_ico_points_to_our_icon(client):
    response = client.get("/favicon.ico")

    assert (response.status_code, response["Location"]) == (301, "/static/favicon.svg")
