from django.contrib import admin
from django_tasks_db.models import DBTaskResult

from partnerships.admin import ReportLabelsMixin
from publishing.admin import ReadOnlyAdmin

from .models import ReportJob

# The queue's own table is the worker's business, and its admin speaks only English: staff
# follow their reports on the Reports page, IT in the list below and in the logs.
if admin.site.is_registered(DBTaskResult):
    admin.site.unregister(DBTaskResult)


@admin.register(ReportJob)
class ReportJobAdmin(ReportLabelsMixin, ReadOnlyAdmin):
    """Every background report, read only: who asked for what, and how it went."""

    list_display = [
        "created_at",
        "user",
        "report_title",
        "format_name",
        "language_name",
        "source",
        "state",
        "error",
        "rows_done",
        "rows_total",
        "expires_at",
    ]
    list_filter = ["state", "source", *ReportLabelsMixin.list_filter]
    list_select_related = ["user"]
    date_hierarchy = "created_at"
    exclude = ["file"]
