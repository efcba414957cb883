"""A proposed change as people read it: field by field, current value beside the
proposed one, each translated field named with its language."""

import datetime

from django.apps import apps
from django.db import models
from django.utils import formats, timezone
from django.utils.text import capfirst
from django.utils.translation import get_language_info, gettext

from .locking import shown_change


def _label(field):
    language = getattr(field, "language", None)  # a modeltranslation column such as title_bg
    if language:
        name = gettext(get_language_info(language)["name"])
        return f"{capfirst(field.translated_field.verbose_name)} ({name})"
    return str(capfirst(field.verbose_name))


def _show(field, value):
    """A value as the admin shows it: a choice's label, a related record's name, a date."""
    if value in (None, "", []):
        return "—"
    if field.many_to_many:
        related = field.related_model._default_manager.filter(pk__in=value)
        return ", ".join(str(item) for item in related) or "—"
    if field.many_to_one or field.one_to_one:
        related = field.related_model._default_manager.filter(pk=value).first()
        return str(related) if related is not None else "—"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool) or field.get_internal_type() == "BooleanField":
        return gettext("yes") if value in (True, "True", "true") else gettext("no")
    if field.get_internal_type() == "DateField":
        return formats.date_format(datetime.date.fromisoformat(value), "DATE_FORMAT")
    return str(value)


def shown_value(field, value):
    """A value of a history record as the admin shows it: "—" for nothing, a choice's
    label, a related record's name, a local date or time, never a raw code, "None" or
    "Deleted user (pk=None)"."""
    if value in (None, "", []) or getattr(value, "pk", "") is None:
        return "—"
    if isinstance(value, list):  # a many-to-many field: the rows of its through table
        related = field.m2m_reverse_field_name() if field.many_to_many else None
        names = [str(row.get(related, "—")) if isinstance(row, dict) else str(row) for row in value]
        return ", ".join(sorted(names)) or "—"
    if isinstance(value, models.Model) or hasattr(value, "pk"):
        return str(value)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return gettext("yes") if value else gettext("no")
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        return formats.date_format(value, "DATETIME_FORMAT")
    if isinstance(value, datetime.date):
        return formats.date_format(value, "DATE_FORMAT")
    return str(value)


def history_changes(model, changes):
    """simple-history's changes between two versions, as people read them: each field by
    its name (a translated field with its language), values by ``shown_value``; the
    version counter and modeltranslation's copy of the active language left out."""
    lines = []
    for change in changes:
        if not shown_change(model, change):
            continue
        field = model._meta.get_field(change.field)
        lines.append(
            {"field": _label(field), "old": shown_value(field, change.old), "new": shown_value(field, change.new)}
        )
    return lines


def _current(obj, field):
    if obj is None:
        return None
    if field.many_to_many:
        return sorted(getattr(obj, field.name).values_list("pk", flat=True))
    value = getattr(obj, field.attname)
    return value.isoformat() if isinstance(value, datetime.date) else value


def _lines(model, obj, values):
    lines = []
    for name, value in values.items():
        field = model._meta.get_field(name)
        old = _current(obj, field)
        lines.append({"label": _label(field), "old": _show(field, old), "new": _show(field, value)})
    return lines


def revision_diff(revision):
    """[{"title", "action", "lines": [{"label", "old", "new"}]}] for the record and each row."""
    model = revision.target_model
    obj = revision.target()
    changes = revision.changes
    sections = [
        {
            "title": str(obj if obj is not None else revision.object_repr),
            "action": gettext("changed"),
            "lines": _lines(model, obj, {**changes.get("fields", {}), **changes.get("m2m", {})}),
        }
    ]
    for row in changes.get("rows", []):
        row_model = apps.get_model(row["model"])
        current = row_model._default_manager.filter(pk=row["pk"]).first() if row.get("pk") else None
        kind = capfirst(row_model._meta.verbose_name)
        if row.get("delete"):
            sections.append({"title": f"{kind}: {current}", "action": gettext("to be deleted"), "lines": []})
        elif current is None:
            sections.append(
                {"title": kind, "action": gettext("to be added"), "lines": _lines(row_model, None, row["fields"])}
            )
        else:
            sections.append(
                {
                    "title": f"{kind}: {current}",
                    "action": gettext("changed"),
                    "lines": _lines(row_model, current, row["fields"]),
                }
            )
    return [section for section in sections if section["lines"] or section["action"] != gettext("changed")]
