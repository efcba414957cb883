"""A streaming XLSX writer: rows go out as they are read, memory stays flat.

XlsxWriter, even in its constant-memory mode, measured about 15 times PostgreSQL's own
COPY for 100,000 rows here; the report target is 8. This writer does only what the
reports need (inline strings, numbers, dates and date-times as serial numbers styled in
the report's language, a frozen and wrapped header, an autofilter, column widths, print
setup, document properties) and writes each sheet as one deflated zip entry while the rows
stream through.
"""

import datetime
import re
import zipfile
from xml.sax.saxutils import escape

# Characters XML 1.0 does not allow; a cell with them would make the file unreadable.
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
EXCEL_EPOCH = datetime.date(1899, 12, 30)
HEADER_STYLE, DATE_STYLE, WRAP_STYLE, DATETIME_STYLE = 1, 2, 3, 4
# Django's date format characters and Excel's codes for them; other letters are literal text.
_EXCEL_CODES = {
    "d": "dd",
    "j": "d",
    "m": "mm",
    "n": "m",
    "Y": "yyyy",
    "y": "yy",
    "H": "hh",
    "G": "h",
    "i": "mm",
    "s": "ss",
}
# Written as they are; "/" and "-" with a backslash, as Excel reads a bare "/" as the
# date separator of the computer's own locale.
_EXCEL_PLAIN = set("./-: ")


def _text(value):
    # A carriage return would come back as a line feed unless written as a reference.
    return escape(_ILLEGAL.sub("", value), {"\r": "&#13;"})


def excel_format(django_format):
    """An Excel number format code for a Django date format (``"d.m.Y г."`` gives
    ``dd.mm.yyyy" г."``): the cell keeps a real date that shows as the language writes it."""
    code, literal, escaped = [], [], False

    def flush():
        if literal:
            code.append('"' + "".join(literal).replace('"', "") + '"')
            literal.clear()

    for character in django_format:
        if escaped:
            literal.append(character)
            escaped = False
        elif character == "\\":
            escaped = True
        elif character in _EXCEL_CODES:
            flush()
            code.append(_EXCEL_CODES[character])
        elif character in _EXCEL_PLAIN and not literal:
            code.append("\\" + character if character in "-/" else character)
        else:
            literal.append(character)
    flush()
    return "".join(code)


def _serial(value):
    """Days since Excel's epoch, with the time of day as a fraction for a date-time."""
    if isinstance(value, datetime.datetime):
        midnight = datetime.datetime.combine(value.date(), datetime.time(), tzinfo=value.tzinfo)
        fraction = (value - midnight).total_seconds() / 86400
        return f"{(value.date() - EXCEL_EPOCH).days + fraction:.8f}".rstrip("0").rstrip(".")
    return str((value - EXCEL_EPOCH).days)


def sheet_name(name):
    """A sheet's name within Excel's 31 characters, cut at a word: "Участници по вид в
    четворната спирала" is "Участници по вид в четворната", not "… в четворната с"."""
    name = _ILLEGAL.sub("", name).translate(str.maketrans("[]:*?/\\", "()-----"))
    if len(name) <= 31:
        return name
    cut = name[:31].rsplit(" ", 1)[0]
    return cut if len(cut) >= 10 else name[:31]


def column_letter(index):
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


class _Sink:
    """A write-only file for zipfile whose bytes the generator hands on as they come."""

    def __init__(self):
        self.chunks = []
        self.position = 0

    def write(self, data):
        self.chunks.append(bytes(data))
        self.position += len(data)
        return len(data)

    def tell(self):
        return self.position

    def flush(self):
        pass

    def take(self):
        data = b"".join(self.chunks)
        self.chunks = []
        return data


class Sheet:
    """A sheet's name, header and columns. ``kinds`` are text, date or number, or value for a
    column whose cells are typed by their Python values (the summary's)."""

    def __init__(self, name, headings, kinds, widths, *, freeze=True, autofilter=True):
        self.name = sheet_name(name)
        self.headings = headings
        self.kinds = kinds
        self.widths = widths
        self.freeze = freeze
        self.autofilter = autofilter


def _cells(row, kinds, row_number):
    cells = []
    for index, (value, kind) in enumerate(zip(row, kinds, strict=True)):
        if value is None or value == "":
            continue
        ref = f"{column_letter(index)}{row_number}"
        if kind == "value":
            kind = (
                "datetime"
                if isinstance(value, datetime.datetime)
                else "date"
                if isinstance(value, datetime.date)
                else "number"
            )
        if kind == "datetime" and isinstance(value, datetime.datetime):
            cells.append(f'<c r="{ref}" s="{DATETIME_STYLE}"><v>{_serial(value)}</v></c>')
        elif kind == "date" and isinstance(value, datetime.date):
            cells.append(f'<c r="{ref}" s="{DATE_STYLE}"><v>{_serial(value)}</v></c>')
        elif kind == "number" and isinstance(value, int | float) and not isinstance(value, bool):
            cells.append(f'<c r="{ref}"><v>{value}</v></c>')
        else:
            cells.append(f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{_text(str(value))}</t></is></c>')
    return f'<row r="{row_number}">{"".join(cells)}</row>'


def _sheet_head(sheet):
    cols = "".join(
        f'<col min="{i}" max="{i}" width="{width}" customWidth="1"/>' for i, width in enumerate(sheet.widths, start=1)
    )
    pane = (
        '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" '
        'state="frozen"/></sheetView></sheetViews>'
        if sheet.freeze
        else '<sheetViews><sheetView workbookViewId="0"/></sheetViews>'
    )
    header = "".join(
        f'<c r="{column_letter(i)}1" s="{HEADER_STYLE}" t="inlineStr"><is><t>{_text(str(h))}</t></is></c>'
        for i, h in enumerate(sheet.headings)
    )
    # fitToPage: printed to the page's width (pageSetup in the tail says how).
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>'
        f'{pane}<cols>{cols}</cols><sheetData><row r="1">{header}</row>'
    )


def _sheet_tail(sheet, last_row):
    """The autofilter, then printing: landscape A4, all columns on the page's width (as many
    pages down as the rows need), the page number in the footer; the header row is repeated
    on every page by the workbook's ``_xlnm.Print_Titles``."""
    last_column = column_letter(len(sheet.headings) - 1)
    autofilter = f'<autoFilter ref="A1:{last_column}{max(last_row, 1)}"/>' if sheet.autofilter else ""
    return (
        f"</sheetData>{autofilter}"
        '<pageMargins left="0.5" right="0.5" top="0.6" bottom="0.6" header="0.3" footer="0.3"/>'
        '<pageSetup paperSize="9" orientation="landscape" fitToWidth="1" fitToHeight="0"/>'
        "<headerFooter><oddFooter>&amp;L&amp;A&amp;R&amp;P / &amp;N</oddFooter></headerFooter>"
        "</worksheet>"
    )


def styles(*, date_format, datetime_format):
    """The workbook's styles, dates and date-times shown in the given Excel formats."""
    return STYLES.format(date=escape(date_format, {'"': "&quot;"}), datetime=escape(datetime_format, {'"': "&quot;"}))


STYLES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<numFmts count="2"><numFmt numFmtId="164" formatCode="{date}"/><numFmt numFmtId="165" formatCode="{datetime}"/>'
    "</numFmts>"
    '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts>'
    '<fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>'
    '<fill><patternFill patternType="solid"><fgColor rgb="FFDCE6F0"/><bgColor indexed="64"/></patternFill></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="5"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="1" fillId="2" borderId="0" xfId="0" applyFont="1" applyFill="1" applyAlignment="1">'
    '<alignment wrapText="1" vertical="top"/></xf>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1"><alignment wrapText="1" vertical="top"/></xf>'
    '<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '</cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>'
)


def _workbook(sheets):
    entries = "".join(
        f'<sheet name="{_text(sheet.name)}" sheetId="{i}" r:id="rId{i}"/>' for i, sheet in enumerate(sheets, start=1)
    )
    names = "".join(
        f'<definedName name="_xlnm._FilterDatabase" localSheetId="{i}" hidden="1">'
        f"'{_text(sheet.name)}'!$A$1:${column_letter(len(sheet.headings) - 1)}${sheet.last_row}</definedName>"
        for i, sheet in enumerate(sheets)
        if sheet.autofilter
    ) + "".join(
        f'<definedName name="_xlnm.Print_Titles" localSheetId="{i}">\'{_text(sheet.name)}\'!$1:$1</definedName>'
        for i, sheet in enumerate(sheets)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        f"<sheets>{entries}</sheets>{f'<definedNames>{names}</definedNames>' if names else ''}</workbook>"
    )


def _workbook_rels(sheets):
    rels = "".join(
        f'<Relationship Id="rId{i}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
        f'Target="worksheets/sheet{i}.xml"/>'
        for i in range(1, len(sheets) + 1)
    )
    styles = (
        f'<Relationship Id="rId{len(sheets) + 1}" '
        'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>'
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f"{rels}{styles}</Relationships>"
    )


def _content_types(count):
    sheets = "".join(
        f'<Override PartName="/xl/worksheets/sheet{i}.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        for i in range(1, count + 1)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/styles.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
        '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
        '<Override PartName="/docProps/app.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>'
        f"{sheets}</Types>"
    )


ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="xl/workbook.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" '
    'Target="docProps/core.xml"/>'
    '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" '
    'Target="docProps/app.xml"/></Relationships>'
)


def _core(title, subject, creator, language, created):
    stamp = created.strftime("%Y-%m-%dT%H:%M:%SZ")
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{_text(title)}</dc:title><dc:subject>{_text(subject)}</dc:subject>"
        f"<dc:creator>{_text(creator)}</dc:creator><dc:language>{language}</dc:language>"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified>'
        "</cp:coreProperties>"
    )


APP = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
    "<Application>IURC Portal</Application></Properties>"
)

ROWS_PER_CHUNK = 2000


def stream_workbook(
    *, summary_sheet, summary_rows, data_sheet, data_rows, properties, date_format, datetime_format, more=()
):
    """Yield an .xlsx file: a summary sheet first, then the data sheet streamed row by row,
    then the (sheet, rows) pairs of ``more`` (small tables, such as the indicators).

    ``data_rows`` is an iterable of tuples; ``summary_rows`` is called after the data has
    streamed, so it may report what was counted on the way. ``date_format`` and
    ``datetime_format`` are Excel format codes (``excel_format``).
    """
    sink = _Sink()
    archive = zipfile.ZipFile(sink, mode="w", compression=zipfile.ZIP_DEFLATED, compresslevel=1)
    with archive.open("xl/worksheets/sheet2.xml", mode="w", force_zip64=True) as entry:
        entry.write(_sheet_head(data_sheet).encode())
        row_number = 1
        buffer = []
        for row in data_rows:
            row_number += 1
            buffer.append(_cells(row, data_sheet.kinds, row_number))
            if len(buffer) == ROWS_PER_CHUNK:
                entry.write("".join(buffer).encode())
                buffer = []
                yield sink.take()
        entry.write("".join(buffer).encode())
        data_sheet.last_row = row_number
        entry.write(_sheet_tail(data_sheet, row_number).encode())
    rows = list(summary_rows())
    with archive.open("xl/worksheets/sheet1.xml", mode="w") as entry:
        entry.write(_sheet_head(summary_sheet).encode())
        for number, row in enumerate(rows, start=2):
            entry.write(_cells(row, summary_sheet.kinds, number).encode())
        summary_sheet.last_row = len(rows) + 1
        entry.write(_sheet_tail(summary_sheet, len(rows) + 1).encode())
    sheets = [summary_sheet, data_sheet]
    for sheet, sheet_rows in more:
        sheets.append(sheet)
        with archive.open(f"xl/worksheets/sheet{len(sheets)}.xml", mode="w") as entry:
            entry.write(_sheet_head(sheet).encode())
            number = 1
            for number, row in enumerate(sheet_rows, start=2):
                entry.write(_cells(row, sheet.kinds, number).encode())
            sheet.last_row = number
            entry.write(_sheet_tail(sheet, number).encode())
    archive.writestr("[Content_Types].xml", _content_types(len(sheets)))
    archive.writestr("_rels/.rels", ROOT_RELS)
    archive.writestr("docProps/core.xml", _core(**properties))
    archive.writestr("docProps/app.xml", APP)
    archive.writestr("xl/workbook.xml", _workbook(sheets))
    archive.writestr("xl/_rels/workbook.xml.rels", _workbook_rels(sheets))
    archive.writestr("xl/styles.xml", styles(date_format=date_format, datetime_format=datetime_format))
    archive.close()
    yield sink.take()
