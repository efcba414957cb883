"""Where the portal meets the outside: who reaches the reports, what an error looks like,
and whose address login throttling counts behind a reverse proxy."""

import functools
import json
import os
import subprocess
import sys

import pytest
from django.contrib.auth.models import Permission, User
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import translation
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from iurc_portal.client_ip import client_ip
from iurc_portal.settings import BASE_DIR
from iurc_portal.views import bad_request, permission_denied
from partnerships.models import ExportLog
from tests.html import page

PASSWORD = "the-right-password-1"
NEVER_CACHED = {"max-age=0", "no-cache", "no-store", "must-revalidate", "private"}


def _staff(username, *permissions):
    user = User.objects.create_user(username, password=PASSWORD, is_staff=True)
    user.user_permissions.add(*Permission.objects.filter(codename__in=permissions))
    return user


def _cache_control(response):
    return {directive.strip() for directive in response["Cache-Control"].split(",")}


# The Reports page goes through the admin site's own check -----------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "location"),
    [
        ("reports:index", "/admin/login/?next=/reports/%3Freport%3Dmilestones%26export_format%3Dcsv"),
        ("reports:download", "/admin/login/?next=/reports/download/%3Freport%3Dmilestones%26export_format%3Dcsv"),
    ],
)
def test_reports_send_a_session_without_a_verified_device_to_sign_in_when_otp_is_required(
    client, site, settings, url, location
):
    settings.OTP_REQUIRED = True
    client.force_login(_staff("official", "export_reports"))

    response = client.get(reverse(url), {"report": "milestones", "export_format": "csv"})

    assert (response.status_code, response["Location"]) == (302, location)
    assert ExportLog.objects.count() == 0


@pytest.mark.django_db
def test_reports_download_after_signing_in_with_a_totp_code(client, site, settings):
    settings.OTP_REQUIRED = True
    device = TOTPDevice.objects.create(user=_staff("official", "export_reports"), name="phone", confirmed=True)
    signed_in = client.post(
        reverse("admin:login"),
        {
            "username": "official",
            "password": PASSWORD,
            "otp_device": device.persistent_id,
            "otp_token": f"{totp(device.bin_key):06d}",
        },
    )

    response = client.get(reverse("reports:download"), {"report": "milestones", "export_format": "csv"})

    assert (signed_in.status_code, response.status_code) == (302, 200)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert list(ExportLog.objects.values_list("user__username", "report")) == [("official", "milestones")]


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["reports:index", "reports:download"])
def test_reports_refuse_a_signed_in_account_that_is_not_staff(client, site, url):
    user = _staff("outsider", "export_reports")
    user.is_staff = False
    user.save()
    client.force_login(user)

    response = client.get(reverse(url), {"report": "milestones", "export_format": "csv"})

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/?next=/reports/")
    assert ExportLog.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "heading"),
    [("bg", "Достъпът е отказан"), ("en", "Access denied")],
)
@pytest.mark.parametrize("url", ["reports:index", "reports:download"])
def test_reports_refuse_staff_without_the_export_permission_with_the_403_page(
    client, site, settings, url, language, heading
):
    client.force_login(_staff("editor", "view_milestone"))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language

    response = client.get(reverse(url), {"report": "milestones", "export_format": "csv"})

    assert response.status_code == 403
    assert f'<html lang="{language}">' in page(response)
    assert f"<h1>{heading}</h1>" in page(response)
    assert ExportLog.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("who", "method", "url", "query", "status"),
    [
        ("official", "get", "reports:index", {}, 200),
        ("official", "get", "reports:index", {"report": "portfolio", "year": "abc"}, 400),
        ("official", "get", "reports:download", {"report": "milestones", "export_format": "csv"}, 200),
        ("official", "get", "reports:download", {"report": "portfolio", "year": "abc"}, 400),
        ("official", "post", "reports:download", {"report": "milestones"}, 405),
        ("editor", "get", "reports:download", {"report": "milestones"}, 403),
        ("anonymous", "get", "reports:download", {"report": "milestones"}, 302),
    ],
)
def test_every_reports_response_is_private_and_never_stored(client, site, who, method, url, query, status):
    if who == "official":
        client.force_login(_staff("official", "export_reports"))
    elif who == "editor":
        client.force_login(_staff("editor", "view_milestone"))

    response = getattr(client, method)(reverse(url), query)

    assert response.status_code == status
    assert _cache_control(response) == NEVER_CACHED


# Error pages: bilingual, in the site's look --------------------------------------------------


@pytest.mark.parametrize(
    ("path", "cookie", "language", "heading", "home"),
    [
        ("/", "en", "bg", "Неправилна заявка", "/"),
        ("/en/partnerships/", "bg", "en", "Bad request", "/en/"),
        ("/admin/", "en", "en", "Bad request", "/en/"),
        ("/reports/", "bg", "bg", "Неправилна заявка", "/"),
    ],
)
def test_400_page_for_a_refused_host_needs_no_database_and_names_no_host(
    client, settings, path, cookie, language, heading, home
):
    # No database fixture: a query would fail the request (a 500, not this page).
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = cookie

    response = client.get(path, HTTP_HOST="attacker.example")

    html = page(response)
    assert response.status_code == 400
    assert f'<html lang="{language}">' in html
    assert f"<title>{heading} – " in html
    assert f"<h1>{heading}</h1>" in html
    assert 'class="skip-link"' in html
    assert f'<a class="site-name" href="{home}">' in html
    assert "attacker.example" not in html
    assert f'<link rel="alternate" hreflang="en" href="/en{path.removeprefix("/en")}">' in html


@pytest.mark.parametrize(
    ("active", "path", "language", "text"),
    [
        ("en", "/partnerships/", "bg", "Порталът не разбра тази заявка."),
        ("bg", "/en/partnerships/", "en", "The portal could not understand this request."),
    ],
)
def test_400_page_of_a_public_path_is_in_the_language_of_its_prefix(active, path, language, text):
    request = RequestFactory().get(path)

    with translation.override(active):
        response = bad_request(request, exception=SuspiciousOperation("malformed"))

    html = response.content.decode()
    assert response.status_code == 400
    assert f'<html lang="{language}">' in html
    assert text in html


@pytest.mark.parametrize(
    ("active", "path", "language", "heading"),
    [
        ("en", "/partnerships/", "bg", "Достъпът е отказан"),
        ("bg", "/en/partnerships/", "en", "Access denied"),
        ("en", "/admin/", "en", "Access denied"),
        ("bg", "/admin/", "bg", "Достъпът е отказан"),
    ],
)
def test_403_page_is_in_the_path_language_in_public_and_the_chosen_one_for_staff(
    settings, active, path, language, heading
):
    request = RequestFactory().get(path)
    request.COOKIES[settings.LANGUAGE_COOKIE_NAME] = active

    with translation.override(active):
        response = permission_denied(request, exception=PermissionDenied())

    html = response.content.decode()
    assert response.status_code == 403
    assert f'<html lang="{language}">' in html
    assert f"<h1>{heading}</h1>" in html
    assert 'class="skip-link"' in html
    assert _cache_control(response) == NEVER_CACHED


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "cookie", "language", "heading", "advice"),
    [
        (
            "/admin/login/",
            "bg",
            "bg",
            "Формулярът не можа да бъде изпратен",
            "Върнете се, презаредете страницата и изпратете формуляра отново",
        ),
        (
            "/admin/login/",
            "en",
            "en",
            "The form could not be sent",
            "Go back, reload the page and send the form again",
        ),
        ("/en/", "bg", "en", "The form could not be sent", "Go back, reload the page and send the form again"),
    ],
)
def test_csrf_failure_is_a_403_page_in_the_site_look(settings, path, cookie, language, heading, advice):
    client = Client(enforce_csrf_checks=True)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = cookie

    response = client.post(path, {"username": "staff", "password": PASSWORD})

    html = page(response)
    assert response.status_code == 403
    assert f'<html lang="{language}">' in html
    assert f"<h1>{heading}</h1>" in html
    assert advice in html
    assert 'class="skip-link"' in html
    assert "CSRF" not in html
    assert _cache_control(response) == NEVER_CACHED


# Login throttling behind a reverse proxy -----------------------------------------------------

THROTTLE_SETTINGS = [
    "TRUSTED_PROXY_COUNT",
    "TRUSTED_PROXIES",
    "AXES_LOCKOUT_PARAMETERS",
    "AXES_CLIENT_IP_CALLABLE",
    "AXES_IPWARE_PROXY_COUNT",
    "AXES_IPWARE_META_PRECEDENCE_ORDER",
]
PROXY = "127.0.0.1"
LOGIN = "/admin/login/?next=/admin/"


@functools.cache
def _throttle_settings_from(environment):
    """The throttling settings exactly as settings.py computes them from this environment."""
    code = (
        "import django, json; django.setup(); from django.conf import settings as s; "
        f"print(json.dumps({{n: getattr(s, n) for n in {THROTTLE_SETTINGS!r} if hasattr(s, n)}}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=BASE_DIR,
        env={"PATH": os.environ["PATH"], "DJANGO_SETTINGS_MODULE": "iurc_portal.settings", **dict(environment)},
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout)


@pytest.fixture
def deployed(settings):
    """``deployed(TRUSTED_PROXY_COUNT="1")``: throttle as a deployment with that environment does."""

    def configure(**environment):
        for name, value in _throttle_settings_from(tuple(sorted(environment.items()))).items():
            setattr(settings, name, value)

    return configure


def _sign_in(username, password, *, address, forwarded=None, client=None):
    headers = {"REMOTE_ADDR": address}
    if forwarded is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    return (client or Client()).post(LOGIN, {"username": username, "password": password}, **headers)


@pytest.mark.django_db
@pytest.mark.parametrize("count", ["0", "1"], ids=["proxy-not-declared", "one-trusted-proxy"])
def test_an_attacker_behind_the_proxy_is_locked_and_other_staff_still_sign_in(deployed, count):
    deployed(TRUSTED_PROXY_COUNT=count)
    _staff("alice")
    _staff("bob")
    attacker = Client()

    failures = [
        _sign_in("alice", "wrong-password", address=PROXY, forwarded="203.0.113.7", client=attacker).status_code
        for _ in range(5)
    ]
    mistypes = [
        _sign_in(name, "wrong-password", address=PROXY, forwarded=f"198.51.100.{n}").status_code
        for n, name in enumerate(["carol", "dave", "erin", "frank"], start=30)
    ]
    bob = _sign_in("bob", PASSWORD, address=PROXY, forwarded="198.51.100.20")
    attacker_again = _sign_in("alice", PASSWORD, address=PROXY, forwarded="203.0.113.7", client=attacker)

    assert (failures, mistypes) == ([200, 200, 200, 200, 429], [200, 200, 200, 200])
    assert (bob.status_code, bob["Location"]) == (302, "/admin/")
    assert attacker_again.status_code == 429
    assert "Твърде много неуспешни опити за вход" in page(attacker_again)


@pytest.mark.django_db
def test_behind_a_trusted_proxy_the_attacked_user_still_signs_in_from_her_own_address(deployed):
    deployed(TRUSTED_PROXY_COUNT="1")
    _staff("alice")
    for _ in range(5):
        _sign_in("alice", "wrong-password", address=PROXY, forwarded="203.0.113.7")

    alice = _sign_in("alice", PASSWORD, address=PROXY, forwarded="198.51.100.40")

    assert (alice.status_code, alice["Location"]) == (302, "/admin/")


@pytest.mark.django_db
@pytest.mark.parametrize("count", ["0", "1"], ids=["no-proxy", "one-trusted-proxy"])
def test_a_client_reaching_the_app_directly_is_locked_whatever_x_forwarded_for_it_sends(deployed, count):
    deployed(TRUSTED_PROXY_COUNT=count)
    _staff("alice")
    attacker = Client()

    statuses = [
        _sign_in(
            "alice", "wrong-password", address="203.0.113.9", forwarded=f"198.51.100.{n}", client=attacker
        ).status_code
        for n in range(1, 7)
    ]
    right_password = _sign_in("alice", PASSWORD, address="203.0.113.9", forwarded="198.51.100.99", client=attacker)

    assert statuses == [200, 200, 200, 200, 429, 429]
    assert right_password.status_code == 429


@pytest.mark.parametrize(
    ("count", "proxies", "remote", "forwarded", "expected"),
    [
        (0, [], "127.0.0.1", "203.0.113.7", "127.0.0.1"),
        (1, ["127.0.0.1", "::1"], "127.0.0.1", "203.0.113.7", "203.0.113.7"),
        (1, ["127.0.0.1", "::1"], "::1", "2001:db8::7", "2001:db8::7"),
        (1, ["127.0.0.1", "::1"], "::ffff:127.0.0.1", "203.0.113.7", "203.0.113.7"),
        (1, ["127.0.0.1", "::1"], "127.0.0.1", " 198.51.100.66 , 203.0.113.7", "203.0.113.7"),
        (2, ["10.0.0.0/8"], "10.1.2.3", "198.51.100.66, 203.0.113.7, 10.0.0.5", "203.0.113.7"),
        (1, ["127.0.0.1", "::1"], "198.51.100.1", "203.0.113.7", "198.51.100.1"),
        (1, ["10.0.0.0/8"], "127.0.0.1", "203.0.113.7", "127.0.0.1"),
        (1, ["127.0.0.1", "::1"], "127.0.0.1", None, "127.0.0.1"),
        (1, ["127.0.0.1", "::1"], "127.0.0.1", "", "127.0.0.1"),
        (1, ["127.0.0.1", "::1"], "127.0.0.1", "unknown", "127.0.0.1"),
        (2, ["127.0.0.1", "::1"], "127.0.0.1", "203.0.113.7", "127.0.0.1"),
        (1, ["127.0.0.1", "::1"], "", "203.0.113.7", "203.0.113.7"),
        (0, [], "", "203.0.113.7", ""),
    ],
    ids=[
        "no-proxy-ignores-header",
        "one-proxy",
        "ipv6",
        "ipv4-mapped-peer",
        "forged-entries-left-of-the-proxy-one",
        "two-proxies-network",
        "untrusted-peer",
        "peer-outside-trusted-network",
        "no-header",
        "empty-header",
        "not-an-address",
        "fewer-entries-than-proxies",
        "unix-socket",
        "unix-socket-no-proxy",
    ],
)
def test_client_ip_reads_x_forwarded_for_only_from_a_trusted_proxy(
    settings, count, proxies, remote, forwarded, expected
):
    settings.TRUSTED_PROXY_COUNT, settings.TRUSTED_PROXIES = count, proxies
    headers = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded

    assert client_ip(RequestFactory().get("/admin/login/", **headers)) == expected


@pytest.mark.parametrize(
    ("environment", "expected"),
    [
        ({}, (0, [], [["username", "ip_address"]])),
        ({"TRUSTED_PROXY_COUNT": "1"}, (1, ["127.0.0.1", "::1"], [["username", "ip_address"]])),
        (
            {"TRUSTED_PROXY_COUNT": "2", "TRUSTED_PROXIES": "10.0.0.2, 10.0.1.0/24"},
            (2, ["10.0.0.2", "10.0.1.0/24"], [["username", "ip_address"]]),
        ),
    ],
)
def test_throttling_settings_from_the_environment(environment, expected):
    values = _throttle_settings_from(tuple(sorted(environment.items())))

    assert (values["TRUSTED_PROXY_COUNT"], values["TRUSTED_PROXIES"], values["AXES_LOCKOUT_PARAMETERS"]) == expected
    assert values["AXES_CLIENT_IP_CALLABLE"] == "iurc_portal.client_ip.client_ip"
