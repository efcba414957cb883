"""Any query string on any public list gives a page with the error shown, or a 400: never a 500."""

import re
from urllib.parse import quote, urljoin, urlsplit

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.html import page

LISTS = [
    "/",
    "/partnerships/",
    "/en/partnerships/",
    "/milestones/",
    "/en/milestones/",
    "/themes/innovation/",
    "/cities/seoul/",
]
KEYS = ["q", "theme", "status", "component", "country", "year", "sort", "page", "when", "kind", "partnership"]

HOSTILE = st.sampled_from(
    [
        "' OR 1=1 --",
        "1; DROP TABLE partnerships_partnership",
        "<script>alert(1)</script>",
        '"><img src=x onerror=alert(1)>',
        "9" * 5000,
        "-1",
        "0",
        "1e308",
        "NaN",
        "\x00",
        "%",
        "_",
        "\\",
        "София",
        "서울",
        "",
        " ",
        "2021-08-10",
        "[]",
        "{}",
        "null",
    ]
)

value = st.one_of(HOSTILE, st.text(max_size=300), st.integers().map(str), st.floats().map(str))
key = st.one_of(st.sampled_from(KEYS), st.text(min_size=1, max_size=20))
raw_bytes = st.binary(max_size=60).map(lambda b: "".join(f"%{byte:02X}" for byte in b))


def _query_string(pairs, raw):
    encoded = "&".join(f"{quote(k, safe='')}={quote(v, safe='')}" for k, v in pairs)
    return f"{encoded}&{raw}" if raw else encoded


@pytest.mark.django_db
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    path=st.sampled_from(LISTS),
    pairs=st.lists(st.tuples(key, value), max_size=6),
    raw=st.one_of(st.just(""), raw_bytes.map(lambda b: f"q={b}"), raw_bytes.map(lambda b: f"{b}={b}")),
)
def test_public_lists_answer_any_query_string_without_500(client, site, path, pairs, raw):
    response = client.get(path, QUERY_STRING=_query_string(pairs, raw))

    assert response.status_code in (200, 400)
    if response.status_code == 400:
        html = page(response)
        assert 'class="field-error"' in html
    assert "<script>alert(1)</script>" not in response.content.decode()


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("year=abc", "Active in year (“abc”): Enter a whole number."),
        ("year=99999", "Active in year (“99999”): Ensure this value is less than or equal to 2100."),
        (
            "theme=nope",
            "Thematic area (“nope”): Select a valid choice. That choice is not one of the available choices.",
        ),
        ("status=lost", "Status (“lost”): Select a valid choice. lost is not one of the available choices."),
        ("sort=random", "Sort by (“random”): Select a valid choice. random is not one of the available choices."),
    ],
)
def test_partnership_list_wrong_filter_shown_next_to_it(client, site, query, message):
    response = client.get(f"/en/partnerships/?{query}")

    html = page(response)
    assert response.status_code == 400
    assert message in html
    assert 'aria-invalid="true"' in html
    assert "2 partnerships" in html


def test_partnership_list_wrong_filter_in_bulgarian(client, site):
    html = page(client.get("/partnerships/?year=abc"))

    assert "Активни през годината („abc“): Въведете цяло число." in html


def test_page_that_does_not_exist_is_an_error_not_a_500(client, site):
    response = client.get("/en/milestones/?when=all&page=999")

    assert response.status_code == 400
    assert "There is no page “999”; showing page 1 of 1." in page(response)


@pytest.mark.parametrize(
    ("query", "titles"),
    [
        ("q=сеул", ["Sofia – Seoul"]),
        ("q=SEOUL", ["Sofia – Seoul"]),
        ("q=Китай", ["София – Китай"]),
        ("theme=mobility", ["Sofia – Seoul"]),
        ("status=active", ["Sofia – Seoul"]),
        ("country=CN", ["София – Китай"]),
        ("year=2021", ["Sofia – Seoul"]),
        ("year=2020", []),
        ("sort=newest", ["Sofia – Seoul", "София – Китай"]),
        ("sort=title", ["Sofia – Seoul", "София – Китай"]),
    ],
)
def test_partnership_list_filters(client, site, query, titles):
    response = client.get(f"/en/partnerships/?{query}")

    assert response.status_code == 200
    assert [str(p.title_en or p.title_bg) for p in response.context["page"].object_list] == titles


def test_milestone_list_wrong_page_with_no_results_shows_the_error(client, site):
    response = client.get("/en/milestones/?q=nothing-matches&page=x")

    assert response.status_code == 400
    assert "There is no page “x”; showing page 1 of 1." in page(response)
    assert "No milestone matches these filters." in page(response)


@pytest.mark.parametrize(
    "path",
    ["/en//evil.example/", "///evil.example/x", "/\\evil.example/", "/%2F%2Fevil.example/", "/en/\\\\evil.example/"],
)
def test_language_links_on_a_404_stay_on_this_site(client, db, path):
    html = client.get(path).content.decode()

    hrefs = re.findall(r'href="([^"]*)"', html)
    # A browser reads a backslash in a URL as a slash.
    hosts = {urlsplit(urljoin("http://testserver/en/", href.replace("\\", "/"))).netloc for href in hrefs}
    assert len(hrefs) > 10
    # Besides this site, only the footer's links to the municipality and the programme.
    assert hosts == {"testserver", "www.sofia.bg", "iurc.eu"}


def test_language_links_escape_a_path_once(client, db):
    html = client.get("/en/%09/x").content.decode()

    assert 'hreflang="bg" href="http://testserver/%09/x"' in html
    assert "%2509" not in html
