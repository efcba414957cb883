"""The reports officials download, each declared once: its columns and its rows.

Every format (CSV, XLSX, PDF, JSON) is rendered from these definitions.
"""

import datetime
from types import SimpleNamespace

from django.conf import settings
from django.db import connection
from django.db.models import Case, CharField, Count, OuterRef, StringAgg, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override, pgettext

from cities.models import Organisation
from documents.models import Document
from indicators.models import Indicator, Measurement
from publishing.localisation import language_codes, localised, shown_language
from publishing.models import Publication, published_q

from .. import selectors
from ..filters import MilestoneFilter, PartnershipFilter, StaffMilestoneFilter, StaffPartnershipFilter
from ..models import Milestone, Participation, Partnership, milestone_count
from .columns import Column

UPCOMING_DAYS = 90


def _themes(language):
    through = Partnership.thematic_areas.through.objects.filter(partnership=OuterRef("pk")).order_by()
    names = through.values("partnership").annotate(
        names=StringAgg(
            localised("thematicarea__name", language),
            delimiter=Value("; "),
            # SQLite before 3.44 cannot order an aggregate; there the order of the rows read holds.
            **(
                {"order_by": ("thematicarea__order", "thematicarea__code")}
                if connection.features.supports_aggregate_order_by_clause
                else {}
            ),
        )
    )
    return Coalesce(Subquery(names.values("names")), Value(""), output_field=CharField())


def _themes_column(language):
    """The partnership's thematic areas: in ``language`` for people, both languages in JSON."""
    return Column(
        "thematic_areas",
        _("Thematic areas"),
        expression=_themes(language),
        width=40,
        data_pairs=tuple((f"thematic_areas_{code}", _themes(code)) for code in language_codes()),
    )


def _city(key, heading, relation, *, public, width):
    """A city's name; for the public only where the city is published (as on the pages)."""
    if not public:
        return Column(key, heading, f"{relation}__name", kind="translated", width=width)

    def shown(expression):
        return Case(When(published_q(f"{relation}__"), then=expression), default=Value(""), output_field=CharField())

    return Column(
        key,
        heading,
        expression=shown(localised(f"{relation}__name")),
        width=width,
        data_pairs=tuple(
            (f"{key}_{code}", shown(localised(f"{relation}__name", code, fallback=False))) for code in language_codes()
        ),
        fallback=lambda language: shown(shown_language(f"{relation}__name", language)),
    )


def _publication(path="publication"):
    """The record's publication state: staff reports hold drafts, and say which rows are."""
    return Column("publication", _("Publication"), path, kind="choice", choices=Publication, width=12)


class Report:
    key = ""
    title = ""
    description = ""
    model = None
    filterset_class = None
    staff_filterset_class = None
    #: the column whose values the PDF draws as progress, if any
    progress = None

    def columns(self, language, *, public, today):
        """The report's columns in ``language``; ``public`` leaves out what only staff see."""
        raise NotImplementedError

    def base_queryset(self, *, public, today):
        raise NotImplementedError

    def filterset(self, data, *, public, today, queryset=None):
        base = queryset if queryset is not None else self.base_queryset(public=public, today=today)
        filterset_class = self.filterset_class if public else self.staff_filterset_class
        if issubclass(filterset_class, MilestoneFilter):
            kwargs = {"today": today}
        else:
            # The same country choices the list offers: those of the rows it can show.
            kwargs = {"country_codes": base.order_by().values_list("partner_country", flat=True).distinct()}
        return filterset_class(data, queryset=base, **kwargs)

    def rows(self, filterset, *, public):
        """The report's rows (a queryset of its model) for a validated filterset."""
        return filterset.qs

    def summary(self, queryset, language, today, *, public):
        """(label, value) rows for the XLSX summary sheet and the PDF summary table."""
        return []

    def appendix(self, queryset, language, *, public):
        """A small table that follows the rows (a sheet of its own in XLSX, a section of
        the PDF): (title, [(heading, kind)], rows), or None."""
        return None

    def __str__(self):
        return str(self.title)


class PartnershipReport(Report):
    model = Partnership
    filterset_class = PartnershipFilter
    staff_filterset_class = StaffPartnershipFilter

    def base_queryset(self, *, public, today):
        # The list page's rows; with_progress: its "most progress" sort orders by these counts.
        partnerships = selectors.public_partnerships() if public else selectors.partnership_list()
        return partnerships.order_by("pk")

    def summary(self, queryset, language, today, *, public):
        with override(language):
            rows = [(_("Partnerships"), queryset.count())]
            counts = dict(queryset.order_by().values_list("status").annotate(n=Count("pk")))
            rows += [(label, counts.get(value, 0)) for value, label in Partnership.Status.choices]
        return rows


class PortfolioReport(PartnershipReport):
    key = "portfolio"
    title = _("Portfolio overview")
    description = _(
        "Every partnership: partner, status, dates, themes, milestones done of total, overdue, next milestone."
    )
    progress = ("milestones_done", "milestones_total")

    def appendix(self, queryset, language, *, public):
        return indicators_appendix(queryset, language, public=public)

    def columns(self, language, *, public, today):
        milestones = selectors.public_milestones() if public else Milestone.objects.all()
        upcoming = milestones.upcoming(today=today).filter(partnership=OuterRef("pk")).order_by("due_date", "pk")

        def next_title(language, *, fallback=True):
            text = localised("title", language, fallback=fallback)
            return Coalesce(
                Subquery(upcoming.annotate(text=text).values("text")[:1]), Value(""), output_field=CharField()
            )

        def next_title_language(language):
            return Subquery(upcoming.annotate(code=shown_language("title", language)).values("code")[:1])

        overdue = milestones.overdue(today=today)
        staff_only = (
            []
            if public
            else [
                # A draft is not counted as overdue without being marked as such.
                Column(
                    "milestones_overdue_unpublished",
                    _("Of them not published"),
                    kind="number",
                    width=10,
                    expression=milestone_count(overdue.exclude(published_q())),
                ),
            ]
        )
        return [
            Column("title", _("Partnership"), "title", kind="translated", width=36),
            _city("partner_city", _("Partner city"), "partner_city", public=public, width=18),
            Column("partner_country", _("Partner country"), "partner_country", kind="country", width=16),
            Column("component", _("Programme component"), "component__name", kind="translated", width=30),
            Column("status", _("Status"), "status", kind="choice", choices=Partnership.Status, width=16),
            Column("start_date", _("Start date"), "start_date", kind="date", width=12),
            Column("end_date", _("End date"), "end_date", kind="date", width=12),
            _themes_column(language),
            Column(
                "milestones_done",
                _("Milestones done"),
                kind="number",
                width=10,
                expression=milestone_count(milestones.filter(status=Milestone.Status.DONE)),
            ),
            Column(
                "milestones_total",
                _("Milestones in all"),
                kind="number",
                width=10,
                expression=milestone_count(milestones.exclude(status=Milestone.Status.CANCELLED)),
            ),
            Column(
                "milestones_overdue",
                _("Overdue milestones"),
                kind="number",
                width=10,
                expression=milestone_count(overdue),
            ),
            *staff_only,
            Column(
                "next_milestone",
                _("Next milestone"),
                expression=next_title(language),
                width=30,
                data_pairs=tuple(
                    (f"next_milestone_{code}", next_title(code, fallback=False)) for code in language_codes()
                ),
                fallback=next_title_language,
            ),
            Column(
                "next_milestone_due",
                _("Next milestone due"),
                kind="date",
                width=12,
                expression=Subquery(upcoming.values("due_date")[:1]),
            ),
            *([] if public else [_publication()]),
        ]


def _number(value):
    """A decimal as a spreadsheet and the PDF take it: whole numbers as integers."""
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def indicators_appendix(partnerships, language, *, public):
    """The indicators of ``partnerships``: baseline, latest measurement and target. The
    public see published public ones only (selectors.public_indicators)."""
    indicators = selectors.public_indicators() if public else Indicator.objects.all()
    latest = Measurement.objects.filter(indicator=OuterRef("pk")).order_by("-date", "-pk")
    rows = (
        indicators.filter(partnership__in=partnerships.order_by().values("pk"))
        .annotate(
            partnership_title=localised("partnership__title", language),
            indicator_name=localised("name", language),
            indicator_unit=localised("unit", language),
            latest_value=Subquery(latest.values("value")[:1]),
            latest_date=Subquery(latest.values("date")[:1]),
        )
        .order_by("partnership_id", "order", "pk")
        .values_list(
            "partnership_title",
            "indicator_name",
            "indicator_unit",
            "baseline",
            "latest_value",
            "latest_date",
            "target",
            "target_date",
            "publication",
        )
    )
    with override(language):
        labels = dict(Publication.choices)
        columns = [
            (_("Partnership"), "text"),
            (_("Indicator"), "text"),
            (_("Unit"), "text"),
            (_("Baseline"), "number"),
            (_("Latest"), "number"),
            (_("Measured on"), "date"),
            (_("Target"), "number"),
            (_("Target date"), "date"),
            *([] if public else [(_("Publication"), "text")]),
        ]
        shown = []
        for title, name, unit, baseline, latest, measured, target, target_date, publication in rows:
            row = [title, name, unit, _number(baseline), _number(latest), measured, _number(target), target_date]
            shown.append(row if public else [*row, str(labels.get(publication, publication))])
        return str(_("Indicators")), [(str(heading), kind) for heading, kind in columns], shown


class PartnershipsReport(PartnershipReport):
    key = "partnerships"
    title = _("Partnerships")
    description = _("The partnerships with their cities, programme, dates, themes and publication state.")

    def columns(self, language, *, public, today):
        return [
            Column("slug", _("Identifier"), "slug", width=18),
            Column("title", _("Title"), "title", kind="translated", width=36),
            _city("home_city", _("Home city"), "home_city", public=public, width=14),
            _city("partner_city", _("Partner city"), "partner_city", public=public, width=18),
            Column("partner_country", _("Partner country"), "partner_country", kind="country", width=16),
            Column("programme", _("Programme"), "component__programme__name", kind="translated", width=30),
            Column("component", _("Programme component"), "component__name", kind="translated", width=30),
            Column("status", _("Status"), "status", kind="choice", choices=Partnership.Status, width=16),
            Column("start_date", _("Start date"), "start_date", kind="date", width=12),
            Column("end_date", _("End date"), "end_date", kind="date", width=12),
            _themes_column(language),
            _publication(),
            Column("summary", _("Summary"), "summary", kind="translated", width=60),
        ]


class MilestoneReport(Report):
    model = Milestone
    filterset_class = MilestoneFilter
    staff_filterset_class = StaffMilestoneFilter

    def columns(self, language, *, public, today):
        return [
            Column("partnership", _("Partnership"), "partnership__title", kind="translated", width=30),
            _city("partner_city", _("Partner city"), "partnership__partner_city", public=public, width=16),
            Column("title", _("Milestone"), "title", kind="translated", width=40),
            Column("kind", _("Kind"), "kind", kind="choice", choices=Milestone.Kind, width=14),
            Column("status", _("Status"), "status", kind="choice", choices=Milestone.Status, width=14),
            Column("thematic_area", _("Thematic area"), "thematic_area__name", kind="translated", width=30),
            Column("due_date", _("Due date"), "due_date", kind="date", width=12),
            Column("completed_on", _("Completion date"), "completed_on", kind="date", width=12),
            Column("is_public", _("Public"), "is_public", kind="flag", width=8),
            *([] if public else [_publication()]),
        ]

    def base_queryset(self, *, public, today):
        # The public list page's rows.
        milestones = selectors.public_milestone_list() if public else selectors.milestone_list()
        return milestones.order_by("partnership_id", "due_date", "pk")

    def summary(self, queryset, language, today, *, public):
        with override(language):
            counts = dict(queryset.order_by().values_list("status").annotate(n=Count("pk")))
            rows = [(_("Milestones"), sum(counts.values()))]
            rows += [(label, counts.get(value, 0)) for value, label in Milestone.Status.choices]
            overdue = queryset.overdue(today=today)
            rows.append((_("Overdue"), overdue.count()))
            if not public:
                rows.append((_("Overdue, not published"), overdue.exclude(published_q()).count()))
        return rows


class MilestonesReport(MilestoneReport):
    key = "milestones"
    title = _("Milestones")
    description = _("Every milestone with its partnership, kind, status, thematic area and dates.")


class DeadlinesReport(MilestoneReport):
    key = "deadlines"
    title = _("Overdue and upcoming milestones")
    description = _("Open milestones that are overdue or due in the next 90 days, the most urgent first.")

    def columns(self, language, *, public, today):
        with override(language):
            overdue, upcoming = str(pgettext("milestone state", "overdue")), str(_("upcoming"))
        state = Case(When(due_date__lt=today, then=Value(overdue)), default=Value(upcoming), output_field=CharField())
        code = Case(
            When(due_date__lt=today, then=Value("overdue")), default=Value("upcoming"), output_field=CharField()
        )
        return [
            Column("state", _("State"), expression=state, width=12, data_pairs=(("state", code),)),
            *super().columns(language, public=public, today=today),
        ]

    def base_queryset(self, *, public, today):
        return (
            super()
            .base_queryset(public=public, today=today)
            .open()
            .filter(due_date__lte=today + datetime.timedelta(days=UPCOMING_DAYS))
            .order_by("due_date", "pk")
        )


class ParticipantsReport(Report):
    key = "participants"
    title = _("Participants by helix type")
    description = _("The organisations taking part in each partnership, grouped by their quadruple-helix type.")
    model = Participation
    filterset_class = PartnershipFilter
    staff_filterset_class = StaffPartnershipFilter

    def columns(self, language, *, public, today):
        return [
            Column(
                "helix", _("Helix type"), "organisation__helix", kind="choice", choices=Organisation.Helix, width=22
            ),
            Column("organisation", _("Organisation"), "organisation__name", kind="translated", width=36),
            _city("city", _("City"), "organisation__city", public=public, width=16),
            Column("country", _("Country"), "organisation__city__country", kind="country", width=16),
            Column("partnership", _("Partnership"), "partnership__title", kind="translated", width=30),
            Column("role", _("Role"), "role", kind="choice", choices=Participation.Role, width=12),
        ]

    def base_queryset(self, *, public, today):
        return selectors.public_partnerships() if public else selectors.partnership_list()

    def rows(self, filterset, *, public):
        participations = selectors.public_participations() if public else Participation.objects.all()
        return participations.filter(partnership__in=filterset.qs.values("pk")).order_by(
            "organisation__helix", f"organisation__name_{settings.LANGUAGE_CODE}", "partnership_id", "pk"
        )

    def summary(self, queryset, language, today, *, public):
        with override(language):
            counts = dict(queryset.order_by().values_list("organisation__helix").annotate(n=Count("pk")))
            return [(label, counts.get(value, 0)) for value, label in Organisation.Helix.choices]


class DocumentsReport(Report):
    key = "documents"
    title = _("Documents")
    description = _(
        "The documents of each partnership and its milestones: kind, language, date, type and size, the newest first."
    )
    model = Document
    filterset_class = PartnershipFilter
    staff_filterset_class = StaffPartnershipFilter

    def columns(self, language, *, public, today):
        return [
            Column("partnership", _("Partnership"), "partnership__title", kind="translated", width=30),
            Column("milestone", _("Milestone"), "milestone__title", kind="translated", width=30),
            Column("title", _("Document"), "title", kind="translated", width=40),
            Column("kind", _("Kind"), "kind", kind="choice", choices=Document.Kind, width=16),
            Column(
                "language",
                _("Language"),
                "language",
                kind="choice",
                choices=SimpleNamespace(choices=Document._meta.get_field("language").choices),
                width=12,
            ),
            Column("date", _("Date"), "date", kind="date", width=12),
            Column("file_type", _("File type"), "file_type", width=18),
            Column("file_size", _("Size in bytes"), "file_size", kind="number", width=12),
            *([] if public else [Column("is_public", _("Public"), "is_public", kind="flag", width=8), _publication()]),
        ]

    def base_queryset(self, *, public, today):
        return selectors.public_partnerships() if public else selectors.partnership_list()

    def rows(self, filterset, *, public):
        documents = selectors.public_documents() if public else Document.objects.all()
        return documents.filter(partnership__in=filterset.qs.values("pk")).order_by("partnership_id", "-date", "-pk")

    def summary(self, queryset, language, today, *, public):
        with override(language):
            counts = dict(queryset.order_by().values_list("kind").annotate(n=Count("pk")))
            return [(_("Documents"), sum(counts.values()))] + [
                (label, counts.get(value, 0)) for value, label in Document.Kind.choices
            ]


REPORTS = {
    report.key: report
    for report in (
        PortfolioReport(),
        PartnershipsReport(),
        MilestonesReport(),
        DeadlinesReport(),
        ParticipantsReport(),
        DocumentsReport(),
    )
}
