import csv
import datetime
import io
import json
import re

import openpyxl
import pypdf
import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone, translation

from partnerships.exports import REPORTS, Export, ExportError
from partnerships.models import ExportLog, Milestone, Partnership
from tests.factories import make_document, make_milestone, make_organisation, make_participation, make_partnership

pytestmark = pytest.mark.django_db

MILESTONE_HEADINGS = {
    "en": [
        "Partnership",
        "Partner city",
        "Milestone",
        "Kind",
        "Status",
        "Thematic area",
        "Due date",
        "Completion date",
        "Public",
        "Publication",
    ],
    "bg": [
        "Партньорство",
        "Град партньор",
        "Етап",
        "Вид",
        "Статус",
        "Тематична област",
        "Срок",
        "Дата на изпълнение",
        "Публичен",
        "Публикуване",
    ],
}


def _bytes(export):
    return b"".join(export.stream())


def _csv(data, delimiter=","):
    assert data.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(data[3:].decode()), delimiter=delimiter))


@pytest.mark.parametrize("language", ["bg", "en"])
def test_milestones_csv_has_translated_headings_labels_and_every_row(site, language):
    rows = _csv(_bytes(Export("milestones", language=language, fmt="csv")))

    assert rows[0] == MILESTONE_HEADINGS[language]
    assert len(rows) == 1 + Milestone.objects.count()
    kickoff = next(row for row in rows if row[2] in ("Kick-off meeting", "Начална среща"))
    assert (
        kickoff
        == {
            "en": [
                "Sofia – Seoul",
                "Seoul",
                "Kick-off meeting",
                "kick-off",
                "done",
                "Innovation",
                "2021-09-30",
                "2021-09-30",
                "yes",
                "published",
            ],
            "bg": [
                "София – Сеул",
                "Сеул",
                "Начална среща",
                "начална среща",
                "изпълнен",
                "Иновации",
                "2021-09-30",
                "2021-09-30",
                "да",
                "публикувано",
            ],
        }[language]
    )


def test_csv_semicolon_variant_for_bulgarian_excel(site):
    rows = _csv(_bytes(Export("portfolio", language="bg", fmt="csv", delimiter="semicolon")), delimiter=";")

    assert rows[0][:5] == ["Партньорство", "Град партньор", "Държава партньор", "Компонент на програмата", "Статус"]
    assert sorted(row[0] for row in rows[1:]) == ["София – Китай", "София – Сеул", "Чернова сделка"]


def test_english_export_falls_back_to_bulgarian_text(site):
    rows = _csv(_bytes(Export("partnerships", language="en", fmt="csv")))

    assert "София – Китай" in [row[1] for row in rows]


@pytest.mark.parametrize("language", ["bg", "en"])
def test_milestones_xlsx_has_summary_sheet_native_dates_frozen_header_and_filter(site, language, tmp_path):
    path = tmp_path / "m.xlsx"
    path.write_bytes(_bytes(Export("milestones", language=language, fmt="xlsx")))

    workbook = openpyxl.load_workbook(path)
    summary, data = workbook.worksheets
    assert [summary.title, data.title] == {"en": ["Summary", "Milestones"], "bg": ["Обобщение", "Етапи"]}[language]
    assert [cell.value for cell in data[1]] == MILESTONE_HEADINGS[language]
    assert data.freeze_panes == "A2"
    assert data.auto_filter.ref == f"A1:J{1 + Milestone.objects.count()}"
    assert data.max_row == 1 + Milestone.objects.count()
    kickoff = next(
        row for row in data.iter_rows(min_row=2, values_only=True) if row[2] in ("Kick-off meeting", "Начална среща")
    )
    assert [value.date() for value in kickoff[6:8]] == [datetime.date(2021, 9, 30), datetime.date(2021, 9, 30)]
    assert data.column_dimensions["C"].width == 40
    labels = {row[0]: row[1] for row in summary.iter_rows(min_row=2, values_only=True)}
    assert labels[{"en": "Milestones", "bg": "Етапи"}[language]] == Milestone.objects.count()
    assert workbook.properties.language == language
    assert workbook.properties.title == {"en": "Milestones – Sofia in IURC", "bg": "Етапи – София в IURC"}[language]


def test_portfolio_xlsx_has_numbers_as_numbers(site, tmp_path):
    path = tmp_path / "p.xlsx"
    path.write_bytes(_bytes(Export("portfolio", language="en", fmt="xlsx")))

    data = openpyxl.load_workbook(path).worksheets[1]
    headings = [cell.value for cell in data[1]]
    seoul = next(row for row in data.iter_rows(min_row=2, values_only=True) if row[0] == "Sofia – Seoul")
    counts = {
        heading: seoul[headings.index(heading)]
        for heading in ("Milestones done", "Milestones in all", "Overdue milestones")
    }
    assert counts == {"Milestones done": 1, "Milestones in all": 4, "Overdue milestones": 1}
    assert seoul[headings.index("Next milestone")] == "Internal briefing"
    assert seoul[headings.index("Thematic areas")] == "Innovation; Mobility"


@pytest.mark.parametrize("language", ["bg", "en"])
def test_portfolio_pdf_is_tagged_landscape_a4_with_summary_progress_and_scripts(site, language, tmp_path, cjk_fonts):
    make_partnership(
        title_bg="София – 上海",
        title_en="Sofia – 上海",
        partner_country="CN",
        publication="published",
        partner_city=None,
    )
    make_milestone(partnership=site["published"], title_bg="서울 방문", title_en="서울 방문")
    path = tmp_path / "p.pdf"
    path.write_bytes(_bytes(Export("portfolio", language=language, fmt="pdf")))

    reader = pypdf.PdfReader(path)
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert (reader.pages[0].mediabox.width, reader.pages[0].mediabox.height) == (
        pytest.approx(841.89, abs=1),
        pytest.approx(595.28, abs=1),
    )
    assert reader.trailer["/Root"]["/Lang"] == language
    assert bool(reader.trailer["/Root"]["/MarkInfo"]["/Marked"])
    assert (
        reader.metadata.title
        == {"en": "Portfolio overview – Sofia in IURC", "bg": "Обзор на портфолиото – София в IURC"}[language]
    )
    expected = {
        "en": [
            "Portfolio overview",
            "Language",
            "English",
            "Summary",
            "Milestones done of all milestones",
            "Sofia – Seoul",
        ],
        "bg": [
            "Обзор на портфолиото",
            "Език",
            "български",
            "Обобщение",
            "Изпълнени етапи от всички етапи",
            "София – Сеул",
        ],
    }[language]
    assert [phrase for phrase in expected if phrase not in text] == []
    assert "上海" in text
    assert "София – Китай" in text
    fonts = {str(font) for page in reader.pages for font in page["/Resources"]["/Font"].values()}
    assert fonts


def test_pdf_above_the_row_limit_points_to_xlsx(site, settings):
    from partnerships.exports import engine

    limit = engine.PDF_MAX_ROWS
    engine.PDF_MAX_ROWS = 2
    try:
        with (
            translation.override("en"),
            pytest.raises(
                ExportError,
                match=re.escape("more than a PDF can hold (2). Narrow the filters, or download it as XLSX."),
            ),
        ):
            Export("milestones", language="en", fmt="pdf").stream()
    finally:
        engine.PDF_MAX_ROWS = limit


def test_json_has_stable_keys_iso_dates_and_both_languages(site):
    document = json.loads(_bytes(Export("milestones", language="en", fmt="json", public=True)))

    assert document["report"] == "milestones"
    assert document["columns"] == [
        "partnership_bg",
        "partnership_en",
        "partner_city_bg",
        "partner_city_en",
        "title_bg",
        "title_en",
        "kind",
        "status",
        "thematic_area_bg",
        "thematic_area_en",
        "due_date",
        "completed_on",
        "is_public",
    ]
    kickoff = next(row for row in document["rows"] if row["title_en"] == "Kick-off meeting")
    assert kickoff == {
        "partnership_bg": "София – Сеул",
        "partnership_en": "Sofia – Seoul",
        "partner_city_bg": "Сеул",
        "partner_city_en": "Seoul",
        "title_bg": "Начална среща",
        "title_en": "Kick-off meeting",
        "kind": "kick_off",
        "status": "done",
        "thematic_area_bg": "Иновации",
        "thematic_area_en": "Innovation",
        "due_date": "2021-09-30",
        "completed_on": "2021-09-30",
        "is_public": True,
    }


DANGEROUS = ['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)", "\tTab", "\rReturn"]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_formula_cells_are_neutralised(site, fmt, tmp_path):
    for title in DANGEROUS:
        make_milestone(partnership=site["published"], title_bg=title, title_en=title)

    data = _bytes(Export("milestones", language="en", fmt=fmt))
    if fmt == "csv":
        titles = [row[2] for row in _csv(data)[1:]]
    else:
        path = tmp_path / "f.xlsx"
        path.write_bytes(data)
        titles = [row[2] for row in openpyxl.load_workbook(path).worksheets[1].iter_rows(min_row=2, values_only=True)]

    assert sorted(t for t in titles if t.startswith("'")) == sorted("'" + t for t in DANGEROUS)
    assert [t for t in titles if t[:1] in ("=", "+", "-", "@", "\t", "\r")] == []


@pytest.mark.parametrize("fmt", ["csv", "json"])
@pytest.mark.parametrize(
    "report", ["milestones", "partnerships", "portfolio", "deadlines", "participants", "documents"]
)
def test_public_export_has_no_draft_and_no_internal_milestone(site, report, fmt):
    _leaky_documents(site)
    data = _bytes(Export(report, language="en", fmt=fmt, public=True)).decode()

    for secret in (
        "Draft deal",
        "Чернова сделка",
        "Internal briefing",
        "Secret milestone",
        "Hidden Company",
        "Secret City",
        "Internal notes",
        "Draft notes",
        "Notes of a secret milestone",
    ):
        assert secret not in data


def _leaky_documents(site):
    """Documents the public must not see, beside one it may: internal, draft, and one of an
    internal milestone of the published partnership."""
    partnership = site["published"]
    make_document(partnership=partnership, title_en="Minutes of the kick-off", language="en")
    make_document(partnership=partnership, title_en="Internal notes", is_public=False)
    make_document(partnership=partnership, title_en="Draft notes", publication="draft")
    secret = Milestone.objects.get(title_en="Internal briefing")
    make_document(partnership=partnership, milestone=secret, title_en="Notes of a secret milestone")


@pytest.mark.parametrize(
    ("public", "expected"),
    [
        (
            True,
            [["Sofia – Seoul", "", "Minutes of the kick-off", "minutes", "English", "2021-09-30", "application/pdf"]],
        ),
        (
            False,
            [
                ["Sofia – Seoul", "", "Minutes of the kick-off", "minutes", "English", "2021-09-30", "application/pdf"],
                ["Sofia – Seoul", "", "Internal notes", "minutes", "Bulgarian", "2021-09-30", "application/pdf"],
                ["Sofia – Seoul", "", "Draft notes", "minutes", "Bulgarian", "2021-09-30", "application/pdf"],
                [
                    "Sofia – Seoul",
                    "Internal briefing",
                    "Notes of a secret milestone",
                    "minutes",
                    "Bulgarian",
                    "2021-09-30",
                    "application/pdf",
                ],
            ],
        ),
    ],
)
def test_documents_report_lists_what_its_reader_may_see(site, public, expected):
    _leaky_documents(site)

    rows = _csv(_bytes(Export("documents", language="en", fmt="csv", public=public)))

    assert rows[0][:8] == [
        "Partnership",
        "Milestone",
        "Document",
        "Kind",
        "Language",
        "Date",
        "File type",
        "Size in bytes",
    ]
    assert sorted(row[:7] for row in rows[1:]) == sorted(expected)


def test_staff_export_filters_internal_and_drafts(site):
    internal = _csv(_bytes(Export("milestones", language="en", fmt="csv", data={"visibility": "internal"})))
    drafts = _csv(_bytes(Export("milestones", language="en", fmt="csv", data={"publication": "draft"})))

    assert [row[2] for row in internal[1:]] == ["Internal briefing"]
    assert [row[2] for row in drafts[1:]] == ["Secret milestone"]


def test_deadlines_report_lists_overdue_and_next_90_days_most_urgent_first(site):
    today = datetime.date(2099, 3, 1)
    rows = _csv(_bytes(Export("deadlines", language="en", fmt="csv", today=today)))

    assert [row[0] for row in rows] == ["State", "overdue", "overdue", "overdue", "upcoming"]
    assert [row[3] for row in rows[1:]] == [
        "Framework agreement",
        "Internal briefing",
        "Secret milestone",
        "Study visit",
    ]


def test_participants_report_groups_by_helix(site):
    rows = _csv(_bytes(Export("participants", language="en", fmt="csv", public=True)))

    assert rows == [
        ["Helix type", "Organisation", "City", "Country", "Partnership", "Role"],
        ["public authority", "Sofia Municipality", "Sofia", "Bulgaria", "Sofia – Seoul", "partner"],
        ["research and academia", "University", "Seoul", "South Korea", "Sofia – Seoul", "partner"],
    ]


def _grow(site, count):
    for _n in range(count):
        partnership = make_partnership(publication=Partnership.Publication.PUBLISHED, areas=[site["innovation"]])
        make_participation(partnership=partnership, organisation=make_organisation())
        for _m in range(3):
            make_milestone(
                partnership=partnership, thematic_area=site["innovation"], due_date=datetime.date(2099, 1, 1)
            )


# What each export costs, literal: the same at 1 and at 3 more partnerships.
# CSV and JSON: the rows (and the filter's country choices for partnership reports); XLSX
# and PDF also count for the summary (for staff, milestones' also the overdue not published).
EXPORT_QUERIES = {
    "portfolio": {"csv": 2, "xlsx": 5, "json": 2, "pdf": 6},  # and its indicators
    "partnerships": {"csv": 2, "xlsx": 4, "json": 2, "pdf": 5},
    "milestones": {"csv": 1, "xlsx": 4, "json": 1, "pdf": 5},
    "deadlines": {"csv": 1, "xlsx": 4, "json": 1, "pdf": 5},
    "participants": {"csv": 2, "xlsx": 3, "json": 2, "pdf": 4},
    "documents": {"csv": 2, "xlsx": 3, "json": 2, "pdf": 4},
}


@pytest.mark.parametrize("rows", [1, 3])
@pytest.mark.parametrize("fmt", ["csv", "xlsx", "json", "pdf"])
@pytest.mark.parametrize("report", list(REPORTS))
def test_export_query_count(site, django_assert_num_queries, report, fmt, rows, request):
    if fmt == "pdf":
        request.getfixturevalue("pdf_engine")
    _grow(site, rows)

    expected = EXPORT_QUERIES[report][fmt]
    if connection.vendor == "postgresql" and fmt in ("csv", "json"):
        expected -= 1  # PostgreSQL writes these rows with COPY, which Django's query log does not see
    with django_assert_num_queries(expected):
        _bytes(Export(report, language="en", fmt=fmt))


def test_export_report_command_writes_the_file_and_logs_it(site, tmp_path, capsys):
    target = tmp_path / "milestones.xlsx"

    call_command(
        "export_report", "milestones", "--format", "xlsx", "--lang", "en", "--filter", "status=done", "-o", str(target)
    )

    data = openpyxl.load_workbook(target).worksheets[1]
    assert [row[2] for row in data.iter_rows(min_row=2, values_only=True)] == ["Kick-off meeting"]
    log = ExportLog.objects.get()
    assert (log.user, log.source, log.report, log.export_format, log.language, log.filters, log.row_count) == (
        None,
        "command",
        "milestones",
        "xlsx",
        "en",
        {"status": "done"},
        1,
    )
    assert f"Wrote milestones (xlsx, en, 1 rows) to {target}" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (
            ["nope"],
            "Unknown report 'nope'. Reports: portfolio, partnerships, milestones, deadlines, participants, documents.",
        ),
        (["milestones", "--format", "docx"], "Unknown format 'docx'. Formats: csv, xlsx, pdf, json."),
        (["milestones", "--lang", "de"], "Unknown language 'de'. Languages: bg, en."),
        (["milestones", "--filter", "colour=red"], "Unknown filter 'colour' for milestones."),
        (["milestones", "--filter", "status"], "A filter is NAME=VALUE, not 'status'."),
        (
            ["milestones", "--filter", "status=lost"],
            "Invalid filter: status: Select a valid choice. lost is not one of the available choices.",
        ),
        (["portfolio", "--filter", "year=abc"], "Invalid filter: year: Enter a whole number."),
    ],
)
def test_export_report_command_refuses_bad_input_and_writes_nothing(site, tmp_path, arguments, message):
    target = tmp_path / "out.file"

    with pytest.raises(CommandError, match=re.escape(message)):
        call_command("export_report", *arguments, "-o", str(target))

    assert list(tmp_path.iterdir()) == []
    assert ExportLog.objects.count() == 0


def test_export_report_command_leaves_no_half_written_file_when_the_pdf_is_too_large(site, tmp_path):
    from partnerships.exports import engine

    limit, engine.PDF_MAX_ROWS = engine.PDF_MAX_ROWS, 1
    try:
        with pytest.raises(CommandError, match="download it as XLSX"):
            call_command("export_report", "milestones", "--format", "pdf", "-o", str(tmp_path / "m.pdf"))
    finally:
        engine.PDF_MAX_ROWS = limit
    assert list(tmp_path.iterdir()) == []


def test_portfolio_expression_cells_are_neutralised_and_json_keeps_both_languages(site):
    make_milestone(
        partnership=site["published"],
        title_bg="=HYPERLINK(1)",
        title_en="=HYPERLINK(1)",
        due_date=datetime.date(2098, 1, 1),
    )
    site["innovation"].name_en = "=AREA"
    site["innovation"].save()

    rows = _csv(_bytes(Export("portfolio", language="en", fmt="csv")))
    document = json.loads(_bytes(Export("portfolio", language="en", fmt="json")))

    seoul = next(row for row in rows if row[0] == "Sofia – Seoul")
    assert "'=HYPERLINK(1)" in seoul and "'=AREA; Mobility" in seoul
    record = next(row for row in document["rows"] if row["title_en"] == "Sofia – Seoul")
    assert (record["thematic_areas_bg"], record["thematic_areas_en"]) == ("Иновации; Мобилност", "=AREA; Mobility")
    assert (record["next_milestone_bg"], record["next_milestone_en"]) == ("=HYPERLINK(1)", "=HYPERLINK(1)")


def test_pdf_and_preview_show_text_as_written(site, tmp_path, pdf_engine):
    make_milestone(partnership=site["published"], title_bg="-5% CO2", title_en="-5% CO2")
    export = Export("milestones", language="en", fmt="pdf")
    path = tmp_path / "m.pdf"
    path.write_bytes(_bytes(export))

    text = "\n".join(page.extract_text() for page in pypdf.PdfReader(path).pages)
    _headings, preview = Export("milestones", language="en", fmt="csv").preview(50)
    assert "-5% CO2" in text and "'-5% CO2" not in text
    assert "-5% CO2" in [row[2] for row in preview]


def test_deadlines_json_gives_the_state_as_a_code(site):
    document = json.loads(_bytes(Export("deadlines", language="bg", fmt="json", today=datetime.date(2099, 3, 1))))

    assert sorted({row["state"] for row in document["rows"]}) == ["overdue", "upcoming"]


def test_export_report_command_names_its_user_and_refuses_a_folder(site, tmp_path):
    from django.contrib.auth.models import User

    User.objects.create_user("scheduler")
    with pytest.raises(CommandError, match="is a folder"):
        call_command("export_report", "milestones", "-o", str(tmp_path))
    with pytest.raises(CommandError, match="No user 'nobody'"):
        call_command("export_report", "milestones", "--user", "nobody", "-o", str(tmp_path / "m.csv"))
    call_command(
        "export_report",
        "portfolio",
        "--format",
        "csv",
        "--user",
        "scheduler",
        "--filter",
        "theme=innovation",
        "-o",
        str(tmp_path / "p.csv"),
    )

    log = ExportLog.objects.get()
    assert (log.user.username, log.filters) == ("scheduler", {"theme": "innovation"})


@pytest.mark.parametrize(
    ("language", "date_format", "datetime_format"),
    [("bg", 'dd.mm.yyyy "г."', 'dd.mm.yyyy "г., "hh:mm'), ("en", "dd\\/mm\\/yyyy", 'dd\\/mm\\/yyyy", "hh:mm')],
)
def test_xlsx_dates_show_as_the_language_writes_them_and_the_time_made_is_a_date_time(
    site, language, date_format, datetime_format, tmp_path
):
    export = Export("milestones", language=language, fmt="xlsx")
    path = tmp_path / "m.xlsx"
    path.write_bytes(_bytes(export))

    summary, data = openpyxl.load_workbook(path).worksheets
    generated = summary["B4"]
    due = next(row[6] for row in data.iter_rows(min_row=2) if row[6].value is not None)
    assert (generated.value, generated.number_format) == (
        timezone.localtime(export.created).replace(tzinfo=None, microsecond=0),
        datetime_format,
    )
    assert (type(due.value), due.number_format) == (datetime.datetime, date_format)


def test_xlsx_prints_landscape_to_the_page_width_with_the_header_row_on_every_page(site, tmp_path):
    path = tmp_path / "p.xlsx"
    path.write_bytes(_bytes(Export("portfolio", language="bg", fmt="xlsx")))

    for sheet in openpyxl.load_workbook(path).worksheets:
        setup = sheet.page_setup
        assert (setup.orientation, setup.paperSize, setup.fitToWidth, setup.fitToHeight) == ("landscape", 9, 1, 0)
        assert sheet.sheet_properties.pageSetUpPr.fitToPage is True
        assert sheet.print_title_rows == "$1:$1"
        assert {cell.alignment.wrap_text for cell in sheet[1]} == {True}
        assert sheet.oddFooter.right.text == "&P / &N"


def test_xlsx_staff_portfolio_counts_overdue_drafts_apart(site, tmp_path):
    make_milestone(
        partnership=site["published"],
        status=Milestone.Status.PLANNED,
        due_date=datetime.date(2020, 1, 1),
        publication="draft",
    )
    path = tmp_path / "p.xlsx"
    path.write_bytes(_bytes(Export("portfolio", language="en", fmt="xlsx")))

    data = openpyxl.load_workbook(path).worksheets[1]
    headings = [cell.value for cell in data[1]]
    seoul = next(row for row in data.iter_rows(min_row=2, values_only=True) if row[0] == "Sofia – Seoul")
    assert headings[-1] == "Publication"
    assert (seoul[headings.index("Overdue milestones")], seoul[headings.index("Of them not published")]) == (2, 1)
    assert seoul[-1] == "published"


def test_a_long_report_title_is_cut_at_a_word_for_its_sheet_name(site, tmp_path):
    path = tmp_path / "p.xlsx"
    path.write_bytes(_bytes(Export("participants", language="bg", fmt="xlsx")))

    assert openpyxl.load_workbook(path).sheetnames == ["Обобщение", "Участници по вид в четворната"]


@pytest.mark.parametrize(
    ("public", "names"),
    [(True, ["Study visits held"]), (False, ["Study visits held", "Draft indicator"])],
)
def test_the_portfolio_xlsx_carries_the_indicators_with_their_latest_measurement(site, tmp_path, public, names):
    from indicators.models import Indicator, Measurement

    shown = Indicator.objects.create(
        partnership=site["published"],
        name_bg="Проведени учебни посещения",
        name_en="Study visits held",
        unit_en="visits",
        target=6,
        target_date=datetime.date(2027, 12, 31),
        publication="published",
    )
    Measurement.objects.create(indicator=shown, date=datetime.date(2025, 1, 1), value=1)
    Measurement.objects.create(indicator=shown, date=datetime.date(2026, 3, 15), value="2.5")
    Indicator.objects.create(
        partnership=site["published"],
        name_bg="Чернова",
        name_en="Draft indicator",
        target=3,
        publication="draft",
        order=1,
    )
    path = tmp_path / "p.xlsx"
    path.write_bytes(_bytes(Export("portfolio", language="en", fmt="xlsx", public=public)))

    sheet = openpyxl.load_workbook(path)["Indicators"]
    rows = list(sheet.iter_rows(values_only=True))
    assert [row[1] for row in rows[1:]] == names
    first = [value.date() if isinstance(value, datetime.datetime) else value for value in rows[1][:8]]
    assert first == [
        "Sofia – Seoul",
        "Study visits held",
        "visits",
        0,
        2.5,
        datetime.date(2026, 3, 15),
        6,
        datetime.date(2027, 12, 31),
    ]
    assert (len(rows[0]), rows[0][-1]) == ((8, "Target date") if public else (9, "Publication"))


def test_the_portfolio_pdf_carries_the_indicators(site, tmp_path, pdf_engine):
    from indicators.models import Indicator, Measurement

    indicator = Indicator.objects.create(
        partnership=site["published"], name_bg="Участници", name_en="Participants", target=40, publication="published"
    )
    Measurement.objects.create(indicator=indicator, date=datetime.date(2026, 3, 15), value=12)
    path = tmp_path / "p.pdf"
    path.write_bytes(_bytes(Export("portfolio", language="bg", fmt="pdf", public=True)))

    text = "\n".join(page.extract_text() for page in pypdf.PdfReader(path).pages)
    assert "Показатели" in text and "Участници" in text and "15.03.2026 г." in text
