from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.paginator import Paginator
from django.db import connections
from django.db.models import Count, F
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import format_html, format_html_join
from django.utils.translation import get_language, get_language_info, gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django_countries.filters import CountryFilter
from modeltranslation.admin import TranslationAdmin, TranslationStackedInline

from documents.models import Document
from indicators.models import Indicator
from publishing.admin import WORKFLOW_FIELDS, ContentAdmin, PublicationAdminMixin, ReadOnlyAdmin
from publishing.forms import ConcurrentModelForm
from publishing.widgets import with_date_hint

from . import selectors
from .downloads import background_selection_response, download_response
from .exports import REPORTS, Export, ExportError
from .forms import MilestoneForm, MilestoneInlineFormSet, PartnershipForm
from .models import Component, DownloadCount, ExportLog, Milestone, Participation, Partnership, Programme, ThematicArea


class ExportActionsMixin:
    """Admin actions that download the selected rows as a report, for staff who may export."""

    export_report = ""

    def has_export_permission(self, request):
        return request.user.has_perm("partnerships.export_reports")

    def _export_selected(self, request, queryset, export_format):
        export = Export(
            self.export_report,
            language=get_language(),
            fmt=export_format,
            pks=list(queryset.values_list("pk", flat=True)),
        )
        try:
            # A PDF, or a selection above REPORT_BACKGROUND_ROWS, is made by the task worker.
            export.check_size(len(export.pks))
            if export.in_background(len(export.pks)):
                return background_selection_response(request, export)
            return download_response(export, user=request.user, source=ExportLog.Source.ADMIN_ACTION)
        except ExportError as error:
            self.message_user(request, str(error), messages.ERROR)
            return None

    @admin.action(description=_("Download the selected as XLSX"), permissions=["export"])
    def export_xlsx(self, request, queryset):
        return self._export_selected(request, queryset, "xlsx")

    @admin.action(description=_("Download the selected as CSV"), permissions=["export"])
    def export_csv(self, request, queryset):
        return self._export_selected(request, queryset, "csv")

    @admin.action(description=_("Download the selected as PDF"), permissions=["export"])
    def export_pdf(self, request, queryset):
        return self._export_selected(request, queryset, "pdf")


# Django's own label, translated by its admin catalogue (a variable, so that makemessages
# does not copy it into ours).
CHECKBOX_LABEL = "Select this object for an action - {}"


class RowCheckboxMixin:
    """Each row's selection box, written directly. Django renders it through a form widget
    and its templates, about a sixth of the milestone list's time at 100 rows; the HTML is the same."""

    def action_checkbox(self, obj):
        return format_html(
            '<input type="checkbox" name="{}" value="{}" class="action-select" aria-label="{}">',
            ACTION_CHECKBOX_NAME,
            obj.pk,
            gettext(CHECKBOX_LABEL).format(obj),
        )


class EstimatedCountPaginator(Paginator):
    """Pages of a whole large table without a COUNT(*) over it on every page.

    Unfiltered, on PostgreSQL, the count is the planner's own figure for the table
    (pg_class.reltuples, which ANALYZE and autovacuum keep current) once it is above
    ``ESTIMATE_ABOVE`` rows: a page of 100,000 milestones then reads only its own rows. A
    filtered or searched list, a smaller table and SQLite are counted exactly."""

    ESTIMATE_ABOVE = 10_000

    @cached_property
    def count(self):
        queryset = self.object_list
        connection = connections[queryset.db]
        if connection.vendor != "postgresql" or queryset.query.where:
            return super().count
        table = queryset.model._meta.db_table
        # One query either way: the subquery (an InitPlan) runs only below the threshold.
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT CASE WHEN reltuples > %s THEN reltuples::bigint "
                f"ELSE (SELECT COUNT(*) FROM {connection.ops.quote_name(table)}) END "
                "FROM pg_class WHERE oid = %s::regclass",
                [self.ESTIMATE_ABOVE, table],
            )
            return int(cursor.fetchone()[0])


class ComponentInline(TranslationStackedInline):
    model = Component
    extra = 0
    fields = ["code", "name", "description", "order"]


@admin.register(Programme)
class ProgrammeAdmin(ContentAdmin, TranslationAdmin):
    list_display = ["name", "code", "funder", "website"]
    search_fields = ["name_bg", "name_en", "code"]
    inlines = [ComponentInline]


@admin.register(Component)
class ComponentAdmin(ContentAdmin, TranslationAdmin):
    list_display = ["name", "programme", "code", "order"]
    list_filter = ["programme"]
    list_select_related = ["programme"]
    search_fields = ["name_bg", "name_en", "code"]


@admin.register(ThematicArea)
class ThematicAreaAdmin(ContentAdmin, TranslationAdmin):
    list_display = ["name", "code", "order", "partnership_count"]
    search_fields = ["name_bg", "name_en", "code"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(partnership_count=Count("partnerships"))

    @admin.display(description=_("partnerships"), ordering="partnership_count")
    def partnership_count(self, obj):
        return obj.partnership_count


class ParticipationInline(admin.StackedInline):
    model = Participation
    form = ConcurrentModelForm
    extra = 0
    fields = ["organisation", "role", "base_version"]
    autocomplete_fields = ["organisation"]


class MilestoneInline(TranslationStackedInline):
    model = Milestone
    form = ConcurrentModelForm
    formset = MilestoneInlineFormSet
    extra = 0

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        return with_date_hint(super().formfield_for_dbfield(db_field, request, **kwargs))

    fields = [
        ("kind", "status", "is_public"),
        "title",
        "description",
        "thematic_area",
        ("due_date", "completed_on"),
        "base_version",
    ]


@admin.register(Partnership)
class PartnershipAdmin(RowCheckboxMixin, PublicationAdminMixin, ExportActionsMixin, ContentAdmin, TranslationAdmin):
    form = PartnershipForm
    export_report = "portfolio"
    actions = [*PublicationAdminMixin.publication_actions, "export_xlsx", "export_csv", "export_pdf"]
    list_display = ["title", "status", "partner", "progress", "start_date", "themes"]
    list_filter = [
        "status",
        "thematic_areas",
        ("partner_country", CountryFilter),
        "component",
    ]
    search_fields = [
        "title_bg",
        "title_en",
        "summary_bg",
        "summary_en",
        "slug",
        "partner_city__name_bg",
        "partner_city__name_en",
    ]
    autocomplete_fields = ["home_city", "partner_city"]
    prepopulated_fields = {"slug": ("title_en",)}
    readonly_fields = ["created_at", "updated_at", "all_milestones", "documents_and_indicators"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "summary", "description"]}),
        (
            _("Cooperation"),
            {"fields": ["home_city", "partner_country", "partner_city", "component", "thematic_areas"]},
        ),
        (_("Progress"), {"fields": ["status", "start_date", "end_date", "all_milestones", "documents_and_indicators"]}),
        (_("People responsible"), {"fields": ["responsible", "deputy"]}),
        (_("Publication"), {"fields": [*WORKFLOW_FIELDS, "created_at", "updated_at"]}),
    ]
    inlines = [ParticipationInline, MilestoneInline]

    def get_queryset(self, request):
        return selectors.partnership_list()

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        if isinstance(inline, MilestoneInline):
            kwargs["user"] = request.user
            if obj.pk:
                window = selectors.admin_milestone_window(obj, today=timezone.localdate())
                kwargs["queryset"] = Milestone.objects.filter(pk__in=window).order_by(
                    F("due_date").asc(nulls_last=True), "pk"
                )
            if request.method == "POST":
                # Only well-formed ids; a malformed one is the partnership form's error to report.
                submitted = request.POST.getlist("thematic_areas")
                kwargs["thematic_area_ids"] = {int(pk) for pk in submitted if pk.isascii() and pk.isdigit()}
            elif obj.pk:
                kwargs["thematic_area_ids"] = set(obj.thematic_areas.values_list("pk", flat=True))
        return kwargs

    @admin.display(description=_("milestones"))
    def all_milestones(self, obj):
        """Below, the latest and the next milestones are edited; the list has them all."""
        if obj.pk is None:
            return _("Add milestones below once the partnership is saved, or in the list of milestones.")
        url = reverse("admin:partnerships_milestone_changelist") + f"?partnership__id__exact={obj.pk}"
        return format_html(
            '{} <a href="{}">{}</a>',
            _("Below: the latest %(latest)s and the next %(upcoming)s milestones.") % selectors.ADMIN_MILESTONE_WINDOW,
            url,
            _("All %(count)s milestones of this partnership") % {"count": obj.milestones_total},
        )

    @admin.display(description=_("documents and indicators"))
    def documents_and_indicators(self, obj):
        """Linked lists, not inlines: a partnership's documents and indicators are edited on
        their own pages, each reviewed and kept in history; here, how many and where."""
        if obj.pk is None:
            return _("Add documents and indicators once the partnership is saved.")
        documents = Document.objects.filter(partnership=obj).count()
        indicators = Indicator.objects.filter(partnership=obj).count()
        counts = {
            Document: ngettext("%(count)s document", "%(count)s documents", documents) % {"count": documents},
            Indicator: ngettext("%(count)s indicator", "%(count)s indicators", indicators) % {"count": indicators},
        }
        links = []
        for model, label in counts.items():
            opts = model._meta
            links.append(
                format_html(
                    '<a href="{}">{}</a> (<a href="{}">{}</a>)',
                    reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
                    + f"?partnership__id__exact={obj.pk}",
                    label,
                    reverse(f"admin:{opts.app_label}_{opts.model_name}_add") + f"?partnership={obj.pk}",
                    _("add"),
                )
            )
        return format_html_join(", ", "{}", ((link,) for link in links))

    @admin.display(description=_("partner"), ordering="partner_city__name")
    def partner(self, obj):
        if obj.partner_city:
            return f"{obj.partner_city} ({obj.partner_country.name})"
        return _("to be announced (%(country)s)") % {"country": obj.partner_country.name}

    @admin.display(description=_("thematic areas"))
    def themes(self, obj):
        return ", ".join(str(area) for area in obj.thematic_areas.all())

    @admin.display(description=_("milestones done"), ordering="milestones_done")
    def progress(self, obj):
        return _("%(done)s of %(total)s") % {"done": obj.milestones_done, "total": obj.milestones_total}


class MineFilter(admin.SimpleListFilter):
    """The milestones the signed-in member of staff answers for ("My work" links here)."""

    title = _("my milestones")
    parameter_name = "mine"

    def lookups(self, request, model_admin):
        return [("responsible", _("I am responsible")), ("deputy", _("I am deputy"))]

    def queryset(self, request, queryset):
        if self.value() in ("responsible", "deputy"):
            return queryset.filter(selectors.responsible_q(request.user, self.value()))
        return queryset


@admin.register(Milestone)
class MilestoneAdmin(RowCheckboxMixin, PublicationAdminMixin, ExportActionsMixin, ContentAdmin, TranslationAdmin):
    form = MilestoneForm
    export_report = "milestones"
    actions = [*PublicationAdminMixin.publication_actions, "export_xlsx", "export_csv", "export_pdf"]
    list_display = ["title", "status", "due_date", "partnership", "kind", "completed_on", "thematic_area", "is_public"]
    list_filter = [MineFilter, "status", "kind", "is_public", "thematic_area", "partnership"]
    list_select_related = ["partnership", "thematic_area"]
    search_fields = ["title_bg", "title_en", "description_bg", "description_en"]
    autocomplete_fields = ["partnership"]
    # At 100,000 rows the model's ordering (by partnership, whose own ordering is by start
    # date and slug, then due date) sorted every row on each page: 115 ms of a 215 ms page
    # (EXPLAIN ANALYZE). The latest due date first reads the due-date index backwards and
    # stops after a page; undated milestones come first.
    ordering = [F("due_date").desc(nulls_first=True), "-pk"]
    # "N results (M total)" costs a second COUNT(*) over the whole table on every page.
    show_full_result_count = False
    paginator = EstimatedCountPaginator
    # A page of 50: staff find a milestone by its partnership, filters or search, not by
    # paging through 100,000; each row costs the list about 0.35 ms to render.
    list_per_page = 50

    def get_form(self, request, obj=None, **kwargs):
        """The form checks the milestone's rules for the member of staff saving it."""
        form = super().get_form(request, obj, **kwargs)
        return type(form.__name__, (form,), {"user": request.user})

    fieldsets = [
        (None, {"fields": ["partnership", "kind", "title", "description", "thematic_area"]}),
        (_("Progress"), {"fields": ["status", "due_date", "completed_on", "is_public"]}),
        (_("People responsible"), {"fields": ["responsible", "deputy"]}),
        (_("Publication"), {"fields": WORKFLOW_FIELDS}),
    ]


def _report_title(key):
    report = REPORTS.get(key)
    return report.title if report is not None else key


def _language_name(code):
    try:
        return get_language_info(code)["name_translated"]
    except KeyError:
        return code


def labelled_filter(field, title, label):
    """A list filter on ``field`` that shows each value by its label: the logs keep report
    keys, formats and language codes ("portfolio", "pdf", "bg"), which staff should not
    have to decode."""

    class LabelledFilter(admin.SimpleListFilter):
        parameter_name = field

        def lookups(self, request, model_admin):
            values = model_admin.get_queryset(request).order_by(field).values_list(field, flat=True).distinct()
            return [(value, label(value)) for value in values]

        def queryset(self, request, queryset):
            return queryset.filter(**{field: self.value()}) if self.value() else queryset

    LabelledFilter.title = title
    return LabelledFilter


class ReportLabelsMixin:
    """The report, format and language of a log row by their names."""

    list_filter = [
        labelled_filter("report", _("report"), _report_title),
        labelled_filter("export_format", _("format"), str.upper),
        labelled_filter("language", _("language"), _language_name),
    ]

    @admin.display(description=_("report"), ordering="report")
    def report_title(self, obj):
        return _report_title(obj.report)

    @admin.display(description=_("format"), ordering="export_format")
    def format_name(self, obj):
        return obj.export_format.upper()

    @admin.display(description=_("language"), ordering="language")
    def language_name(self, obj):
        return _language_name(obj.language)


@admin.register(ExportLog)
class ExportLogAdmin(ReportLabelsMixin, ReadOnlyAdmin):
    """The log of downloads: read only, kept whole."""

    list_display = [
        "created_at",
        "user",
        "source",
        "report_title",
        "format_name",
        "language_name",
        "row_count",
        "filters",
    ]
    list_filter = ["source", *ReportLabelsMixin.list_filter]
    list_select_related = ["user"]
    search_fields = ["user__username", "report"]
    date_hierarchy = "created_at"


@admin.register(DownloadCount)
class DownloadCountAdmin(ReportLabelsMixin, ReadOnlyAdmin):
    """Public downloads per day, report, format and language: read only."""

    list_display = ["day", "report_title", "format_name", "language_name", "count"]
