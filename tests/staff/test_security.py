import json
import os
import subprocess
import sys

import pytest
from django.contrib.auth.models import User
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from cities.models import ContactPerson
from iurc_portal import settings as project_settings
from iurc_portal.settings import BASE_DIR
from partnerships.models import Partnership
from tests.factories import make_organisation, make_participation
from tests.html import page
from tests.pages import PAGES, localised

PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "a-production-like-secret-key-of-enough-length-and-variety-1234567890",
    "ALLOWED_HOSTS": "portal.example",
}
SECURITY_SETTINGS = [
    "DEBUG",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SECURE_SSL_REDIRECT",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "LANGUAGE_COOKIE_SECURE",
    "SESSION_COOKIE_HTTPONLY",
    "CSRF_COOKIE_HTTPONLY",
    "SESSION_COOKIE_SAMESITE",
    "CSRF_COOKIE_SAMESITE",
    "X_FRAME_OPTIONS",
    "SECURE_REFERRER_POLICY",
    "SECURE_CONTENT_TYPE_NOSNIFF",
]


def _run(code, **env):
    environment = {"PATH": os.environ["PATH"], "DJANGO_SETTINGS_MODULE": "iurc_portal.settings", **env}
    return subprocess.run([sys.executable, *code], cwd=BASE_DIR, env=environment, capture_output=True, text=True)


def test_production_settings_pass_check_deploy_with_no_warning():
    result = _run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], **PRODUCTION)

    silenced = _run(
        ["-c", "import django; django.setup(); from django.conf import settings as s; print(s.SILENCED_SYSTEM_CHECKS)"],
        **PRODUCTION,
    )
    assert (result.returncode, result.stdout.strip()) == (0, "System check identified no issues (2 silenced).")
    # Only django-ratelimit's: counters in each process's memory without REDIS_URL, and
    # Django's own RedisCache (whose incr is atomic) missing from its list.
    assert silenced.stdout.strip() == "['django_ratelimit.E003', 'django_ratelimit.W001']"


@pytest.fixture
def production(settings):
    """The security settings exactly as a deployment (DEBUG=0) computes them."""
    code = f"import django, json; django.setup(); from django.conf import settings as s; print(json.dumps({{n: getattr(s, n) for n in {SECURITY_SETTINGS!r}}}))"
    values = json.loads(_run(["-c", code], **PRODUCTION).stdout)
    for name, value in values.items():
        setattr(settings, name, value)
    settings.ALLOWED_HOSTS = ["testserver"]
    return values


def _assert_security_headers(response):
    csp = response["Content-Security-Policy"]
    assert response["Strict-Transport-Security"] == "max-age=63072000; includeSubDomains; preload"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    for directive in ("default-src 'self'", "frame-ancestors 'none'", "object-src 'none'", "base-uri 'none'"):
        assert directive in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/en/", "/admin/login/", "/en/partnerships/download.csv"])
def test_security_headers_on_public_page_admin_login_and_download(client, production, site, path):
    response = client.get(path, secure=True)

    assert response.status_code == 200
    _assert_security_headers(response)


@pytest.mark.django_db
def test_plain_http_is_redirected_to_https(client, production):
    response = client.get("/en/")

    assert (response.status_code, response["Location"]) == (301, "https://testserver/en/")


@pytest.mark.django_db
def test_cookies_are_secure_httponly_and_same_site(client, production, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    User.objects.create_user("staff", password="a-long-enough-password", is_staff=True)
    login_page = client.get("/admin/login/", secure=True)
    token = login_page.cookies["csrftoken"].value

    response = client.post(
        "/admin/login/?next=/admin/",
        {"username": "staff", "password": "a-long-enough-password", "csrfmiddlewaretoken": token},
        secure=True,
    )

    for name in ("csrftoken", "sessionid"):
        cookie = response.cookies.get(name) or login_page.cookies.get(name)
        assert (bool(cookie["secure"]), bool(cookie["httponly"]), cookie["samesite"]) == (True, True, "Lax"), name


def test_passwords_are_hashed_with_argon2_and_must_be_strong(db, settings):
    settings.PASSWORD_HASHERS = project_settings.PASSWORD_HASHERS
    user = User.objects.create_user("strong", password="Sofia-Seoul-2021-partnership")

    assert user.password.startswith("argon2$")
    with translation.override("en"), pytest.raises(ValidationError, match="at least 12 characters"):
        validate_password("S0fia!")
    with translation.override("en"), pytest.raises(ValidationError, match="too common"):
        validate_password("password1234")
    validate_password("Sofia-Seoul-2021-partnership")


def test_sessions_expire():
    assert (project_settings.SESSION_COOKIE_AGE, project_settings.SESSION_EXPIRE_AT_BROWSER_CLOSE) == (
        8 * 60 * 60,
        True,
    )


def _fail_login(client, username, **headers):
    return client.post(reverse("admin:login"), {"username": username, "password": "wrong-password"}, **headers)


@pytest.mark.django_db
def test_repeated_failed_logins_lock_the_account_for_that_address_with_429(client, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    User.objects.create_user("staff", password="the-right-password-1", is_staff=True)
    client.cookies["django_language"] = "bg"

    statuses = [_fail_login(client, "staff").status_code for _ in range(5)]
    locked = client.post(reverse("admin:login"), {"username": "staff", "password": "the-right-password-1"})

    assert statuses == [200, 200, 200, 200, 429]
    assert locked.status_code == 429
    assert "Твърде много неуспешни опити за вход" in page(locked)
    assert "след 15 минути" in page(locked)


@pytest.mark.django_db
def test_totp_is_required_when_the_deployment_asks(client, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.OTP_REQUIRED = True
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # the wrong code below would otherwise delay the right one
    user = User.objects.create_user("staff", password="the-right-password-1", is_staff=True, is_superuser=True)
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)

    without = client.post(reverse("admin:login"), {"username": "staff", "password": "the-right-password-1"})
    wrong = client.post(
        reverse("admin:login"),
        {
            "username": "staff",
            "password": "the-right-password-1",
            "otp_device": device.persistent_id,
            "otp_token": "000000",
        },
    )
    right = client.post(
        reverse("admin:login"),
        {
            "username": "staff",
            "password": "the-right-password-1",
            "otp_device": device.persistent_id,
            "otp_token": f"{totp(device.bin_key):06d}",
        },
    )

    assert (without.status_code, wrong.status_code, right.status_code) == (200, 200, 302)
    assert client.get(reverse("admin:index")).status_code == 200


@pytest.mark.django_db
def test_without_totp_setting_a_password_is_enough(client, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    User.objects.create_user("staff", password="the-right-password-1", is_staff=True)

    response = client.post(reverse("admin:login"), {"username": "staff", "password": "the-right-password-1"})

    assert response.status_code == 302


CONTACT = ("Мария Контактова", "maria.contact@example.org", "+359 2 937 7777", "Ръководител проекти")


@pytest.mark.django_db
def test_contact_persons_never_reach_a_public_page_or_download(client, site):
    organisation = make_organisation(name_bg="Фирма с контакт", name_en="Firm with a contact")
    ContactPerson.objects.create(
        organisation=organisation, name=CONTACT[0], email=CONTACT[1], phone=CONTACT[2], position=CONTACT[3]
    )
    make_participation(partnership=site["published"], organisation=organisation)
    responses = [client.get(localised(path, language)) for _name, path in PAGES for language in ("bg", "en")]
    responses += [
        client.get(f"/en/{what}/download.{fmt}") for what in ("partnerships", "milestones") for fmt in ("csv", "json")
    ]
    responses.append(client.get("/sitemap.xml"))
    bodies = [b"".join(r.streaming_content).decode() if r.streaming else r.content.decode() for r in responses]

    assert "Firm with a contact" in bodies[5]
    assert [value for value in CONTACT for body in bodies if value in body] == []


@pytest.mark.django_db
def test_html_in_text_fields_is_escaped_on_the_public_side(client, site):
    Partnership.objects.filter(pk=site["published"].pk).update(title_en="<script>alert('x')</script> <b>bold</b>")
    site["published"].refresh_from_db()
    site["published"].save()

    html = client.get("/en/partnerships/sofia-seoul/").content.decode()

    assert "<script>alert" not in html and "<b>bold</b>" not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &lt;b&gt;bold&lt;/b&gt;" in html
