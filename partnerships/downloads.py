"""HTTP downloads of reports: one streaming response for every place that offers them;
staff downloads logged one row each, public ones counted per day."""

from django.http import StreamingHttpResponse
from django.shortcuts import redirect

from .exports import Export
from .models import ExportLog
from .services import download_count_add, export_log_create

# Where an admin action leaves a selection for the Reports page to make in the background.
SELECTION_SESSION_KEY = "report_selection"


def background_selection_response(request, export: Export):
    """Hand a selection too large to make within the request (admin actions) to the Reports
    page, which queues it for the task worker: the ids travel in the session, not the URL."""
    request.session[SELECTION_SESSION_KEY] = {
        "report": export.report.key,
        "export_format": export.format,
        "language": export.language,
        "pks": [str(pk) for pk in sorted(export.pks)],
    }
    return redirect("reports:selection")


def download_response(export: Export, *, user, source):
    """Stream ``export`` as an attachment, logged or counted. Raises ExportError before any byte is sent."""
    chunks = export.stream()
    if source == ExportLog.Source.PUBLIC:
        download_count_add(export=export)
    else:
        export_log_create(export=export, user=user, source=source, row_count=export.count())
    response = StreamingHttpResponse(chunks, content_type=export.content_type)
    response["Content-Disposition"] = f'attachment; filename="{export.filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
