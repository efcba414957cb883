"""Columns of a report, and the SQL expressions that read them in a chosen language.

A report declares its columns once. For the human formats (CSV, XLSX, PDF) each column
becomes one SQL expression: the text in the chosen language with the other language as
fallback, a choice's label instead of its code, yes/no for a flag, and any text cell that
a spreadsheet would run as a formula neutralised. For JSON each column gives stable keys:
codes, ISO dates, and text in both languages.
"""

from dataclasses import dataclass, field

from django.db.models import Case, CharField, F, Value, When
from django.db.models.expressions import Func
from django.db.models.functions import Coalesce, NullIf
from django.utils.translation import gettext, override
from django_countries import countries

# Characters that make Excel, LibreOffice and Google Sheets read a cell as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class Neutralise(Func):
    """Prefix a text that would start a spreadsheet formula with an apostrophe.

    ``CASE WHEN SUBSTR(x, 1, 1) IN ('=', '+', ...) THEN '''' || x ELSE x END``, the same on
    PostgreSQL and SQLite.
    """

    output_field = CharField()

    def as_sql(self, compiler, connection, **extra_context):
        inner, params = compiler.compile(self.source_expressions[0])
        marks = ", ".join(["%s"] * len(FORMULA_STARTS))
        sql = f"CASE WHEN SUBSTR({inner}, 1, 1) IN ({marks}) THEN %s || {inner} ELSE {inner} END"
        return sql, [*params, *FORMULA_STARTS, "'", *params, *params]


def neutralise_text(value):
    """The same rule in Python, for values that do not come from SQL (headings, filters)."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


@dataclass(frozen=True)
class Column:
    """One column: a stable key, a lazy heading, and where its value comes from.

    ``path`` is a model field path from the report's model. ``kind`` is one of text,
    translated (``path_bg``/``path_en``), choice (``choices`` gives the labels), flag,
    date or number. ``expression`` overrides ``path`` with an expression of its own
    (for annotations such as counts); ``width`` is a hint in characters for XLSX and PDF.
    """

    key: str
    heading: object
    path: str = ""
    kind: str = "text"
    choices: object = None
    expression: object = None
    width: int = 16
    #: (key, expression) pairs for JSON where the default does not fit (both languages of
    #: an expression, a code instead of a label)
    data_pairs: tuple = field(default=())

    def human(self, language, *, neutralise=True):
        """The SQL expression for CSV, XLSX and PDF in ``language``; ``neutralise`` guards the
        text cells of spreadsheet formats against formulas (a PDF shows the text as it is)."""
        guard = Neutralise if neutralise else (lambda text: text)
        if self.expression is not None:
            return guard(self.expression) if self.kind == "text" else self.expression
        if self.kind == "translated":
            other = "en" if language == "bg" else "bg"
            text = Coalesce(
                NullIf(F(f"{self.path}_{language}"), Value("")),
                F(f"{self.path}_{other}"),
                Value(""),
                output_field=CharField(),
            )
            return guard(text)
        if self.kind == "text":
            return guard(Coalesce(F(self.path), Value(""), output_field=CharField()))
        if self.kind == "country":
            with override(language):
                whens = [When(**{self.path: code}, then=Value(str(name))) for code, name in countries]
            return Case(*whens, default=F(self.path), output_field=CharField())
        if self.kind == "choice":
            with override(language):
                whens = [When(**{self.path: value}, then=Value(str(label))) for value, label in self.choices.choices]
            return Case(*whens, default=F(self.path), output_field=CharField())
        if self.kind == "flag":
            with override(language):
                yes, no = gettext("yes"), gettext("no")
            return Case(When(**{self.path: True}, then=Value(yes)), default=Value(no), output_field=CharField())
        if self.kind == "date":
            return F(self.path)
        if self.kind == "number":
            return F(self.path)
        raise ValueError(f"unknown column kind {self.kind!r}")

    def data(self):
        """(key, expression) pairs for JSON: codes, ISO dates, both languages."""
        if self.data_pairs:
            return list(self.data_pairs)
        if self.kind == "translated":
            return [(f"{self.key}_bg", F(f"{self.path}_bg")), (f"{self.key}_en", F(f"{self.path}_en"))]
        if self.expression is not None:
            return [(self.key, self.expression)]
        return [(self.key, F(self.path))]

    @property
    def output_kind(self):
        """What the value is in a spreadsheet cell: text, date or number."""
        return {"date": "date", "number": "number"}.get(self.kind, "text")
