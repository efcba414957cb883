"""Issue 10: every admin page staff use, in both languages, has no WCAG 2.1 A/AA
violation that axe finds, and loads nothing from another origin."""

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from tests.browser.test_accessibility import _violations
from tests.pages import admin_pages

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def staff_page(browser, live_server, site):
    """Open an admin path signed in as a superuser, in a language."""
    user = User.objects.create_superuser("axe", password="axe-pass-123!")
    client = Client()
    client.force_login(user)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    contexts = []

    def open_(path, language, *, signed_in=True):
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
        contexts.append(context)
        host = live_server.url.split("//", 1)[1].split(":")[0]
        cookies = [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "domain": host, "path": "/"}]
        if signed_in:
            cookies.append({"name": settings.SESSION_COOKIE_NAME, "value": session, "domain": host, "path": "/"})
        context.add_cookies(cookies)
        page = context.new_page()
        page.requests = []
        page.on("request", lambda request: page.requests.append(request.url))
        page.response = page.goto(live_server.url + path)
        return page

    yield open_
    for context in contexts:
        context.close()


@pytest.mark.parametrize("language", ["bg", "en"])
def test_admin_pages_have_no_wcag_21_aa_violation(staff_page, live_server, site, language):
    found = {}
    for name, path in admin_pages(site):
        page = staff_page(path, language)
        assert page.response.status == 200, name
        violations = _violations(page)
        foreign = [url for url in page.requests if not url.startswith(live_server.url)]
        if violations or foreign:
            found[name] = (violations, foreign)
    assert found == {}


@pytest.mark.parametrize("language", ["bg", "en"])
def test_the_login_page_has_no_wcag_21_aa_violation(staff_page, language):
    page = staff_page(reverse("admin:login"), language, signed_in=False)
    assert page.evaluate("document.documentElement.lang") == language
    assert _violations(page) == []
