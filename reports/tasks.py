"""The tasks the worker runs (Django's tasks framework; the backend is settings.TASKS)."""

from django.tasks import task


@task
def build_report(job_id):
    """Make the file of a background report (see services.report_job_run)."""
    from .services import report_job_run

    report_job_run(job_id=job_id)
