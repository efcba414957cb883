"""Bilingual template tags: a text in the page's language or, marked, in another."""

from django import template
from django.conf import settings
from django.utils.encoding import escape_uri_path
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import get_language, get_language_info
from django.utils.translation import gettext_lazy as _

from publishing.localisation import text_in_language

register = template.Library()


# Said beside a text shown in another language than the page's.
FALLBACK_NOTES = {"bg": _("(in Bulgarian)"), "en": _("(in English)")}


def _fallback_note(language):
    return str(FALLBACK_NOTES[language])


def _text(obj, field):
    """(text, language of the text, note); the note is empty when the text is in the page's language."""
    text, language = text_in_language(obj, field)
    return text, language, "" if language == get_language() else _fallback_note(language)


@register.simple_tag
def translated(obj, field):
    """The field's text in the page's language, or the other language's text marked as such.

    Never an empty heading: where the page's language has no text, the other
    language's text is shown with its ``lang`` and a visible note.
    """
    text, language, note = _text(obj, field)
    if not note or not text:
        return text
    return format_html('<span lang="{}">{}</span> <span class="fallback-note">{}</span>', language, text, note)


@register.simple_tag
def plain(obj, field):
    """The text alone, for places that take no markup: the page title, SVG labels."""
    return _text(obj, field)[0]


@register.inclusion_tag("includes/_prose.html")
def prose(obj, field):
    """A long text as paragraphs, in the page's language or marked as the other language's."""
    text, language, note = _text(obj, field)
    return {"text": text, "language": language, "note": note if text else "", "page_language": get_language()}


_LABELS = {}


def choice_label(obj, field):
    """What ``obj.get_<field>_display()`` gives, in the active language. Django's method
    rebuilds and hashes the field's whole list of lazy labels on every call, a fifth of
    a 50-row list's time; the labels of a field are looked up once per process here
    and translated when shown."""
    key = (type(obj), field)
    if key not in _LABELS:
        _LABELS[key] = dict(type(obj)._meta.get_field(field).flatchoices)
    value = getattr(obj, field)
    return _LABELS[key].get(value, value)


@register.filter
def label(obj, field):
    """``{{ milestone|label:"kind" }}``: the label of a field's chosen value."""
    return choice_label(obj, field)


def same_origin_path(path):
    """``path`` as a path on this site: leading slashes and backslashes collapse to one
    slash, so ``//evil.example/`` or ``/\\evil.example/`` cannot become another host."""
    return "/" + escape_uri_path(path).lstrip("/\\")


@register.simple_tag(takes_context=True)
def alternates(context):
    """This page in every language: code, name, path and absolute URL, current first marked.

    Public URLs differ only by their language prefix, so swapping it also gives the right
    address on a 404 page, which translate_url() cannot resolve. Every link stays on this
    site, whatever path was asked for."""
    request = context["request"]
    query = request.META.get("QUERY_STRING", "")
    current = get_language()
    path = request.path
    for code, _name in settings.LANGUAGES:
        if code != settings.LANGUAGE_CODE and (path == f"/{code}" or path.startswith(f"/{code}/")):
            path = path[len(code) + 1 :]
    bare = same_origin_path(path)  # escaped once, after the prefix is gone
    links = []
    for code, _name in settings.LANGUAGES:
        path = bare if code == settings.LANGUAGE_CODE else f"/{code}{bare}"
        if query:
            path = f"{path}?{query}"
        links.append(
            {
                "code": code,
                "name": capfirst(get_language_info(code)["name_local"]),
                "path": path,
                "url": request.build_absolute_uri(path),
                "current": code == current,
            }
        )
    return links
