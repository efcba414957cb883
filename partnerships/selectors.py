"""Reads shared by the admin, the public pages and the exports.

Each selector owns its ``select_related``/``prefetch_related`` so that a list costs the
same number of queries whatever its length.
"""

from django.db.models import Prefetch

from .models import Milestone, Partnership, ThematicArea


def partnership_list(*, published_only: bool = False):
    partnerships = (
        Partnership.objects.select_related("home_city", "partner_city", "component__programme")
        .prefetch_related(Prefetch("thematic_areas", queryset=ThematicArea.objects.order_by("order", "code")))
        .with_progress()
    )
    if published_only:
        partnerships = partnerships.published()
    return partnerships


def milestone_list():
    return Milestone.objects.select_related("partnership", "thematic_area")
