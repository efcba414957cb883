"""Render a report to CSV, XLSX, PDF or JSON, streamed, in a chosen language."""

import csv
import datetime
import io
import json
import subprocess
import sys
import tempfile
from pathlib import Path

from django.conf import settings
from django.db import connections, router
from django.db.models import F, Func, TextField, Value
from django.template.loader import render_to_string
from django.utils import formats, timezone
from django.utils.translation import get_language_info, gettext, override

from . import xlsx
from .columns import neutralise_text
from .pdf_layout import column_widths
from .reports import REPORTS

FORMATS = {
    "csv": ("text/csv; charset=utf-8", "csv"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
    "pdf": ("application/pdf", "pdf"),
    "json": ("application/json", "json"),
}
LANGUAGES = [code for code, _name in settings.LANGUAGES]
DELIMITERS = {"comma": ",", "semicolon": ";"}
PDF_MAX_ROWS = 2000
CHUNK_ROWS = 2000
# How often the rows done are reported to ``Export.progress``.
PROGRESS_ROWS = 500
# WeasyPrint runs in a child process of its own (pdf_render.py): a 2,000-row PDF needs a few
# hundred MB while it is laid out, which a long-lived process would keep after it.
PDF_RENDERER = Path(__file__).with_name("pdf_render.py")
PDF_TIMEOUT_SECONDS = 300


class ExportError(Exception):
    """A request for an export that cannot be made, with a message for the person asking."""


class Export:
    """One export: a report, its filters, a language and a format.

    ``data`` holds filter values as a form would submit them; ``public`` restricts the
    rows to published records and public milestones and the filters to the public ones;
    ``pks`` limits the rows to selected records (admin actions). ``progress``, when set, is
    called with the number of rows written so far while the file is made (background reports).
    """

    progress = None

    def __init__(self, report, *, language, fmt, data=None, public=False, delimiter="comma", pks=None, today=None):
        if report not in REPORTS:
            raise ExportError(gettext("Unknown report “%(report)s”.") % {"report": report})
        if fmt not in FORMATS:
            raise ExportError(gettext("Unknown format “%(format)s”.") % {"format": fmt})
        if language not in LANGUAGES:
            raise ExportError(gettext("Unknown language “%(language)s”.") % {"language": language})
        if delimiter not in DELIMITERS:
            raise ExportError(gettext("Unknown CSV delimiter “%(delimiter)s”.") % {"delimiter": delimiter})
        self.report = REPORTS[report]
        self.language = language
        self.format = fmt
        self.public = public
        self.delimiter = DELIMITERS[delimiter]
        self.today = today or timezone.localdate()
        self.created = timezone.now()
        self.filterset = self.report.filterset(data or {}, public=public, today=self.today)
        self.pks = pks

    @property
    def errors(self):
        return self.filterset.errors

    def is_valid(self):
        return self.filterset.is_valid()

    def rows_queryset(self):
        rows = self.report.rows(self.filterset, public=self.public)
        if self.pks is not None:
            rows = rows.filter(pk__in=self.pks)
        return rows

    def count(self):
        return self.rows_queryset().count()

    def applied_filters(self):
        """The filters in use, as (label, value) in the export's language, for covers and logs."""
        if not self.is_valid():
            return []
        applied = []
        with override(self.language):
            form = self.filterset.form
            for name, field in form.fields.items():
                value = form.cleaned_data.get(name)
                if value in (None, "", [], ()):
                    continue
                if hasattr(field, "choices") and not hasattr(value, "pk"):
                    value = dict(field.choices).get(value, value)
                applied.append((str(field.label), str(value)))
            if self.pks is not None:
                applied.append((gettext("Selected records"), str(len(self.pks))))
        return applied

    def filter_values(self):
        """The filter values as they were given (codes, not database keys), for the export log."""
        if not self.is_valid():
            return {}
        form = self.filterset.form
        return {
            name: str(form.data.get(name))
            for name, value in form.cleaned_data.items()
            if value not in (None, "", [], ())
        }

    @property
    def content_type(self):
        return FORMATS[self.format][0]

    @property
    def filename(self):
        return f"iurc-{self.report.key}-{self.language}-{self.today.isoformat()}.{FORMATS[self.format][1]}"

    def columns(self):
        with override(self.language):
            return self.report.columns(self.language, public=self.public, today=self.today)

    def headings(self, columns):
        with override(self.language):
            return [str(column.heading) for column in columns]

    # Rows -------------------------------------------------------------------------

    def _human_queryset(self, columns, *, neutralise=True, after_separators=True, extra=None):
        """The rows as tuples of the columns' human values, then the values of ``extra``
        (name: expression), in its order."""
        names = [f"c{index:02d}" for index in range(len(columns))]
        expressions = {
            name: column.human(self.language, neutralise=neutralise, after_separators=after_separators)
            for name, column in zip(names, columns, strict=True)
        }
        extra = extra or {}
        return self.rows_queryset().annotate(**expressions, **extra).values_list(*names, *extra)

    def human_rows(self, columns, *, limit=None, neutralise=True, after_separators=True):
        """Tuples of plain values (text in the language, labels, dates, numbers)."""
        queryset = self._human_queryset(columns, neutralise=neutralise, after_separators=after_separators)
        if limit is not None:
            return list(queryset[:limit])
        return self._counted(queryset.iterator(chunk_size=CHUNK_ROWS))

    def data_rows(self, columns):
        keys = [key for column in columns for key, _expression in column.data()]
        expressions = [expression for column in columns for _key, expression in column.data()]
        queryset = self.rows_queryset().values_list(*expressions)
        for row in self._counted(queryset.iterator(chunk_size=CHUNK_ROWS)):
            yield dict(zip(keys, row, strict=True))

    def _counted(self, rows):
        """``rows`` unchanged, telling ``progress`` how many have passed."""
        if self.progress is None:
            yield from rows
            return
        done = 0
        for row in rows:
            yield row
            done += 1
            if done % PROGRESS_ROWS == 0:
                self.progress(done)
        self.progress(done)

    def _counted_lines(self, chunks):
        """COPY's output unchanged, telling ``progress`` how many lines (one a row; a text with
        a line break counts twice, so the receiver caps the count at the total) have passed,
        once the COPY has ended: its connection can run no other statement until then (the
        progress is a write), and PostgreSQL copies 100,000 rows in about a second."""
        if self.progress is None:
            yield from chunks
            return
        done = 0
        for chunk in chunks:
            yield chunk
            done += chunk.count(b"\n")
        self.progress(done)

    def preview(self, rows=20):
        columns = self.columns()
        return self.headings(columns), self.human_rows(columns, limit=rows, neutralise=False)

    # Formats ----------------------------------------------------------------------

    def stream(self):
        """The file's bytes, in chunks. Raises ExportError before the first byte if it cannot be made."""
        if not self.is_valid():
            raise ExportError(gettext("The filters are not valid."))
        if self.format == "pdf":
            self.check_size(self.count())
            return iter([self.pdf()])
        return {"csv": self.csv, "xlsx": self.xlsx, "json": self.json}[self.format]()

    def in_background(self, count):
        """Whether a download of ``count`` rows is made by the task worker rather than within
        the web request: every PDF, and any report above REPORT_BACKGROUND_ROWS rows."""
        return self.format in settings.REPORT_BACKGROUND_FORMATS or count > settings.REPORT_BACKGROUND_ROWS

    def check_size(self, count):
        """Raises ExportError when ``count`` rows are more than a PDF can hold."""
        if self.format == "pdf" and count > PDF_MAX_ROWS:
            raise ExportError(
                gettext(
                    "This report has %(count)s rows, more than a PDF can hold (%(limit)s). "
                    "Narrow the filters, or download it as XLSX."
                )
                % {"count": count, "limit": PDF_MAX_ROWS}
            )

    def csv(self):
        """Every text cell, the headings included, neutralised at its start and after each
        separator and line break: a spreadsheet that reads the file with the other separator
        starts cells there (``columns.Neutralise``)."""
        columns = self.columns()
        head = io.StringIO()
        csv.writer(head, delimiter=self.delimiter, lineterminator="\n").writerow(
            [neutralise_text(heading) for heading in self.headings(columns)]
        )
        yield b"\xef\xbb\xbf" + head.getvalue().encode()
        queryset = self._human_queryset(columns)
        connection = connections[router.db_for_read(queryset.model)]
        if connection.vendor == "postgresql":
            yield from self._copy_csv(queryset, connection, len(columns))
            return
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=self.delimiter, lineterminator="\n")
        rows = self._counted(queryset.iterator(chunk_size=CHUNK_ROWS))
        while True:
            chunk = [row for _n, row in zip(range(CHUNK_ROWS), rows, strict=False)]
            if not chunk:
                break
            writer.writerows(chunk)
            yield buffer.getvalue().encode()
            buffer.seek(0)
            buffer.truncate()

    def _copy_csv(self, queryset, connection, width):
        """PostgreSQL writes the CSV itself (COPY ... TO STDOUT): the rows never become Python objects.

        The ORM does not promise its SELECT's column order, so an outer SELECT names them."""
        sql, params = queryset.query.sql_with_params()
        names = ", ".join(f'"c{index:02d}"' for index in range(width))
        statement = (
            f"COPY (SELECT {names} FROM ({sql}) AS report) TO STDOUT "
            f"(FORMAT csv, DELIMITER '{self.delimiter}', ENCODING 'UTF8')"
        )
        yield from self._counted_lines(_copy_out(connection, statement, params))

    def json(self):
        columns = self.columns()
        connection = connections[router.db_for_read(self.report.model)]
        meta = {
            "report": self.report.key,
            "language": self.language,
            "generated_at": self.created.isoformat(),
            "filters": self.filter_values(),
            "columns": [key for column in columns for key, _e in column.data()],
        }
        head = json.dumps(meta, ensure_ascii=False)[:-1]
        yield (head + ', "rows": [\n').encode()
        if connection.vendor == "postgresql":
            yield from self._copy_json(columns, connection)
            yield b"\n]}\n"
            return
        encode = json.JSONEncoder(ensure_ascii=False, default=_json_default).encode
        first = True
        chunk = []
        for row in self.data_rows(columns):
            chunk.append(encode(row))
            if len(chunk) == CHUNK_ROWS:
                yield (("" if first else ",\n") + ",\n".join(chunk)).encode()
                first, chunk = False, []
        if chunk:
            yield (("" if first else ",\n") + ",\n".join(chunk)).encode()
        yield b"\n]}\n"

    def _copy_json(self, columns, connection):
        """PostgreSQL builds each row's JSON object; COPY's CSV format with a quote and a
        delimiter that JSON text never holds unescaped passes the objects through untouched,
        one per line."""
        pairs = [item for column in columns for item in column.data()]
        arguments = [part for key, expression in pairs for part in (Value(key), expression)]
        queryset = self.rows_queryset().annotate(row_json=JsonBuildObject(*arguments)).values_list("row_json")
        sql, params = queryset.query.sql_with_params()
        statement = (
            f"COPY (SELECT row_json FROM ({sql}) AS report) TO STDOUT (FORMAT csv, QUOTE E'\\x01', DELIMITER E'\\x02')"
        )
        first, pending = True, b""
        for chunk in self._counted_lines(_copy_out(connection, statement, params)):
            # Each line is one object; a comma goes between objects, not after the last.
            chunk = pending + chunk
            cut = chunk.rfind(b"\n")
            if cut == -1:
                pending = chunk
                continue
            body, pending = chunk[:cut], chunk[cut + 1 :]
            if body:
                yield (b"" if first else b",\n") + body.replace(b"\n", b",\n")
                first = False
        if pending:
            yield (b"" if first else b",\n") + pending

    def xlsx(self):
        columns = self.columns()
        with override(self.language):
            summary_sheet = xlsx.Sheet(
                gettext("Summary"), [gettext("Item"), gettext("Value")], ["text", "value"], [40, 60], autofilter=False
            )
            data_sheet = xlsx.Sheet(
                str(self.report.title),
                self.headings(columns),
                [column.output_kind for column in columns],
                [column.width for column in columns],
            )
        # Typed strings, which no separator splits: only their start is guarded (neutralise_text).
        rows = self.human_rows(columns, after_separators=False)
        more = []
        appendix = self.appendix()
        if appendix is not None:
            title, appendix_columns, appendix_rows = appendix
            sheet = xlsx.Sheet(
                title,
                [heading for heading, _kind in appendix_columns],
                [kind for _heading, kind in appendix_columns],
                [30 if kind == "text" else 12 for _heading, kind in appendix_columns],
            )
            guarded = [[neutralise_text(value, after_separators=False) for value in row] for row in appendix_rows]
            more.append((sheet, guarded))
        return xlsx.stream_workbook(
            summary_sheet=summary_sheet,
            summary_rows=self.summary_rows,
            data_sheet=data_sheet,
            data_rows=rows,
            properties={
                "title": self.title(),
                "subject": str(self.report.description),
                "creator": "IURC Portal",
                "language": self.language,
                "created": self.created,
            },
            date_format=xlsx.excel_format(formats.get_format("SHORT_DATE_FORMAT", lang=self.language)),
            datetime_format=xlsx.excel_format(formats.get_format("SHORT_DATETIME_FORMAT", lang=self.language)),
            more=more,
        )

    def appendix(self):
        """The report's appendix (Report.appendix) for this export's rows, or None."""
        return self.report.appendix(self.rows_queryset(), self.language, public=self.public)

    def title(self):
        with override(self.language):
            return f"{self.report.title} – {gettext('Sofia in IURC')}"

    def summary_rows(self):
        """The XLSX summary sheet: what the report is, then its figures. The time it was
        made is a date-time cell in local time (a spreadsheet has no time zones)."""
        with override(self.language):
            rows = [
                (gettext("Report"), str(self.report.title)),
                (gettext("Language"), self.language_name()),
                (gettext("Generated"), timezone.localtime(self.created).replace(tzinfo=None, microsecond=0)),
            ]
            rows += [(gettext("Filter: %(name)s") % {"name": label}, value) for label, value in self.applied_filters()]
            rows += self.figures()
        # Typed strings like the data sheet's.
        return [
            (neutralise_text(label, after_separators=False), neutralise_text(value, after_separators=False))
            for label, value in rows
        ]

    def figures(self):
        """The report's own summary, as (label, value)."""
        with override(self.language):
            summary = self.report.summary(self.rows_queryset(), self.language, self.today, public=self.public)
            return [(str(label), value) for label, value in summary]

    def language_name(self):
        with override(self.language):
            return _language_name(self.language)

    def pdf(self):
        return render_pdf(self.pdf_html())

    def pdf_html(self):
        """The PDF's HTML. One landscape document: the heading, what was asked and the
        figures, then the rows, on one page when they fit. Cells are written as the language
        writes them, and a text that falls back to another language is marked (``PdfCell``)."""
        columns = self.columns()
        markers = {f"m{index:02d}": column.fallback_language(self.language) for index, column in enumerate(columns)}
        markers = {name: expression for name, expression in markers.items() if expression is not None}
        extra = dict(markers)
        if self.report.progress:
            extra["status_code"] = F("status")
        queryset = self._human_queryset(columns, neutralise=False, extra=extra)
        raw = list(queryset[:PDF_MAX_ROWS])
        if self.progress is not None:
            self.progress(len(raw))
        width = len(columns)
        marked = [f"m{index:02d}" in markers for index in range(width)]
        with override(self.language):
            kinds = [column.kind for column in columns]
            rows = []
            for values in raw:
                languages = iter(values[width : width + len(markers)])
                rows.append(
                    [
                        PdfCell(_shown(value), kind, next(languages) if is_marked else "")
                        for value, kind, is_marked in zip(values[:width], kinds, marked, strict=True)
                    ]
                )
            headings = self.headings(columns)
            widths = column_widths(
                headings,
                ([cell.text for cell in row] for row in rows),
                [column.width for column in columns],
                [kind in ("date", "number") for kind in kinds],
            )
            return render_to_string(
                "reports/report.pdf.html",
                {
                    "title": self.title(),
                    "report": self.report,
                    "language": self.language,
                    "language_name": self.language_name(),
                    "headings": headings,
                    "columns": list(zip(headings, widths, kinds, strict=True)),
                    "rows": rows,
                    "fallbacks": [
                        {"mark": language_mark(code), "own": self.language_name(), "other": _language_name(code)}
                        for code in sorted({cell.language for row in rows for cell in row if cell.language})
                    ],
                    "figures": [(label, _shown(value)) for label, value in self.figures()],
                    "progress": self._pdf_progress(columns, raw) if self.report.progress else None,
                    "appendix": self._pdf_appendix(),
                    "generated": _shown(timezone.localtime(self.created)),
                    "filters": self.applied_filters(),
                    "public": self.public,
                },
            )

    def _pdf_appendix(self):
        appendix = self.appendix()
        if appendix is None:
            return None
        title, columns, rows = appendix
        return {
            "title": title,
            "headings": [heading for heading, _kind in columns],
            "rows": [
                [PdfCell(_shown(value), kind, "") for value, (_heading, kind) in zip(row, columns, strict=True)]
                for row in rows
            ],
        }

    def _pdf_progress(self, columns, raw):
        """Each partnership's milestones done of all, with whether to draw it as a bar
        (not for one that has barely begun) and in green (only when completed)."""
        from ..models import Partnership
        from ..templatetags.partnership_tags import percent

        keys = [column.key for column in columns]
        done, total = (keys.index(key) for key in self.report.progress)
        status = keys.index("status")
        items = []
        for values in raw:
            code = values[-1]  # the status code, the last of the extra values
            item_total = values[total] or 0
            items.append(
                {
                    "label": values[0],
                    "status": values[status],
                    "done": values[done] or 0,
                    "total": item_total,
                    "percent": percent(values[done] or 0, item_total),
                    "bar": bool(item_total) and code not in Partnership.BARELY_BEGUN,
                    "complete": code == Partnership.Status.COMPLETED,
                }
            )
        return items


class PdfCell:
    """A data cell of the PDF: its text as printed, its column's kind, and the code of the
    language the text falls back to ('' when it is in the report's language)."""

    __slots__ = ("kind", "language", "text")

    def __init__(self, text, kind, language):
        self.text, self.kind, self.language = text, kind, language

    @property
    def mark(self):
        return language_mark(self.language)


def language_mark(code):
    """How a text in another language is marked: "[BG]"; nothing for no code."""
    return f"[{code.upper()}]" if code else ""


def _language_name(code):
    """A language's name in the active language, as a sentence writes it ("английски")."""
    return gettext(get_language_info(code)["name"])


def _shown(value):
    """A value as the active language writes it: dates and date-times in its short formats
    (one date format per report), numbers with its separators."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return formats.date_format(value, "SHORT_DATETIME_FORMAT")
    if isinstance(value, datetime.date):
        return formats.date_format(value, "SHORT_DATE_FORMAT")
    if isinstance(value, int | float) and not isinstance(value, bool):
        return formats.number_format(value, force_grouping=True)
    return str(value)


def render_pdf(html):
    """The PDF of ``html``, laid out by WeasyPrint in a child process (pdf_render.py), whose
    memory is given back when it ends."""
    with tempfile.TemporaryDirectory(prefix="iurc-pdf-") as folder:
        source, target = Path(folder) / "report.html", Path(folder) / "report.pdf"
        source.write_text(html, encoding="utf-8")
        try:
            subprocess.run(
                [sys.executable, str(PDF_RENDERER), str(source), str(target), str(settings.BASE_DIR)],
                check=True,
                capture_output=True,
                timeout=PDF_TIMEOUT_SECONDS,
            )
        except subprocess.CalledProcessError as error:
            raise RuntimeError(f"WeasyPrint failed: {error.stderr.decode(errors='replace')[-2000:]}") from error
        return target.read_bytes()


COPY_CHUNK = 64 * 1024


def _copy_out(connection, statement, params):
    """COPY ... TO STDOUT, in chunks of about 64 kB: psycopg hands over a block per row, and
    a web server writing 100,000 tiny chunks spends its time in system calls."""
    with connection.cursor() as cursor, cursor.cursor.copy(statement, params) as copy:
        buffer = bytearray()
        for block in copy:
            buffer += block
            if len(buffer) >= COPY_CHUNK:
                yield bytes(buffer)
                buffer.clear()
        if buffer:
            yield bytes(buffer)


class JsonBuildObject(Func):
    """PostgreSQL's JSON_BUILD_OBJECT, which keeps the keys in the order given
    (Django's JSONObject uses JSONB_BUILD_OBJECT, which sorts them)."""

    function = "JSON_BUILD_OBJECT"
    output_field = TextField()


def _json_default(value):
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    return str(value)
