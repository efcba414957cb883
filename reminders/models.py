import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def new_calendar_token():
    return secrets.token_urlsafe(32)


class ReminderSettings(models.Model):
    """A member of staff's reminders: the daily digest's language and whether it comes, and
    the secret of their calendar subscription."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="reminder_settings",
        verbose_name=_("member of staff"),
    )
    language = models.CharField(
        _("language"),
        max_length=10,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text=_("The language of the daily digest and of the calendar."),
    )
    daily_digest = models.BooleanField(
        _("daily digest by e-mail"),
        default=True,
        help_text=_(
            "An e-mail each morning with your milestones overdue and due soon, and what waits for your "
            "review. None is sent on a day with nothing to say."
        ),
    )
    calendar_token = models.CharField(
        _("calendar secret"), max_length=64, unique=True, default=new_calendar_token, editable=False
    )

    class Meta:
        verbose_name = _("reminder settings")
        verbose_name_plural = _("reminder settings")

    def __str__(self):
        return str(self.user)


class DigestSent(models.Model):
    """One row per person and day a digest went out: a second run that day sends nothing."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("member of staff")
    )
    day = models.DateField(_("day"))
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        verbose_name = _("digest sent")
        verbose_name_plural = _("digests sent")
        constraints = [models.UniqueConstraint(fields=["user", "day"], name="digest_once_a_day")]

    def __str__(self):
        return f"{self.user} {self.day}"
