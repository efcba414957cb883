import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.pages import PAGES, localised

pytestmark = pytest.mark.django_db(transaction=True)

WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BROWSER_PAGES = [
    *PAGES,
    ("partnership filter error", "/partnerships/?year=abc&theme=nope"),
    ("milestone filter error", "/milestones/?kind=nope"),
    ("not found", "/no-such-page/"),
]


def _violations(page):
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_21_AA}})
    return [(v["id"], [node["target"] for node in v["nodes"]]) for v in results.response["violations"]]


@pytest.mark.parametrize("language", ["bg", "en"])
@pytest.mark.parametrize(("name", "path"), BROWSER_PAGES)
def test_public_page_has_no_wcag_21_aa_violation_and_stays_on_its_origin(
    open_page, live_server, site, name, path, language
):
    page = open_page(localised(path, language))

    assert _violations(page) == []
    assert page.evaluate("document.documentElement.lang") == language
    foreign = [url for url in page.requests if not url.startswith(live_server.url)]
    assert foreign == []
    assert len(page.requests) >= 2


@pytest.mark.parametrize("language", ["bg", "en"])
@pytest.mark.parametrize(("name", "path"), BROWSER_PAGES)
def test_public_page_does_not_scroll_sideways_at_320_px(open_page, site, name, path, language):
    page = open_page(localised(path, language), width=320)

    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    assert _violations(page) == []


def test_skip_link_is_first_and_moves_focus_to_main(open_page, site):
    page = open_page("/en/partnerships/")

    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to main content"
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") == "solid"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_language_switcher_works_from_the_keyboard_and_keeps_the_page(open_page, live_server, site):
    # The query the page reads (its filters) comes along; others are not part of the page.
    page = open_page("/partnerships/?status=active&x=1")

    page.focus('nav.language a[hreflang="en"]')
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}/en/partnerships/?status=active")
    assert page.evaluate("document.documentElement.lang") == "en"
    assert page.locator("h1").inner_text() == "Partnerships"


def test_filters_work_from_the_keyboard(open_page, live_server, site):
    page = open_page("/en/partnerships/")

    page.focus("#id_status")
    page.keyboard.type("act")  # a focused select picks the option typed: "active"
    assert page.input_value("#id_status") == "active"
    page.focus("#id_q")
    page.keyboard.type("seoul")
    page.keyboard.press("Enter")
    page.wait_for_url(
        f"{live_server.url}/en/partnerships/?q=seoul&theme=&status=active&component=&country=&year=&sort=title"
    )
    assert page.locator("#results-title").inner_text() == "1 partnership"
    assert page.evaluate("document.activeElement.tagName") == "BODY"


def test_filter_error_is_announced_and_linked_to_its_field(open_page, site):
    page = open_page("/en/partnerships/?year=abc")

    assert page.response.status == 400
    assert page.locator(".error-summary[role=alert] a").inner_text() == "Active in year (“abc”): Enter a whole number."
    assert page.get_attribute("#id_year", "aria-invalid") == "true"
    assert page.get_attribute("#id_year", "aria-describedby") == "id_year_error"
    page.click(".error-summary a")
    assert page.evaluate("document.activeElement.id") == "id_year"


def test_focus_is_visible_on_links_and_controls(open_page, site):
    page = open_page("/en/partnerships/")

    for selector in ["nav.main-nav a", "#id_q", "button[type=submit]", ".card h3 a"]:
        page.focus(selector)
        assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") == "solid", selector


def test_axe_check_finds_violations_where_there_are_some(open_page, site):
    page = open_page("/en/")
    page.set_content('<html><body><img src="/static/favicon.svg"><a href="/"></a></body></html>')

    assert {rule for rule, _nodes in _violations(page)} == {"document-title", "html-has-lang", "image-alt", "link-name"}
