"""The Reports page for staff who hold the export permission, and the reports it has
made in the background for them."""

from functools import wraps

from django import forms
from django.conf import settings
from django.contrib import admin
from django.contrib.auth.decorators import permission_required
from django.http import FileResponse, JsonResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from partnerships.downloads import SELECTION_SESSION_KEY, download_response
from partnerships.exports import FORMATS, LANGUAGES, REPORTS, Export, ExportError
from partnerships.models import ExportLog

from .models import ReportJob
from .services import report_files_expire, report_job_refresh, report_job_request

PREVIEW_ROWS = 20
# The owner's recent background reports listed on the Reports page.
LISTED_JOBS = 10


class ReportForm(forms.Form):
    report = forms.ChoiceField(label=_("Report"), choices=[(key, report.title) for key, report in REPORTS.items()])
    language = forms.ChoiceField(label=_("Language of the report"), choices=settings.LANGUAGES)
    export_format = forms.ChoiceField(
        label=_("Format"),
        choices=[("xlsx", "XLSX (Excel)"), ("csv", "CSV"), ("pdf", "PDF"), ("json", "JSON")],
    )
    delimiter = forms.ChoiceField(
        label=_("CSV separator"),
        choices=[("comma", _("comma (,)")), ("semicolon", _("semicolon (;), for Bulgarian Excel"))],
    )


def staff_with_export_permission(view):
    """Only for those the admin site admits (with OTP_REQUIRED on, after a TOTP code), and of
    them only for holders of the export permission (other staff get the 403 page). No
    response, an error included, may be kept by a cache."""
    checked = require_GET(permission_required("partnerships.export_reports", raise_exception=True)(view))

    @wraps(view)
    def admitted(request, *args, **kwargs):
        # The site is looked up per request: which class it has is settled only once the
        # URLconf (or the admin's AppConfig) has set it up.
        return admin.site.admin_view(checked)(request, *args, **kwargs)

    return never_cache(admitted)


def _export(request):
    """The report form and, when it is valid, the export it asks for."""
    language = request.GET.get("language") or get_language()
    language = language if language in LANGUAGES else settings.LANGUAGE_CODE
    defaults = {
        "report": "portfolio",
        "language": language,
        "export_format": "xlsx",
        # Bulgarian Excel reads a semicolon-separated CSV as columns (its list separator,
        # beside the decimal comma); a comma-separated one lands in a single column.
        "delimiter": "semicolon" if language == "bg" else "comma",
    }
    form = ReportForm({**defaults, **request.GET.dict()})
    if not form.is_valid():
        return form, None
    export = Export(
        form.cleaned_data["report"],
        language=form.cleaned_data["language"],
        fmt=form.cleaned_data["export_format"],
        data=request.GET,
        delimiter=form.cleaned_data["delimiter"],
    )
    return form, export


def _foreign_filters(request, form, export):
    """The labels of filters sent with the form that the chosen report does not have: left
    over from another report after the report was changed. Downloading then would
    quietly drop them, and the file would not be what the person filtered."""
    known = {*form.fields, *export.filterset.form.fields}
    labels = []
    for name in sorted(request.GET):
        if name in known or not request.GET.get(name):
            continue
        owners = [report.staff_filterset_class for report in REPORTS.values() if report.staff_filterset_class]
        label = next((owner.base_filters[name].label for owner in owners if name in owner.base_filters), name)
        labels.append(str(label))
    return labels


STALE_FILTERS = _(
    "These filters belong to another report and were not used: %(filters)s. Check this "
    "report's filters below, then download it."
)


def _page(request, form, export, *, error=""):
    report_files_expire()
    context = {
        **admin.site.each_context(request),
        "title": _("Reports"),
        "form": form,
        "export": export,
        "error": error,
        "jobs": [report_job_refresh(job=job) for job in request.user.report_jobs.all()[:LISTED_JOBS]],
        "background_rows": settings.REPORT_BACKGROUND_ROWS,
        "file_hours": settings.REPORT_FILE_HOURS,
    }
    valid = export is not None and export.is_valid()
    if valid:
        context["headings"], context["preview"] = export.preview(PREVIEW_ROWS)
        context["row_count"] = export.count()
    return render(request, "reports/index.html", context, status=200 if valid and not error else 400)


def _stale_filters_error(request, form, export):
    if export is None:
        return ""
    foreign = _foreign_filters(request, form, export)
    return STALE_FILTERS % {"filters": ", ".join(foreign)} if foreign else ""


@staff_with_export_permission
def reports_page(request):
    form, export = _export(request)
    return _page(request, form, export, error=_stale_filters_error(request, form, export))


@staff_with_export_permission
def reports_download(request):
    """A small report at once; every PDF and any report above REPORT_BACKGROUND_ROWS rows is
    made by the worker: the request records the job and sends the browser to its page."""
    form, export = _export(request)
    if export is None or not export.is_valid():
        return _page(request, form, export)
    if stale := _stale_filters_error(request, form, export):
        return _page(request, form, export, error=stale)
    rows = export.count()
    try:
        # A PDF too large is refused now, not after a wait.
        export.check_size(rows)
    except ExportError as error:
        return _page(request, form, export, error=str(error))
    if export.in_background(rows):
        job = report_job_request(
            user=request.user, export=export, data=request.GET, delimiter=form.cleaned_data["delimiter"], rows=rows
        )
        return redirect("reports:job", pk=job.pk)
    try:
        return download_response(export, user=request.user, source=ExportLog.Source.REPORTS_PAGE)
    except ExportError as error:
        return _page(request, form, export, error=str(error))


@staff_with_export_permission
def reports_selection(request):
    """Queue the selection an admin action left in the session (partnerships.downloads), once."""
    selection = request.session.pop(SELECTION_SESSION_KEY, None)
    if not selection:
        return redirect("reports:index")
    try:
        export = Export(
            selection["report"], language=selection["language"], fmt=selection["export_format"], pks=selection["pks"]
        )
    except (ExportError, KeyError):
        return redirect("reports:index")
    job = report_job_request(
        user=request.user,
        export=export,
        data=QueryDict(),
        delimiter="comma",
        rows=export.count(),
        source=ExportLog.Source.ADMIN_ACTION,
    )
    return redirect("reports:job", pk=job.pk)


def _own_job(request, pk):
    """The job, to its owner only: anyone else, a superuser too, is told it does not exist."""
    return report_job_refresh(job=get_object_or_404(ReportJob, pk=pk, user=request.user))


@staff_with_export_permission
def job_page(request, pk):
    job = _own_job(request, pk)
    context = {
        **admin.site.each_context(request),
        "title": _("Background report"),
        "job": job,
        "file_hours": settings.REPORT_FILE_HOURS,
    }
    return render(request, "reports/job.html", context)


@staff_with_export_permission
def job_status(request, pk):
    """The job's state for the page's own script, which shows the progress without a reload."""
    job = _own_job(request, pk)
    return JsonResponse(
        {
            "state": job.state,
            "state_label": job.get_state_display(),
            "rows_done": job.rows_done,
            "rows_total": job.rows_total,
            "percent": job.percent,
        }
    )


@staff_with_export_permission
def job_file(request, pk):
    """The file, to its owner, until it expires; after that the job's page says why not."""
    job = _own_job(request, pk)
    if job.state != ReportJob.State.READY:
        return redirect("reports:job", pk=job.pk)
    response = FileResponse(
        job.file.open("rb"), as_attachment=True, filename=job.filename, content_type=FORMATS[job.export_format][0]
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
