"""A member of staff's milestones as an iCalendar subscription, behind their secret URL."""

import datetime

import icalendar
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.views.decorators.http import require_GET

from partnerships.selectors import milestones_of
from publishing.localisation import text_in_language

from .models import ReminderSettings
from .services import absolute

#: The most events a calendar holds, the nearest first.
CALENDAR_EVENTS = 500


@require_GET
def calendar(request, token):
    preferences = ReminderSettings.objects.select_related("user").filter(calendar_token=token).first()
    if preferences is None or not preferences.user.is_active or not preferences.user.is_staff:
        raise Http404
    user, language = preferences.user, preferences.language
    milestones = milestones_of(user).filter(due_date__isnull=False).order_by("due_date", "pk")[:CALENDAR_EVENTS]
    with translation.override(language):
        cal = icalendar.Calendar()
        cal.add("prodid", "-//Sofia Municipality//IURC Portal//" + language.upper())
        cal.add("version", "2.0")
        cal.add("x-wr-calname", translation.gettext("IURC Portal: my milestones"))
        stamp = timezone.now()
        for milestone in milestones:
            title, _title_language = text_in_language(milestone, "title", language)
            partnership, _language = text_in_language(milestone.partnership, "title", language)
            role = (
                translation.gettext("responsible") if milestone.role == "responsible" else translation.gettext("deputy")
            )
            url = absolute(reverse("admin:partnerships_milestone_change", args=[milestone.pk]))
            event = icalendar.Event()
            event.add("uid", f"milestone-{milestone.pk}@iurc-portal")
            event.add("dtstamp", stamp)
            event.add("dtstart", milestone.due_date)
            event.add("dtend", milestone.due_date + datetime.timedelta(days=1))
            event.add("summary", title)
            event.add("description", f"{partnership}\n{translation.gettext('My role')}: {role}\n{url}")
            event.add("url", url)
            cal.add_component(event)
    response = HttpResponse(cal.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="iurc-milestones.ics"'
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response
