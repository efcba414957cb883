"""Reads shared by the admin, the public pages, the sitemaps and the exports.

The ``public_*`` selectors are the one definition of what the public may see: views,
sitemaps, reports and templates take public rows from them and from nowhere else. Each
selector owns its ``select_related``/``prefetch_related`` so that a list costs the same
number of queries whatever its length.
"""

import datetime

from django.conf import settings
from django.db.models import Case, CharField, Count, F, Prefetch, Q, Sum, Value, When
from django.db.models.functions import Coalesce

from cities.models import City, Organisation
from documents.models import Document
from indicators.charts import indicator_chart
from indicators.models import Indicator, Measurement
from publishing.models import published_q

from .models import Milestone, Participation, Partnership, ThematicArea


def _themes():
    return Prefetch("thematic_areas", queryset=ThematicArea.objects.order_by("order", "code"))


# What the public may see ---------------------------------------------------------------


def public_milestones():
    """Published public milestones of published partnerships."""
    return public_milestones_of_any_partnership().filter(published_q("partnership__"))


def public_milestones_of_any_partnership():
    """Milestones the public sees wherever their partnership is published: published and
    public. A partnership's public ``MilestoneCounts`` count these."""
    return Milestone.objects.filter(published_q(), is_public=True)


def public_partnerships():
    """Published partnerships, with their themes, public progress and ``photos`` (their
    newest public photo, or none: the card's picture). Their home and partner city are
    there only where the city is published: ``partnership.partner_city`` is None for a
    draft city, as for a city still to be announced."""
    return (
        Partnership.objects.filter(published_q())
        .select_related("component__programme")
        .prefetch_related(
            _themes(),
            Prefetch("home_city", queryset=City.objects.filter(published_q())),
            Prefetch("partner_city", queryset=City.objects.filter(published_q())),
            Prefetch("documents", queryset=public_photos()[:1], to_attr="photos"),
        )
        .with_progress(public=True)
    )


def public_photos():
    """Public photos, the newest first: the public documents of the kind photo that are images."""
    return public_documents().filter(kind=Document.Kind.PHOTO, file_type__startswith="image/")


def public_figures(*, today):
    """The home page's key figures: published partnerships, their public milestones and
    how many are done (from their MilestoneCounts), and how many are overdue. Two queries
    whatever the number of milestones."""
    figures = Partnership.objects.filter(published_q()).aggregate(
        partnerships=Count("pk"),
        total=Coalesce(Sum("milestone_counts__public_total"), 0),
        done=Coalesce(Sum("milestone_counts__public_done"), 0),
    )
    return {**figures, "overdue": public_milestones().overdue(today=today).count()}


def public_participations():
    """Published organisations' participations in published partnerships; the
    organisation's city only where it is published."""
    return (
        Participation.objects.filter(published_q("partnership__"), published_q("organisation__"))
        .select_related("organisation")
        .prefetch_related(Prefetch("organisation__city", queryset=City.objects.filter(published_q())))
    )


def public_partnership_detail():
    """Published partnerships with what their public page shows, for ``.get(slug=...)``."""
    return public_partnerships().prefetch_related(
        Prefetch("participations", queryset=public_participations().order_by("organisation__helix", "role", "pk")),
    )


def public_timeline(partnership, *, today, recent=10, overdue=10, upcoming=20):
    """The public milestones a partnership's page shows, in date order, at most
    ``recent + overdue + upcoming`` of them: the latest done or cancelled, the overdue and
    the next upcoming. Three queries whatever the partnership's size."""
    milestones = public_milestones().filter(partnership=partnership).select_related("thematic_area")
    chosen = [
        # status IN, not NOT IN: the index on (partnership, status, due date) then finds a
        # partnership's closed milestones, where NOT IN read all 2,000 of one that had none.
        *milestones.filter(status__in=Milestone.CLOSED_STATUSES).order_by("-due_date", "-pk")[:recent],
        *milestones.overdue(today=today).order_by("-due_date", "-pk")[:overdue],
        *milestones.open().exclude(due_date__lt=today).order_by("due_date", "pk")[:upcoming],
    ]
    return sorted(chosen, key=lambda m: (m.due_date is None, m.due_date or today, m.pk))


def public_agreements(partnership, *, limit=20):
    """The partnership's public agreement milestones (framework agreement, MoU, ...), oldest first."""
    return (
        public_milestones()
        .filter(partnership=partnership, kind=Milestone.Kind.AGREEMENT)
        .order_by("due_date", "pk")[:limit]
    )


def public_milestone_list():
    """Public milestones with what the lists show: their own columns and their
    partnership's address and title. No more: each loaded column and related row costs
    its share of every row of a list (a third of the milestone list's time with the
    partnership's cities and the thematic area joined in)."""
    return (
        public_milestones()
        .select_related("partnership")
        .only(*MILESTONE_LIST_FIELDS, *(f"partnership__{field}" for field in PARTNERSHIP_LINK_FIELDS))
    )


def _translated(*fields):
    return [f"{field}_{code}" for field in fields for code, _name in settings.LANGUAGES]


MILESTONE_LIST_FIELDS = ["partnership", "kind", "status", "due_date", "completed_on", *_translated("title")]
PARTNERSHIP_LINK_FIELDS = ["slug", *_translated("title")]


def public_milestone_detail():
    """Public milestones with what their own page shows, for ``.get(pk=...)``."""
    return public_milestones().select_related("partnership", "thematic_area")


def public_cities():
    """Published cities that are the home city or in a published partnership; a draft's
    partner city stays hidden."""
    return City.objects.filter(
        Q(is_home=True) | Q(published_q("partner_partnerships__")) | Q(published_q("home_partnerships__")),
        published_q(),
    ).distinct()


def public_organisations():
    """Published organisations taking part in a published partnership."""
    return Organisation.objects.filter(published_q(), published_q("participations__partnership__")).distinct()


def public_thematic_areas():
    return ThematicArea.objects.order_by("order", "code")


def public_partnership_choices():
    """Published partnerships, plain, for a filter's choices: address and title only."""
    return Partnership.objects.filter(published_q()).order_by("slug").only(*PARTNERSHIP_LINK_FIELDS)


def public_partner_countries():
    """The partner countries of published partnerships, as ISO codes."""
    return Partnership.objects.filter(published_q()).order_by().values_list("partner_country", flat=True).distinct()


def public_documents():
    """Public, published documents of published partnerships; one of a milestone only where
    the milestone is public too."""
    milestone_public = Q(milestone__isnull=True) | (Q(milestone__is_public=True) & published_q("milestone__"))
    return (
        Document.objects.published()
        .filter(published_q("partnership__"), milestone_public, is_public=True)
        .select_related("milestone")
        .order_by("-date", "-pk")
    )


def public_documents_of(partnership, *, limit=50):
    """A partnership's public documents, the newest first (its milestones' among them)."""
    return list(public_documents().filter(partnership=partnership)[:limit])


def public_documents_of_milestone(milestone, *, limit=50):
    return list(public_documents().filter(milestone=milestone)[:limit])


def public_indicators():
    """Public, published indicators of published partnerships."""
    return Indicator.objects.published().filter(published_q("partnership__"), is_public=True)


def public_indicators_of(partnership):
    """A partnership's public indicators with their measurements (two queries), each with
    ``latest`` (its newest measurement, or None) and ``chart`` (indicator_chart)."""
    measured = Prefetch("measurements", queryset=Measurement.objects.order_by("date", "pk"))
    indicators = list(public_indicators().filter(partnership=partnership).prefetch_related(measured))
    for indicator in indicators:
        measurements = list(indicator.measurements.all())
        indicator.latest = measurements[-1] if measurements else None
        indicator.chart = indicator_chart(indicator, measurements)
    return indicators


# What staff see ------------------------------------------------------------------------


def partnership_list():
    """Every partnership, with what the admin's list and the staff reports show."""
    return (
        Partnership.objects.select_related("home_city", "partner_city", "component__programme")
        .prefetch_related(_themes())
        .with_progress(public=False)
    )


# How many of a partnership's milestones its admin page edits inline.
ADMIN_MILESTONE_WINDOW = {"latest": 5, "upcoming": 10}


def admin_milestone_window(
    partnership, *, today, latest=ADMIN_MILESTONE_WINDOW["latest"], upcoming=ADMIN_MILESTONE_WINDOW["upcoming"]
):
    """The milestones a partnership's admin page edits inline: the latest past ones and the
    next ones. A partnership of thousands of milestones keeps a form of a bounded size;
    the others are edited from the milestone list. Two queries."""
    milestones = Milestone.objects.filter(partnership=partnership)
    past = milestones.filter(Q(due_date__lt=today) | ~Q(status__in=Milestone.OPEN_STATUSES))
    return [
        *past.order_by(F("due_date").desc(nulls_last=True), "-pk").values_list("pk", flat=True)[:latest],
        *milestones.exclude(pk__in=past.values("pk"))
        .order_by(F("due_date").asc(nulls_last=True), "pk")
        .values_list("pk", flat=True)[:upcoming],
    ]


def milestone_list():
    return Milestone.objects.select_related("partnership", "thematic_area")


# A member of staff's own work -----------------------------------------------------------

#: The days ahead in which an open milestone counts as "due soon" on the "My work" page.
DUE_SOON_DAYS = 30


def responsible_q(user, role="responsible"):
    """The milestones ``user`` answers for as ``role`` (responsible or deputy): their own,
    and those that name nobody in that role in a partnership where ``user`` has it."""
    return Q(**{role: user}) | Q(**{f"{role}__isnull": True, f"partnership__{role}": user})


def milestones_of(user):
    """The open milestones ``user`` is responsible for or deputy on, each with ``role``."""
    role = Case(When(responsible_q(user), then=Value("responsible")), default=Value("deputy"), output_field=CharField())
    return (
        Milestone.objects.open()
        .filter(responsible_q(user) | responsible_q(user, "deputy"))
        .select_related("partnership")
        .annotate(role=role)
    )


def my_milestones(user, *, today, limit=20, soon_days=DUE_SOON_DAYS):
    """``user``'s open milestones in three groups: overdue, due within ``soon_days``, later
    (or not dated), the most urgent first; each as (key, count, the first ``limit``). At
    most four queries, however many there are."""
    soon = today + datetime.timedelta(days=soon_days)
    mine = milestones_of(user)
    groups = {
        "overdue": Q(due_date__lt=today),
        "soon": Q(due_date__gte=today, due_date__lte=soon),
        "later": Q(due_date__gt=soon) | Q(due_date__isnull=True),
    }
    counts = mine.aggregate(**{key: Count("pk", filter=condition) for key, condition in groups.items()})
    order = (F("due_date").asc(nulls_last=True), "pk")
    return [
        (key, counts[key], list(mine.filter(condition).order_by(*order)[:limit]) if counts[key] else [])
        for key, condition in groups.items()
    ]
