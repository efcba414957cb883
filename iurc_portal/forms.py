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
        changed = sorted(
            {
                str(model._meta.get_field(change.field).verbose_name) + _field_language(change.field)
                for change in latest.diff_against(opened).changes
            }
            if opened is not None
            else []
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


def _field_language(name):
    for suffix in ("_bg", "_en"):
        if name.endswith(suffix):
            return f" [{suffix[1:]}]"
    return ""
