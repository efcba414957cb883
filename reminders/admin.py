from django import forms
from django.contrib import admin
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .models import ReminderSettings, new_calendar_token
from .services import absolute, reminder_settings_of


class ReminderSettingsForm(forms.ModelForm):
    reset_calendar = forms.BooleanField(
        label=_("Give my calendar a new secret address"),
        required=False,
        help_text=_("The old address stops working at once: subscribe again with the new one."),
    )

    class Meta:
        model = ReminderSettings
        fields = ["language", "daily_digest"]

    def save(self, commit=True):
        if self.cleaned_data.get("reset_calendar"):
            self.instance.calendar_token = new_calendar_token()
        return super().save(commit=commit)


@admin.register(ReminderSettings)
class ReminderSettingsAdmin(admin.ModelAdmin):
    """Each member of staff keeps their own reminder settings; a superuser sees everyone's."""

    form = ReminderSettingsForm
    list_display = ["user", "language", "daily_digest"]
    fields = ["user", "language", "daily_digest", "calendar_address", "reset_calendar"]
    readonly_fields = ["user", "calendar_address"]

    def get_urls(self):
        mine = path("mine/", self.admin_site.admin_view(self.mine_view), name="reminders_remindersettings_mine")
        return [mine, *super().get_urls()]

    def mine_view(self, request):
        """The signed-in person's settings, made with the defaults on the first visit."""
        own = reminder_settings_of(request.user)
        return redirect("admin:reminders_remindersettings_change", own.pk)

    def get_queryset(self, request):
        queryset = super().get_queryset(request).select_related("user")
        return queryset if request.user.is_superuser else queryset.filter(user=request.user)

    def _own(self, request, obj):
        return request.user.is_staff and (obj is None or obj.user_id == request.user.pk or request.user.is_superuser)

    def has_module_permission(self, request):
        return request.user.is_staff

    def has_view_permission(self, request, obj=None):
        return self._own(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._own(request, obj)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("calendar address"))
    def calendar_address(self, obj):
        url = absolute(reverse("reminders:calendar", args=[obj.calendar_token]))
        return format_html(
            "<code>{}</code><br>{}",
            url,
            _(
                "Subscribe to it in your calendar program. Anyone with the address sees your milestones: keep it to yourself."
            ),
        )
