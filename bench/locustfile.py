"""The clients of `make loadtest` (bench/loadtest.py runs this file with locust --headless).

Every client connects from 127.0.0.1, as a TLS proxy in front of gunicorn would; the portal
runs with TRUSTED_PROXY_COUNT=1, so each client is known by the address it sends in
X-Forwarded-For, as the proxy would write it:

- Visitor: a member of the public with an address of its own (198.51.100.x): home, the
  list with filters, an invalid filter (400 is the right answer), a partnership, the
  milestones, a search and a CSV download, in both languages.
- CacheBuster: the flooding address (203.0.113.66). It asks for /?v=<unique> (a parameter
  no view reads, so the page cache answers) and for a search no one made before (a fresh
  render each time, until the address is rate-limited and gets 429).
- Editor: an account in the Editor group that signs in with its password and a TOTP code
  and saves a draft partnership through the admin's change form.

loadtest.py runs the three together ("mix"), then, with LOADTEST_PHASE=flood, only
visitors and LOADTEST_FLOODERS cache busters from the one address. Each request
is named "<kind>: <page>" (public, flood, staff) and recorded with its status and time;
when locust quits, the records (and any exception a client raised) are written as JSON to
LOADTEST_RECORD for loadtest.py.
"""

import html.parser
import itertools
import json
import os
import random
import time
import uuid

from django_otp.oath import totp
from locust import FastHttpUser, HttpUser, constant, events, task

PHASE = os.environ.get("LOADTEST_PHASE", "mix")
FLOOD_ADDRESS = "203.0.113.66"
PARTNERSHIPS = [f"bench-{n}" for n in range(2, 50)]
SEARCHES = ["visit", "meeting", "Sejong", "кръгова", "Milestone 12", "pilot"]
RECORDS = []
EXCEPTIONS = []
_addresses = itertools.count(1)


@events.request.add_listener
def record(request_type, name, response_time, response, exception, **kwargs):
    status = getattr(response, "status_code", 0) or 0
    RECORDS.append((name, status, response_time))


@events.user_error.add_listener
def record_exception(user_instance, exception, tb, **kwargs):
    EXCEPTIONS.append(f"{type(user_instance).__name__}: {exception!r}")


@events.quitting.add_listener
def write_records(environment, **kwargs):
    path = os.environ.get("LOADTEST_RECORD")
    if path:
        with open(path, "w") as out:
            json.dump({"requests": RECORDS, "exceptions": EXCEPTIONS}, out)


def fetch(user, name, path, expected=(200,), **kwargs):
    with user.client.get(path, name=name, catch_response=True, **kwargs) as response:
        if response.status_code in expected:
            response.success()
        else:
            response.failure(f"status {response.status_code}")
        return response


class Visitor(FastHttpUser):
    """A member of the public, from an address of its own; no pause between pages."""

    wait_time = constant(0)
    weight = 1

    def on_start(self):
        self.headers = {"X-Forwarded-For": f"198.51.100.{next(_addresses) % 250 + 1}"}

    def get(self, name, path, expected=(200,)):
        return fetch(self, f"public: {name}", path, expected, headers=self.headers)

    def language(self):
        return random.choice(["", "/en"])

    @task(3)
    def home(self):
        self.get("home", self.language() + "/")

    @task(2)
    def list_with_filters(self):
        query = random.choice(
            ["?status=active", "?theme=innovation&sort=newest", "?country=KR&theme=sustainable-mobility", "?page=2"]
        )
        self.get("partnership list, filtered", f"{self.language()}/partnerships/{query}")

    @task(1)
    def invalid_filter(self):
        query = random.choice(["?status=nonsense", "?theme=no-such-theme", "?year=abc", "?page=999"])
        self.get("partnership list, invalid filter (400)", f"{self.language()}/partnerships/{query}", expected=(400,))

    @task(3)
    def detail(self):
        self.get("partnership detail", f"{self.language()}/partnerships/{random.choice(PARTNERSHIPS)}/")

    @task(2)
    def milestones(self):
        query = random.choice(["", "?when=done", "?when=upcoming&page=2", "?theme=innovation&status=done"])
        self.get("milestones", f"{self.language()}/milestones/{query}")

    @task(2)
    def search(self):
        self.get("milestones, ?q= search", f"{self.language()}/milestones/?q={random.choice(SEARCHES)}")

    @task(1)
    def csv_download(self):
        path = random.choice(
            [
                "/partnerships/download.csv",
                "/en/partnerships/download.csv?theme=innovation",
                f"/milestones/download.csv?partnership={random.choice(PARTNERSHIPS)}&when=done",
            ]
        )
        self.get("CSV download", path)


class CacheBuster(FastHttpUser):
    """The flooding address: unique URLs, no pause. 200 or 429 are both right answers."""

    wait_time = constant(0)
    fixed_count = 1

    def on_start(self):
        self.headers = {"X-Forwarded-For": FLOOD_ADDRESS}

    @task
    def ignored_parameter(self):
        fetch(self, "flood: /?v=<unique>", f"/?v={uuid.uuid4().hex}", (200, 429), headers=self.headers)

    @task
    def unique_search(self):
        path = f"/en/milestones/?q={uuid.uuid4().hex[:12]}"
        fetch(self, "flood: /en/milestones/?q=<unique>", path, (200, 429), headers=self.headers)


class FormValues(html.parser.HTMLParser):
    """The values a browser would submit from the admin's change form."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.values, self.in_form, self.select, self.textarea = [], False, None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and attrs.get("id", "").endswith("_form"):
            self.in_form = True
        if not self.in_form:
            return
        if tag == "option":
            if self.select and "selected" in attrs:
                self.values.append([self.select, attrs.get("value", "")])
            return
        if "name" not in attrs:
            return
        if tag == "input":
            kind = attrs.get("type", "text")
            if kind in ("submit", "button", "file", "image", "reset"):
                return
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            self.values.append([attrs["name"], attrs.get("value", "on" if kind == "checkbox" else "")])
        elif tag == "select":
            self.select = attrs["name"]
        elif tag == "textarea":
            self.textarea = [attrs["name"], ""]
            self.values.append(self.textarea)

    def handle_endtag(self, tag):
        if tag == "select":
            self.select = None
        elif tag == "textarea" and self.textarea is not None:
            # A browser drops the newline that starts a textarea's content.
            self.textarea[1] = self.textarea[1].removeprefix("\n")
            self.textarea = None
        elif tag == "form":
            self.in_form = False

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea[1] += data


class Editor(HttpUser):
    """Signs in (password and TOTP code) and saves a draft partnership with its inline
    milestones through the admin, about every 6 s: 3 s on the form, 3 s between saves.
    The session cookie is Secure (DEBUG off) and this is plain HTTP on loopback, so the
    cookies are sent by hand."""

    wait_time = constant(3)
    fixed_count = 1

    def on_start(self):
        self.headers = {"X-Forwarded-For": "198.51.100.254"}
        self.cookies = {}
        page = self.open("staff: sign-in page", "/admin/login/?next=/admin/")
        data = {
            "csrfmiddlewaretoken": csrf_token(page.text),
            "username": os.environ["LOADTEST_EDITOR"],
            "password": os.environ["LOADTEST_EDITOR_PASSWORD"],
            "otp_device": os.environ["LOADTEST_EDITOR_DEVICE"],
            "otp_token": f"{totp(bytes.fromhex(os.environ['LOADTEST_EDITOR_TOTP_KEY'])):06d}",
            "next": "/admin/",
        }
        self.post("staff: sign in", "/admin/login/?next=/admin/", data)
        if "sessionid" not in self.cookies:
            raise RuntimeError("the editor could not sign in")

    def keep_cookies(self, response):
        for cookie in response.cookies:
            self.cookies[cookie.name] = cookie.value

    def send(self, method, name, path, expected, **kwargs):
        headers = {**self.headers, "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        with self.client.request(
            method, path, name=name, headers=headers, allow_redirects=False, catch_response=True, **kwargs
        ) as response:
            self.keep_cookies(response)
            if response.status_code in expected:
                response.success()
            else:
                response.failure(f"status {response.status_code}")
            return response

    def open(self, name, path):
        return self.send("GET", name, path, (200,))

    def post(self, name, path, data):
        response = self.send("POST", name, path, (302,), data=data)
        if response.status_code == 200 and "errornote" in response.text:
            response.failure("the form was refused")
        return response

    @task
    def save_partnership(self):
        path = f"/admin/partnerships/partnership/{os.environ['LOADTEST_DRAFT_PK']}/change/"
        page = self.open("staff: open a partnership", path)
        if page.status_code != 200:
            return
        form = FormValues()
        form.feed(page.text)
        values = [[name, value] for name, value in form.values if name != "summary_en"]
        values.append(["summary_en", f"Saved by the load test at {time.time():.3f}."])
        values.append(["_save", "Save"])
        time.sleep(3)  # reading and typing
        self.post("staff: save a partnership", path, values)


def csrf_token(text):
    marker = 'name="csrfmiddlewaretoken" value="'
    start = text.index(marker) + len(marker)
    return text[start : text.index('"', start)]


if PHASE == "flood":
    # Every flooder from the one address; the remaining clients are visitors.
    CacheBuster.fixed_count = int(os.environ.get("LOADTEST_FLOODERS", "32"))
