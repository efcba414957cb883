"""Template helpers shared by the public pages."""

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.html import format_html
from django.utils.translation import get_language, gettext, override, pgettext

register = template.Library()

LANGUAGE_NAMES = {"bg": "Български", "en": "English"}


@register.simple_tag
def translated(obj, field):
    """The field's text in the page's language, or the other language's text marked as such.

    Never an empty heading: where the page's language has no text, the other
    language's text is shown with its ``lang`` and a visible note.
    """
    language = get_language()
    text = getattr(obj, f"{field}_{language}", "") or ""
    if text:
        return text
    for other, _name in settings.LANGUAGES:
        other_text = getattr(obj, f"{field}_{other}", "") or ""
        if other != language and other_text:
            with override(language):
                note = gettext("(in Bulgarian)") if other == "bg" else gettext("(in English)")
            return format_html(
                '<span lang="{}">{}</span> <span class="fallback-note">{}</span>', other, other_text, note
            )
    return ""


@register.simple_tag(takes_context=True)
def alternates(context):
    """This page in every language: code, name, path and absolute URL, current first marked."""
    request = context["request"]
    query = request.META.get("QUERY_STRING", "")
    current = get_language()
    links = []
    for code, _name in settings.LANGUAGES:
        path = translate_url(request.path, code)
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
