"""No cell of a CSV may start a formula, whichever separator a spreadsheet reads the file with.

Bulgarian Excel and LibreOffice often read a comma file as semicolon-separated (and the
other way round): a cell ``Среща;=1+2;`` of a comma file is split at its semicolons, and
``=1+2`` becomes a cell of its own, shown as 3. Quoting the cell does not help; the guard
puts an apostrophe before a formula character wherever a cell could start.
"""

import csv
import datetime
import io

import openpyxl
import pytest
from django.db.models import F

from partnerships.exports import REPORTS, Export
from partnerships.exports.columns import Neutralise, neutralise_text
from partnerships.models import Milestone
from tests.factories import (
    make_area,
    make_city,
    make_component,
    make_document,
    make_milestone,
    make_organisation,
    make_participation,
    make_partnership,
)

pytestmark = pytest.mark.django_db

# Written out here rather than imported, so that narrowing the code's list fails this test.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
TODAY = datetime.date(2030, 1, 1)

PAYLOADS = [
    # the report: a formula after the other separator
    "Среща;=1+2;",
    "Среща,=1+2,",
    # every formula character after either separator
    "a;+1+1,-2+3;@SUM(1),=1",
    "b,\t=1;\r=2",
    # the spreadsheet strips the quotes of a quoted cell, and with "Trim spaces" the spaces
    'c;"=1+2";d',
    'e, ""=1+2',
    "f;  =1+2",
    # read with the wrong separator, a line break inside a quoted cell ends the row
    "g\n=1+2",
    "h\r\n-2+3",
    # the start of the text, as before
    "=1+2",
    '-2+3;"@SUM(1)"',
]


def _read(data, separator):
    """Every cell of the file as Python's csv module reads it with ``separator``."""
    assert data.startswith(b"\xef\xbb\xbf")
    text = data[3:].decode()
    return [cell for row in csv.reader(io.StringIO(text, newline=""), delimiter=separator) for cell in row]


def _formula_cells(cells):
    """The cells a spreadsheet would run: after it strips a quoted cell's quotes and spaces."""
    return [cell for cell in cells if cell.lstrip(' "').startswith(FORMULA_STARTS)]


@pytest.fixture
def payloads():
    """Each payload in every text a report shows: partnership, summary, city, component,
    thematic area, organisation, a milestone that is due soon (so deadlines and the
    portfolio's next milestone show it too) and a document of that milestone."""
    for index, payload in enumerate(PAYLOADS):
        text = {"title_bg": payload, "title_en": payload}
        name = {"name_bg": payload, "name_en": payload}
        partnership = make_partnership(
            **text,
            summary_bg=payload,
            summary_en=payload,
            partner_city=make_city(**name),
            component=make_component(**name),
            areas=[make_area(**name)],
            publication="published",
        )
        make_participation(partnership=partnership, organisation=make_organisation(**name))
        milestone = make_milestone(
            partnership=partnership, **text, due_date=TODAY + datetime.timedelta(days=10 + index)
        )
        make_document(partnership=partnership, milestone=milestone, **text)


@pytest.mark.parametrize("language", ["bg", "en"])
@pytest.mark.parametrize("delimiter", ["comma", "semicolon"])
@pytest.mark.parametrize("report", list(REPORTS))
def test_csv_has_no_formula_cell_read_with_either_separator(payloads, report, delimiter, language):
    data = b"".join(Export(report, language=language, fmt="csv", delimiter=delimiter, today=TODAY).stream())

    as_written = _read(data, {"comma": ",", "semicolon": ";"}[delimiter])
    assert "Среща;'=1+2;" in as_written
    assert {separator: _formula_cells(_read(data, separator)) for separator in (",", ";")} == {",": [], ";": []}


@pytest.mark.parametrize(
    ("text", "guarded"),
    [
        ("Среща;=1+2;", "Среща;'=1+2;"),
        ("Среща,=1+2,", "Среща,'=1+2,"),
        ("a;+1,-2;@3", "a;'+1,'-2;'@3"),
        ('c;"=1+2"', 'c;"\'=1+2"'),
        ("f;  =1+2", "f;  '=1+2"),
        ("g\n- first\n- second", "g\n'- first\n'- second"),
        ("h\r=1", "h\r'=1"),
        ("\t\t=", "'\t'\t'="),
        ("=1+2", "'=1+2"),
        # a formula character inside a cell, or after a space alone, starts nothing
        ("Sofia - Seoul, 2021 - 2027", "Sofia - Seoul, 2021 - 2027"),
        ("CO2 -5%; a=b", "CO2 -5%; a=b"),
        ('a"=1', 'a"=1'),
        ("", ""),
        (None, None),
    ],
)
def test_neutralise_text_guards_each_place_a_cell_could_start(text, guarded):
    assert neutralise_text(text) == guarded


def test_sql_guard_gives_what_the_python_guard_gives(db):
    texts = [*PAYLOADS, "Sofia - Seoul", "x\n- y", "\t\t=", "a;\r\r\r=", ' ;" ,=', "@", "plain"]
    for text in texts:
        make_milestone(title_bg=text, title_en=text)

    rows = Milestone.objects.annotate(
        csv=Neutralise(F("title_bg")), xlsx=Neutralise(F("title_bg"), after_separators=False)
    ).values_list("title_bg", "csv", "xlsx")

    assert sorted(rows) == sorted(
        (text, neutralise_text(text), neutralise_text(text, after_separators=False)) for text in texts
    )


def test_xlsx_guards_only_the_start_of_a_typed_cell_and_filter_values(tmp_path):
    # An XLSX cell is a typed string: no separator splits it, so "Среща;=1+2;" stays as
    # written; a leading "=" would become a formula again if someone edited the cell.
    for text in ("Среща;=1+2;", "=1+2"):
        make_milestone(title_bg=text, title_en=text)
    path = tmp_path / "m.xlsx"
    export = Export("milestones", language="en", fmt="xlsx", data={"q": "=1+2"})
    path.write_bytes(b"".join(export.stream()))

    summary, data = openpyxl.load_workbook(path).worksheets
    assert sorted(row[2] for row in data.iter_rows(min_row=2, values_only=True)) == ["'=1+2", "Среща;=1+2;"]
    assert ("Filter: Search", "'=1+2") in list(summary.iter_rows(min_row=2, values_only=True))
