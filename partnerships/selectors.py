"""Reads shared by the admin, the public pages and the exports.

Each selector owns its ``select_related``/``prefetch_related`` so that a list costs the
same number of queries whatever its length. Public selectors return published
partnerships and public milestones only.
"""

from django.db.models import Prefetch, Q

from cities.models import City, Organisation

from .models import Milestone, Participation, Partnership, ThematicArea


def _themes():
    return Prefetch("thematic_areas", queryset=ThematicArea.objects.order_by("order", "code"))


def partnership_list(*, published_only: bool = False):
    partnerships = (
        Partnership.objects.select_related("home_city", "partner_city", "component__programme")
        .prefetch_related(_themes())
        .with_progress(public_only=published_only)
    )
    if published_only:
        partnerships = partnerships.published()
    return partnerships


def public_partnership_detail():
    """Published partnerships with what their public page shows, for ``.get(slug=...)``."""
    return partnership_list(published_only=True).prefetch_related(
        Prefetch(
            "participations",
            queryset=Participation.objects.select_related("organisation__city").order_by(
                "organisation__helix", "role", "pk"
            ),
        ),
    )


def partnership_timeline(partnership, *, today, recent=10, overdue=10, upcoming=20):
    """The public milestones a partnership's page shows, in date order, at most
    ``recent + overdue + upcoming`` of them: the latest done or cancelled, the overdue and
    the next upcoming. Three queries whatever the partnership's size."""
    milestones = Milestone.objects.public().filter(partnership=partnership).select_related("thematic_area")
    chosen = [
        *milestones.exclude(status__in=Milestone.OPEN_STATUSES).order_by("-due_date", "-pk")[:recent],
        *milestones.overdue(today=today).order_by("-due_date", "-pk")[:overdue],
        *milestones.open().exclude(due_date__lt=today).order_by("due_date", "pk")[:upcoming],
    ]
    return sorted(chosen, key=lambda m: (m.due_date is None, m.due_date or today, m.pk))


def partnership_agreements(partnership, *, limit=20):
    """The partnership's public agreement milestones (framework agreement, MoU, ...), oldest first."""
    return Milestone.objects.filter(partnership=partnership, is_public=True, kind=Milestone.Kind.AGREEMENT).order_by(
        "due_date", "pk"
    )[:limit]


def milestone_list():
    return Milestone.objects.select_related("partnership", "thematic_area")


def public_milestones():
    return Milestone.objects.public().select_related(
        "partnership__partner_city", "partnership__home_city", "thematic_area"
    )


def public_cities():
    """Published cities that are the home city or in a published partnership; a draft's
    partner city stays hidden."""
    published = Partnership.Publication.PUBLISHED
    return City.objects.filter(
        Q(is_home=True) | Q(partner_partnerships__publication=published) | Q(home_partnerships__publication=published),
        publication=published,
    ).distinct()


def public_organisations():
    return Organisation.objects.filter(
        participations__partnership__publication=Partnership.Publication.PUBLISHED
    ).distinct()


def public_thematic_areas():
    return ThematicArea.objects.order_by("order", "code")
