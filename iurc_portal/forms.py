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
        self._check_published_translations(cleaned_data)
        if not self.instance.pk:
            return cleaned_data
        base = cleaned_data.get("history_base")
        model = type(self.instance)
        # Lock the row until the admin's transaction ends, so no save slips in between.
        list(model._default_manager.select_for_update().filter(pk=self.instance.pk).values_list("pk"))
        history = self.instance.history.order_by("-history_id")
        latest = history.first()
        if latest is None or latest.history_id == base:
            return cleaned_data
        if base is None:
            # A form without the version it was opened on cannot show it is current.
            raise forms.ValidationError(
                _("This form does not say which version it was opened on. Open the record again."),
                code="edited_meanwhile",
            )
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

    def _check_published_translations(self, cleaned_data):
        """A published record keeps its required fields in both languages; to empty one,
        a publisher unpublishes it first."""
        fields = getattr(self.instance, "REQUIRED_IN_BOTH_LANGUAGES", ())
        if not fields or getattr(self.instance, "publication", None) != "published":
            return
        for field in fields:
            for language in ("bg", "en"):
                name = f"{field}_{language}"
                if name in self.fields and not (cleaned_data.get(name) or "").strip():
                    self.add_error(name, _("A published record needs this in both languages."))


def _shown(model, change):
    """A change a person would call one: not empty to empty, not modeltranslation's copy of
    the active language in the original column (``title`` beside ``title_bg``/``title_en``)."""
    if not change.old and not change.new:
        return False
    names = {field.name for field in model._meta.get_fields()}
    return f"{change.field}_bg" not in names
