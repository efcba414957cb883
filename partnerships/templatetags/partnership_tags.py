"""Template helpers for partnerships and milestones on the public pages."""

from django import template
from django.utils.translation import pgettext

from publishing.templatetags.bilingual import choice_label

from ..models import Partnership

register = template.Library()


@register.filter
def percent(part, whole):
    """``part`` of ``whole`` as a percentage rounded to 5 (the CSS has a width class per step)."""
    try:
        return 5 * round(20 * part / whole) if whole else 0
    except (TypeError, ValueError):
        return 0


@register.filter
def progress_bar(status):
    """Whether a partnership in ``status`` shows its milestones done as a bar: not one that
    has barely begun (``Partnership.BARELY_BEGUN``)."""
    return status not in Partnership.BARELY_BEGUN


@register.simple_tag
def milestone_state(milestone, today):
    """What a reader needs at a glance: overdue stands out from the recorded status."""
    if milestone.is_overdue(today=today):
        return {"key": "overdue", "label": pgettext("milestone state", "overdue")}
    return {"key": milestone.status, "label": choice_label(milestone, "status")}


@register.filter
def minutes(duration):
    """A timedelta in whole minutes, rounded up."""
    try:
        return -(-int(duration.total_seconds()) // 60)
    except AttributeError:
        return ""
