"""No lost edits: a form remembers the version it was opened on, and its save is refused,
saying what changed, when the row's version has moved on since (see ``locking``)."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .locking import StaleEdit, lock_version
from .models import Publication


def live_value(instance, field):
    """``field`` of the row as it is: ``instance``'s own, unless ``instance`` is an earlier
    version from the history (a restore saves over the current row); then one query."""
    if getattr(instance, "_history", None) is not None:
        return type(instance)._default_manager.filter(pk=instance.pk).values_list(field, flat=True).first()
    return getattr(instance, field)


def _refusing_overflow(field):
    """A choice of rows whose id does not fit the database's integer (SQLite raises
    OverflowError, which Django does not catch) is an invalid choice, not a 500."""
    clean = field.clean

    def checked(value):
        try:
            return clean(value)
        except OverflowError:
            raise forms.ValidationError(
                field.error_messages["invalid_choice"], code="invalid_choice", params={"value": str(value)[:30]}
            ) from None

    return checked


class VersionInput(forms.HiddenInput):
    """The hidden version box, which no label points at: the admin writes a label for every
    field of a fieldset, and a label for a hidden control is not valid HTML."""

    def id_for_label(self, id_):
        return None


class ConcurrentModelForm(forms.ModelForm):
    base_version = forms.IntegerField(widget=VersionInput, required=False, label=gettext_lazy("version opened"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.ModelChoiceField):
                field.clean = _refusing_overflow(field)
        if self.instance.pk:
            # Bound forms too: otherwise every inline row reports a change and is saved again.
            self.initial["base_version"] = live_value(self.instance, "version")

    def clean(self):
        cleaned_data = super().clean()
        self._check_published_translations(cleaned_data)
        # An unchanged inline row is not written, so it needs no lock.
        if self.instance.pk and self.has_changed():
            try:
                lock_version(self.instance, base=cleaned_data.get("base_version"))
            except StaleEdit as error:
                raise forms.ValidationError(str(error), code="edited_meanwhile") from error
        return cleaned_data

    def _check_published_translations(self, cleaned_data):
        """A published record keeps its required fields in every language; to empty one,
        a publisher unpublishes it first."""
        fields = getattr(self.instance, "REQUIRED_IN_BOTH_LANGUAGES", ())
        if not fields or not self.instance.pk:
            return
        if live_value(self.instance, "publication") != Publication.PUBLISHED:
            return
        for field in fields:
            for language, _name in settings.LANGUAGES:
                name = f"{field}_{language}"
                if name in self.fields and not (cleaned_data.get(name) or "").strip():
                    self.add_error(name, _("A published record needs this in both languages."))
