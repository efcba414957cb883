"""HTTP downloads of reports: one streaming response for every place that offers them;
staff downloads logged one row each, public ones counted per day."""

from django.http import StreamingHttpResponse

from .exports import Export
from .models import ExportLog
from .services import download_count_add, export_log_create


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
