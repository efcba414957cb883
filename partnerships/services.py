from .models import ExportLog


def export_log_create(*, export, user, source, row_count):
    """Record who downloaded which report, with which filters, language and format."""
    return ExportLog.objects.create(
        user=user if user is not None and user.is_authenticated else None,
        source=source,
        report=export.report.key,
        export_format=export.format,
        language=export.language,
        filters=export.filter_values() | ({"selected": sorted(map(str, export.pks))} if export.pks is not None else {}),
        row_count=row_count,
    )
