"""No lost edits: a form remembers which version it was opened on and refuses a save that
would overwrite a change made since, saying what changed."""

from django import forms
from django.utils import formats
from django.utils.translation import gettext as _


def latest_history_id(instance):
    record = instance.history.order_by("-history_id").values_list("history_id", flat=True).first()
    return record


class ConcurrentModelForm(forms.ModelForm):
    history_base = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["history_base"] = latest_history_id(self.instance)

    def clean(self):
        cleaned_data = super().clean()
        base = cleaned_data.get("history_base")
        if not self.instance.pk or base is None:
            return cleaned_data
        model = type(self.instance)
        # Lock the row until the admin's transaction ends, so no save slips in between.
        list(model._default_manager.select_for_update().filter(pk=self.instance.pk).values_list("pk"))
        history = self.instance.history.order_by("-history_id")
        latest = history.first()
        if latest is None or latest.history_id == base:
            return cleaned_data
        opened = history.filter(history_id=base).first()
        changes = latest.diff_against(opened).changes if opened is not None else []
        changed = sorted(
            {str(model._meta.get_field(change.field).verbose_name) for change in changes if _shown(model, change)}
        )
        raise forms.ValidationError(
            _(
                "%(user)s saved this record at %(time)s, after you opened it (changed: %(fields)s). "
                "Your changes were not saved, so nothing was overwritten. Open the record again to see "
                "the current version, then make your changes again."
            )
            % {
                "user": latest.history_user or _("someone else"),
                "time": formats.date_format(latest.history_date, "DATETIME_FORMAT"),
                "fields": ", ".join(changed) or _("unknown"),
            },
            code="edited_meanwhile",
        )


def _shown(model, change):
    """A change a person would call one: not empty to empty, not modeltranslation's copy of
    the active language in the original column (``title`` beside ``title_bg``/``title_en``)."""
    if not change.old and not change.new:
        return False
    names = {field.name for field in model._meta.get_fields()}
    return f"{change.field}_bg" not in names
