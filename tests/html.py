"""Read a rendered admin page as a browser would: its form's values, its labels, its links."""

from html import unescape
from html.parser import HTMLParser


class _FormReader(HTMLParser):
    def __init__(self, form_id):
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.in_form = False
        self.data = {}
        self.select = None
        self.option = None
        self.textarea = None
        self.text = ""
        self.labels = set()
        self.controls = {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and attrs.get("id") == self.form_id:
            self.in_form = True
        if not self.in_form:
            return
        if tag == "label" and attrs.get("for"):
            self.labels.add(attrs["for"])
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if attrs.get("id") and kind not in {"hidden", "submit"}:
                self.controls[attrs["id"]] = attrs
            if kind in {"checkbox", "radio"}:
                if "checked" in attrs:
                    self.data.setdefault(name, []).append(attrs.get("value", "on"))
            elif kind not in {"submit", "button", "file"}:
                self.data.setdefault(name, []).append(attrs.get("value", ""))
        elif tag == "select" and name:
            if attrs.get("id"):
                self.controls[attrs["id"]] = attrs
            self.select = name
            self.data.setdefault(name, [])
        elif tag == "option" and self.select:
            self.option = attrs
            if "selected" in attrs:
                self.data[self.select].append(attrs.get("value", ""))
        elif tag == "textarea" and name:
            if attrs.get("id"):
                self.controls[attrs["id"]] = attrs
            self.textarea = name
            self.text = ""

    def handle_endtag(self, tag):
        if tag == "form" and self.in_form:
            self.in_form = False
        elif tag == "select":
            self.select = None
        elif tag == "textarea" and self.textarea:
            self.data.setdefault(self.textarea, []).append(self.text.removeprefix("\n"))
            self.textarea = None

    def handle_data(self, data):
        if self.textarea:
            self.text += data


def read_form(response, form_id):
    reader = _FormReader(form_id)
    reader.feed(response.content.decode())
    assert reader.data, f"no form #{form_id} on the page"
    return reader


def form_data(response, form_id):
    """The values a browser would submit from the form, as a dict of lists."""
    return read_form(response, form_id).data


LOADED_RELS = {"stylesheet", "icon", "preload", "modulepreload", "manifest", "prefetch", "apple-touch-icon"}


class _Resources(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.urls = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "link" and not LOADED_RELS & set((attrs.get("rel") or "").split()):
            return  # alternates and canonical links name pages; the browser loads none of them
        for attribute in ("src", "href"):
            if tag in {"script", "img", "link", "iframe", "source", "audio", "video", "embed"} and attrs.get(attribute):
                self.urls.append(attrs[attribute])


def loaded_urls(response):
    """Every URL the page makes the browser load (scripts, styles, images, frames)."""
    reader = _Resources()
    reader.feed(response.content.decode())
    return reader.urls


def page(response):
    """The page's HTML with character references resolved, for asserting on messages."""
    return unescape(response.content.decode())
