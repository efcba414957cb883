"""Template helpers shared by the public pages."""

from django import template
from django.conf import settings
from django.utils.html import format_html
from django.utils.translation import get_language, gettext, pgettext

register = template.Library()

LANGUAGE_NAMES = {"bg": "Български", "en": "English"}


def text_in_language(obj, field):
    """(text, language of the text, note) for the page's language, falling back to the other.

    The note is empty when the text is in the page's language.
    """
    language = get_language()
    text = getattr(obj, f"{field}_{language}", "") or ""
    if text:
        return text, language, ""
    for other, _name in settings.LANGUAGES:
        other_text = getattr(obj, f"{field}_{other}", "") or ""
        if other != language and other_text:
            note = gettext("(in Bulgarian)") if other == "bg" else gettext("(in English)")
            return other_text, other, note
    return "", language, ""


@register.simple_tag
def translated(obj, field):
    """The field's text in the page's language, or the other language's text marked as such.

    Never an empty heading: where the page's language has no text, the other
    language's text is shown with its ``lang`` and a visible note.
    """
    text, language, note = text_in_language(obj, field)
    if not note:
        return text
    return format_html('<span lang="{}">{}</span> <span class="fallback-note">{}</span>', language, text, note)


@register.simple_tag
def plain(obj, field):
    """The text alone, for places that take no markup: the page title, SVG labels."""
    return text_in_language(obj, field)[0]


@register.inclusion_tag("includes/_prose.html")
def prose(obj, field):
    """A long text as paragraphs, in the page's language or marked as the other language's."""
    text, language, note = text_in_language(obj, field)
    return {"text": text, "language": language, "note": note, "page_language": get_language()}


@register.simple_tag(takes_context=True)
def alternates(context):
    """This page in every language: code, name, path and absolute URL, current first marked."""
    request = context["request"]
    query = request.META.get("QUERY_STRING", "")
    current = get_language()
    links = []
    bare = request.path
    for code, _name in settings.LANGUAGES:
        if bare.startswith(f"/{code}/") and code != settings.LANGUAGE_CODE:
            bare = bare[len(code) + 1 :]
    for code, _name in settings.LANGUAGES:
        # Public URLs differ only by their language prefix, so swapping it also gives the
        # right address on a 404 page, which translate_url() cannot resolve.
        path = bare if code == settings.LANGUAGE_CODE else f"/{code}{bare}"
        if query:
            path = f"{path}?{query}"
        links.append(
            {
                "code": code,
                "name": LANGUAGE_NAMES[code],
                "path": path,
                "url": request.build_absolute_uri(path),
                "current": code == current,
            }
        )
    return links


@register.filter
def percent(part, whole):
    """``part`` of ``whole`` as a percentage rounded to 5 (the CSS has a width class per step)."""
    try:
        return 5 * round(20 * part / whole) if whole else 0
    except (TypeError, ValueError):
        return 0


@register.simple_tag
def milestone_state(milestone, today):
    """What a reader needs at a glance: overdue stands out from the recorded status."""
    if milestone.is_overdue(today=today):
        return {"key": "overdue", "label": pgettext("milestone state", "overdue")}
    return {"key": milestone.status, "label": milestone.get_status_display()}


@register.filter
def minutes(duration):
    """A timedelta in whole minutes, rounded up."""
    try:
        return -(-int(duration.total_seconds()) // 60)
    except AttributeError:
        return ""
