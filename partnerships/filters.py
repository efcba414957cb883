"""The FilterSets behind the public lists (and, later, the staff reports and downloads)."""

import datetime

import django_filters
from django import forms
from django.db.models import Q, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_countries import countries

from publishing.localisation import language_codes, localised
from publishing.models import Publication
from publishing.widgets import plain_selects

from . import selectors
from .models import Component, Milestone, Partnership, ThematicArea


class DigitsInput(forms.TextInput):
    """A text box for digits: phones show their number pad (``inputmode``), and a wrong
    value echoed back with its error ("abc") stays valid HTML, which an
    ``<input type="number">`` with that value is not."""

    def __init__(self, attrs=None):
        super().__init__({"inputmode": "numeric", "pattern": "[0-9]*", **(attrs or {})})


class IntegerFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", DigitsInput)
        super().__init__(*args, **kwargs)


def _search(queryset, fields, value):
    """Every language's column of each field: a plain ``title__icontains`` reads only the active one.

    A field of a related record (``partnership__title``) is matched first, in a query of
    its own on that record's (small) table, and the rows are then matched by the ids it
    found: every condition stays on one table, so PostgreSQL combines its trigram indexes
    (partnerships migration 0008) and the foreign key's index in a bitmap. A subquery in
    their place made it scan all 100,000 milestones (49 ms)."""
    condition = Q()
    for field in fields:
        relation, _, name = field.rpartition("__")
        matches = Q()
        for language in language_codes():
            matches |= Q(**{f"{name}_{language}__icontains": value})
        if relation:
            related = queryset.model._meta.get_field(relation).related_model
            ids = list(related._default_manager.filter(matches).values_list("pk", flat=True))
            condition |= Q(**{f"{relation}__in": ids})
        else:
            condition |= matches
    return queryset.filter(condition)


def _country_choices(codes):
    names = dict(countries)
    return sorted(((code, names.get(code, code)) for code in codes), key=lambda choice: str(choice[1]))


class ListedChoices(django_filters.fields.ModelChoiceIterator):
    """A choice of records read with one plain query. Django reads them with
    ``.iterator()``, which on PostgreSQL opens a server-side cursor (DECLARE, FETCH and
    CLOSE, three round trips) for a few dozen rows."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        if self.field.null_label is not None:
            yield (self.field.null_value, self.field.null_label)
        for obj in self.queryset.all():
            yield self.choice(obj)


class FilterSet(django_filters.FilterSet):
    """Select boxes written in Python (``PlainSelect``): same HTML, a fifth of the time;
    choices of records read in one query each."""

    @property
    def form(self):
        if not hasattr(self, "_form"):
            form = super().form
            for field in form.fields.values():
                if isinstance(field, django_filters.fields.ModelChoiceField):
                    field.iterator = ListedChoices
                    field.widget.choices = field.choices
            plain_selects(form)
        return self._form


class PartnershipFilter(FilterSet):
    SORTS = {
        "title": pgettext_lazy("sort order", "Title"),
        "newest": pgettext_lazy("sort order", "Newest first"),
        "oldest": pgettext_lazy("sort order", "Oldest first"),
        "progress": pgettext_lazy("sort order", "Most progress"),
    }

    q = django_filters.CharFilter(label=_("Search"), method="search", max_length=200)
    theme = django_filters.ModelChoiceFilter(
        label=_("Thematic area"),
        field_name="thematic_areas",
        to_field_name="code",
        queryset=ThematicArea.objects.order_by("order", "code"),
        empty_label=_("All thematic areas"),
    )
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Partnership.Status, empty_label=_("Any status"))
    component = django_filters.ModelChoiceFilter(
        label=_("Programme component"),
        to_field_name="code",
        queryset=Component.objects.order_by("order", "code"),
        empty_label=_("All components"),
    )
    country = django_filters.ChoiceFilter(
        label=_("Partner country"), field_name="partner_country", choices=[], empty_label=_("All countries")
    )
    year = IntegerFilter(label=_("Active in year"), method="active_in_year", min_value=1990, max_value=2100)
    sort = django_filters.ChoiceFilter(
        label=_("Sort by"), method="sort_by", choices=list(SORTS.items()), empty_label=None
    )

    class Meta:
        model = Partnership
        fields = []

    def __init__(self, *args, country_codes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["country"].extra["choices"] = _country_choices(country_codes)
        self.form.fields["component"].label_from_instance = str

    def search(self, queryset, name, value):
        return _search(queryset, ("title", "summary", "description", "partner_city__name"), value)

    def active_in_year(self, queryset, name, value):
        first, last = datetime.date(value, 1, 1), datetime.date(value, 12, 31)
        return queryset.filter(start_date__lte=last).filter(Q(end_date__isnull=True) | Q(end_date__gte=first))

    def sort_by(self, queryset, name, value):
        return queryset.order_by(*self.orderings[value])

    @property
    def orderings(self):
        return {
            "title": [localised("title").asc(), "pk"],
            "newest": [Coalesce("start_date", Value(datetime.date.min)).desc(), "pk"],
            "oldest": [Coalesce("start_date", Value(datetime.date.max)).asc(), "pk"],
            "progress": ["-milestones_done", "-milestones_total", "pk"],
        }

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if not self.form.cleaned_data.get("sort"):
            queryset = queryset.order_by(*self.orderings["title"])
        return queryset


class MilestoneFilter(FilterSet):
    # "overview" comes first: the page opened without filters shows the overview (the next,
    # the overdue and the latest done), and a form shown without a value displays the
    # first choice. "All" lists every milestone, undated ones included.
    WHEN = {
        "overview": pgettext_lazy("milestones shown", "Overview"),
        "all": pgettext_lazy("milestones shown", "All"),
        "upcoming": pgettext_lazy("milestones shown", "Upcoming"),
        "overdue": pgettext_lazy("milestones shown", "Overdue"),
        "done": pgettext_lazy("milestones shown", "Recently done"),
    }

    when = django_filters.ChoiceFilter(
        label=_("Show"), method="filter_when", choices=list(WHEN.items()), empty_label=None
    )
    q = django_filters.CharFilter(label=_("Search"), method="search", max_length=200)
    theme = django_filters.ModelChoiceFilter(
        label=_("Thematic area"),
        field_name="thematic_area",
        to_field_name="code",
        queryset=ThematicArea.objects.order_by("order", "code"),
        empty_label=_("All thematic areas"),
    )
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=Milestone.Kind, empty_label=_("Any kind"))
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Milestone.Status, empty_label=_("Any status"))
    partnership = django_filters.ModelChoiceFilter(
        label=_("Partnership"),
        to_field_name="slug",
        queryset=selectors.public_partnership_choices(),
        empty_label=_("All partnerships"),
    )

    class Meta:
        model = Milestone
        fields = []

    def __init__(self, *args, today=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today or timezone.localdate()

    def search(self, queryset, name, value):
        return _search(queryset, ("title", "description", "partnership__title"), value)

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if not self.form.cleaned_data.get("when"):
            queryset = queryset.order_by("due_date", "pk")
        return queryset

    def filter_when(self, queryset, name, value):
        if value == "upcoming":
            return queryset.upcoming(today=self.today).order_by("due_date", "pk")
        if value == "overdue":
            return queryset.overdue(today=self.today).order_by("due_date", "pk")
        if value == "done":
            return queryset.filter(status=Milestone.Status.DONE).order_by("-completed_on", "-pk")
        if value == "overview":  # what the overview's three lists draw from, as one list
            dated_open = Q(status__in=Milestone.OPEN_STATUSES, due_date__isnull=False)
            return queryset.filter(dated_open | Q(status=Milestone.Status.DONE)).order_by("due_date", "pk")
        return queryset.order_by("due_date", "pk")


class StaffPartnershipFilter(PartnershipFilter):
    """The public filters plus what only staff may choose: drafts."""

    publication = django_filters.ChoiceFilter(
        label=_("Publication"), choices=Publication, empty_label=_("Published and drafts")
    )


class StaffMilestoneFilter(MilestoneFilter):
    """The public filters plus drafts' milestones and internal milestones."""

    publication = django_filters.ChoiceFilter(
        label=_("Publication of the partnership"),
        field_name="partnership__publication",
        choices=Publication,
        empty_label=_("Published and drafts"),
    )
    visibility = django_filters.ChoiceFilter(
        label=_("Visibility"),
        method="filter_visibility",
        choices=[("public", _("Public milestones only")), ("internal", _("Internal milestones only"))],
        empty_label=_("Public and internal"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["partnership"].queryset = Partnership.objects.order_by("slug")
        self.form.fields["partnership"].queryset = Partnership.objects.order_by("slug")

    def filter_visibility(self, queryset, name, value):
        return queryset.filter(is_public=value == "public")
