from django import forms
from django.utils.translation import gettext_lazy as _

from iurc_portal.forms import ConcurrentModelForm

from .models import Milestone

THEME_OUTSIDE_PARTNERSHIP = _(
    "“%(area)s” is not one of the partnership's thematic areas. Add it to the partnership or pick another."
)


def _theme_error(area):
    return forms.ValidationError(THEME_OUTSIDE_PARTNERSHIP, code="theme_outside_partnership", params={"area": area})


class MilestoneForm(ConcurrentModelForm):
    """A milestone on its own page: its thematic area must be one of its partnership's."""

    class Meta:
        model = Milestone
        fields = [
            "partnership",
            "kind",
            "title",
            "description",
            "thematic_area",
            "status",
            "due_date",
            "completed_on",
            "is_public",
        ]

    def clean(self):
        cleaned_data = super().clean()
        partnership = cleaned_data.get("partnership")
        area = cleaned_data.get("thematic_area")
        if partnership and area and not partnership.thematic_areas.filter(pk=area.pk).exists():
            self.add_error("thematic_area", _theme_error(area))
        return cleaned_data


class MilestoneInlineFormSet(forms.BaseInlineFormSet):
    """Milestones edited inside their partnership's page.

    The partnership's thematic areas may change in the same submission, so the allowed
    areas are the ones submitted with the partnership (``thematic_area_ids``), not the
    ones saved in the database.
    """

    def __init__(self, *args, thematic_area_ids=frozenset(), **kwargs):
        self.thematic_area_ids = thematic_area_ids
        super().__init__(*args, **kwargs)

    def clean(self):
        super().clean()
        for form in self.forms:
            if not hasattr(form, "cleaned_data") or self._should_delete_form(form):
                continue
            area = form.cleaned_data.get("thematic_area")
            if area and area.pk not in self.thematic_area_ids:
                form.add_error("thematic_area", _theme_error(area))


class PartnershipForm(ConcurrentModelForm):
    class Meta:
        widgets = {"thematic_areas": forms.CheckboxSelectMultiple}
