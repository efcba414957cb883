from django.db.models import Q
from django.utils.decorators import method_decorator
from django.views.generic import DetailView

from iurc_portal.public_cache import cached_public_page
from partnerships import selectors


@method_decorator(cached_public_page, name="dispatch")
class CityDetailView(DetailView):
    """A city's public page: only the home city and cities of published partnerships have one."""

    template_name = "cities/city_detail.html"
    context_object_name = "city"

    def get_queryset(self):
        return selectors.public_cities()

    def get_context_data(self, **kwargs):
        city = self.object
        return super().get_context_data(
            partnerships=selectors.partnership_list(published_only=True)
            .filter(Q(partner_city=city) | Q(home_city=city))
            .order_by("pk"),
            organisations=selectors.public_organisations().filter(city=city).order_by("helix", "pk"),
            **kwargs,
        )
