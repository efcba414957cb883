from django import forms
from django.core.exceptions import ValidationError

from publishing.forms import ConcurrentModelForm

from .models import Milestone
from .services import milestone_validate


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
    class Meta:
        widgets = {"thematic_areas": forms.CheckboxSelectMultiple}
