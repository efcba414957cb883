"""A report made in the background for the member of staff who asked for it."""

import uuid

from django.conf import settings
from django.core.files.storage import storages
from django.db import models
from django.utils.functional import LazyObject
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from partnerships.models import ExportLog


class _ReportStorage(LazyObject):
    """STORAGES["reports"], looked up when first used (tests point it elsewhere)."""

    def _setup(self):
        self._wrapped = storages["reports"]


reports_storage = _ReportStorage()


def report_storage():
    """The private storage of report files: never served under a URL, only by the view that
    checks who asks."""
    return reports_storage


def report_file_name(job, filename):
    """A folder of its own, named by chance, for each file."""
    return f"reports/{uuid.uuid4().hex}/{filename}"


class ReportJob(models.Model):
    """One request for a report too large to make within a web request: its parameters,
    its progress and, once made, its file, which only its owner may download until it expires."""

    class State(models.TextChoices):
        QUEUED = "queued", pgettext_lazy("report job state", "Waiting for the worker")
        RUNNING = "running", pgettext_lazy("report job state", "Being prepared")
        READY = "ready", pgettext_lazy("report job state", "Ready")
        FAILED = "failed", pgettext_lazy("report job state", "Failed")
        EXPIRED = "expired", pgettext_lazy("report job state", "Expired")

    class Error(models.TextChoices):
        NONE = "", _("none")
        INVALID = "invalid", _("The filters of this report are no longer valid. Choose them again above.")
        TOO_LARGE = (
            "too_large",
            _("The report now has more rows than a PDF can hold. Narrow the filters, or choose XLSX."),
        )
        FAILED = "failed", _("The report could not be prepared because of an error, which has been logged. Try again.")
        LOST = "lost", _("The worker stopped while preparing the report. Try again.")
        NOT_QUEUED = "not_queued", _("The report could not be queued. Try again in a moment.")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="report_jobs", verbose_name=_("user")
    )
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(
        _("last progress at"), auto_now_add=True, help_text=_("When the worker last reported progress.")
    )
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    expires_at = models.DateTimeField(
        _("file expires at"), null=True, blank=True, help_text=_("After this the file is deleted.")
    )
    report = models.CharField(_("report"), max_length=40)
    export_format = models.CharField(_("format"), max_length=10)
    language = models.CharField(_("language"), max_length=10)
    delimiter = models.CharField(_("CSV separator"), max_length=10, default="comma")
    query = models.JSONField(
        _("filters"), default=dict, blank=True, help_text=_("The filters as the Reports page sent them.")
    )
    pks = models.JSONField(
        _("selected records"),
        null=True,
        blank=True,
        help_text=_("The records chosen in an admin list, when the report was asked for there."),
    )
    source = models.CharField(
        _("source"), max_length=20, choices=ExportLog.Source, default=ExportLog.Source.REPORTS_PAGE
    )
    state = models.CharField(_("state"), max_length=10, choices=State, default=State.QUEUED)
    error = models.CharField(_("error"), max_length=20, choices=Error, default=Error.NONE, blank=True)
    rows_done = models.PositiveIntegerField(_("rows done"), default=0)
    rows_total = models.PositiveIntegerField(_("rows in all"), default=0)
    file = models.FileField(_("file"), storage=report_storage, upload_to=report_file_name, blank=True)
    filename = models.CharField(_("file name"), max_length=120, blank=True)
    task_id = models.CharField(_("task id"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("background report")
        verbose_name_plural = _("background reports")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(rows_done__lte=models.F("rows_total")), name="report_job_rows"),
            models.CheckConstraint(
                condition=~models.Q(state="ready") | models.Q(expires_at__isnull=False), name="report_job_ready_expires"
            ),
        ]

    def __str__(self):
        return f"{self.report} {self.export_format} {self.language} {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def report_title(self):
        from partnerships.exports import REPORTS

        return REPORTS[self.report].title if self.report in REPORTS else self.report

    @property
    def is_active(self):
        return self.state in {self.State.QUEUED, self.State.RUNNING}

    @property
    def percent(self):
        if self.state == self.State.READY:
            return 100
        return round(100 * self.rows_done / self.rows_total) if self.rows_total else 0
