"""Site-wide public views: search and robots.txt."""

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_GET
from wagtail.models import Locale, Page

from .search import add_search_hits, displayable, search_backend, words_query

RESULTS_PER_PAGE = 10


@require_GET
def search(request):
    """Full-text search over live, public pages of the reader's language, in that language."""
    query = displayable(request.GET.get("q", ""))
    words = words_query(query)
    locale = Locale.get_active()
    backend = search_backend(locale.language_code)
    results = Page.objects.none()
    if words is not None:
        pages = Page.objects.live().public().filter(locale=locale).specific()
        results = backend.search(words, pages)
    paginator = Paginator(results, RESULTS_PER_PAGE)
    try:
        page_of_results = paginator.page(request.GET.get("side", 1))
    except PageNotAnInteger:
        page_of_results = paginator.page(1)
    except EmptyPage:
        page_of_results = paginator.page(paginator.num_pages)
    # The page's results as a list: the template shows the very objects given their hits.
    page_of_results.object_list = list(page_of_results.object_list)
    if words is not None:
        add_search_hits(page_of_results.object_list, words, backend)
    return TemplateResponse(
        request,
        "search/search.html",
        {
            "search_query": query,
            "search_results": page_of_results,
            "search_language": locale.language_code,
        },
    )


@require_GET
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
