"""Background reports: asking for one, making it in the worker, its progress and its expiry.

The web request only records the job and puts it in the queue; the worker makes the file
(``report_job_run``), stores it with Django's storage API and logs the export like every
staff download. Only the owner may download the file, until ``REPORT_FILE_HOURS`` have passed.
"""

import datetime
import logging
import tempfile
import time
from functools import partial

from django.conf import settings
from django.core.files import File
from django.db import transaction
from django.db.models import Q
from django.http import QueryDict
from django.utils import timezone

from partnerships.exports import Export, ExportError
from partnerships.models import ExportLog
from partnerships.services import export_log_create

from .models import ReportJob

logger = logging.getLogger(__name__)

# The worker writes its progress at most this often.
PROGRESS_SECONDS = 0.5
# What the Reports page sends besides the filters.
EXPORT_FIELDS = {"report", "language", "export_format", "delimiter"}


def report_job_request(*, user, export, data, delimiter, rows, source=ExportLog.Source.REPORTS_PAGE):
    """The job that makes ``export`` (filtered by the form ``data``, or limited to
    ``export.pks``) for ``user``: one with the same parameters that is still waiting, running
    or downloadable, or else a new one, queued once the transaction commits."""
    query = {name: data.getlist(name) for name in sorted(data) if name not in EXPORT_FIELDS}
    parameters = {
        "user": user,
        "report": export.report.key,
        "export_format": export.format,
        "language": export.language,
        "delimiter": delimiter,
        "source": source,
    }
    pks = None if export.pks is None else [str(pk) for pk in export.pks]
    now = timezone.now()
    same = ReportJob.objects.filter(**parameters).filter(
        Q(state__in=[ReportJob.State.QUEUED, ReportJob.State.RUNNING])
        | Q(state=ReportJob.State.READY, expires_at__gt=now)
    )
    for job in same:
        if job.query == query and job.pks == pks:
            return job
    job = ReportJob.objects.create(**parameters, query=query, pks=pks, rows_total=rows)
    transaction.on_commit(partial(_enqueue, job.pk))
    logger.info("Report job %s queued: %s, %s, %s, %s rows", job.pk, job.report, job.export_format, job.language, rows)
    return job


def _enqueue(job_id):
    from .tasks import build_report

    try:
        result = build_report.enqueue(job_id)
    except Exception:
        logger.exception("Report job %s could not be queued", job_id)
        ReportJob.objects.filter(pk=job_id).update(
            state=ReportJob.State.FAILED, error=ReportJob.Error.NOT_QUEUED, finished_at=timezone.now()
        )
        return
    ReportJob.objects.filter(pk=job_id).update(task_id=str(result.id))


def report_job_export(job):
    """The Export a job describes."""
    data = QueryDict(mutable=True)
    for name, values in job.query.items():
        data.setlist(name, values)
    return Export(
        job.report, language=job.language, fmt=job.export_format, data=data, delimiter=job.delimiter, pks=job.pks
    )


class _Progress:
    """Writes the rows done to the job, at most every PROGRESS_SECONDS, and always the last."""

    def __init__(self, job_id, total):
        self.job_id, self.total, self.written_at = job_id, total, 0.0

    def __call__(self, done):
        now = time.monotonic()
        if done < self.total and now - self.written_at < PROGRESS_SECONDS:
            return
        self.written_at = now
        ReportJob.objects.filter(pk=self.job_id).update(rows_done=min(done, self.total), updated_at=timezone.now())


def report_job_run(*, job_id):
    """Make a queued job's file (in the worker). A failure is logged and shown on the job's
    page; an unexpected one is raised again, so the task backend records it too."""
    report_files_expire()
    now = timezone.now()
    claimed = ReportJob.objects.filter(pk=job_id, state=ReportJob.State.QUEUED).update(
        state=ReportJob.State.RUNNING, started_at=now, updated_at=now
    )
    if not claimed:
        logger.warning("Report job %s is not waiting (deleted, or already run); nothing to do", job_id)
        return
    job = ReportJob.objects.select_related("user").get(pk=job_id)
    try:
        export = report_job_export(job)
        if not export.is_valid():
            _fail(job, ReportJob.Error.INVALID)
            return
        total = export.count()
        ReportJob.objects.filter(pk=job.pk).update(rows_total=total, rows_done=0)
        export.progress = _Progress(job.pk, total)
        with tempfile.TemporaryFile() as spool:
            for chunk in export.stream():
                spool.write(chunk)
            spool.seek(0)
            job.file.save(export.filename, File(spool), save=False)
    except ExportError as error:
        logger.warning("Report job %s refused: %s", job.pk, error)
        _fail(job, ReportJob.Error.TOO_LARGE if job.export_format == "pdf" else ReportJob.Error.INVALID)
        return
    except Exception:
        logger.exception("Report job %s failed", job.pk)
        _fail(job, ReportJob.Error.FAILED)
        raise
    finished = timezone.now()
    job.state = ReportJob.State.READY
    job.rows_total = job.rows_done = total
    job.filename = export.filename
    job.finished_at = job.updated_at = finished
    job.expires_at = finished + datetime.timedelta(hours=settings.REPORT_FILE_HOURS)
    job.save(
        update_fields=[
            "state",
            "rows_total",
            "rows_done",
            "file",
            "filename",
            "finished_at",
            "updated_at",
            "expires_at",
        ]
    )
    export_log_create(export=export, user=job.user, source=job.source, row_count=total)
    logger.info(
        "Report job %s ready: %s, %s, %s, %s rows in %.1f s",
        job.pk,
        job.report,
        job.export_format,
        job.language,
        total,
        (finished - job.started_at).total_seconds(),
    )


def _fail(job, error):
    ReportJob.objects.filter(pk=job.pk).update(
        state=ReportJob.State.FAILED, error=error, finished_at=timezone.now(), updated_at=timezone.now()
    )
    job.refresh_from_db()


def report_job_refresh(*, job, now=None):
    """The job as its owner should see it: an expired file deleted, a running job whose worker
    has been silent for REPORT_JOB_STALE_MINUTES failed."""
    now = now or timezone.now()
    if job.state == ReportJob.State.READY and job.expires_at <= now:
        _expire(job)
    elif job.state == ReportJob.State.RUNNING and job.updated_at < now - datetime.timedelta(
        minutes=settings.REPORT_JOB_STALE_MINUTES
    ):
        logger.error("Report job %s: the worker has said nothing since %s; marked failed", job.pk, job.updated_at)
        _fail(job, ReportJob.Error.LOST)
    return job


def report_files_expire(*, now=None):
    """Delete every file past its time; its job stays, marked expired. Returns how many."""
    expired = ReportJob.objects.filter(state=ReportJob.State.READY, expires_at__lte=now or timezone.now())
    count = 0
    for job in expired:
        _expire(job)
        count += 1
    return count


def _expire(job):
    if job.file:
        job.file.delete(save=False)
    job.state = ReportJob.State.EXPIRED
    job.save(update_fields=["state", "file"])
    logger.info("Report job %s: file expired and deleted", job.pk)
