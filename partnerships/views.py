from collections import OrderedDict

from django.conf import settings
from django.db.models import Q
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.decorators import method_decorator
from django.utils.translation import get_language
from django.views.decorators.http import require_GET
from django.views.generic import DetailView, TemplateView

from cities.models import Organisation
from documents.files import file_response
from publishing.cache import cached_public_page
from publishing.pagination import paginate
from publishing.ratelimits import limited, over_limit, too_many_requests

from . import selectors
from .downloads import download_response
from .exports import Export
from .filters import MilestoneFilter, PartnershipFilter
from .map import city_map_html
from .models import ExportLog, Milestone

PARTNERSHIPS_PER_PAGE = 20
MILESTONES_PER_PAGE = 50


class FilteredListMixin:
    """A list fed by a FilterSet: a wrong value is shown beside its filter and answered with 400."""

    def render_filtered(self, context, filterset):
        response = self.render_to_response(context)
        if not filterset.is_valid() or context.get("page_error"):
            response.status_code = 400
        return response


@method_decorator(cached_public_page, name="dispatch")
class HomeView(TemplateView):
    template_name = "partnerships/home.html"
    # The first partnerships' cards; the list has them all.
    PARTNERSHIPS = 6

    def get_context_data(self, **kwargs):
        today = timezone.localdate()
        partnerships = list(selectors.public_partnerships().order_by("pk")[: self.PARTNERSHIPS])
        milestones = selectors.public_milestone_list()
        # The cities with a public page: the home city, then the published partnerships' cities.
        cities = list(selectors.public_cities().order_by("-is_home", "pk"))
        return super().get_context_data(
            partnerships=partnerships,
            figures=selectors.public_figures(today=today),
            next_milestone=milestones.upcoming(today=today).order_by("due_date", "pk").first(),
            map=city_map_html(cities),
            today=today,
            **kwargs,
        )


@method_decorator(cached_public_page(params=[*PartnershipFilter.base_filters, "page"]), name="dispatch")
class PartnershipListView(FilteredListMixin, TemplateView):
    template_name = "partnerships/partnership_list.html"

    def get(self, request, *args, **kwargs):
        filterset = PartnershipFilter(
            request.GET,
            queryset=selectors.public_partnerships(),
            country_codes=selectors.public_partner_countries(),
        )
        page, page_error = paginate(request, filterset.qs, per_page=PARTNERSHIPS_PER_PAGE)
        context = self.get_context_data(filter=filterset, page=page, page_error=page_error)
        return self.render_filtered(context, filterset)


@method_decorator(cached_public_page, name="dispatch")
class PartnershipDetailView(DetailView):
    template_name = "partnerships/partnership_detail.html"
    context_object_name = "partnership"

    def get_queryset(self):
        return selectors.public_partnership_detail()

    def get_context_data(self, **kwargs):
        partnership = self.object
        helix_groups = OrderedDict((helix, []) for helix in Organisation.Helix)
        for participation in partnership.participations.all():
            helix_groups[participation.organisation.helix].append(participation)
        today = timezone.localdate()
        documents = selectors.public_documents_of(partnership)
        return super().get_context_data(
            today=today,
            photo=next(iter(partnership.photos), None),
            helix_groups=[(Organisation.Helix(helix).label, items) for helix, items in helix_groups.items() if items],
            milestones=selectors.public_timeline(partnership, today=today),
            agreements=selectors.public_agreements(partnership),
            themes=list(partnership.thematic_areas.all()),
            documents=documents,
            indicators=selectors.public_indicators_of(partnership),
            **kwargs,
        )


@method_decorator(cached_public_page, name="dispatch")
class ThematicAreaView(DetailView):
    template_name = "partnerships/thematic_area.html"
    context_object_name = "area"
    slug_field = "code"
    slug_url_kwarg = "code"

    def get_queryset(self):
        return selectors.public_thematic_areas()

    def get_context_data(self, **kwargs):
        today = timezone.localdate()
        milestones = selectors.public_milestone_list().filter(thematic_area=self.object)
        return super().get_context_data(
            today=today,
            partnerships=selectors.public_partnerships().filter(thematic_areas=self.object).order_by("pk"),
            upcoming=milestones.upcoming(today=today).order_by("due_date", "pk")[:10],
            done=milestones.filter(status=Milestone.Status.DONE).order_by("-completed_on", "-pk")[:10],
            **kwargs,
        )


@method_decorator(cached_public_page(params=[*MilestoneFilter.base_filters, "page"]), name="dispatch")
class MilestoneListView(FilteredListMixin, TemplateView):
    template_name = "partnerships/milestone_list.html"
    OVERVIEW_ROWS = 10

    def get(self, request, *args, **kwargs):
        today = timezone.localdate()
        milestones = selectors.public_milestone_list()
        filterset = MilestoneFilter(request.GET, queryset=milestones, today=today)
        # The overview is the page without filters, or with nothing asked but the overview.
        asked = {name: request.GET.get(name) for name in [*MilestoneFilter.base_filters, "page"]}
        filtered = any(value for name, value in asked.items() if (name, value) != ("when", "overview"))
        context = {"filter": filterset, "today": today, "filtered": filtered}
        if filtered:
            context["page"], context["page_error"] = paginate(request, filterset.qs, per_page=MILESTONES_PER_PAGE)
        else:
            context["upcoming"] = milestones.upcoming(today=today).order_by("due_date", "pk")[: self.OVERVIEW_ROWS]
            context["overdue"] = milestones.overdue(today=today).order_by("due_date", "pk")[: self.OVERVIEW_ROWS]
            context["done"] = milestones.filter(status=Milestone.Status.DONE).order_by("-completed_on", "-pk")[
                : self.OVERVIEW_ROWS
            ]
        return self.render_filtered(self.get_context_data(**context), filterset)


@method_decorator(cached_public_page, name="dispatch")
class MilestoneDetailView(DetailView):
    """A public milestone's own page: what, for which partnership, when, and its state."""

    template_name = "partnerships/milestone_detail.html"
    context_object_name = "milestone"

    def get_queryset(self):
        return selectors.public_milestone_detail()

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            today=timezone.localdate(), documents=selectors.public_documents_of_milestone(self.object), **kwargs
        )


@require_GET
def public_document(request, pk, name):
    """A public document's file (selectors.public_documents): offered as a download with
    its name, or shown inline if a photo; anything else is a 404. Downloads count against
    the download limit; photos, which the partnership cards show, do not (a page of
    twenty cards would use up a minute's downloads) and may be kept by the browser."""
    document = get_object_or_404(selectors.public_documents(), pk=pk)
    if document.is_image:
        response = file_response(document)
        patch_cache_control(response, private=True, max_age=PHOTO_MAX_AGE)
        return response
    retry_after = over_limit(request, group="public-downloads", rate=settings.RATELIMIT_PUBLIC_DOWNLOADS)
    if retry_after is not None:
        return too_many_requests(request, retry_after)
    return file_response(document)


# How long a browser keeps a public photo: an hour, so that an unpublished one goes soon.
PHOTO_MAX_AGE = 3600


PUBLIC_FORMATS = ("csv", "json")


@require_GET
@limited("public-downloads", "RATELIMIT_PUBLIC_DOWNLOADS")
def public_download(request, report, export_format):
    """Open data: the list's published rows with the list's filters, as CSV or JSON."""
    if export_format not in PUBLIC_FORMATS:
        raise Http404
    export = Export(report, language=get_language(), fmt=export_format, data=request.GET, public=True)
    if not export.is_valid():
        lines = [
            f"{export.filterset.form.fields[name].label}: {' '.join(errors)}" for name, errors in export.errors.items()
        ]
        return HttpResponseBadRequest("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
    return download_response(export, user=None, source=ExportLog.Source.PUBLIC)


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
            partnerships=selectors.public_partnerships()
            .filter(Q(partner_city=city) | Q(home_city=city))
            .order_by("pk"),
            organisations=selectors.public_organisations().filter(city=city).order_by("helix", "pk"),
            **kwargs,
        )
