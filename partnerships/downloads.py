"""HTTP downloads of reports: one streaming response, logged, for every place that offers them."""

from django.http import StreamingHttpResponse

from .exports import Export
from .services import export_log_create


def download_response(export: Export, *, user, source):
    """Stream ``export`` as an attachment and log it. Raises ExportError before any byte is sent."""
    row_count = export.count()
    chunks = export.stream()
    export_log_create(export=export, user=user, source=source, row_count=row_count)
    response = StreamingHttpResponse(chunks, content_type=export.content_type)
    response["Content-Disposition"] = f'attachment; filename="{export.filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
