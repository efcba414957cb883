"""Results against targets: a partnership's indicators (knowledge-exchange events held,
participants, pilot actions started, agreements signed), each with a baseline, a target
by a date, and dated measurements.

Partnerships are named by string only, so that the partnerships app, whose selectors and
pages show indicators, can import this one."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from publishing.models import Publication, Publishable, PublishableQuerySet, Versioned


class IndicatorQuerySet(PublishableQuerySet):
    pass


class Indicator(Publishable):
    REQUIRED_IN_BOTH_LANGUAGES = ("name",)
    Publication = Publication

    partnership = models.ForeignKey(
        "partnerships.Partnership",
        on_delete=models.CASCADE,
        related_name="indicators",
        verbose_name=_("partnership"),
    )
    name = models.CharField(_("name"), max_length=200, help_text=_("What is counted, such as “Study visits held”."))
    unit = models.CharField(_("unit"), max_length=50, blank=True, help_text=_("Such as “events” or “participants”."))
    baseline = models.DecimalField(_("baseline"), max_digits=14, decimal_places=2, default=0)
    target = models.DecimalField(_("target"), max_digits=14, decimal_places=2)
    target_date = models.DateField(_("target date"), null=True, blank=True)
    is_public = models.BooleanField(
        _("public"), default=True, help_text=_("Internal indicators are shown to staff only.")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = IndicatorQuerySet.as_manager()

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        permissions = [("publish_indicator", _("Can publish, unpublish and archive indicators"))]
        ordering = ["partnership", "order", "pk"]

    def __str__(self):
        return self.name


class Measurement(Versioned):
    """A value of an indicator on a day, with where it comes from."""

    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="measurements", verbose_name=_("indicator")
    )
    date = models.DateField(_("date"))
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2)
    source = models.CharField(
        _("source or note"), max_length=300, blank=True, help_text=_("Where the figure comes from.")
    )

    class Meta:
        verbose_name = _("measurement")
        verbose_name_plural = _("measurements")
        ordering = ["indicator", "date", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "date"], name="measurement_one_a_day"),
            models.CheckConstraint(condition=Q(value__gte=0), name="measurement_not_negative"),
        ]

    def __str__(self):
        return f"{self.date}: {self.value}"
