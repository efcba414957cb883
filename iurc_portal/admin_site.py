from django.conf import settings
from django.contrib.admin import AdminSite
from django.contrib.admin.forms import AdminAuthenticationForm
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_otp.admin import OTPAdminAuthenticationForm, OTPAdminSite

from partnerships.selectors import DUE_SOON_DAYS, my_milestones
from publishing.links import awaiting_review_links
from publishing.selectors import proposals_of


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
        records, proposals = awaiting_review_links(request.user)
        context = {
            "my_milestones": my_milestones(request.user, today=timezone.localdate()),
            "due_soon_days": DUE_SOON_DAYS,
            "awaiting_records": records,
            "awaiting_proposals": proposals,
            "my_proposals": proposals_of(request.user),
            **(extra_context or {}),
        }
        return super().index(request, context)
