from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_countries.fields import CountryField

from cities.models import City, Organisation
from publishing.models import Publication, Publishable, PublishableQuerySet, Versioned, published_q


def _staff_member(related_name, verbose_name, help_text):
    """A member of staff named on a record (responsible, deputy): a staff account, kept
    empty if the account goes."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        related_name=related_name,
        verbose_name=verbose_name,
        null=True,
        blank=True,
        limit_choices_to={"is_staff": True, "is_active": True},
        help_text=help_text,
    )


def _deputy_not_responsible(model):
    return models.CheckConstraint(
        condition=Q(responsible__isnull=True) | Q(deputy__isnull=True) | ~Q(deputy=F("responsible")),
        name=f"{model}_deputy_not_responsible",
        violation_error_message=_("The deputy cannot be the person responsible."),
    )


class Programme(Versioned):
    code = models.SlugField(
        _("code"),
        max_length=50,
        unique=True,
        help_text=_("A short stable ASCII identifier, such as iurc."),
    )
    name = models.CharField(_("name"), max_length=300)
    funder = models.CharField(_("funder"), max_length=300, blank=True)
    website = models.URLField(_("website"), blank=True)

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["code"]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.code,)


class Component(Versioned):
    programme = models.ForeignKey(
        Programme,
        on_delete=models.PROTECT,
        related_name="components",
        verbose_name=_("programme"),
    )
    code = models.SlugField(
        _("code"),
        max_length=50,
        help_text=_("A short stable ASCII identifier, unique within the programme."),
    )
    name = models.CharField(_("name"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("component")
        verbose_name_plural = _("components")
        ordering = ["programme__code", "order", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "code"],
                name="component_unique_code_in_programme",
            ),
        ]

    def __str__(self):
        return self.name


class ThematicArea(Versioned):
    code = models.SlugField(
        _("code"),
        max_length=50,
        unique=True,
        help_text=_("A short stable ASCII identifier, such as circular-economy."),
    )
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("thematic area")
        verbose_name_plural = _("thematic areas")
        ordering = ["order", "code"]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.code,)


class PartnershipQuerySet(PublishableQuerySet):
    def with_progress(self, *, public):
        """Annotate ``milestones_total`` and ``milestones_done`` from the partnership's
        ``MilestoneCounts``: of its public milestones for the public, of all for staff. A
        join on one row per partnership, not a count of its milestones."""
        prefix = "milestone_counts__public_" if public else "milestone_counts__"
        return self.annotate(
            milestones_total=Coalesce(F(f"{prefix}total"), 0),
            milestones_done=Coalesce(F(f"{prefix}done"), 0),
        )


def milestone_count(milestones):
    """How many of ``milestones`` belong to the outer query's partnership, as a subquery
    (the reports' columns that MilestoneCounts does not keep)."""
    counted = (
        milestones.filter(partnership=OuterRef("pk"))
        .order_by()
        .values("partnership")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=models.IntegerField()), 0)


class Partnership(Publishable):
    class Status(models.TextChoices):
        ANNOUNCED = "announced", pgettext_lazy("partnership status", "announced")
        PAIRED = "paired", pgettext_lazy("partnership status", "paired")
        AGREEMENT_SIGNED = "agreement_signed", pgettext_lazy("partnership status", "agreement signed")
        ACTIVE = "active", pgettext_lazy("partnership status", "active")
        COMPLETED = "completed", pgettext_lazy("partnership status", "completed")
        SUSPENDED = "suspended", pgettext_lazy("partnership status", "suspended")

    Publication = Publication
    REQUIRED_IN_BOTH_LANGUAGES = ("title", "summary")
    #: A partnership in these has barely begun: its share of milestones done is drawn as no
    #: bar a reader could take for "complete" (the public pages and the PDF reports).
    BARELY_BEGUN = (Status.ANNOUNCED, Status.PAIRED)

    title = models.CharField(_("title"), max_length=300)
    slug = models.SlugField(
        _("slug"),
        max_length=100,
        unique=True,
        help_text=_("Latin letters, digits and hyphens, used in the partnership's web address."),
    )
    summary = models.TextField(_("summary"), blank=True, help_text=_("One or two sentences for lists and cards."))
    description = models.TextField(_("description"), blank=True)
    home_city = models.ForeignKey(
        City,
        on_delete=models.PROTECT,
        related_name="home_partnerships",
        verbose_name=_("home city"),
    )
    partner_country = CountryField(_("partner country"))
    partner_city = models.ForeignKey(
        City,
        on_delete=models.PROTECT,
        related_name="partner_partnerships",
        verbose_name=_("partner city"),
        null=True,
        blank=True,
        help_text=_("Leave empty while the partner city is to be announced. It must be in the partner country."),
    )
    component = models.ForeignKey(
        Component,
        on_delete=models.PROTECT,
        related_name="partnerships",
        verbose_name=_("programme component"),
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=Status,
        default=Status.ANNOUNCED,
    )
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    thematic_areas = models.ManyToManyField(
        ThematicArea,
        related_name="partnerships",
        verbose_name=_("thematic areas"),
        blank=True,
    )
    organisations = models.ManyToManyField(
        Organisation,
        through="Participation",
        related_name="partnerships",
        verbose_name=_("participating organisations"),
        blank=True,
    )
    responsible = _staff_member(
        "partnerships_responsible",
        _("responsible"),
        _("The member of staff who answers for the partnership, and for its milestones that name nobody."),
    )
    deputy = _staff_member(
        "partnerships_deputy",
        _("deputy"),
        _("Who stands in for the person responsible."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = PartnershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("partnership")
        verbose_name_plural = _("partnerships")
        permissions = [("publish_partnership", _("Can publish, unpublish and archive partnerships"))]
        ordering = ["start_date", "slug"]
        constraints = [
            _deputy_not_responsible("partnership"),
            models.CheckConstraint(
                condition=Q(start_date__isnull=True) | Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="partnership_end_after_start",
                violation_error_message=_("The end date cannot be before the start date."),
            ),
            models.CheckConstraint(
                condition=Q(partner_city__isnull=True) | ~Q(partner_city=F("home_city")),
                name="partnership_partner_not_home",
                violation_error_message=_("The partner city cannot be the home city."),
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def programme(self):
        return self.component.programme

    def validate_rules(self, *, user):
        from .services import partnership_validate  # services import the models

        partnership_validate(self)

    def clean(self):
        if self.partner_city_id and self.partner_country and self.partner_city.country != self.partner_country:
            raise ValidationError(
                {
                    "partner_city": _("%(city)s is in %(city_country)s, not in %(country)s.")
                    % {
                        "city": self.partner_city,
                        "city_country": self.partner_city.country.name,
                        "country": self.partner_country.name,
                    }
                }
            )


class Participation(Versioned):
    class Role(models.TextChoices):
        LEAD = "lead", pgettext_lazy("participation role", "lead")
        PARTNER = "partner", pgettext_lazy("participation role", "partner")
        ASSOCIATED = "associated", pgettext_lazy("participation role", "associated")

    partnership = models.ForeignKey(
        Partnership,
        on_delete=models.CASCADE,
        related_name="participations",
        verbose_name=_("partnership"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="participations",
        verbose_name=_("organisation"),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role, default=Role.PARTNER)

    class Meta:
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        ordering = ["partnership", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "organisation"],
                name="participation_unique_organisation",
                violation_error_message=_("This organisation already takes part in the partnership."),
            ),
        ]

    def __str__(self):
        return f"{self.organisation} ({self.get_role_display()})"


class MilestoneQuerySet(PublishableQuerySet):
    def open(self):
        return self.filter(status__in=Milestone.OPEN_STATUSES)

    def overdue(self, *, today):
        return self.open().filter(due_date__lt=today)

    def upcoming(self, *, today):
        return self.open().filter(due_date__gte=today)


class Milestone(Publishable):
    REQUIRED_IN_BOTH_LANGUAGES = ("title",)

    class Kind(models.TextChoices):
        ANNOUNCEMENT = "announcement", pgettext_lazy("milestone kind", "announcement")
        KICK_OFF = "kick_off", pgettext_lazy("milestone kind", "kick-off")
        MEETING = "meeting", pgettext_lazy("milestone kind", "meeting")
        WEBINAR = "webinar", pgettext_lazy("milestone kind", "webinar")
        STUDY_VISIT = "study_visit", pgettext_lazy("milestone kind", "study visit")
        AGREEMENT = "agreement", pgettext_lazy("milestone kind", "agreement")
        PILOT_ACTION = "pilot_action", pgettext_lazy("milestone kind", "pilot action")
        REPORT = "report", pgettext_lazy("milestone kind", "report")
        EVENT = "event", pgettext_lazy("milestone kind", "event")
        OTHER = "other", pgettext_lazy("milestone kind", "other")

    class Status(models.TextChoices):
        PLANNED = "planned", pgettext_lazy("milestone status", "planned")
        IN_PROGRESS = "in_progress", pgettext_lazy("milestone status", "in progress")
        DONE = "done", pgettext_lazy("milestone status", "done")
        DELAYED = "delayed", pgettext_lazy("milestone status", "delayed")
        CANCELLED = "cancelled", pgettext_lazy("milestone status", "cancelled")

    partnership = models.ForeignKey(
        Partnership,
        on_delete=models.CASCADE,
        related_name="milestones",
        verbose_name=_("partnership"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind, default=Kind.OTHER)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    thematic_area = models.ForeignKey(
        ThematicArea,
        on_delete=models.PROTECT,
        related_name="milestones",
        verbose_name=_("thematic area"),
        null=True,
        blank=True,
        help_text=_("One of the partnership's thematic areas, or empty for the partnership as a whole."),
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)
    completed_on = models.DateField(
        _("completion date"),
        null=True,
        blank=True,
        help_text=_("The day the milestone was done. Only a done milestone has one, and it must."),
    )
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.PLANNED)
    is_public = models.BooleanField(
        _("public"),
        default=True,
        help_text=_("Internal milestones are shown to staff only."),
    )
    responsible = _staff_member(
        "milestones_responsible",
        _("responsible"),
        _("Empty: the partnership's responsible answers for the milestone."),
    )
    deputy = _staff_member(
        "milestones_deputy",
        _("deputy"),
        _("Empty: the partnership's deputy stands in."),
    )

    objects = MilestoneQuerySet.as_manager()

    OPEN_STATUSES = (Status.PLANNED, Status.IN_PROGRESS, Status.DELAYED)
    CLOSED_STATUSES = (Status.DONE, Status.CANCELLED)

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        permissions = [("publish_milestone", _("Can publish, unpublish and archive milestones"))]
        ordering = ["partnership", F("due_date").asc(nulls_last=True), "pk"]
        indexes = [
            models.Index(fields=["due_date"], name="milestone_due_date"),
            models.Index(fields=["completed_on"], name="milestone_completed_on"),
            # A partnership's timeline and agreements, in date order (1 ms, not 28 ms, at
            # 100,000 milestones).
            models.Index(fields=["partnership", "due_date"], name="milestone_partnership_due"),
            # A partnership's agreements, and its latest done or cancelled milestones: the
            # status is read from the index, so the closed ones are found without the rows.
            # (Not a partial index on NOT status IN (...): PostgreSQL's dump writes its
            # condition back differently, and a restored database would differ.)
            models.Index(fields=["partnership", "kind", "due_date"], name="milestone_partnership_kind"),
            models.Index(fields=["partnership", "status", "due_date"], name="milestone_partnership_status"),
            # A partnership's latest closed milestones in date order, however few it has: with
            # none among 2,000, the plain index above made PostgreSQL read all 2,000 (7 ms).
            models.Index(
                fields=["partnership", "due_date"],
                condition=Q(status="done") | Q(status="cancelled"),
                name="milestone_partnership_closed",
            ),
            # The latest done first: the plain index puts the many empty dates first.
            models.Index(fields=["-completed_on"], condition=Q(status="done"), name="milestone_latest_done"),
            # A thematic area's page: its next and its latest done milestones.
            models.Index(fields=["thematic_area", "due_date"], name="milestone_theme_due"),
            models.Index(
                fields=["thematic_area", "-completed_on"], condition=Q(status="done"), name="milestone_theme_done"
            ),
            # Counts of the public's overdue, upcoming and done milestones, read from the
            # index alone. Its condition is the public rule of the selectors as it stands;
            # if the rule changes, the index goes unused, it shows nothing.
            models.Index(
                fields=["status", "due_date", "partnership"],
                condition=Q(is_public=True) & published_q(),
                name="milestone_public_status_due",
            ),
        ]
        constraints = [
            _deputy_not_responsible("milestone"),
            models.CheckConstraint(
                condition=Q(status="done", completed_on__isnull=False)
                | (~Q(status="done") & Q(completed_on__isnull=True)),
                name="milestone_done_has_date",
                violation_error_message=_(
                    "A done milestone needs a completion date, and only a done milestone has one."
                ),
            ),
        ]

    def __str__(self):
        return self.title

    def validate_rules(self, *, user):
        from .services import milestone_validate  # services import the models

        milestone_validate(self, user=user)

    def is_overdue(self, *, today):
        return self.status in self.OPEN_STATUSES and self.due_date is not None and self.due_date < today


class MilestoneCounts(models.Model):
    """How many milestones a partnership has and how many of them are done, of all and of
    the public ones. Kept by ``services.milestone_counts_update()`` after every write of a
    milestone, so that a list of partnerships shows progress without counting their
    milestones (100 ms at 100,000 milestones). Not a field of the partnership: its saves,
    history and restored versions never touch these numbers."""

    partnership = models.OneToOneField(
        Partnership,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="milestone_counts",
        verbose_name=_("partnership"),
    )
    total = models.PositiveIntegerField(_("milestones"), default=0)
    done = models.PositiveIntegerField(_("milestones done"), default=0)
    public_total = models.PositiveIntegerField(_("public milestones"), default=0)
    public_done = models.PositiveIntegerField(_("public milestones done"), default=0)

    class Meta:
        verbose_name = _("milestone counts")
        verbose_name_plural = _("milestone counts")

    def __str__(self):
        return str(self.partnership_id)


class ExportLog(models.Model):
    """One download of a report: who, when, which report, filters, language, format, rows."""

    class Source(models.TextChoices):
        REPORTS_PAGE = "reports_page", _("reports page")
        ADMIN_ACTION = "admin_action", _("admin action")
        COMMAND = "command", _("command line")
        PUBLIC = "public", _("public open data")

    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        related_name="export_logs",
        verbose_name=_("user"),
        null=True,
        blank=True,
        help_text=_("Empty for public downloads and the command line."),
    )
    source = models.CharField(_("source"), max_length=20, choices=Source)
    report = models.CharField(_("report"), max_length=40)
    export_format = models.CharField(_("format"), max_length=10)
    language = models.CharField(_("language"), max_length=10)
    filters = models.JSONField(_("filters"), default=dict, blank=True)
    row_count = models.PositiveIntegerField(_("rows"))

    class Meta:
        verbose_name = _("export log entry")
        verbose_name_plural = _("export log")
        ordering = ["-created_at", "-pk"]
        permissions = [("export_reports", _("Can download reports"))]

    def __str__(self):
        return f"{self.report} {self.export_format} {self.language} {self.created_at:%Y-%m-%d %H:%M}"


class DownloadCount(models.Model):
    """Public downloads of one report, format and language on one day: counted, not
    logged one row per anonymous request."""

    day = models.DateField(_("day"))
    report = models.CharField(_("report"), max_length=40)
    export_format = models.CharField(_("format"), max_length=10)
    language = models.CharField(_("language"), max_length=10)
    count = models.PositiveIntegerField(_("downloads"), default=0)

    class Meta:
        verbose_name = _("public download count")
        verbose_name_plural = _("public download counts")
        ordering = ["-day", "report", "export_format", "language"]
        constraints = [
            models.UniqueConstraint(
                fields=["day", "report", "export_format", "language"], name="download_count_unique_day"
            ),
        ]

    def __str__(self):
        return f"{self.day} {self.report} {self.export_format} {self.language}: {self.count}"
