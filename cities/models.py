from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from publishing.models import Publishable, PublishableQuerySet

language_code_validator = RegexValidator(
    r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$",
    _("Enter a language code such as “ko”, “zh” or “zh-Hans”."),
)


class CityQuerySet(PublishableQuerySet):
    def home(self):
        return self.filter(is_home=True)


class City(Publishable):
    REQUIRED_IN_BOTH_LANGUAGES = ("name",)

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(
        _("slug"),
        max_length=100,
        unique=True,
        help_text=_("Latin letters, digits and hyphens, used in the city's web address."),
    )
    description = models.TextField(_("description"), blank=True)
    native_name = models.CharField(
        _("native name"),
        max_length=200,
        blank=True,
        help_text=_("The name in the city's own script, such as 서울특별시."),
    )
    native_language = models.CharField(
        _("language of the native name"),
        max_length=35,
        blank=True,
        validators=[language_code_validator],
        help_text=_("The language code of the native name, such as ko for Korean or zh for Chinese."),
    )
    country = CountryField(_("country"))
    region = models.CharField(_("region"), max_length=200, blank=True)
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    population_year = models.PositiveSmallIntegerField(
        _("population year"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1800), MaxValueValidator(2100)],
        help_text=_("The year the population figure counts."),
    )
    area_km2 = models.DecimalField(
        _("area (km²)"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=8,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
        help_text=_("Degrees north (negative for south), from -90 to 90."),
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
        help_text=_("Degrees east (negative for west), from -180 to 180."),
    )
    website = models.URLField(_("website"), blank=True)
    is_home = models.BooleanField(
        _("home city"),
        default=False,
        help_text=_("The city whose municipality keeps this portal. Exactly one city is the home city."),
    )

    objects = CityQuerySet.as_manager()

    class Meta:
        verbose_name = _("city")
        verbose_name_plural = _("cities")
        permissions = [("publish_city", _("Can publish, unpublish and archive city texts"))]
        ordering = ["-is_home", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_home"],
                condition=Q(is_home=True),
                name="city_single_home",
                violation_error_message=_(
                    "Another city is already the home city. To move the home city, use the "
                    "action “Make the selected city the home city” in the list of cities."
                ),
            ),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True) | Q(latitude__gte=-90, latitude__lte=90),
                name="city_latitude_range",
                violation_error_message=_("Latitude must be between -90 and 90."),
            ),
            models.CheckConstraint(
                condition=Q(longitude__isnull=True) | Q(longitude__gte=-180, longitude__lte=180),
                name="city_longitude_range",
                violation_error_message=_("Longitude must be between -180 and 180."),
            ),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(latitude__isnull=False, longitude__isnull=False),
                name="city_coordinates_together",
                violation_error_message=_("Give both latitude and longitude, or neither."),
            ),
            models.CheckConstraint(
                condition=Q(population__isnull=True) | Q(population_year__isnull=False),
                name="city_population_has_year",
                violation_error_message=_("Give the year the population figure counts."),
            ),
            models.CheckConstraint(
                condition=Q(area_km2__isnull=True) | Q(area_km2__gte=0),
                name="city_area_not_negative",
                violation_error_message=_("The area cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(native_name="") | ~Q(native_language=""),
                name="city_native_name_has_language",
                violation_error_message=_("Give the language code of the native name."),
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        if self.pk and not self.is_home and City.objects.filter(pk=self.pk, is_home=True).exists():
            raise ValidationError(
                {
                    "is_home": _(
                        "There must be one home city. To move it, use the action “Make the "
                        "selected city the home city” on the new home city."
                    )
                }
            )


class OrganisationQuerySet(PublishableQuerySet):
    pass


class Organisation(Publishable):
    """A participant. Published like the other content: an editor's change to a published
    organisation waits for a publisher, and a draft one is not shown to the public."""

    REQUIRED_IN_BOTH_LANGUAGES = ("name",)

    class Helix(models.TextChoices):
        PUBLIC_AUTHORITY = "public_authority", _("public authority")
        RESEARCH = "research", _("research and academia")
        BUSINESS = "business", _("business")
        CIVIL_SOCIETY = "civil_society", _("civil society")

    name = models.CharField(_("name"), max_length=300)
    city = models.ForeignKey(
        City,
        on_delete=models.PROTECT,
        related_name="organisations",
        verbose_name=_("city"),
    )
    helix = models.CharField(
        _("helix type"),
        max_length=20,
        choices=Helix,
        help_text=_("The organisation's place in the quadruple helix of cooperation."),
    )
    website = models.URLField(_("website"), blank=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        permissions = [("publish_organisation", _("Can publish, unpublish and archive organisations"))]
        ordering = ["name"]

    def __str__(self):
        return self.name


PHONE = RegexValidator(r"^\+?[0-9 ()./-]{5,40}$", _("Enter a phone number of digits, spaces and + ( ) - . /"))


class ContactPerson(models.Model):
    """Someone to reach at an organisation. Personal data: staff see it in the admin, the
    public never does (no selector, page, feed or export reads this table)."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="contacts", verbose_name=_("organisation")
    )
    name = models.CharField(_("name"), max_length=200)
    position = models.CharField(_("position"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True, validators=[PHONE])

    class Meta:
        verbose_name = _("contact person")
        verbose_name_plural = _("contact persons")
        ordering = ["organisation", "name", "pk"]

    def __str__(self):
        return self.name
