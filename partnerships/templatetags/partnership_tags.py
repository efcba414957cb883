"""Template helpers for partnerships and milestones on the public pages."""

from django import template
from django.urls import reverse
from django.utils.dateformat import format as date_format
from django.utils.formats import get_format
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, ngettext, pgettext

from publishing.html import h
from publishing.templatetags.bilingual import choice_label, plain, translated

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


class MilestoneMarkup:
    """What the milestone tables and timelines write for each milestone, written in Python:
    as template loops they were 25 ms of a 50-row list's 45 ms with the page cache off,
    three quarters of it variable lookups and escaping. What is the same for every row
    (addresses, the date format, labels) is looked up once a list."""

    def __init__(self, today):
        self.today = today
        # A page's address is its pattern's prefix and its key: two reverse() calls a list, not two a row.
        self.milestone_prefix = reverse("partnerships:milestone-list")
        self.partnership_prefix = reverse("partnerships:partnership-detail", args=["-"])[:-2]
        self.date_pattern = get_format("DATE_FORMAT")

    def state(self, milestone):
        """(key, label as HTML): milestone_state's rule."""
        state = milestone_state(milestone, self.today)
        return state["key"], h(state["label"])

    def when(self, date, empty):
        if date is None:
            return empty
        return f'<time datetime="{date.isoformat()}">{h(date_format(date, self.date_pattern))}</time>'

    def link(self, milestone):
        return f'<a href="{self.milestone_prefix}{milestone.pk}/">{h(translated(milestone, "title"))}</a>'

    def partnership_link(self, partnership):
        return f'<a href="{self.partnership_prefix}{h(partnership.slug)}/">{h(translated(partnership, "title"))}</a>'


@register.simple_tag
def milestone_rows(milestones, today, show_partnership, empty_text=""):
    """The rows of a milestone table (includes/_milestone_table.html): the milestone with a
    link to its page, its partnership where the table spans several, kind, dates and state."""
    markup = MilestoneMarkup(today)
    not_set = h(gettext("not set"))
    rows = []
    for milestone in milestones:
        key, label = markup.state(milestone)
        partnership = f"<td>{markup.partnership_link(milestone.partnership)}</td>" if show_partnership else ""
        rows.append(
            f'<tr><th scope="row">{markup.link(milestone)}</th>{partnership}'
            f"<td>{h(choice_label(milestone, 'kind'))}</td><td>{markup.when(milestone.due_date, not_set)}</td>"
            f'<td>{markup.when(milestone.completed_on, "–")}</td><td><span class="badge state-{key}">{label}</span></td></tr>'
        )
    if not rows:
        rows.append(f'<tr><td colspan="{6 if show_partnership else 5}">{h(empty_text)}</td></tr>')
    return mark_safe("\n".join(rows))


@register.simple_tag
def milestone_timeline(milestones, today):
    """A partnership's milestones as the items of its timeline: date, title and state."""
    markup = MilestoneMarkup(today)
    not_set = h(gettext("date not set"))
    items = []
    for milestone in milestones:
        key, label = markup.state(milestone)
        items.append(
            f'<li class="timeline-item state-{key}"><span class="timeline-marker" aria-hidden="true"></span>'
            f'<span class="timeline-date">{markup.when(milestone.due_date, not_set)}</span>'
            f'<span class="timeline-title">{markup.link(milestone)}</span>'
            f'<span class="badge state-{key}">{label}</span></li>'
        )
    return mark_safe("\n".join(items))


@register.simple_tag
def agreement_items(milestones, today):
    """A partnership's agreements as list items: title, state, and the date signed or due."""
    markup = MilestoneMarkup(today)
    due = h(gettext("due"))
    items = []
    for milestone in milestones:
        _key, label = markup.state(milestone)
        if milestone.completed_on:
            date = f", {markup.when(milestone.completed_on, '')}"
        elif milestone.due_date:
            date = f", {due} {markup.when(milestone.due_date, '')}"
        else:
            date = ""
        items.append(f"<li>{markup.link(milestone)} – {label}{date}</li>")
    return mark_safe("\n".join(items))


@register.simple_tag
def progress(done, total, status):
    """Milestones done as words, and as a bar where the partnership has begun. A share of
    milestones done, not of the partnership: one that has barely begun
    (``Partnership.BARELY_BEGUN``) gets no bar that a reader could take for "complete";
    only a completed partnership's bar is green."""
    text = ngettext("%(done)s of %(total)s milestone done", "%(done)s of %(total)s milestones done", total) % {
        "done": done,
        "total": total,
    }
    markup = f'<span class="progress-text">{h(text)}</span>'
    if total and progress_bar(status):
        complete = " is-complete" if status == Partnership.Status.COMPLETED else ""
        markup += (
            f'\n<span class="meter" aria-hidden="true"><span class="meter-fill w-{percent(done, total)}{complete}">'
            "</span></span>"
        )
    return mark_safe(markup)


@register.simple_tag
def partnership_cards(partnerships):
    """The partnerships' cards (home, list, theme and city pages): title with a link, partner
    city and country, status, themes, progress and summary. Written in Python, as the
    milestone rows are: a card was 0.8 ms as a template, 16 ms of a page of 20."""
    partnership_prefix = reverse("partnerships:partnership-detail", args=["-"])[:-2]
    theme_prefix = reverse("partnerships:theme-detail", args=["-"])[:-2]
    document_prefix = reverse("partnerships:document-file", args=[0, "-"])[:-3]
    labels = {
        key: h(text)
        for key, text in (
            ("city", gettext("Partner city")),
            ("country", gettext("Country")),
            ("status", gettext("Status")),
            ("themes", gettext("Thematic areas")),
            ("done", gettext("Milestones done")),
            ("tba", gettext("to be announced")),
        )
    }
    cards = []
    for partnership in partnerships:
        city = partnership.partner_city
        if city:
            city_text = h(translated(city, "name"))
            if city.native_name:
                city_text += f' (<span lang="{h(city.native_language)}">{h(city.native_name)}</span>)'
        else:
            city_text = f'<span class="tba">{labels["tba"]}</span>'
        areas = partnership.thematic_areas.all()
        themes = (
            f"<dt>{labels['themes']}</dt><dd>"
            + ", ".join(f'<a href="{theme_prefix}{h(area.code)}/">{h(translated(area, "name"))}</a>' for area in areas)
            + "</dd>"
            if areas
            else ""
        )
        summary = (
            f"<p>{h(translated(partnership, 'summary'))}</p>"
            if partnership.summary_bg or partnership.summary_en
            else ""
        )
        done = progress(partnership.milestones_done, partnership.milestones_total, partnership.status)
        photo = next(iter(getattr(partnership, "photos", ())), None)
        picture = (
            f'<img class="card-photo" src="{document_prefix}{photo.pk}/{h(photo.download_name)}" '
            f'alt="{h(plain(photo, "title"))}" loading="lazy">\n'
            if photo
            else ""
        )
        cards.append(
            f'<article class="card">\n{picture}<h3><a href="{partnership_prefix}{h(partnership.slug)}/">'
            f"{h(translated(partnership, 'title'))}</a></h3>\n"
            f'<dl class="facts">\n<dt>{labels["city"]}</dt><dd>{city_text}</dd>\n'
            f"<dt>{labels['country']}</dt><dd>{h(partnership.partner_country.name)}</dd>\n"
            f'<dt>{labels["status"]}</dt><dd><span class="badge status-{partnership.status}">'
            f"{h(choice_label(partnership, 'status'))}</span></dd>\n{themes}\n"
            f"<dt>{labels['done']}</dt><dd>{done}</dd>\n</dl>\n{summary}\n</article>"
        )
    return mark_safe("\n".join(cards))


@register.filter
def minutes(duration):
    """A timedelta in whole minutes, rounded up."""
    try:
        return -(-int(duration.total_seconds()) // 60)
    except AttributeError:
        return ""
