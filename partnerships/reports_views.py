"""The Reports page for staff who hold the export permission."""

from functools import wraps

from django import forms
from django.conf import settings
from django.contrib import admin
from django.contrib.auth.decorators import permission_required
from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .downloads import download_response
from .exports import LANGUAGES, REPORTS, Export, ExportError
from .models import ExportLog

PREVIEW_ROWS = 20


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
    defaults = {
        "report": "portfolio",
        "language": get_language() if get_language() in LANGUAGES else settings.LANGUAGE_CODE,
        "export_format": "xlsx",
        "delimiter": "comma",
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


def _page(request, form, export, *, error=""):
    context = {
        **admin.site.each_context(request),
        "title": _("Reports"),
        "form": form,
        "export": export,
        "error": error,
    }
    valid = export is not None and export.is_valid()
    if valid:
        context["headings"], context["preview"] = export.preview(PREVIEW_ROWS)
        context["row_count"] = export.count()
    return render(request, "reports/index.html", context, status=200 if valid and not error else 400)


@staff_with_export_permission
def reports_page(request):
    form, export = _export(request)
    return _page(request, form, export)


@staff_with_export_permission
def reports_download(request):
    form, export = _export(request)
    if export is None or not export.is_valid():
        return _page(request, form, export)
    try:
        return download_response(export, user=request.user, source=ExportLog.Source.REPORTS_PAGE)
    except ExportError as error:
        return _page(request, form, export, error=str(error))
