from django.conf import settings
from django.contrib.admin import AdminSite
from django.contrib.admin.forms import AdminAuthenticationForm
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_otp.admin import OTPAdminAuthenticationForm, OTPAdminSite

from partnerships.selectors import DUE_SOON_DAYS, my_milestones
from publishing.selectors import awaiting_review, proposals_of


class PortalAdminSite(AdminSite):
    """The admin; with OTP_REQUIRED on, staff also give a TOTP code from an enrolled device."""

    site_header = site_title = _("IURC Portal")
    index_title = _("My work")
    # The first page after signing in: the member of staff's own work, then the app list.
    index_template = "admin/my_work.html"

    @property
    def login_form(self):
        return OTPAdminAuthenticationForm if settings.OTP_REQUIRED else AdminAuthenticationForm

    @property
    def login_template(self):
        return OTPAdminSite.login_template if settings.OTP_REQUIRED else None

    def has_permission(self, request):
        verified = not settings.OTP_REQUIRED or request.user.is_verified()
        return super().has_permission(request) and verified

    def index(self, request, extra_context=None):
        """The member of staff's own work first: their milestones by urgency, what waits for
        their review, and their proposals that still wait; the app list below."""
        milestones = my_milestones(request.user, today=timezone.localdate())
        records, proposals = awaiting_review(request.user)
        context = {
            "my_milestones": milestones,
            "due_soon_days": DUE_SOON_DAYS,
            "awaiting_records": [
                {
                    "name": model._meta.verbose_name_plural,
                    "count": count,
                    "items": [(str(obj), _change_url(obj)) for obj in first],
                    "all": reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
                    + "?publication__exact=in_review",
                }
                for model, count, first in records
            ],
            "awaiting_proposals": proposals,
            "my_proposals": proposals_of(request.user),
            **(extra_context or {}),
        }
        return super().index(request, context)


def _change_url(obj):
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])
