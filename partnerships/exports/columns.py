"""Columns of a report, and the SQL expressions that read them in a chosen language.

A report declares its columns once. For the human formats (CSV, XLSX, PDF) each column
becomes one SQL expression: the text in the chosen language with the other language as
fallback, a choice's label instead of its code, yes/no for a flag, and any text cell that
a spreadsheet would run as a formula neutralised. For JSON each column gives stable keys:
codes, ISO dates, and text in both languages.
"""

import re
from dataclasses import dataclass, field

from django.db import NotSupportedError
from django.db.models import Case, CharField, F, Value, When
from django.db.models.expressions import Func
from django.db.models.functions import Coalesce
from django.utils.translation import gettext, override
from django_countries import countries

from publishing.localisation import language_codes, localised, shown_language

# Characters that make Excel, LibreOffice and Google Sheets read a cell as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Where a spreadsheet may start a cell inside our text: after either separator (a comma file
# opened as semicolon-separated, as Bulgarian Excel does, splits "Среща;=1+2" into "Среща"
# and "=1+2"), a tab, or a line break (a quoted line break read with the wrong separator
# ends the row).
CELL_BREAKS = (",", ";", "\t", "\r", "\n")
# What a spreadsheet may strip from the start of a cell: the double quotes of a quoted cell,
# and spaces (LibreOffice's "Trim spaces").
CELL_PADDING = (" ", '"')


def _one_of(characters):
    """A regular expression's set of ``characters``, the same in Python and PostgreSQL ("-"
    last, so that it is no range; no other character here is special in a set)."""
    return "[" + "".join(sorted(characters, key=lambda character: character == "-")) + "]"


# A cell break, any padding, then a formula character (looked at, not taken). Run on the
# text with a comma before it, so that its start is a cell break too; the one pattern means
# the same in Python's re and PostgreSQL's regular expressions.
FORMULA_AFTER_BREAK = f"({_one_of(CELL_BREAKS)})({_one_of(CELL_PADDING)}*)(?={_one_of(FORMULA_STARTS)})"
_FORMULA_AFTER_BREAK = re.compile(FORMULA_AFTER_BREAK)


def neutralise_text(value, *, after_separators=True):
    """Put an apostrophe before a formula character that starts the text, or, unless
    ``after_separators`` is false, one that a cell break and padding come before.

    ``Среща;=1+2;`` becomes ``Среща;'=1+2;``: read with either separator, no cell starts with
    a formula. A CSV needs both rules. An XLSX cell is a typed string that no separator
    splits, so it needs only the first (a person editing the cell would make its text a
    formula again), and a list of points ("\\n- first") keeps its look there.
    ``Neutralise`` is the same rule in SQL.
    """
    if not isinstance(value, str):
        return value
    if after_separators:
        return _FORMULA_AFTER_BREAK.sub("\\1\\2'", "," + value)[1:]
    return "'" + value if value.startswith(FORMULA_STARTS) else value


# The name under which SQLite's connections get ``neutralise_text``.
SQLITE_FUNCTION = "IURC_NEUTRALISE_TEXT"


class Neutralise(Func):
    """``neutralise_text`` in SQL, for a text expression.

    The start alone is a CASE on the first character, the same on PostgreSQL and SQLite.
    After separators as well, PostgreSQL runs ``FORMULA_AFTER_BREAK`` in one REGEXP_REPLACE
    (a REPLACE per pair of characters, which SQLite could run too, cannot see through padding
    and measured about seven times slower). SQLite has no REGEXP_REPLACE, so it calls
    ``neutralise_text`` itself, as Django's SQLite backend calls Python for the functions
    SQLite lacks.
    """

    output_field = CharField()

    def __init__(self, expression, *, after_separators=True, **extra):
        self.after_separators = after_separators
        super().__init__(expression, **extra)

    def as_sql(self, compiler, connection, **extra_context):
        if self.after_separators:
            raise NotSupportedError(f"Neutralise after separators is not written for {connection.vendor}.")
        inner, params = compiler.compile(self.source_expressions[0])
        marks = ", ".join(["%s"] * len(FORMULA_STARTS))
        sql = f"CASE WHEN SUBSTR({inner}, 1, 1) IN ({marks}) THEN %s || {inner} ELSE {inner} END"
        return sql, [*params, *FORMULA_STARTS, "'", *params, *params]

    def as_postgresql(self, compiler, connection, **extra_context):
        if not self.after_separators:
            return self.as_sql(compiler, connection, **extra_context)
        inner, params = compiler.compile(self.source_expressions[0])
        sql = f"SUBSTR(REGEXP_REPLACE(%s || {inner}, %s, %s, 'g'), 2)"
        return sql, [",", *params, FORMULA_AFTER_BREAK, "\\1\\2'"]

    def as_sqlite(self, compiler, connection, **extra_context):
        if not self.after_separators:
            return self.as_sql(compiler, connection, **extra_context)
        inner, params = compiler.compile(self.source_expressions[0])
        connection.ensure_connection()
        connection.connection.create_function(SQLITE_FUNCTION, 1, neutralise_text, deterministic=True)
        return f"{SQLITE_FUNCTION}({inner})", params


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
    #: for an ``expression`` of translated text: a function of the language giving the code
    #: of the language the text falls back to (``shown_language``), for the PDF to mark
    fallback: object = None

    def human(self, language, *, neutralise=True, after_separators=True):
        """The SQL expression for CSV, XLSX and PDF in ``language``.

        ``neutralise`` guards the cells of spreadsheet formats against formulas (a PDF shows
        the text as it is); ``after_separators`` false guards only the start of a cell, for
        XLSX (see ``Neutralise``). Labels come from our own catalogue, as the headings do,
        and get the same guard, so that no text cell of a CSV is left out.
        """

        def guard(text):
            return Neutralise(text, after_separators=after_separators) if neutralise else text

        def label(text):
            text = str(text)
            return Value(neutralise_text(text, after_separators=after_separators) if neutralise else text)

        if self.expression is not None:
            return guard(self.expression) if self.kind == "text" else self.expression
        if self.kind == "translated":
            return guard(localised(self.path, language))
        if self.kind == "text":
            return guard(Coalesce(F(self.path), Value(""), output_field=CharField()))
        if self.kind == "country":
            with override(language):
                whens = [When(**{self.path: code}, then=label(name)) for code, name in countries]
            return Case(*whens, default=F(self.path), output_field=CharField())
        if self.kind == "choice":
            with override(language):
                whens = [When(**{self.path: value}, then=label(text)) for value, text in self.choices.choices]
            return Case(*whens, default=F(self.path), output_field=CharField())
        if self.kind == "flag":
            with override(language):
                yes, no = label(gettext("yes")), label(gettext("no"))
            return Case(When(**{self.path: True}, then=yes), default=no, output_field=CharField())
        if self.kind == "date":
            return F(self.path)
        if self.kind == "number":
            return F(self.path)
        raise ValueError(f"unknown column kind {self.kind!r}")

    def fallback_language(self, language):
        """An expression giving the code of the language a cell's text falls back to, where
        it is not ``language`` (``''`` where it is); None for a column of no translated text."""
        if self.kind == "translated":
            return shown_language(self.path, language)
        if self.fallback is not None:
            return self.fallback(language)
        return None

    def data(self):
        """(key, expression) pairs for JSON: codes, ISO dates, both languages."""
        if self.data_pairs:
            return list(self.data_pairs)
        if self.kind == "translated":
            return [(f"{self.key}_{code}", F(f"{self.path}_{code}")) for code in language_codes()]
        if self.expression is not None:
            return [(self.key, self.expression)]
        return [(self.key, F(self.path))]

    @property
    def output_kind(self):
        """What the value is in a spreadsheet cell: text, date or number."""
        return {"date": "date", "number": "number"}.get(self.kind, "text")
