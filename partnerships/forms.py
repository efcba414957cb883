from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from publishing.forms import ConcurrentModelForm

from .models import Milestone
from .selectors import admin_milestone_window
from .services import THEMES_IN_USE, milestone_validate


class MilestoneForm(ConcurrentModelForm):
    """A milestone on its own page (and its restored versions): the rules of
    ``milestone_validate``, for the member of staff saving it (``user``)."""

    user = None

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

    def _post_clean(self):
        super()._post_clean()
        if self.instance.partnership_id is None:
            return
        try:
            milestone_validate(self.instance, user=self.user)
        except ValidationError as error:
            self._update_errors(error)


class MilestoneInlineFormSet(forms.BaseInlineFormSet):
    """Milestones edited inside their partnership's page.

    The partnership's thematic areas may change in the same submission, so the allowed
    areas are the ones submitted with the partnership (``thematic_area_ids``), not the
    ones saved in the database.
    """

    def __init__(self, *args, thematic_area_ids=frozenset(), user=None, **kwargs):
        self.thematic_area_ids = thematic_area_ids
        self.user = user
        super().__init__(*args, **kwargs)

    def clean(self):
        super().clean()
        for form in self.forms:
            if not hasattr(form, "cleaned_data") or self._should_delete_form(form):
                continue
            # Every row's area against the submitted areas; who may change visibility
            # matters only for a row that changes.
            user = self.user if form.has_changed() else None
            try:
                milestone_validate(form.instance, user=user, thematic_area_ids=self.thematic_area_ids)
            except ValidationError as error:
                for field, errors in error.error_dict.items():
                    for message in errors:
                        form.add_error(field if field in form.fields else None, message)


class PartnershipForm(ConcurrentModelForm):
    """The partnership's page. Its inline milestones are only the latest and the next
    ones (``admin_milestone_window``); the rule on thematic areas covers the others here."""

    class Meta:
        widgets = {"thematic_areas": forms.CheckboxSelectMultiple}

    def clean(self):
        cleaned_data = super().clean()
        areas = cleaned_data.get("thematic_areas")
        if self.instance.pk and areas is not None:
            inline = admin_milestone_window(self.instance, today=timezone.localdate())
            outside = (
                Milestone.objects.filter(partnership=self.instance, thematic_area__isnull=False)
                .exclude(pk__in=inline)
                .exclude(thematic_area__in=areas)
                .order_by("pk")
            )
            titles = [str(milestone) for milestone in outside[:5]]
            if titles:
                self.add_error("thematic_areas", THEMES_IN_USE % {"milestones": ", ".join(titles)})
        return cleaned_data
