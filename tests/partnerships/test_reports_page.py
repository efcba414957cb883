import csv
import io

import openpyxl
import pytest
from django.contrib.auth.models import Permission, User
from django.urls import reverse

from partnerships.models import DownloadCount, ExportLog, Milestone, Partnership
from tests.html import page

pytestmark = pytest.mark.django_db


@pytest.fixture
def official(client):
    user = User.objects.create_user("official", password="x", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="export_reports"))
    client.force_login(user)
    return client


@pytest.fixture
def editor(client):
    user = User.objects.create_user("editor", password="x", is_staff=True)
    user.user_permissions.add(*Permission.objects.filter(codename__in=["view_milestone", "view_partnership"]))
    client.force_login(user)
    return client


@pytest.mark.parametrize("url", ["reports:index", "reports:download"])
def test_reports_refuse_anonymous_visitors(client, site, url):
    response = client.get(reverse(url))

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/?next=/reports/")
    assert ExportLog.objects.count() == 0


@pytest.mark.parametrize("url", ["reports:index", "reports:download"])
def test_reports_refuse_staff_without_the_export_permission(editor, site, url):
    response = editor.get(reverse(url), {"report": "milestones", "export_format": "csv"})

    assert response.status_code == 403
    assert ExportLog.objects.count() == 0


@pytest.mark.parametrize(("language", "heading"), [("en", "Reports"), ("bg", "Отчети")])
def test_reports_page_previews_the_first_rows_in_the_staff_language(official, site, settings, language, heading):
    official.cookies[settings.LANGUAGE_COOKIE_NAME] = language

    response = official.get(reverse("reports:index"), {"report": "milestones", "language": "en", "status": "done"})

    html = page(response)
    assert response.status_code == 200
    assert f"<h1>{heading}</h1>" in html
    assert response.context["headings"][:3] == ["Partnership", "Partner city", "Milestone"]
    assert [row[2] for row in response.context["preview"]] == ["Kick-off meeting"]
    assert response.context["row_count"] == 1


def test_reports_page_shows_a_wrong_filter_next_to_it(official, site, settings):
    official.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    response = official.get(reverse("reports:index"), {"report": "portfolio", "year": "abc"})

    assert response.status_code == 400
    assert '<ul class="errorlist" id="id_year_error"><li>Enter a whole number.</li></ul>' in page(response)


def test_reports_download_streams_the_file_names_it_and_logs_it(official, site):
    response = official.get(
        reverse("reports:download"),
        {
            "report": "milestones",
            "language": "bg",
            "export_format": "csv",
            "delimiter": "semicolon",
            "visibility": "internal",
        },
    )

    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Disposition"].startswith('attachment; filename="iurc-milestones-bg-')
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content)[3:].decode()), delimiter=";"))
    assert [row[2] for row in rows[1:]] == ["Вътрешна среща"]
    log = ExportLog.objects.get()
    assert (log.user.username, log.source, log.report, log.export_format, log.language, log.filters, log.row_count) == (
        "official",
        "reports_page",
        "milestones",
        "csv",
        "bg",
        {"visibility": "internal"},
        1,
    )


def test_reports_download_of_a_too_large_pdf_explains_and_logs_nothing(official, site, settings):
    from partnerships.exports import engine

    official.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    limit, engine.PDF_MAX_ROWS = engine.PDF_MAX_ROWS, 1
    try:
        response = official.get(
            reverse("reports:download"), {"report": "milestones", "export_format": "pdf", "language": "en"}
        )
    finally:
        engine.PDF_MAX_ROWS = limit

    assert response.status_code == 400
    assert "more than a PDF can hold (1). Narrow the filters, or download it as XLSX." in page(response)
    assert ExportLog.objects.count() == 0


def test_admin_action_exports_the_selected_rows(admin_client, site, tmp_path):
    chosen = [site["milestones"]["done"], site["milestones"]["upcoming"]]

    response = admin_client.post(
        reverse("admin:partnerships_milestone_changelist"),
        {"action": "export_xlsx", "_selected_action": [m.pk for m in chosen]},
    )

    path = tmp_path / "selected.xlsx"
    path.write_bytes(b"".join(response.streaming_content))
    sheet = openpyxl.load_workbook(path).worksheets[1]
    assert sorted(row[2] for row in sheet.iter_rows(min_row=2, values_only=True)) == sorted(m.title_bg for m in chosen)
    assert ExportLog.objects.get().source == "admin_action"


def test_admin_export_actions_hidden_without_the_permission(client, site):
    user = User.objects.create_user("viewer", password="x", is_staff=True)
    user.user_permissions.add(*Permission.objects.filter(codename__in=["view_milestone", "delete_milestone"]))
    client.force_login(user)

    response = client.get(reverse("admin:partnerships_milestone_changelist"))
    refused = client.post(
        reverse("admin:partnerships_milestone_changelist"),
        {"action": "export_csv", "_selected_action": [site["milestones"]["done"].pk]},
    )

    assert [name for name, _label in response.context["action_form"].fields["action"].choices] == [
        "",
        "delete_selected",
    ]
    assert not getattr(refused, "streaming", False)
    assert ExportLog.objects.count() == 0


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_public_list_downloads_what_the_list_shows(client, site, fmt):
    response = client.get("/en/milestones/download." + fmt, {"when": "all"})

    data = b"".join(response.streaming_content).decode()
    assert response.status_code == 200
    for shown in ("Kick-off meeting", "Study visit", "Framework agreement"):
        assert shown in data
    for hidden in ("Internal briefing", "Secret milestone"):
        assert hidden not in data
    assert not ExportLog.objects.exists()
    assert list(DownloadCount.objects.values_list("report", "export_format", "language", "count")) == [
        ("milestones", fmt, "en", 1)
    ]


def test_public_list_page_links_its_downloads_with_its_filters(client, site):
    html = page(client.get("/en/partnerships/", {"status": "active"}))

    assert '<a href="/en/partnerships/download.csv?status=active" download>' in html
    assert '<a href="/en/partnerships/download.json?status=active" download>' in html


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/en/partnerships/download.xlsx", 404),
        ("/en/partnerships/download.csv?year=abc", 400),
        ("/milestones/download.json?kind=%00", 400),
    ],
)
def test_public_download_bad_input_is_a_clear_error(client, site, url, status):
    response = client.get(url)

    assert response.status_code == status


def test_public_partnership_download_has_only_published(client, site):
    data = b"".join(client.get("/partnerships/download.csv").streaming_content).decode()

    assert "Чернова сделка" not in data
    assert Partnership.objects.published().count() == len(data.strip().splitlines()) - 1
    assert Milestone.objects.exists()


def test_admin_links_the_reports_page_for_officials_only(official, site, client):
    html = page(official.get(reverse("admin:index")))
    official.logout()
    editor_user = User.objects.create_user("plain-editor", password="x", is_staff=True)
    client.force_login(editor_user)
    editor_html = page(client.get(reverse("admin:index")))

    assert '<a href="/reports/">' in html
    assert '<a href="/reports/">' not in editor_html


@pytest.mark.parametrize(("language", "shown"), [("bg", "30.09.2021 г."), ("en", "30/09/2021")])
def test_reports_preview_shows_dates_as_the_report_s_language_writes_them(official, site, settings, language, shown):
    official.cookies[settings.LANGUAGE_COOKIE_NAME] = "bg"

    response = official.get(reverse("reports:index"), {"report": "milestones", "language": language, "status": "done"})

    assert f'<td class="date">{shown}</td>' in page(response)


@pytest.mark.parametrize(("language", "texts"), [("bg", ("Начало", "Отчети")), ("en", ("Home", "Reports"))])
def test_reports_page_has_admin_breadcrumbs_a_skip_link_to_its_form_and_aligned_fields(
    official, site, settings, language, texts
):
    official.cookies[settings.LANGUAGE_COOKIE_NAME] = language

    html = page(official.get(reverse("reports:index"), {"report": "portfolio"}))

    home, reports = texts
    assert (
        f'<ol class="breadcrumbs"><li><a href="/admin/">{home}</a></li><li aria-current="page">{reports}</li></ol>'
        in html
    )
    assert html.index('href="#report-form"') < html.index('id="nav-sidebar"') < html.index('id="report-form"')
    start = html.index('id="report-form"')
    form = html[start : html.index("</form>", start)]
    assert form.count('<div class="flex-container">') == form.count("<label for=") == 12


@pytest.mark.parametrize("query", ["sort=progress", "country=KR", "sort=progress&country=KR&year=2021"])
def test_public_download_accepts_every_filter_the_list_offers(client, site, query):
    listed = client.get(f"/en/partnerships/?{query}")
    response = client.get(f"/en/partnerships/download.csv?{query}")

    rows = b"".join(response.streaming_content).decode().strip().splitlines()
    assert (listed.status_code, response.status_code) == (200, 200)
    assert len(rows) - 1 == listed.context["page"].paginator.count


@pytest.mark.parametrize("report", ["portfolio", "partnerships", "participants"])
def test_reports_page_sorts_by_progress(official, site, report):
    response = official.get(reverse("reports:index"), {"report": report, "sort": "progress"})

    assert response.status_code == 200


def test_public_downloads_are_counted_per_day_report_format_and_language(client, site):
    for path in ["/en/milestones/download.csv"] * 3 + ["/milestones/download.csv", "/en/partnerships/download.json"]:
        assert client.get(path).status_code == 200

    assert sorted(DownloadCount.objects.values_list("report", "export_format", "language", "count")) == [
        ("milestones", "csv", "bg", 1),
        ("milestones", "csv", "en", 3),
        ("partnerships", "json", "en", 1),
    ]
    assert not ExportLog.objects.exists()


def test_a_large_admin_selection_is_logged_by_its_size_not_its_ids(admin_in, site):
    from partnerships.models import Milestone
    from tests.factories import make_milestone

    for _ in range(101):
        make_milestone(partnership=site["published"])
    ids = [str(pk) for pk in Milestone.objects.values_list("pk", flat=True)]

    admin_in("en").post(
        reverse("admin:partnerships_milestone_changelist"),
        {"action": "export_csv", "_selected_action": ids, "select_across": "1", "index": "0"},
    )

    assert ExportLog.objects.get().filters == {"selected": str(len(ids))}


@pytest.mark.parametrize("url", ["reports:index", "reports:download"])
def test_filters_left_from_another_report_are_refused_not_dropped(official, site, settings, url):
    settings.LANGUAGE_CODE = "en"
    official.cookies["django_language"] = "en"
    # The milestones report's "when" and "kind", sent after switching to the portfolio.
    response = official.get(
        reverse(url), {"report": "portfolio", "export_format": "csv", "when": "done", "kind": "meeting"}
    )

    assert response.status_code == 400
    assert "These filters belong to another report and were not used: Kind, Show." in page(response)
    assert not ExportLog.objects.exists()


def test_the_report_s_own_filters_download(official, site):
    response = official.get(
        reverse("reports:download"), {"report": "milestones", "export_format": "csv", "when": "done"}
    )
    assert response.status_code == 200


@pytest.mark.parametrize(("language", "separator"), [("bg", ";"), ("en", ",")])
def test_a_csv_is_separated_as_excel_in_its_language_reads_it(official, site, language, separator):
    response = official.get(
        reverse("reports:download"), {"report": "milestones", "export_format": "csv", "language": language}
    )

    content = b"".join(response.streaming_content)
    assert content.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs for UTF-8
    header = content[3:].decode().splitlines()[0]
    assert header.count(separator) >= 5


def test_open_data_says_its_csv_is_rfc_4180(client, site):
    assert "The CSV is RFC 4180: comma-separated, UTF-8, with a header row." in page(client.get("/en/milestones/"))
