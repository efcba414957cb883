"""Writes with rules: they hold for the admin, a restored version, an approved
proposal, ``load_demo`` and the shell alike."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from publishing.services import can_publish

from . import selectors
from .models import DownloadCount, ExportLog, Milestone, MilestoneCounts, Partnership

THEME_OUTSIDE_PARTNERSHIP = _(
    "“%(area)s” is not one of the partnership's thematic areas. Add it to the partnership or pick another."
)
VISIBILITY_FOR_PUBLISHERS = _("Only a publisher may change whether a published milestone is public.")


def milestone_validate(milestone, *, user, thematic_area_ids=None):
    """The milestone's rules that a single row cannot check. Raises ValidationError.

    - Its thematic area is one of its partnership's: those saved, or ``thematic_area_ids``
      when the partnership's areas change in the same submission.
    - Whether a published milestone is public is a publisher's decision; the state is
      read from the database, never from the form or an earlier version being restored.
      ``user=None`` is the system itself (``load_demo``, a migration)."""
    errors = {}
    area = milestone.thematic_area
    if area is not None and milestone.partnership_id is not None:
        if thematic_area_ids is None:
            allowed = milestone.partnership.thematic_areas.filter(pk=area.pk).exists()
        else:
            allowed = area.pk in thematic_area_ids
        if not allowed:
            errors["thematic_area"] = ValidationError(
                THEME_OUTSIDE_PARTNERSHIP, code="theme_outside_partnership", params={"area": area}
            )
    if milestone.pk is not None and user is not None and not can_publish(user, Milestone):
        live = Milestone.objects.filter(pk=milestone.pk).values("publication", "is_public").first()
        live_published = live is not None and Milestone(publication=live["publication"]).is_published
        if live_published and live["is_public"] != milestone.is_public:
            errors["is_public"] = ValidationError(VISIBILITY_FOR_PUBLISHERS, code="visibility_for_publishers")
    if errors:
        raise ValidationError(errors)


THEMES_IN_USE = _("The partnership's milestones use thematic areas it would no longer have: %(milestones)s.")


def partnership_validate(partnership):
    """Every milestone's thematic area is one of the partnership's (as saved). Raises
    ValidationError; run after the partnership's areas are set (an approved proposal)."""
    outside = (
        partnership.milestones.filter(thematic_area__isnull=False)
        .exclude(thematic_area__in=partnership.thematic_areas.all())
        .order_by("pk")
    )
    titles = [str(milestone) for milestone in outside[:5]]
    if titles:
        raise ValidationError(
            {"thematic_areas": ValidationError(THEMES_IN_USE, params={"milestones": ", ".join(titles)})}
        )


@transaction.atomic
def milestone_save(*, milestone, user=None):
    """Validate and save a milestone: its fields, constraints and rules."""
    milestone.full_clean()
    milestone_validate(milestone, user=user)
    milestone.save()
    return milestone


def _counts(milestones):
    return milestones.order_by().aggregate(total=Count("pk"), done=Count("pk", filter=Q(status=Milestone.Status.DONE)))


@transaction.atomic
def milestone_counts_update(*, partnership_ids):
    """Recount the milestones of each partnership in ``partnership_ids`` into its
    ``MilestoneCounts``. Runs after every write of a milestone (``partnerships.apps``
    connects it), in the writing transaction.

    The counts row is locked before counting. A second transaction recounting the same
    partnership waits for the first to commit and then counts in a new statement, which
    sees the first one's rows; so two concurrent saves leave the right numbers."""
    for pk in sorted(set(partnership_ids) - {None}):
        if not Partnership.objects.filter(pk=pk).exists():
            continue  # deleted in this transaction: its counts go with it
        MilestoneCounts.objects.get_or_create(partnership_id=pk)
        counts = MilestoneCounts.objects.select_for_update().get(partnership_id=pk)
        every = _counts(Milestone.objects.filter(partnership_id=pk))
        public = _counts(selectors.public_milestones_of_any_partnership().filter(partnership_id=pk))
        counts.total, counts.done = every["total"], every["done"]
        counts.public_total, counts.public_done = public["total"], public["done"]
        counts.save()


@transaction.atomic
def milestone_counts_refresh():
    """Recount every partnership in three queries, after a bulk load that bypassed
    ``save()`` (the benchmark's seed) or to repair the counts."""

    def grouped(milestones):
        rows = (
            milestones.order_by()
            .values("partnership")
            .annotate(total=Count("pk"), done=Count("pk", filter=Q(status=Milestone.Status.DONE)))
        )
        return {row["partnership"]: (row["total"], row["done"]) for row in rows}

    every = grouped(Milestone.objects.all())
    public = grouped(selectors.public_milestones_of_any_partnership())
    MilestoneCounts.objects.all().delete()
    MilestoneCounts.objects.bulk_create(
        MilestoneCounts(
            partnership_id=pk,
            total=every.get(pk, (0, 0))[0],
            done=every.get(pk, (0, 0))[1],
            public_total=public.get(pk, (0, 0))[0],
            public_done=public.get(pk, (0, 0))[1],
        )
        for pk in Partnership.objects.values_list("pk", flat=True)
    )


# Above this many selected records, the log says how many, not which.
LOGGED_SELECTION = 100


def export_log_create(*, export, user, source, row_count):
    """Record who downloaded which report, with which filters, language and format."""
    filters = export.filter_values()
    if export.pks is not None:
        selected = len(export.pks)
        filters["selected"] = sorted(map(str, export.pks)) if selected <= LOGGED_SELECTION else str(selected)
    return ExportLog.objects.create(
        user=user if user is not None and user.is_authenticated else None,
        source=source,
        report=export.report.key,
        export_format=export.format,
        language=export.language,
        filters=filters,
        row_count=row_count,
    )


def download_count_add(*, export, day=None):
    """Count one public download of ``export``'s report, format and language today."""
    fields = {
        "day": day or timezone.localdate(),
        "report": export.report.key,
        "export_format": export.format,
        "language": export.language,
    }
    # One UPDATE in the common case; the row of a new day is made once (the unique
    # constraint settles a race between two first downloads).
    if DownloadCount.objects.filter(**fields).update(count=F("count") + 1):
        return
    try:
        with transaction.atomic():
            DownloadCount.objects.create(**fields, count=1)
    except IntegrityError:
        DownloadCount.objects.filter(**fields).update(count=F("count") + 1)
