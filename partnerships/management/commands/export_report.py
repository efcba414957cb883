import os
import sys
import tempfile
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.http import QueryDict
from django.utils import translation

from partnerships.exports import FORMATS, LANGUAGES, REPORTS, Export, ExportError
from partnerships.models import ExportLog
from partnerships.services import export_log_create


class Command(BaseCommand):
    help = (
        "Write a report to a file for scheduled jobs, e.g. "
        "export_report milestones --format xlsx --lang en --filter status=active -o milestones.xlsx"
    )

    def add_arguments(self, parser):
        parser.add_argument("report", help=f"one of: {', '.join(REPORTS)}")
        parser.add_argument("--format", dest="export_format", default="xlsx", help=f"one of: {', '.join(FORMATS)}")
        parser.add_argument("--lang", default=settings.LANGUAGE_CODE, help=f"one of: {', '.join(LANGUAGES)}")
        parser.add_argument(
            "--filter",
            action="append",
            default=[],
            metavar="NAME=VALUE",
            help="a filter of the report, as on the Reports page; repeat for more",
        )
        parser.add_argument("--delimiter", default="comma", help="CSV separator: comma or semicolon")
        parser.add_argument(
            "--public", action="store_true", help="only what the public sees: published records, public milestones"
        )
        parser.add_argument("-o", "--output", required=True, help="the file to write, or - for standard output")
        parser.add_argument("--user", help="the staff account the export log names (a scheduled job's account)")

    def handle(self, *args, report, export_format, lang, filter, delimiter, public, output, user, **options):
        if report not in REPORTS:
            raise CommandError(f"Unknown report {report!r}. Reports: {', '.join(REPORTS)}.")
        if export_format not in FORMATS:
            raise CommandError(f"Unknown format {export_format!r}. Formats: {', '.join(FORMATS)}.")
        if lang not in LANGUAGES:
            raise CommandError(f"Unknown language {lang!r}. Languages: {', '.join(LANGUAGES)}.")
        account = None
        if user:
            account = get_user_model().objects.filter(username=user).first()
            if account is None:
                raise CommandError(f"No user {user!r}.")
        if output != "-" and Path(output).is_dir():
            raise CommandError(f"{output!r} is a folder; give a file name.")
        data = QueryDict(mutable=True)
        for item in filter:
            name, separator, value = item.partition("=")
            if not separator or not name:
                raise CommandError(f"A filter is NAME=VALUE, not {item!r}.")
            data.appendlist(name, value)
        with translation.override("en"):
            try:
                export = Export(report, language=lang, fmt=export_format, data=data, public=public, delimiter=delimiter)
            except ExportError as error:
                raise CommandError(str(error)) from None
            known = set(export.filterset.filters)
            unknown = sorted(set(data) - known)
            if unknown:
                raise CommandError(
                    f"Unknown filter {', '.join(map(repr, unknown))} for {report}. Filters: {', '.join(sorted(known))}."
                )
            if not export.is_valid():
                problems = "; ".join(f"{name}: {' '.join(errors)}" for name, errors in export.errors.items())
                raise CommandError(f"Invalid filter: {problems}")
            try:
                rows = export.count()
                chunks = export.stream()
                self._write(chunks, output)
            except ExportError as error:
                raise CommandError(str(error)) from None
        export_log_create(export=export, user=account, source=ExportLog.Source.COMMAND, row_count=rows)
        if output != "-":
            self.stderr.write(f"Wrote {report} ({export_format}, {lang}, {rows} rows) to {output}")

    def _write(self, chunks, output):
        """Write to a temporary file beside the target and move it into place only when complete."""
        if output == "-":
            for chunk in chunks:
                sys.stdout.buffer.write(chunk)
            sys.stdout.buffer.flush()
            return
        target = Path(output)
        if not target.parent.is_dir():
            raise CommandError(f"The folder {str(target.parent)!r} does not exist.")
        handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".part")
        try:
            with os.fdopen(handle, "wb") as file:
                for chunk in chunks:
                    file.write(chunk)
            os.replace(temporary, target)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
