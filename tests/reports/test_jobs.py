"""Reports made in the background: the threshold, the queue, the worker, progress, the
owner's download, expiry and failure, on the task backend the settings choose."""

import csv
import datetime
import io
import logging
import signal

import pytest
from django.contrib.auth.models import Permission, User
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.functional import empty
from django_tasks_db.models import DBTaskResult

from partnerships.exports import Export
from partnerships.models import ExportLog
from reports.models import ReportJob, reports_storage
from reports.services import report_job_refresh
from tests.html import page

pytestmark = pytest.mark.django_db

# The worker runs in the test's process and, between tasks, closes a connection left inside a
# transaction (as a request's end does): its tests commit for real.
WORKER = pytest.mark.django_db(transaction=True)
MILESTONES_CSV = {"report": "milestones", "language": "en", "export_format": "csv"}


@pytest.fixture(autouse=True)
def report_files(settings, tmp_path):
    """Report files in a folder of the test's own."""
    settings.STORAGES = {
        **settings.STORAGES,
        "reports": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "report-files"},
        },
    }
    reports_storage._wrapped = empty
    yield tmp_path / "report-files"
    reports_storage._wrapped = empty


def _official(username):
    user = User.objects.create_user(username, password="x", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="export_reports"))
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def official():
    return _official("official")


@pytest.fixture
def background(settings):
    """Every report with a row goes to the worker."""
    settings.REPORT_BACKGROUND_ROWS = 0


def run_worker():
    """The worker `make run` starts, until the queue is empty (its signal handlers undone)."""
    handlers = {number: signal.getsignal(number) for number in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
    try:
        call_command("task_worker", burst=True, verbosity=0)
    finally:
        for number, handler in handlers.items():
            signal.signal(number, handler)


def request_job(client, django_capture_on_commit_callbacks, **query):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(reverse("reports:download"), {**MILESTONES_CSV, **query})
    return response


@pytest.mark.parametrize(
    ("export_format", "threshold", "in_background"),
    [
        ("csv", 5, False),
        ("csv", 4, True),
        ("xlsx", 4, True),
        ("json", 5, False),
        ("pdf", 5, True),
        ("pdf", 20_000, True),
    ],
)
def test_every_pdf_and_any_report_above_the_threshold_goes_to_the_worker(
    official, site, settings, django_capture_on_commit_callbacks, export_format, threshold, in_background
):
    settings.REPORT_BACKGROUND_ROWS = threshold

    response = request_job(official, django_capture_on_commit_callbacks, export_format=export_format)

    assert Export("milestones", language="en", fmt="csv").count() == 5
    if in_background:
        job = ReportJob.objects.get()
        assert response.status_code == 302
        assert response["Location"] == f"/reports/jobs/{job.pk}/"
        assert (job.state, job.export_format, job.rows_total, job.user.username) == (
            "queued",
            export_format,
            5,
            "official",
        )
        assert DBTaskResult.objects.get().task_path == "reports.tasks.build_report"
        assert ExportLog.objects.count() == 0
    else:
        assert response.status_code == 200
        assert response.streaming
        assert ReportJob.objects.count() == 0
        assert ExportLog.objects.count() == 1


@pytest.mark.parametrize(
    ("language", "state", "leave"),
    [
        ("en", "Waiting for the worker", "You can leave this page"),
        ("bg", "Чака обработка", "Можете да напуснете страницата"),
    ],
)
def test_job_page_shows_a_waiting_job_with_its_progress(
    official, site, settings, background, django_capture_on_commit_callbacks, language, state, leave
):
    official.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = request_job(official, django_capture_on_commit_callbacks, export_format="pdf")

    job_page = official.get(response["Location"])

    html = page(job_page)
    assert job_page.status_code == 200
    assert f'<p role="status" aria-live="polite"><strong id="job-state">{state}</strong></p>' in html
    assert '<progress id="job-progress" max="5" value="0">0 %</progress>' in html
    assert leave in html
    assert '<script src="/static/report-job.js" defer></script>' in html
    assert '<noscript><meta http-equiv="refresh" content="5"></noscript>' in html
    assert job_page["Cache-Control"] == "max-age=0, no-cache, no-store, must-revalidate, private"


def test_job_page_and_status_show_the_rows_done_while_the_worker_runs(official, site):
    owner = User.objects.get(username="official")
    job = ReportJob.objects.create(
        user=owner, report="milestones", export_format="xlsx", language="en", state="running", rows_done=2, rows_total=5
    )
    official.cookies["django_language"] = "en"

    html = page(official.get(reverse("reports:job", args=[job.pk])))
    status = official.get(reverse("reports:job-status", args=[job.pk]))

    assert '<progress id="job-progress" max="5" value="2">40 %</progress>' in html
    assert '<span id="job-rows-done">2</span> of <span id="job-rows-total">5</span> rows' in html
    assert status.json() == {
        "state": "running",
        "state_label": "Being prepared",
        "rows_done": 2,
        "rows_total": 5,
        "percent": 40,
    }


def test_asking_twice_for_the_same_report_gives_the_same_job(
    official, site, background, django_capture_on_commit_callbacks
):
    first = request_job(official, django_capture_on_commit_callbacks, status="done", delimiter="semicolon")
    second = request_job(official, django_capture_on_commit_callbacks, status="done", delimiter="semicolon")
    other = request_job(official, django_capture_on_commit_callbacks, status="planned", delimiter="semicolon")

    assert first["Location"] == second["Location"] != other["Location"]
    assert ReportJob.objects.count() == DBTaskResult.objects.count() == 2


@WORKER
def test_worker_makes_the_file_which_its_owner_downloads_and_the_log_records(
    official, site, background, django_capture_on_commit_callbacks, report_files
):
    official.cookies["django_language"] = "en"
    response = request_job(official, django_capture_on_commit_callbacks, visibility="internal", delimiter="semicolon")
    job = ReportJob.objects.get()

    run_worker()

    job.refresh_from_db()
    assert (job.state, job.rows_done, job.rows_total, job.error) == ("ready", 1, 1, "")
    assert job.filename.startswith("iurc-milestones-en-") and job.filename.endswith(".csv")
    assert (report_files / job.file.name).is_file()
    assert job.expires_at == job.finished_at + datetime.timedelta(hours=24)
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
    log = ExportLog.objects.get()
    assert (log.user.username, log.source, log.report, log.export_format, log.language, log.filters, log.row_count) == (
        "official",
        "reports_page",
        "milestones",
        "csv",
        "en",
        {"visibility": "internal"},
        1,
    )
    html = page(official.get(response["Location"]))
    assert f'<a class="button" href="/reports/jobs/{job.pk}/file/" download>Download {job.filename}</a>' in html
    download = official.get(reverse("reports:job-file", args=[job.pk]))
    assert download.status_code == 200
    assert download["Content-Disposition"] == f'attachment; filename="{job.filename}"'
    assert download["Content-Type"] == "text/csv; charset=utf-8"
    assert download["X-Content-Type-Options"] == "nosniff"
    assert download["Cache-Control"] == "max-age=0, no-cache, no-store, must-revalidate, private"
    rows = list(csv.reader(io.StringIO(b"".join(download.streaming_content)[3:].decode()), delimiter=";"))
    assert [row[2] for row in rows] == ["Milestone", "Internal briefing"]


@WORKER
def test_reports_page_lists_the_owners_jobs_only(official, site, background, django_capture_on_commit_callbacks):
    request_job(official, django_capture_on_commit_callbacks)
    run_worker()
    job = ReportJob.objects.get()
    colleague = _official("colleague")
    official.cookies["django_language"] = colleague.cookies["django_language"] = "en"

    own = page(official.get(reverse("reports:index")))
    theirs = page(colleague.get(reverse("reports:index")))

    assert "<caption>Your background reports</caption>" in own
    assert f'<a href="/reports/jobs/{job.pk}/file/" download>Download {job.filename}</a>' in own
    assert "<caption>Your background reports</caption>" not in theirs


@pytest.mark.parametrize("url", ["reports:job", "reports:job-status", "reports:job-file"])
@WORKER
def test_nobody_else_sees_or_downloads_a_job(
    official, admin_client, site, background, url, django_capture_on_commit_callbacks
):
    request_job(official, django_capture_on_commit_callbacks)
    run_worker()
    job = ReportJob.objects.get()
    colleague = _official("colleague")

    assert colleague.get(reverse(url, args=[job.pk])).status_code == 404
    assert admin_client.get(reverse(url, args=[job.pk])).status_code == 404
    assert Client().get(reverse(url, args=[job.pk])).status_code == 302  # to the sign-in page
    own = official.get(reverse(url, args=[job.pk]))
    own.close()
    assert own.status_code == 200


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("en", "This report's file expired on"),
        ("bg", "Файлът на този отчет изтече на"),
    ],
)
@WORKER
def test_an_expired_file_is_deleted_and_explained(
    official, site, settings, background, django_capture_on_commit_callbacks, report_files, language, message
):
    request_job(official, django_capture_on_commit_callbacks)
    run_worker()
    job = ReportJob.objects.get()
    stored = report_files / job.file.name
    ReportJob.objects.filter(pk=job.pk).update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    official.cookies[settings.LANGUAGE_COOKIE_NAME] = language

    download = official.get(reverse("reports:job-file", args=[job.pk]))
    job_page = official.get(download["Location"])

    assert download.status_code == 302
    assert download["Location"] == f"/reports/jobs/{job.pk}/"
    assert message in page(job_page)
    assert not stored.exists()
    job.refresh_from_db()
    assert (job.state, job.file.name) == ("expired", "")


@WORKER
def test_expired_files_are_deleted_when_the_worker_runs_the_next_job(
    official, site, background, django_capture_on_commit_callbacks, report_files
):
    request_job(official, django_capture_on_commit_callbacks, status="done")
    run_worker()
    old = ReportJob.objects.get()
    ReportJob.objects.filter(pk=old.pk).update(expires_at=timezone.now() - datetime.timedelta(seconds=1))

    request_job(official, django_capture_on_commit_callbacks, status="planned")
    run_worker()

    old.refresh_from_db()
    assert old.state == "expired"
    assert not (report_files / old.file.name).exists() if old.file else True
    assert [path.name for path in report_files.rglob("*.csv")] == [ReportJob.objects.get(state="ready").filename]


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("en", "The report could not be prepared because of an error, which has been logged. Try again."),
        ("bg", "Отчетът не можа да бъде изготвен поради грешка, която е записана. Опитайте отново."),
    ],
)
@WORKER
def test_a_failed_job_shows_a_clear_error_and_is_logged(
    official, site, settings, background, django_capture_on_commit_callbacks, tmp_path, caplog, language, message
):
    # The storage's folder is a file: the worker cannot save the report.
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("")
    settings.STORAGES = {
        **settings.STORAGES,
        "reports": {**settings.STORAGES["reports"], "OPTIONS": {"location": blocked}},
    }
    reports_storage._wrapped = empty
    official.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = request_job(official, django_capture_on_commit_callbacks)

    with caplog.at_level(logging.ERROR, logger="reports"):
        run_worker()

    job_page = official.get(response["Location"])
    job = ReportJob.objects.get()
    assert job_page.status_code == 200
    assert f'<p class="errornote" role="alert">{message}</p>' in page(job_page)
    assert (job.state, job.error) == ("failed", "failed")
    assert f"Report job {job.pk} failed" in caplog.text
    assert DBTaskResult.objects.get().status == "FAILED"
    assert ExportLog.objects.count() == 0
    assert official.get(reverse("reports:job-file", args=[job.pk])).status_code == 302


def test_a_running_job_whose_worker_went_silent_is_shown_failed(site, settings):
    owner = User.objects.create_user("owner", is_staff=True)
    job = ReportJob.objects.create(
        user=owner, report="milestones", export_format="pdf", language="en", state="running", rows_total=5
    )
    stale = timezone.now() + datetime.timedelta(minutes=settings.REPORT_JOB_STALE_MINUTES + 1)

    report_job_refresh(job=job, now=stale)

    assert (job.state, job.error) == ("failed", "lost")
    with translation.override("en"):
        assert str(job.get_error_display()) == "The worker stopped while preparing the report. Try again."


@WORKER
def test_a_job_whose_pdf_grew_too_large_fails_with_advice(
    official, site, background, django_capture_on_commit_callbacks
):
    from partnerships.exports import engine

    request_job(official, django_capture_on_commit_callbacks, export_format="pdf")
    limit, engine.PDF_MAX_ROWS = engine.PDF_MAX_ROWS, 4
    try:
        run_worker()
    finally:
        engine.PDF_MAX_ROWS = limit

    job = ReportJob.objects.get()
    assert (job.state, job.error) == ("failed", "too_large")
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"


@pytest.mark.parametrize("export_format", ["csv", "json", "xlsx"])
def test_exports_report_their_progress_up_to_every_row(site, export_format):
    export = Export("milestones", language="en", fmt=export_format)
    reported = []
    export.progress = reported.append

    b"".join(export.stream())

    assert reported[-1] == 5
    assert reported == sorted(reported)


@WORKER
def test_worker_makes_a_pdf(official, site, background, django_capture_on_commit_callbacks, pdf_engine):
    import pypdf

    request_job(official, django_capture_on_commit_callbacks, export_format="pdf", language="bg")
    run_worker()

    job = ReportJob.objects.get()
    download = official.get(reverse("reports:job-file", args=[job.pk]))
    data = b"".join(download.streaming_content)
    assert (job.state, job.rows_done) == ("ready", 5)
    assert download["Content-Type"] == "application/pdf"
    assert data.startswith(b"%PDF-")
    text = "".join(part.extract_text() for part in pypdf.PdfReader(io.BytesIO(data)).pages)
    assert "Вътрешна среща" in text


def test_an_admin_pdf_of_the_selected_rows_is_made_in_the_background(
    admin_client, site, django_capture_on_commit_callbacks
):
    chosen = sorted([site["milestones"]["done"].pk, site["milestones"]["upcoming"].pk])

    action = admin_client.post(
        reverse("admin:partnerships_milestone_changelist"), {"action": "export_pdf", "_selected_action": chosen}
    )
    with django_capture_on_commit_callbacks(execute=True):
        queued = admin_client.get(action["Location"])
    again = admin_client.get(action["Location"])

    job = ReportJob.objects.get()
    assert (action.status_code, action["Location"]) == (302, "/reports/selection/")
    assert queued["Location"] == f"/reports/jobs/{job.pk}/"
    assert again["Location"] == "/reports/"  # the selection is queued once
    assert (job.source, job.export_format, job.pks, job.rows_total) == (
        "admin_action",
        "pdf",
        [str(pk) for pk in chosen],
        2,
    )
    assert DBTaskResult.objects.count() == 1


@WORKER
def test_an_admin_selection_job_logs_its_selection(admin_client, site, settings, django_capture_on_commit_callbacks):
    settings.REPORT_BACKGROUND_ROWS = 1
    chosen = sorted([site["milestones"]["done"].pk, site["milestones"]["upcoming"].pk])
    action = admin_client.post(
        reverse("admin:partnerships_milestone_changelist"), {"action": "export_csv", "_selected_action": chosen}
    )
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.get(action["Location"])

    run_worker()

    job = ReportJob.objects.get()
    log = ExportLog.objects.get()
    assert (job.state, job.rows_done) == ("ready", 2)
    assert (log.source, log.export_format, log.filters, log.row_count) == (
        "admin_action",
        "csv",
        {"selected": [str(pk) for pk in chosen]},
        2,
    )


@pytest.mark.parametrize(
    ("language", "title", "state"),
    [("en", "Select background report to view", "Ready"), ("bg", "Избери фонов отчет за преглед", "Готов")],
)
@WORKER
def test_admin_lists_background_reports_read_only_in_both_languages(
    admin_in, site, background, django_capture_on_commit_callbacks, language, title, state
):
    client = admin_in(language)
    request_job(client, django_capture_on_commit_callbacks)
    run_worker()
    job = ReportJob.objects.get()

    changelist = page(client.get(reverse("admin:reports_reportjob_changelist")))
    change = client.get(reverse("admin:reports_reportjob_change", args=[job.pk]))

    assert f"<h1>{title}</h1>" in changelist
    assert f'<td class="field-state">{state}</td>' in changelist
    assert change.status_code == 200
    assert 'name="_save"' not in page(change)
    assert client.get("/admin/django_tasks_db/dbtaskresult/").status_code == 404
