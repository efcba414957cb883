from django.core.paginator import Paginator
from django.utils.translation import gettext as _


def paginate(request, queryset, *, per_page):
    """The requested page, or the first page with an error for a page that does not exist."""
    paginator = Paginator(queryset, per_page)
    raw = request.GET.get("page", "1")
    error = ""
    try:
        number = int(raw)
        if not 1 <= number <= paginator.num_pages:
            raise ValueError
    except ValueError:
        number = 1
        error = _("There is no page “%(page)s”; showing page 1 of %(pages)s.") % {
            "page": raw[:20],
            "pages": paginator.num_pages,
        }
    return paginator.page(number), error
